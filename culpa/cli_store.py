"""The command line's store options (`--store`, `--gsp`, `--update` on every command) and `culpa push`."""
from __future__ import annotations

import sys

from .errors import CulpaError

STORE_HELP = ("SPARQL 1.1 query URL of an external store to answer from, or 'embedded' (default: "
              "$CULPA_STORE, else [store] endpoint in culpa.toml, else the embedded store)")
GSP_HELP = "Graph Store Protocol URL of that store (for culpa push; default: $CULPA_GSP or [store] gsp)"
UPDATE_HELP = ("SPARQL 1.1 Update URL of that store: culpa push then loads each graph into a staging graph, "
               "checks it and swaps it in with one update (default: $CULPA_UPDATE or [store] update)")


def add_store_options(sub) -> None:
    """Add `culpa push`, then --store, --gsp and --update to every subcommand (including ones added later
    in _parser, as long as this runs last)."""
    push = sub.add_parser("push", help="load the validated KB into an external SPARQL store (Graph Store Protocol PUT per graph)")
    push.add_argument("--endpoint", help="the store's SPARQL query URL (default: the --store setting)")
    push.add_argument("--check", action="store_true",
                      help="only compare triples per graph between the local build and the store (exit 1 on a difference)")
    push.add_argument("--no-validate", action="store_true", help="skip the SHACL check before loading")
    for parser in sub.choices.values():
        parser.add_argument("--store", metavar="URL", help=STORE_HELP)
        parser.add_argument("--gsp", metavar="URL", help=GSP_HELP)
        parser.add_argument("--update", metavar="URL", help=UPDATE_HELP)


def apply_store_options(args) -> None:
    from .settings import override

    override(store=getattr(args, "endpoint", None) or getattr(args, "store", None), gsp=getattr(args, "gsp", None),
             update=getattr(args, "update", None))


def remote_kb():
    """The RemoteKnowledgeBase when a store is configured, else None."""
    from .settings import store_settings

    settings = store_settings()
    if not settings.remote:
        return None
    from .remote import RemoteKnowledgeBase

    return RemoteKnowledgeBase.open(settings)


def cmd_push(args) -> int:
    from .push import build_validated, compare, push
    from .settings import store_settings
    from .store import open_store

    settings = store_settings()
    if not settings.remote:
        raise CulpaError("culpa push needs a store: --endpoint QUERY_URL --gsp GSP_URL (or CULPA_STORE and CULPA_GSP)")
    kb = open_store()  # always the local build: the sources are the truth
    if args.check:
        problems = compare(kb, settings)
        for line in problems:
            print(line)
        if problems:
            print(f"{len(problems)} graph(s) differ between this build and {settings.endpoint}", file=sys.stderr)
            return 1
        print(f"in step: every graph has the same number of triples here and on {settings.endpoint}")
        return 0
    if not args.no_validate:
        build_validated(kb)
    report = push(kb, settings, progress=lambda line: print(line, flush=True))
    for line in report.lines()[len(report.loaded):]:
        print(line)
    problems = compare(kb, settings)
    if problems:
        for line in problems:
            print(line, file=sys.stderr)
        raise CulpaError(f"after the push, {len(problems)} graph(s) differ on {settings.endpoint}", exit_code=1)
    return 0
