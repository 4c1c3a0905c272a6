"""Named SPARQL queries from queries/*.rq: their headers, typed parameters and safe binding.

A query file starts with comment lines ``# key: value`` (title, description, param, columns).
``# param: NAME TYPE [optional] -- help`` declares a parameter; values are resolved to terms of
the KB (``culpa.resolve``) and bound by substitution, never pasted into the query text. An
optional parameter left open is bound to ``culpa:any``; queries test ``?p = culpa:any``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from . import paths
from .errors import CulpaError, InvalidChoice
from .namespaces import CULPA
from .resolve import TERM_TYPES, parse_date, vocabulary

ANY = ox.NamedNode(CULPA + "any")
PARAM_TYPES = set(TERM_TYPES) | {"date", "string", "iri"}
_PARAM = re.compile(r"^(?P<name>\w+)\s+(?P<type>\w+)(?P<optional>\s+optional)?\s*(?:--\s*(?P<help>.*))?$")


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    optional: bool = False
    help: str = ""


@dataclass
class NamedQuery:
    name: str
    path: Path
    title: str
    description: str
    params: list[Param]
    columns: list[str]
    text: str

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)


@dataclass
class Result:
    columns: list[str]
    rows: list[dict[str, ox.NamedNode | ox.Literal | ox.BlankNode | None]] = field(default_factory=list)


def parse_header(path: Path) -> NamedQuery:
    text = path.read_text(encoding="utf-8")
    fields: dict[str, list[str]] = {}
    last = None
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        body = line[1:].strip()
        match = re.match(r"^(title|description|param|columns):\s*(.*)$", body)
        if match:
            last = match.group(1)
            fields.setdefault(last, []).append(match.group(2))
        elif last == "description" and body:
            fields[last][-1] += " " + body
    params = []
    for spec in fields.get("param", []):
        m = _PARAM.match(spec.strip())
        if not m or m.group("type") not in PARAM_TYPES:
            raise CulpaError(f"{path.name}: bad parameter declaration {spec!r}")
        params.append(Param(m.group("name"), m.group("type"), bool(m.group("optional")), (m.group("help") or "").strip()))
    columns = [c.strip() for c in ",".join(fields.get("columns", [])).split(",") if c.strip()]
    return NamedQuery(
        name=path.stem,
        path=path,
        title=" ".join(fields.get("title", [path.stem])),
        description=" ".join(fields.get("description", [])),
        params=params,
        columns=columns,
        text=text,
    )


def catalogue(folder: Path | None = None) -> dict[str, NamedQuery]:
    """Every named query (queries/*.rq, not the rules), by name."""
    folder = folder or paths.queries_dir()
    return {q.name: q for q in (parse_header(p) for p in sorted(folder.glob("*.rq")))}


def support_query(name: str) -> NamedQuery:
    """A query the tools themselves use (queries/ui/NAME.rq): same header conventions, not listed
    among the named queries users pick from."""
    path = paths.queries_dir() / "ui" / f"{name}.rq"
    if not path.is_file():
        raise CulpaError(f"missing support query {path}")
    return _cached(path)


_CACHE: dict[Path, NamedQuery] = {}


def _cached(path: Path) -> NamedQuery:
    if path not in _CACHE:
        _CACHE[path] = parse_header(path)
    return _CACHE[path]


def run_support(kb, name: str, values: dict[str, str] | None = None) -> Result:
    return run(kb, support_query(name), values)


def construct_support(kb, name: str, values: dict[str, str] | None = None) -> list[ox.Triple]:
    """Triples of a CONSTRUCT support query, parameters bound like any other."""
    query = support_query(name)
    result = kb.query(query.text, bind(kb, query, values or {}))
    if not isinstance(result, ox.QueryTriples):
        raise CulpaError(f"{query.path.name}: not a CONSTRUCT query")
    return list(result)


def load_query(name_or_file: str) -> NamedQuery:
    """A named query by name, or a .rq file by path."""
    named = catalogue()
    if name_or_file in named:
        return named[name_or_file]
    path = Path(name_or_file)
    if path.suffix == ".rq" and path.is_file():
        return parse_header(path)
    raise InvalidChoice("query", name_or_file, sorted(named) + ["<path to a .rq file>"])


def bind(kb, query: NamedQuery, values: dict[str, str]) -> dict[ox.Variable, ox.NamedNode | ox.Literal]:
    """Check and convert user values into substitutions for ``query``."""
    unknown = sorted(set(values) - {p.name for p in query.params})
    if unknown:
        allowed = ", ".join(p.name for p in query.params) or "none"
        raise CulpaError(f"query {query.name!r} has no parameter {unknown[0]!r}; its parameters: {allowed}")
    bound: dict[ox.Variable, ox.NamedNode | ox.Literal] = {}
    for param in query.params:
        given = values.get(param.name)
        if given is None or given == "":
            if not param.optional:
                raise CulpaError(f"query {query.name!r} needs parameter {param.name!r} ({param.type}): {param.help}")
            # An open optional parameter is bound to culpa:any, which the query tests for.
            # (Leaving it unbound is not portable: engines differ on BOUND() of a substituted
            # variable, and pyoxigraph reports it unbound even when it is substituted.)
            bound[ox.Variable(param.name)] = ANY
            continue
        bound[ox.Variable(param.name)] = convert(kb, param, given)
    return bound


def convert(kb, param: Param, given: str) -> ox.NamedNode | ox.Literal:
    if param.type == "date":
        return parse_date(given, f"date for {param.name}")
    if param.type == "string":
        return ox.Literal(given)
    if param.type == "iri":
        if not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>\"{}|\\^`]*$", given):
            raise CulpaError(f"bad IRI for {param.name}: {given!r}")
        return ox.NamedNode(given)
    return kb.resolve(param.type, given)


def run(kb, query: NamedQuery, values: dict[str, str] | None = None) -> Result:
    substitutions = bind(kb, query, values or {})
    try:
        solutions = kb.query(query.text, substitutions)
    except SyntaxError as exc:
        raise CulpaError(f"{query.path.name}: query does not parse: {exc}") from None
    if not isinstance(solutions, ox.QuerySolutions):
        raise CulpaError(f"{query.name}: only SELECT queries can be run as named queries")
    # Parameters are projected only so that they can be substituted; callers want the answers.
    params = {p.name for p in query.params}
    columns = [v.value for v in solutions.variables if v.value not in params]
    rows = [{c: s[c] for c in columns} for s in solutions]
    return Result(columns, rows)


def run_named(kb, name: str, values: dict[str, str] | None = None) -> Result:
    return run(kb, load_query(name), values)
