"""culpa on an external SPARQL 1.1 store: the same ``query(sparql, substitutions)`` as the
embedded KnowledgeBase, over the SPARQL 1.1 Protocol (HTTP, standard library only).

Answers come back as pyoxigraph terms and result objects (``QuerySolutions``, ``QueryBoolean``,
``QueryTriples``), so culpa.queries, culpa.render and the web views work unchanged. The protocol
has no substitution, so parameters are bound by a VALUES block that :func:`bind_values` builds
from typed, already-resolved terms and puts at the start of the top-level WHERE clause.

The endpoint must answer over the union of all graphs by default (Virtuoso does; start
Oxigraph with ``oxigraph serve --union-default-graph``); see docs/deployment.md.
"""
from __future__ import annotations

import base64
import http.client
import json
import re
import socket
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field

import pyoxigraph as ox

from .errors import CulpaError
from .namespaces import GRAPH, PREFIXES
from .settings import StoreSettings
from .sources import source_files
from .store import KnowledgeBase


class StoreError(CulpaError):
    """The external store failed a request; the message names the endpoint (CLI exit 2)."""

    http_status = 502


class StoreUnavailable(StoreError):
    """The store did not answer (down, unreachable, too slow, 502/503/504): HTTP 503 in the web UI."""

    http_status = 503


class StoreRejected(StoreError):
    """The store refused or failed a request (4xx, 500), e.g. a query it cannot evaluate; the
    message is its own. HTTP 502 in the web UI."""


# ------------------------------------------------------------------ binding parameters as VALUES

_IRI = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
_STRING = re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
                     r'|"(?:[^"\\\n\r]|\\.)*"|\'(?:[^\'\\\n\r]|\\.)*\'', re.S)
_WORD = re.compile(r"[A-Za-z_][A-Za-z_0-9-]*")
_FORMS = {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}


def _tokens(sparql: str) -> list[tuple[str, int]]:
    """Braces and keywords outside comments, strings and IRIs, with their offsets."""
    found, i, n = [], 0, len(sparql)
    while i < n:
        c = sparql[i]
        if c == "#":
            j = sparql.find("\n", i)
            i = n if j < 0 else j
        elif c in "\"'":
            m = _STRING.match(sparql, i)
            if not m:
                raise CulpaError("query has an unterminated string")
            i = m.end()
        elif c == "<":
            m = _IRI.match(sparql, i)
            i = m.end() if m else i + 1
        elif c in "{}":
            found.append((c, i))
            i += 1
        elif c in "?$" or c == ":":
            m = _WORD.match(sparql, i + 1)
            i = m.end() if m else i + 1
        elif c.isalpha() or c == "_":
            m = _WORD.match(sparql, i)
            word = m.group()
            if not sparql.startswith(":", m.end()):  # not a prefixed name
                found.append((word.upper(), i))
            i = m.end()
        else:
            i += 1
    return found


