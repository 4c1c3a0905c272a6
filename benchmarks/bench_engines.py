"""Embedded engine benchmark: rdflib's default in-memory store vs pyoxigraph (culpa's engine),
side by side in one run, on the shipped KB and the competency queries.

    .venv/bin/python benchmarks/bench_engines.py [--repeat 30]

Prints a Markdown table of medians and ratios (rdflib / pyoxigraph); benchmarks/README.md
records a run. Both engines answer from the same quads (sources + derived graph), with the
same parameters bound (rdflib: initBindings; pyoxigraph: substitutions), and the script
checks that they return the same number of rows before timing anything.
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import time
from pathlib import Path

import pyoxigraph as ox
import rdflib
from rdflib.plugins.sparql import prepareQuery

from culpa.namespaces import PREFIXES
from culpa.queries import bind, catalogue
from culpa.sources import source_files
from culpa.store import open_store

REPO = Path(__file__).resolve().parent.parent

CASES = [
    ("duties", {"role": "deployer", "jurisdiction": "EU", "asOf": "2026-11-26"}),
    ("duties", {"role": "provider", "jurisdiction": "DE", "asOf": "2028-09-01", "topic": "cybersecurity"}),
    ("role-jurisdiction-matrix", {}),
    ("duties-by-threat", {"threat": "confidentiality-attack"}),
    ("reporting-deadlines", {"jurisdiction": "EU"}),
    ("norm-details", {"norm": "obl:eu-aiact-art-26-5-inform-of-serious-incident"}),
    ("role-changes", {"role": "provider", "jurisdiction": "EU", "from": "2025-01-01", "to": "2028-12-31"}),
    ("upcoming-duties", {"role": "distributor", "jurisdiction": "EU", "asOf": "2026-11-26"}),
]


def median_ms(fn, repeat: int) -> float:
    fn()  # warm-up
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def to_rdflib_term(term):
    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value) if term.datatype else None)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()

    kb = open_store()
    nquads = kb.store.dump(format=ox.RdfFormat.N_QUADS)
    files = source_files()

    def load_oxigraph():
        store = ox.Store()
        for f in files:
            store.bulk_load(path=str(f.path), format=ox.RdfFormat.TURTLE, to_graph=f.graph)

    def load_rdflib():
        ds = rdflib.Dataset()
        for f in files:
            ds.graph(rdflib.URIRef(f.graph.value)).parse(f.path, format="turtle")

    rd = rdflib.Dataset(default_union=True)
    rd.parse(data=nquads, format="nquads")
    namespaces = {k: rdflib.Namespace(v) for k, v in PREFIXES.items()}
    queries = catalogue()

    rows = []
    load_ox = median_ms(load_oxigraph, max(3, args.repeat // 5))
    load_rd = median_ms(load_rdflib, max(3, args.repeat // 5))
    rows.append(("load ontology + kb (parse Turtle)", load_rd, load_ox))

    for name, values in CASES:
        q = queries[name]
        label = name + (" (" + ", ".join(f"{k}={v}" for k, v in values.items()) + ")" if values else "")
        subs = bind(kb, q, values)
        init = {rdflib.Variable(v.value): to_rdflib_term(t) for v, t in subs.items()}
        prepared = prepareQuery(q.text, initNs=namespaces)
        n_ox = len(list(kb.query(q.text, subs)))
        n_rd = len(list(rd.query(prepared, initBindings=init)))
        if n_ox != n_rd:
            raise SystemExit(f"{label}: engines disagree (pyoxigraph {n_ox} vs rdflib {n_rd} rows); not timing")
        t_ox = median_ms(lambda: list(kb.query(q.text, subs)), args.repeat)
        t_rd = median_ms(lambda: list(rd.query(prepared, initBindings=init)), max(5, args.repeat // 3))
        rows.append((f"{label} [{n_ox} rows]", t_rd, t_ox))

    culpa = REPO / ".venv" / "bin" / "culpa"
    if culpa.exists():
        cmd = [str(culpa), "duties", "--role", "deployer", "--jurisdiction", "EU", "--as-of", "2026-11-26"]
        whole = median_ms(lambda: subprocess.run(cmd, capture_output=True, check=True), 10)
    else:
        whole = float("nan")

    print(f"KB: {len(kb.store)} quads in {len(files)} files + derived graph\n")
    print("| measurement | rdflib default store (ms) | pyoxigraph (ms) | ratio |")
    print("|---|---:|---:|---:|")
    for label, rd_ms, ox_ms in rows:
        print(f"| {label} | {rd_ms:.2f} | {ox_ms:.3f} | {rd_ms / ox_ms:.0f}x |")
    print(f"\n`culpa duties --role deployer --jurisdiction EU` as a whole process (Python start included): median {whole:.0f} ms")


if __name__ == "__main__":
    main()
