"""`culpa serve`: the web UI, SPARQL endpoint and API on gunicorn (a production WSGI server).

Several worker processes, each with its own copy of the embedded store, because the engine
work is CPU-bound: scale with processes, not threads (see docs/architecture.md).
"""
from __future__ import annotations

import sys

from .errors import CulpaError


def serve(host: str = "127.0.0.1", port: int = 8000, workers: int = 2, *, deadline: float = 10.0) -> None:
    try:
        from gunicorn.app.base import BaseApplication
    except ImportError:  # pragma: no cover - gunicorn is a dependency
        raise CulpaError("culpa serve needs gunicorn: pip install gunicorn") from None
    if not 0 < port < 65536:
        raise CulpaError(f"bad port {port}: use 1-65535")
    if workers < 1:
        raise CulpaError("--workers must be at least 1")

    from .settings import store_settings
    from .web import create_app

    store = store_settings()  # --store / CULPA_STORE / culpa.toml, read once here for every worker

    class _App(BaseApplication):
        def load_config(self):
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", workers)
            self.cfg.set("worker_class", "sync")
            self.cfg.set("timeout", int(deadline) + 30)
            self.cfg.set("accesslog", None)
            self.cfg.set("loglevel", "warning")
            self.cfg.set("when_ready", lambda server: print(
                f"culpa is serving on http://{host}:{port}/  (SPARQL endpoint http://{host}:{port}/sparql; "
                f"store: {store.endpoint or 'embedded'}; Ctrl-C to stop)",
                flush=True))

        def load(self):
            return create_app({"SPARQL_DEADLINE": deadline, "STORE": store})

    try:
        _App().run()
    except SystemExit as exc:  # gunicorn exits this way when it cannot bind
        if exc.code not in (0, None):
            raise CulpaError(f"could not serve on {host}:{port} (is the port in use?)") from None


if __name__ == "__main__":  # pragma: no cover
    serve(*sys.argv[1:2])
