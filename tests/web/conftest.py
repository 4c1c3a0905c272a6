"""Fixtures for the web tests: the Flask app on the shared KB, a test client, a live server."""
from __future__ import annotations

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


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """`culpa serve` for real (gunicorn, 2 workers) on a free loopback port; stopped at the end."""
    from servers import start_culpa, stop_process

    process, base = start_culpa("--workers", "2", "--deadline", "2", log=tmp_path_factory.mktemp("serve") / "serve.log")
    yield base
    stop_process(process)
