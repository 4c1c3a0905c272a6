"""Scale-out benchmark: culpa's web tier against an external store, one instance versus several
behind a load balancer, with one shared store or one read replica per instance.

    .venv/bin/python -m benchmarks.bench_scaleout [--seconds 10]

Setups, all on loopback, all serving the same pages (checked before timing):
  A  one `culpa serve --workers 2` -> one Oxigraph server
  B  HAProxy (round robin) -> two `culpa serve --workers 1` -> the same Oxigraph server
  C  HAProxy (round robin) -> two `culpa serve --workers 1` -> one Oxigraph server each (read
     replicas: each loaded by `culpa push` from the same validated KB)
Load: wrk, 16 connections, 2 threads; the duties page with a new as-of date on every request (the
page memo misses, so every request queries the store) and the JSON API (memoised after warm-up).
Needs Debian's wrk and haproxy, and the oxigraph server from PyPI (the test extra). Prints Markdown
with each setup's throughput as a ratio of setup A; benchmarks/README.md records a run. On a
machine with few cores all processes share them, so the ratios show the overhead of the extra hop
and processes, not the gain of real extra machines.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

from benchmarks.bench_web import SCRIPT, free_port, wrk
from culpa.push import push
from culpa.settings import make_settings
from culpa.store import open_store
from tests.servers import start_culpa, start_oxigraph, stop_process

API = "/api/duties?role=deployer&jurisdiction=EU&asOf=2026-11-26"
PAGE = "/duties?role=deployer&jurisdiction=EU&asOf=2026-11-26"


def haproxy(backends: list[str], folder: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    servers = "\n".join(f"    server s{i} {b.removeprefix('http://')} check" for i, b in enumerate(backends))
    config = folder / "haproxy.cfg"
    config.write_text(f"""global
    maxconn 256
defaults
    mode http
    timeout connect 5s
    timeout client 60s
    timeout server 60s
frontend web
    bind 127.0.0.1:{port}
    default_backend culpa
backend culpa
    balance roundrobin
    option httpchk GET /healthz
{servers}
""")
    process = subprocess.Popen(["haproxy", "-f", str(config)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/healthz", timeout=1).read()
            return process, base
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("haproxy did not come up")


def measure(base: str, seconds: int) -> dict:
    for _ in range(8):   # warm every backend worker
        urllib.request.urlopen(base + PAGE, timeout=30).read()
        urllib.request.urlopen(base + API, timeout=30).read()
    return {"cold page": wrk(base + "/duties", seconds, SCRIPT), "API": wrk(base + API, seconds)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=10)
    args = parser.parse_args()
    for tool in ("wrk", "haproxy"):
        if not shutil.which(tool):
            raise SystemExit(f"{tool} not found: apt-get install {tool}")
    kb = open_store()
    results, processes, stores = {}, [], []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        try:
            for i in range(2):
                store = start_oxigraph(folder / f"oxigraph-{i}")
                stores.append(store)
                push(kb, make_settings(store.query_url, store.gsp_url))
            one, base_a = start_culpa("--workers", "2", "--store", stores[0].query_url, log=folder / "a.log")
            processes.append(one)
            reference = urllib.request.urlopen(base_a + API, timeout=30).read()
            results["A: 1 instance x 2 workers, 1 store"] = measure(base_a, args.seconds)
            stop_process(one)

            shared = [start_culpa("--workers", "1", "--store", stores[0].query_url, log=folder / f"b{i}.log") for i in range(2)]
            processes += [p for p, _ in shared]
            lb, base_b = haproxy([b for _, b in shared], folder)
            processes.append(lb)
            assert urllib.request.urlopen(base_b + API, timeout=30).read() == reference, "B serves other answers"
            results["B: LB -> 2 instances x 1 worker, 1 shared store"] = measure(base_b, args.seconds)
            for p in (lb, *(p for p, _ in shared)):
                stop_process(p)

            replicas = [start_culpa("--workers", "1", "--store", stores[i].query_url, log=folder / f"c{i}.log") for i in range(2)]
            processes += [p for p, _ in replicas]
            lb, base_c = haproxy([b for _, b in replicas], folder)
            processes.append(lb)
            assert urllib.request.urlopen(base_c + API, timeout=30).read() == reference, "C serves other answers"
            results["C: LB -> 2 instances x 1 worker, 1 replica each"] = measure(base_c, args.seconds)
        finally:
            for p in processes:
                if p.poll() is None:
                    stop_process(p)
            for s in stores:
                s.stop()
    first = next(iter(results.values()))
    print("| setup | load | p50 (ms) | p99 (ms) | requests/s | throughput vs A | non-2xx |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for setup, loads in results.items():
        for load, r in loads.items():
            print(f"| {setup} | {load} | {r['p50']:.2f} | {r['p99']:.2f} | {r['rps']:.0f} | "
                  f"{r['rps'] / first[load]['rps']:.2f} | {r['errors']} |")


if __name__ == "__main__":
    main()