def query_form(sparql: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE."""
    return next((t for t, _ in _tokens(sparql) if t in _FORMS), "SELECT")


def _matching(tokens, start: int) -> int:
    depth = 0
    for k in range(start, len(tokens)):
        if tokens[k][0] == "{":
            depth += 1
        elif tokens[k][0] == "}":
            depth -= 1
            if depth == 0:
                return k
    raise CulpaError("query has unbalanced braces")


def bind_values(sparql: str, substitutions: dict | None) -> str:
    """``sparql`` with ``substitutions`` (Variable -> NamedNode or Literal) bound by a VALUES
    block at the start of the top-level WHERE clause; the query itself is otherwise unchanged.

    Only typed terms are written, in their N-Triples form (which escapes quotes, backslashes and
    line breaks), so no user text can change the query:

    >>> print(bind_values("SELECT ?x WHERE { ?x ?p ?y }", {ox.Variable("y"): ox.Literal('a" } #')}))
    SELECT ?x WHERE { VALUES (?y) { ("a\\" } #") } ?x ?p ?y }
    """
    if not substitutions:
        return sparql
    names, row = [], []
    for var, term in substitutions.items():
        if not isinstance(var, ox.Variable):
            raise CulpaError(f"parameter {var!r} is not a variable")
        if not isinstance(term, (ox.NamedNode, ox.Literal)):
            raise CulpaError(f"parameter {var.value} must be an IRI or a literal, not {type(term).__name__}")
        names.append(str(var))
        row.append(str(term))
    block = f" VALUES ({' '.join(names)}) {{ ({' '.join(row)}) }}"
    tokens = _tokens(sparql)
    form = next((t for t, _ in tokens if t in _FORMS), None)
    first = next((k for k, t in enumerate(tokens) if t[0] == "{"), None)
    if first is None:
        raise CulpaError("cannot bind parameters: the query has no WHERE clause")
    if form == "CONSTRUCT":
        if first > 0 and tokens[first - 1][0] == "WHERE":
            raise CulpaError("cannot bind parameters in a CONSTRUCT WHERE short form; write the template out")
        first = next((k for k in range(_matching(tokens, first) + 1, len(tokens)) if tokens[k][0] == "{"), None)
        if first is None:
            raise CulpaError("cannot bind parameters: the CONSTRUCT query has no WHERE clause")
    at = tokens[first][1] + 1
    if first + 1 < len(tokens) and tokens[first + 1][0] == "SELECT":  # WHERE { SELECT ... }: wrap it
        end = tokens[_matching(tokens, first)][1]
        return sparql[:at] + block + " {" + sparql[at:end] + "} " + sparql[end:]
    return sparql[:at] + block + sparql[at:]


def with_prefixes(sparql: str) -> str:
    """Declare culpa's prefixes that the query uses but does not declare itself."""
    declared = {m.group(1) for m in re.finditer(r"(?i)\bPREFIX\s+([\w.-]*):", sparql)}
    lines = [f"PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items()
             if p not in declared and re.search(rf"(?<![\w.-]){re.escape(p)}:", sparql)]
    return "\n".join(lines + [sparql]) if lines else sparql


# ------------------------------------------------------------------ HTTP

class Http:
    """One endpoint's requests: timeouts, credentials, and errors that name the endpoint."""

    def __init__(self, settings: StoreSettings):
        self.settings = settings
        handlers = []
        if settings.user:
            manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            for url in filter(None, (settings.endpoint, settings.gsp, settings.update)):
                manager.add_password(None, url, settings.user, settings.password or "")
            handlers += [urllib.request.HTTPDigestAuthHandler(manager)]
        self._opener = urllib.request.build_opener(*handlers)

    def request(self, method: str, url: str, *, data: bytes | None = None, headers: dict | None = None) -> tuple[str, bytes]:
        """(content type, body); StoreUnavailable / StoreRejected on failure."""
        headers = dict(headers or {})
        if self.settings.user and method != "GET":  # digest needs a challenge; basic saves a round trip
            token = base64.b64encode(f"{self.settings.user}:{self.settings.password or ''}".encode()).decode()
            headers.setdefault("Authorization", f"Basic {token}")
        req = urllib.request.Request(url, data=data, method=method, headers=headers)
        where = url.split("?", 1)[0]
        try:
            with self._opener.open(req, timeout=self.settings.timeout) as response:
                _refuse_partial(response.headers, where)
                return response.headers.get("Content-Type", ""), response.read()
        except urllib.error.HTTPError as exc:
            detail = _detail(exc)
            if exc.code == 401 and "Authorization" in headers:  # basic refused: let digest answer the challenge
                headers.pop("Authorization")
                return self._retry_digest(method, url, data, headers, where)
            if exc.code in (502, 503, 504):
                raise StoreUnavailable(f"the SPARQL store at {where} failed ({exc.code}): {detail}") from None
            raise StoreRejected(f"the SPARQL store at {where} refused the request ({exc.code}): {detail}") from None
        except (TimeoutError, socket.timeout):
            raise StoreUnavailable(f"the SPARQL store at {where} did not answer within {self.settings.timeout:g} s") from None
        except (urllib.error.URLError, http.client.HTTPException, ConnectionError, OSError) as exc:
            reason = getattr(exc, "reason", None) or exc
            raise StoreUnavailable(f"the SPARQL store at {where} is not reachable: {reason}") from None

    def _retry_digest(self, method, url, data, headers, where):
        req = urllib.request.Request(url, data=data, method=method, headers=headers)
        try:
            with self._opener.open(req, timeout=self.settings.timeout) as response:
                _refuse_partial(response.headers, where)
                return response.headers.get("Content-Type", ""), response.read()
        except urllib.error.HTTPError as exc:
            raise StoreRejected(f"the SPARQL store at {where} refused the request ({exc.code}): {_detail(exc)}") from None
        except (urllib.error.URLError, http.client.HTTPException, OSError) as exc:
            raise StoreUnavailable(f"the SPARQL store at {where} is not reachable: {exc}") from None


def _refuse_partial(headers, where: str) -> None:
    """Never a silent partial answer. Virtuoso answers 200 with a cut result in two cases, and
    says so only in headers (measured on 7.2.5): a query stopped at its time limit ("anytime
    query": ``X-SQL-State: S1TAT``, ``X-SQL-Message: RC...: Returning incomplete results, query
    interrupted by result timeout``) and a result cut at ``[SPARQL] ResultSetMaxRows``
    (``X-SPARQL-MaxRows: N``)."""
    state, rows = headers.get("X-SQL-State"), headers.get("X-SPARQL-MaxRows")
    if state:
        message = " ".join((headers.get("X-SQL-Message") or "").split())[:200]
        raise StoreUnavailable(f"the SPARQL store at {where} returned an incomplete answer ({state}: {message}); "
                               "culpa does not use partial answers: raise the store's time limit "
                               "(Virtuoso: [SPARQL] MaxQueryExecutionTime) or try again")
    if rows:
        raise StoreRejected(f"the SPARQL store at {where} cut the answer at {rows} rows; culpa does not use "
                            "partial answers: raise the store's row limit (Virtuoso: [SPARQL] ResultSetMaxRows)")


def _detail(exc: urllib.error.HTTPError) -> str:
    try:
        text = exc.read().decode("utf-8", "replace")
    except Exception:  # noqa: BLE001 - the status line is enough then
        text = ""
    text = " ".join(text.split())
    return (text[:400] + " ...") if len(text) > 400 else (text or exc.reason)


# ------------------------------------------------------------------ the knowledge base

@dataclass
class RemoteKnowledgeBase(KnowledgeBase):
    """A KnowledgeBase whose store is a SPARQL endpoint (read-only)."""

    settings: StoreSettings = field(default_factory=StoreSettings)

    @classmethod
    def open(cls, settings: StoreSettings) -> "RemoteKnowledgeBase":
        """Nothing is contacted until the first query, so a server can start before its store."""
        kb = cls(store=None, sources=source_files(), _inferred=None, settings=settings)  # type: ignore[arg-type]
        kb.http = Http(settings)
        kb.store = RemoteDataset(kb)  # type: ignore[assignment]
        return kb

    @property
    def endpoint(self) -> str:
        return self.settings.endpoint or ""

    def query(self, sparql: str, substitutions: dict | None = None, **_ignored):
        text = with_prefixes(bind_values(sparql, substitutions))
        form = query_form(text)
        accept = ("text/turtle, application/n-triples;q=0.9" if form in ("CONSTRUCT", "DESCRIBE")
                  else "application/sparql-results+json")
        body = urllib.parse.urlencode({"query": text}).encode()
        ctype, data = self.http.request("POST", self.endpoint, data=body, headers={
            "Content-Type": "application/x-www-form-urlencoded", "Accept": accept})
        try:
            if form in ("CONSTRUCT", "DESCRIBE"):
                return _as_query_triples(data, ctype)
            return ox.parse_query_results(_standard_json(data), ox.QueryResultsFormat.JSON)
        except (SyntaxError, ValueError) as exc:
            raise StoreUnavailable(f"the SPARQL store at {self.endpoint} sent an answer culpa cannot read "
                                   f"({ctype or 'no content type'}): {exc}") from None

    def ping(self) -> None:
        """Raise StoreUnavailable unless the endpoint answers a trivial query."""
        bool(self.query("ASK { }"))


_DURATION = "http://www.w3.org/2001/XMLSchema#duration"


def _standard_json(data: bytes) -> bytes:
    """Undo two Virtuoso quirks: typed literals as ``"type": "typed-literal"`` (a pre-standard
    draft), and xsd:duration values stored and returned as a number of seconds (the lexical form
    is lost on load; we give back the canonical day-time form, which is what the embedded store
    returns for every duration counted in days, hours or minutes; see docs/deployment.md)."""
    if b"typed-literal" not in data and _DURATION.encode() not in data:
        return data
    doc = json.loads(data)
    for row in doc.get("results", {}).get("bindings", []):
        for value in row.values():
            if value.get("type") == "typed-literal":
                value["type"] = "literal"
            if value.get("datatype") == _DURATION:
                value["value"] = _seconds_to_duration(value["value"])
    return json.dumps(doc).encode()


def _seconds_to_duration(text: str) -> str:
    """Virtuoso's number back to a canonical duration: an integer counts months (year-month
    durations), a float counts seconds (day-time durations)."""
    if re.fullmatch(r"-?\d+", text):
        months = int(text)
        years, months = divmod(abs(months), 12)
        body = (f"{years}Y" if years else "") + (f"{months}M" if months or not years else "")
        return ("-" if text.startswith("-") else "") + "P" + body
    try:
        seconds = float(text)
    except ValueError:
        return text  # already a lexical duration
    sign, seconds = ("-" if seconds < 0 else ""), abs(seconds)
    days, rest = divmod(round(seconds, 3), 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    time = "".join(f"{int(v)}{u}" for v, u in ((hours, "H"), (minutes, "M")) if v)
    if secs:
        time += f"{secs:g}S"
    out = sign + "P" + (f"{int(days)}D" if days else "") + ("T" + time if time else "")
    return out if out.rstrip("-") != "P" else "PT0S"


def _as_query_triples(data: bytes, ctype: str):
    """Triples as the same QueryTriples object the embedded engine returns."""
    fmt = ox.RdfFormat.N_TRIPLES if "n-triples" in ctype or ctype.startswith("text/plain") else ox.RdfFormat.TURTLE
    holder = ox.Store()
    holder.load(data, format=fmt)
    return holder.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")


class RemoteDataset:
    """The few read operations of ``ox.Store`` that culpa uses (counts, graphs, quads), answered by
    SPARQL; only culpa's own graphs (https://w3id.org/culpa/graph/...) are seen."""

    def __init__(self, kb: RemoteKnowledgeBase):
        self._kb = kb

    def quads_for_pattern(self, subject=None, predicate=None, object=None, graph_name=None):  # noqa: A002
        bound = {ox.Variable(n): t for n, t in zip("spog", (subject, predicate, object, graph_name)) if t is not None}
        rows = self._kb.query("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } "
                              f"FILTER(STRSTARTS(STR(?g), \"{GRAPH}\")) }}", bound)
        for row in rows:
            yield ox.Quad(*(bound.get(ox.Variable(n)) or row[n] for n in "spog"))

    def __iter__(self):
        return self.quads_for_pattern()

    def __len__(self) -> int:
        rows = list(self._kb.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
                                   f"FILTER(STRSTARTS(STR(?g), \"{GRAPH}\")) }}"))
        return int(rows[0]["n"].value)

    def named_graphs(self):
        return iter(graph_counts(self._kb))


def graph_counts(kb) -> dict[ox.NamedNode, int]:
    """Triples per culpa graph (https://w3id.org/culpa/graph/...) in the KB's store."""
    rows = kb.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
                    f"FILTER(STRSTARTS(STR(?g), \"{GRAPH}\")) }} GROUP BY ?g")
    return {row["g"]: int(row["n"].value) for row in rows}


def open_kb(settings: StoreSettings | None = None, *, snapshot: bool = False) -> KnowledgeBase:
    """The KB the settings point at: a RemoteKnowledgeBase, or the embedded store (default)."""
    from .settings import store_settings
    from .store import open_store

    settings = settings or store_settings()
    if settings.remote:
        return RemoteKnowledgeBase.open(settings)
    return open_store(snapshot=snapshot)
