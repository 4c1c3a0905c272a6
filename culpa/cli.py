"""The `culpa` command line. Every error is a one-line message and exit code 2; never a traceback."""
from __future__ import annotations

import argparse
import os
import datetime as dt
import sys
from pathlib import Path

from . import __version__
from .errors import CulpaError
from .render import TABULAR_FORMATS, render

DUTIES_TABLE_COLUMNS = ["article", "label", "applicableFrom", "timeLimit", "reportTo", "instrument"]
NOT_ADVICE = "culpa lists duties as modelled from the legal texts; it is not legal advice."


class _Parser(argparse.ArgumentParser):
    """argparse that reports errors through CulpaError (exit 2, one clear line)."""

    def error(self, message: str):  # noqa: D401
        raise CulpaError(f"{message} (see `{self.prog} --help`)")


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="culpa", description="Duties, liability and incident reasoning for AI systems that fail through cyberattacks.")
    p.add_argument("--version", action="version", version=f"culpa {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    d = sub.add_parser("duties", help="duties binding a role in a jurisdiction as of a date")
    d.add_argument("--role", required=True, help="role key, label or IRI, e.g. deployer, provider, importer")
    d.add_argument("--jurisdiction", required=True, help="ISO code or IRI, e.g. EU, DE, US-CO")
    d.add_argument("--as-of", default=dt.date.today().isoformat(), help="YYYY-MM-DD (default: today)")
    d.add_argument("--topic", help="only duties on this topic, e.g. cybersecurity, incident-reporting")
    d.add_argument("--act", help="only duties of this instrument, e.g. \"AI Act\", NIS2 or an ELI")
    d.add_argument("--format", default="table", help="table, csv, json or tsv")

    q = sub.add_parser("query", help="run a named query (see `culpa queries`) or a .rq file")
    q.add_argument("name", metavar="NAME_OR_FILE")
    q.add_argument("--param", action="append", default=[], metavar="KEY=VALUE", help="parameter value; repeat for several")
    q.add_argument("--format", default="table", help="table, csv, json or tsv")

    sub.add_parser("queries", help="list the named queries and their parameters")

    v = sub.add_parser("validate", help="check the KB against the SHACL shapes (exit 0 ok, 1 violations, 2 error)")
    v.add_argument("--kb-root", type=Path, help="folder holding ontology/ and kb/ (default: the shipped data)")

    e = sub.add_parser("export", help="write the whole KB (all named graphs) in an RDF format")
    e.add_argument("--format", default="trig", help="ttl, trig, nq, nt, jsonld or xml")
    e.add_argument("--out", type=Path, help="output file (default: standard output)")
    e.add_argument("--ontology-only", action="store_true", help="only ontology/ (e.g. RDF/XML for Protege)")

    sub.add_parser("info", help="triples, graphs and norms per instrument")

    c = sub.add_parser("coverage", help="the jurisdiction x instrument coverage matrix (Markdown)")
    c.add_argument("--out", type=Path, help="write it to a file (docs/coverage.md is generated this way)")

    f = sub.add_parser("diff", help="norms added, removed or changed between two git revisions or exports")
    f.add_argument("old", metavar="OLD", help="git revision (e.g. HEAD~1) or export file (.trig, .nq, .ttl, ...)")
    f.add_argument("new", metavar="NEW", nargs="?", default="HEAD", help="the same (default HEAD)")

    s = sub.add_parser("serve", help="serve the web UI, SPARQL endpoint and JSON API (gunicorn)")
    s.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    s.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    s.add_argument("--workers", type=int, default=2, help="worker processes (default 2)")
    s.add_argument("--deadline", type=float, default=10.0, help="seconds a SPARQL query may run (default 10)")

    a = sub.add_parser("assess", help="assess an incident scenario: who is exposed, under which theory, and why")
    a.add_argument("scenario", metavar="SCENARIO", help="a .json or .ttl scenario file, or a case key such as optimind")
    a.add_argument("--as-of", help="apply the law as of this date (default: the incident date)")
    a.add_argument("--format", default="text", help="text, json or ttl")
    a.add_argument("--reasoner", default="rules", help="role classification: rules (SPARQL, default) or owl "
                   "(adds the roles HermiT infers from the same qualifications; needs Java)")

    r = sub.add_parser("reason", help="run the OWL reasoner (HermiT) over ontology + KB: consistency and classification")
    r.add_argument("--kb-root", type=Path, help="folder holding ontology/ and kb/ (default: the shipped data)")

    from .cli_store import add_store_options

    add_store_options(sub)  # keep last: `culpa push`, and --store/--gsp on every command
    return p


def _open(root: Path | None = None, *, snapshot: bool = True):
    """The KB for a one-shot command: from the on-disk snapshot when it matches the sources."""
    from .store import open_store

    if root is not None and not (root / "kb").is_dir():
        raise CulpaError(f"--kb-root {root}: no kb/ folder there")
    if root is None and snapshot:  # an external store (--store, CULPA_STORE, culpa.toml) answers instead
        from .cli_store import remote_kb

        remote = remote_kb()
        if remote is not None:
            return remote
    return open_store(root, snapshot=snapshot and root is None)


def cmd_duties(args) -> int:
    from .queries import run_named

    fmt = _tabular(args.format)
    kb = _open()
    values = {"role": args.role, "jurisdiction": args.jurisdiction, "asOf": args.as_of}
    if args.topic:
        values["topic"] = args.topic
    if args.act:
        values["act"] = args.act
    result = run_named(kb, "duties", values)
    if not result.rows:
        _explain_empty(kb, values)
    if fmt == "table":
        role = kb.vocabulary("role").resolve(args.role)
        jur = kb.vocabulary("jurisdiction").resolve(args.jurisdiction)
        from .namespaces import compact

        print(f"Duties of {compact(role.value)} in {compact(jur.value)} (and enclosing jurisdictions) as of {args.as_of}"
              + (f", topic {args.topic}" if args.topic else ""))
        sys.stdout.write(render(result, fmt, columns=DUTIES_TABLE_COLUMNS))
        print(NOT_ADVICE)
    else:
        sys.stdout.write(render(result, fmt))
    return 0


def _explain_empty(kb, values: dict[str, str]) -> None:
    """No duties on that date is an answer, not silence: say so, and what comes later."""
    from .queries import run_named

    later = run_named(kb, "upcoming-duties", {k: values[k] for k in ("role", "jurisdiction", "asOf")})
    msg = f"no duties of {values['role']} in {values['jurisdiction']} apply on {values['asOf']}"
    if values.get("topic"):
        msg += f" (without the topic filter {values['topic']!r}: see below)"
    if later.rows:
        first = min(r["applicableFrom"].value for r in later.rows)
        msg += f"; {len(later.rows)} are due later, the first from {first} (culpa query upcoming-duties --param role={values['role']} --param jurisdiction={values['jurisdiction']} --param asOf={values['asOf']})"
    else:
        msg += "; none are modelled for a later date either"
    print(f"culpa: {msg}", file=sys.stderr)


def cmd_query(args) -> int:
    from .queries import load_query, run

    fmt = _tabular(args.format)
    values = {}
    for item in args.param:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise CulpaError(f"bad --param {item!r}: use KEY=VALUE")
        values[key.strip()] = value
    query = load_query(args.name)
    sys.stdout.write(render(run(_open(), query, values), fmt))
    return 0


def cmd_queries(args) -> int:
    from .queries import catalogue

    for q in catalogue().values():
        params = " ".join(f"[{p.name}={p.type}]" if p.optional else f"{p.name}={p.type}" for p in q.params)
        print(f"{q.name:28} {q.title}")
        if params:
            print(f"{'':28} params: {params}")
    return 0


def cmd_validate(args) -> int:
    from .validate import check

    kb = _open(args.kb_root, snapshot=False)  # validation always parses the sources themselves
    violations = check(kb, args.kb_root)
    for v in violations:
        print(v)
    if violations:
        print(f"{len(violations)} violation(s)", file=sys.stderr)
        return 1
    print(f"conforms: {len(kb.sources)} files, {len(kb.store)} quads")
    return 0


def cmd_export(args) -> int:
    from .export import export

    export(_open(), args.format, args.out, ontology_only=args.ontology_only)
    return 0


def cmd_info(args) -> int:
    from .info import info_lines

    for line in info_lines(_open()):
        print(line)
    return 0


def cmd_reason(args) -> int:
    from .reasoner import reason

    report = reason(_open(args.kb_root, snapshot=False))
    for line in report.lines():
        print(line)
    return 0 if report.consistent else 1


def cmd_coverage(args) -> int:
    from .coverage import coverage_markdown

    text = coverage_markdown(_open())
    if args.out:
        try:
            args.out.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise CulpaError(f"cannot write {args.out}: {exc.strerror or exc}") from None
    else:
        sys.stdout.write(text)
    return 0


def cmd_diff(args) -> int:
    from .diff import compare, label, load_version

    result = compare(load_version(args.old), load_version(args.new))
    for norm in result.added:
        print(f"+ {label(norm)}")
    for norm in result.removed:
        print(f"- {label(norm)}")
    for norm, (lost, gained) in result.changed.items():
        print(f"~ {label(norm)}")
        for predicate, value in sorted(lost):
            print(f"    - {label(predicate)} {value}")
        for predicate, value in sorted(gained):
            print(f"    + {label(predicate)} {value}")
    print(f"{len(result.added)} added, {len(result.removed)} removed, {len(result.changed)} changed", file=sys.stderr)
    return 0


def cmd_serve(args) -> int:
    from .serve import serve

    serve(args.host, args.port, args.workers, deadline=args.deadline)
    return 0


def cmd_assess(args) -> int:
    import json

    from .assess import assess, load_scenario
    from .assess.report import build, text, turtle
    from .errors import InvalidChoice
    from .store import open_store

    if args.format not in ("text", "json", "ttl"):
        raise InvalidChoice("format", args.format, ["text", "json", "ttl"])
    if args.reasoner not in ("rules", "owl"):
        raise InvalidChoice("reasoner", args.reasoner, ["rules", "owl"])
    data = load_scenario(args.scenario)
    # a private in-memory KB, built for this one run and dropped: the assessment writes into it only
    result = assess(open_store(), data, as_of=args.as_of, private=True, reasoner=args.reasoner)
    if args.format == "ttl":
        sys.stdout.write(turtle(result))
    elif args.format == "json":
        print(json.dumps(build(result), indent=2, ensure_ascii=False))
    else:
        sys.stdout.write(text(build(result)))
    return 0


def _tabular(fmt: str) -> str:
    if fmt not in TABULAR_FORMATS:
        from .errors import InvalidChoice

        raise InvalidChoice("format", fmt, list(TABULAR_FORMATS))
    return fmt


COMMANDS = {
    "duties": cmd_duties, "query": cmd_query, "queries": cmd_queries, "validate": cmd_validate,
    "export": cmd_export, "info": cmd_info, "reason": cmd_reason, "serve": cmd_serve,
    "coverage": cmd_coverage, "diff": cmd_diff, "assess": cmd_assess,
}


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
        if not args.command:
            parser.print_help()
            return 2
        from .cli_store import apply_store_options, cmd_push

        apply_store_options(args)
        return {**COMMANDS, "push": cmd_push}[args.command](args)
    except CulpaError as exc:
        print(f"culpa: error: {exc.message}", file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:
        return 0
    except Exception as exc:  # a bug in culpa: still one clear line, details on request
        if os.environ.get("CULPA_DEBUG"):
            raise
        print(f"culpa: internal error: {type(exc).__name__}: {exc} (set CULPA_DEBUG=1 for details; please report it)", file=sys.stderr)
        return 3
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
