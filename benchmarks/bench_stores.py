"""Store benchmark: the competency queries on the embedded store, Oxigraph's server and
OpenLink Virtuoso, side by side in one run, on the shipped KB and on a synthetic KB.

    .venv/bin/python -m benchmarks.bench_stores [--repeat 7] [--synthetic-triples 400000]

Both servers are started here on loopback (tests/servers.py) with fresh databases; the KB is
loaded with `culpa push`, once direct (one Graph Store Protocol PUT per graph) and once staged
(PUT into a staging graph, then one SPARQL Update MOVE per graph), then every query is run once
on every store to check that all return the same rows, then timed (median of --repeat, warm).
The synthetic sources (benchmarks/make_synthetic_kb.py) go through the derivation rules like
the real KB, so the inferred graph the queries read is about twice their size.
Prints Markdown; benchmarks/README.md records a run.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

from benchmarks.make_synthetic_kb import synthetic_quads
from culpa.build import derive
from culpa.push import push
from culpa.queries import load_query, run
from culpa.remote import RemoteKnowledgeBase
from culpa.render import cell
from culpa.settings import make_settings
from culpa.store import KnowledgeBase, open_store
from benchmarks.bench_engines import CASES as ENGINE_CASES, median_ms
from tests.servers import missing, start_oxigraph, start_virtuoso

# the same competency cases as the embedded-engine benchmark, plus the crosswalk query
CASES = ENGINE_CASES + [("crosswalks", {})]


def synthetic_kb(triples: int) -> KnowledgeBase:
    store = ox.Store()
    store.extend(synthetic_quads(triples))
    kb = KnowledgeBase(store, [])
    kb.inferred_triples = derive(store)
    return kb



def _rows(kb, name, params):
    key = "norm"
    result = run(kb, load_query(name), params)
    key = key if key in result.columns else result.columns[0]
    return sorted(cell(r.get(key)) for r in result.rows)


def bench(title: str, kb: KnowledgeBase, repeat: int, folder: Path) -> list[str]:
    graphs = sorted(kb.store.named_graphs(), key=lambda g: g.value)
    lines = [f"### {title}: {len(kb.store):,} quads in {len(graphs)} graphs", ""]
    stores = {"embedded": kb}
    loads, staged = {}, {}
    servers = []
    for name, start in (("oxigraph", start_oxigraph), ("virtuoso", start_virtuoso)):
        why = missing(name)
        if why:
            lines.append(f"({why}: left out)")
            continue
        server = start(folder / f"{name}-{title.split()[0]}")
        servers.append(server)
        settings = make_settings(server.query_url, server.gsp_url, timeout=1800)
        loads[name] = push(kb, settings, graphs=graphs).seconds
        staged[name] = push(kb, make_settings(server.query_url, server.gsp_url, timeout=1800, update=server.update_url),
                            graphs=graphs).seconds
        stores[name] = RemoteKnowledgeBase.open(make_settings(server.query_url, timeout=600))
    try:
        names = list(stores)
        lines += ["| measurement | " + " | ".join(f"{n} (ms)" for n in names) + " | " +
                  " | ".join(f"{n} / embedded" for n in names[1:]) + " |",
                  "|---|" + "---:|" * (2 * len(names) - 1)]
        for label, seconds in (("direct: one GSP PUT per graph", loads), ("staged: PUT + MOVE per graph", staged)):
            lines.append(f"| load (push, {label}) | - | " + " | ".join(f"{seconds[n] * 1000:.0f}" for n in names[1:])
                         + " | " + " | ".join("" for _ in names[1:]) + " |")
        for query, params in CASES:
            expected = _rows(kb, query, params)
            differs = []
            for n in names[1:]:
                got = _rows(stores[n], query, params)
                if got != expected:
                    differs.append(n)
                    print(f"{title}: {n} answers {query} {params} differently: only there "
                          f"{sorted(set(got) - set(expected))[:3]}, missing {sorted(set(expected) - set(got))[:3]}",
                          file=sys.stderr, flush=True)
            times = {n: median_ms(lambda k=stores[n]: run(k, load_query(query), params), repeat) for n in names}
            label = f"{query} ({', '.join(f'{k}={v}' for k, v in params.items())}) [{len(expected)} rows]"
            label += "".join(f" **{n}: different rows**" for n in differs)
            lines.append(f"| {label} | " + " | ".join(f"{times[n]:.1f}" for n in names) + " | "
                         + " | ".join(f"{times[n] / times['embedded']:.1f}x" for n in names[1:]) + " |")
    finally:
        for server in servers:
            server.stop()
    return lines + [""]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--synthetic-triples", type=int, default=400_000,
                        help="source quads of the synthetic KB (the rules add about twice as many)")
    parser.add_argument("--skip-synthetic", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="culpa-bench-") as tmp:
        out = bench("shipped KB", open_store(), args.repeat, Path(tmp))
        print("\n".join(out), flush=True)
        if not args.skip_synthetic:
            started = time.perf_counter()
            kb = synthetic_kb(args.synthetic_triples)
            print(f"(synthetic KB built and derived in {time.perf_counter() - started:.1f} s)", flush=True)
            print("\n".join(bench("synthetic KB", kb, args.repeat, Path(tmp))), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
