"""Fixtures for the web tests: the Flask app on the shared KB, a test client, a live server."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from culpa.web import create_app


@pytest.fixture(scope="session")
def app(kb):
    app = create_app({"TESTING": True, "KB": kb, "SPARQL_DEADLINE": 5.0})
    yield app
    executor = app.extensions.get("culpa.executor")
    if executor:
        executor.close()


@pytest.fixture
def client(app):
    return app.test_client()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def live_server():
    """`culpa serve` for real (gunicorn, 2 workers) on a free loopback port; stopped at the end."""
    port = free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "culpa", "serve", "--port", str(port), "--workers", "2", "--deadline", "2"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base + "/api/openapi.json", timeout=2)
            break
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError("culpa serve exited: " + (proc.stdout.read() if proc.stdout else ""))
            time.sleep(0.3)
    else:
        proc.kill()
        raise RuntimeError("culpa serve did not start within 60 s")
    yield base
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
