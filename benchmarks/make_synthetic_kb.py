"""Write a synthetic KB shaped like culpa's, as N-Quads, for store benchmarks.

    .venv/bin/python benchmarks/make_synthetic_kb.py --triples 1000000 --out /tmp/synthetic.nq

The shared vocabulary (ontology, jurisdictions, generic roles, topics, threats, liability
theories) is written once; every instrument file's graph (instruments, provisions, norms,
instrument-specific roles, schedules with their history, penalties, mappings) is copied as
often as needed (the shipped one first, as it is), each copy with its own IRIs (suffix ``-sN``) in its own named graph, and with
its instrument's jurisdiction moved to one of many synthetic sub-jurisdictions (each within the
original one, so "a member state sees EU law" still holds). The derivation rules are not run
here: load the quads and run culpa.build.derive (bench_stores.py does), as `culpa` does.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pyoxigraph as ox

from culpa.namespaces import CULPA, ID
from culpa.store import open_store

SHARED = ("ontology/", "kb/jurisdictions", "kb/roles", "kb/topics", "kb/threats", "kb/liability")
JURISDICTIONS_PER_COPY = 7


def synthetic_quads(target: int):
    kb = open_store(derive_rules=False)
    shared_graphs = [s.graph for s in kb.sources if s.relative.startswith(SHARED)]
    copied_graphs = [s.graph for s in kb.sources if s.graph not in shared_graphs]
    shared = [q for g in shared_graphs for q in kb.store.quads_for_pattern(None, None, None, g)]
    copied = [q for g in copied_graphs for q in kb.store.quads_for_pattern(None, None, None, g)]
    # IRIs defined (as subjects) in the copied files are renamed per copy; the rest is shared
    local = {q.subject.value for q in copied if isinstance(q.subject, ox.NamedNode)}
    local -= {q.subject.value for q in shared if isinstance(q.subject, ox.NamedNode)}
    yield from shared
    yield from copied  # the shipped instruments themselves, then copies
    written = len(shared) + len(copied)
    within = ox.NamedNode(CULPA + "withinJurisdiction")
    jur_pred = ox.NamedNode(CULPA + "jurisdiction")
    jur_class = ox.NamedNode(CULPA + "Jurisdiction")
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    notation = ox.NamedNode("http://www.w3.org/2004/02/skos/core#notation")
    label = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
    n = 0
    while written < target:
        n += 1
        suffix = f"-s{n}"
        sub_graph = ox.NamedNode(f"https://w3id.org/culpa/graph/synthetic/jurisdictions{suffix}")

        def rename(term):
            if isinstance(term, ox.NamedNode) and term.value in local:
                return ox.NamedNode(term.value + suffix)
            if isinstance(term, ox.BlankNode):
                return ox.BlankNode(term.value + suffix.replace("-", "_"))
            return term

        subs: dict[str, ox.NamedNode] = {}
        for quad in copied:
            obj = rename(quad.object)
            if quad.predicate == jur_pred and isinstance(obj, ox.NamedNode):
                key = f"{obj.value}|{len(subs) % JURISDICTIONS_PER_COPY}"
                if key not in subs:
                    sub = ox.NamedNode(f"{ID}jurisdiction/synthetic-{len(subs)}{suffix}")
                    subs[key] = sub
                    for triple in ((sub, rdf_type, jur_class), (sub, within, obj),
                                   (sub, notation, ox.Literal(f"X{len(subs)}{suffix}")),
                                   (sub, label, ox.Literal(f"synthetic jurisdiction {len(subs)}{suffix}"))):
                        yield ox.Quad(*triple, sub_graph)
                        written += 1
                obj = subs[key]
            yield ox.Quad(rename(quad.subject), quad.predicate, obj, ox.NamedNode(quad.graph_name.value + suffix))
            written += 1
            if written >= target:
                return


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, default=1_000_000, help="at least this many quads (default 1,000,000)")
    parser.add_argument("--out", type=Path, required=True, help="N-Quads file to write")
    args = parser.parse_args(argv)
    quads = list(synthetic_quads(args.triples))
    args.out.write_bytes(ox.serialize(quads, format=ox.RdfFormat.N_QUADS))
    print(f"wrote {len(quads)} quads to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
