"""Run untrusted SPARQL with a hard deadline: each query runs in a worker process that holds its
own copy of the store; a query past the deadline has its process killed (the engine cannot be
interrupted from Python) and a fresh worker takes its place, so the server keeps serving.
"""
from __future__ import annotations

import multiprocessing as mp
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from .formats import RDF_FORMATS
from .sparql_results import collect_rows, serialize_boolean, serialize_select


@dataclass
class Answer:
    body: bytes
    media_type: str
    truncated: bool = False
    rows: int = 0


class QueryTimeout(Exception):
    pass


class QueryFailed(Exception):
    """The engine rejected the query (syntax or evaluation error); the message is the engine's."""


def _serve(conn, root: str | None, store=None) -> None:  # runs in the worker process
    from .remote import StoreUnavailable
    from .store import open_store

    if store is not None and store.remote:  # an external store answers; the worker only relays
        from .remote import RemoteKnowledgeBase

        kb = RemoteKnowledgeBase.open(store)
    else:
        kb = open_store(Path(root) if root else None)
    conn.send(("ready", None))
    while True:
        try:
            request = conn.recv()
        except EOFError:
            return
        try:
            conn.send(("ok", _evaluate(kb, *request)))
        except SyntaxError as exc:
            conn.send(("error", f"query does not parse: {exc}"))
        except StoreUnavailable as exc:  # raised again in the web process, which answers 503
            conn.send(("store", (type(exc).__name__, exc.message)))
        except Exception as exc:  # evaluation errors become a 400 with the engine's message
            conn.send(("error", f"{type(exc).__name__}: {exc}"))


def _evaluate(kb, query: str, kind_formats: dict, cap: int) -> Answer:
    result = kb.query(query)
    if isinstance(result, ox.QuerySolutions):
        fmt, media = kind_formats["select"]
        variables, rows, truncated = collect_rows(result, cap)
        return Answer(serialize_select(variables, rows, fmt), media, truncated, len(rows))
    if isinstance(result, ox.QueryBoolean):
        fmt, media = kind_formats["ask"]
        return Answer(serialize_boolean(bool(result), fmt), media)
    format_name, media = kind_formats["graph"]
    rdf_format = RDF_FORMATS[format_name].ox_format
    triples = []
    truncated = False
    for triple in result:
        if len(triples) == cap:
            truncated = True
            break
        triples.append(triple)
    from .namespaces import PREFIXES

    kwargs = {"prefixes": PREFIXES} if rdf_format in (ox.RdfFormat.TURTLE,) else {}
    return Answer(ox.serialize(triples, format=rdf_format, **kwargs), media, truncated, len(triples))


class _Worker:
    def __init__(self, ctx, root, store=None):
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_serve, args=(child, root, store), daemon=True)
        self.process.start()
        child.close()
        status, _ = self.conn.recv()
        assert status == "ready"

    def kill(self):
        self.process.kill()
        self.process.join(timeout=5)
        self.conn.close()


class QueryExecutor:
    """A small pool of worker processes; ``run`` blocks until the answer or the deadline."""

    def __init__(self, *, workers: int = 1, deadline: float = 10.0, row_cap: int = 10_000, root: Path | None = None,
                 store=None):
        self.deadline, self.row_cap, self._store = deadline, row_cap, store
        self._root = str(root) if root else None
        self._ctx = mp.get_context("spawn")
        self._idle: list[_Worker] = []
        self._size = workers
        self._started = 0
        self._lock = threading.Condition()
        self.killed = 0

    def _take(self) -> _Worker:
        with self._lock:
            while not self._idle and self._started >= self._size:
                self._lock.wait()
            if self._idle:
                return self._idle.pop()
            self._started += 1
        try:
            return _Worker(self._ctx, self._root, self._store)
        except Exception as exc:
            with self._lock:
                self._started -= 1
                self._lock.notify()
            raise QueryFailed(f"could not start a query worker: {type(exc).__name__}") from None

    def _give_back(self, worker: _Worker | None) -> None:
        with self._lock:
            if worker is None:
                self._started -= 1
            else:
                self._idle.append(worker)
            self._lock.notify()

    def run(self, query: str, kind_formats: dict) -> Answer:
        worker = self._take()
        started = time.monotonic()
        try:
            worker.conn.send((query, kind_formats, self.row_cap))
            if not worker.conn.poll(self.deadline):
                raise QueryTimeout(f"the query ran longer than the {self.deadline:g} s deadline and was stopped")
            status, payload = worker.conn.recv()
        except QueryTimeout:
            worker.kill()
            self.killed += 1
            worker = None
            raise
        except (EOFError, OSError, BrokenPipeError):
            worker.kill()
            worker = None
            raise QueryFailed("the query worker stopped unexpectedly")
        finally:
            self._give_back(worker)
        if status == "error":
            raise QueryFailed(payload)
        if status == "store":
            from . import remote

            kind, message = payload
            raise getattr(remote, kind)(message)
        payload.elapsed = time.monotonic() - started  # type: ignore[attr-defined]
        return payload

    def close(self) -> None:
        with self._lock:
            for worker in self._idle:
                worker.kill()
            self._idle.clear()
            self._started = 0
