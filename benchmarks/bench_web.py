"""Web benchmark: latency (p50, p99) and throughput of the duties-finder page and the JSON API
under a bounded loopback load (wrk, 16 connections, 2 threads), against a trivial route on the
same server (/healthz) as the floor. Server: `culpa serve` (gunicorn, 2 sync workers).

    .venv/bin/python benchmarks/bench_web.py [--seconds 10]

Needs Debian's wrk. Only 127.0.0.1 is ever targeted; each run is bounded in time.
"""
from __future__ import annotations

import argparse
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

TARGETS = [
    ("trivial route /healthz (floor)", "/healthz"),
    ("duties finder page (deployer, EU)", "/duties?role=deployer&jurisdiction=EU&asOf=2026-11-26"),
    ("JSON API /api/duties (deployer, EU)", "/api/duties?role=deployer&jurisdiction=EU&asOf=2026-11-26"),
    ("duties finder page (provider, EU+GB+US, topic)", "/duties?role=provider&jurisdiction=EU&jurisdiction=GB&jurisdiction=US&asOf=2028-01-01&topic=cybersecurity"),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def to_ms(text: str) -> float:
    value, unit = re.match(r"([\d.]+)(us|ms|s)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


SCRIPT = Path(__file__).resolve().parent / "vary-as-of.lua"


def wrk(url: str, seconds: int, script: Path | None = None) -> dict:
    command = ["wrk", "-t2", "-c16", f"-d{seconds}s", "--latency"] + (["-s", str(script)] if script else []) + [url]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    p50 = to_ms(re.search(r"\s50%\s+(\S+)", out).group(1))
    p99 = to_ms(re.search(r"\s99%\s+(\S+)", out).group(1))
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"p50": p50, "p99": p99, "rps": rps, "errors": int(errors.group(1)) if errors else 0}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=10)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk not found: apt-get install wrk")
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "culpa", "serve", "--port", str(port), "--workers", "2"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.25)
        for _, path in TARGETS:  # warm both workers
            for _ in range(4):
                urllib.request.urlopen(base + path, timeout=30).read()
        results = [(label, wrk(base + path, args.seconds)) for label, path in TARGETS]
        results.append(("duties finder page, a new as-of date each request (cold, uncached)",
                        wrk(base + "/duties", args.seconds, SCRIPT)))
    finally:
        server.terminate()
        server.wait(timeout=15)
    floor = results[0][1]
    print("| route | p50 (ms) | p99 (ms) | requests/s | throughput vs floor | non-2xx |")
    print("|---|---:|---:|---:|---:|---:|")
    for label, r in results:
        print(f"| {label} | {r['p50']:.2f} | {r['p99']:.2f} | {r['rps']:.0f} | {r['rps'] / floor['rps']:.2f} | {r['errors']} |")


if __name__ == "__main__":
    main()
