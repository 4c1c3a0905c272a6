"""The worked cases' Turtle files (kb/cases/KEY.ttl), generated from their JSON (a variant resolved).

The JSON is the source; the Turtle copy puts each case in the published KB as linked data.
Regenerate after editing a case:  python -m culpa.assess.cases
tests/test_assess.py checks that every Turtle file holds exactly the triples of its JSON.
"""
from __future__ import annotations

import sys

import pyoxigraph as ox

from ..namespaces import PREFIXES
from . import case_keys, cases_dir, load_scenario
from .scenario import CASE_NS, to_triples


def case_triples(key: str, kb, data: dict | None = None) -> list[ox.Triple]:
    return to_triples(data or load_scenario(key), kb)[1]


def case_turtle(key: str, kb) -> str:
    data = load_scenario(key)
    store = ox.Store()
    store.extend([ox.Quad(t.subject, t.predicate, t.object) for t in case_triples(key, kb, data)])
    used = {term.value for q in store for term in (q.subject, q.predicate, q.object) if isinstance(term, ox.NamedNode)}
    used |= {q.object.datatype.value for q in store if isinstance(q.object, ox.Literal)}
    prefixes = {"c": f"{CASE_NS}{key}/"}
    prefixes.update({p: ns for p, ns in sorted(PREFIXES.items()) if ns != CASE_NS and any(u.startswith(ns) for u in used)})
    body = store.dump(format=ox.RdfFormat.TURTLE, prefixes=prefixes, from_graph=ox.DefaultGraph()).decode()
    head = (f"# kb/cases/{key}.ttl - {data['label']}.\n"
            f"# Generated from kb/cases/{key}.json by `python -m culpa.assess.cases` (the JSON is the source); "
            f"assess with `culpa assess {key}`.\n")
    return head + body


def main() -> int:
    from ..store import open_store

    kb = open_store()
    for key in case_keys():
        (cases_dir() / f"{key}.ttl").write_text(case_turtle(key, kb), encoding="utf-8")
        print(f"wrote kb/cases/{key}.ttl", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
