"""`culpa push`: load the validated KB into an external store, one graph per request.

Each graph (one per source file, plus the inferred graph, named exactly as in the embedded
store) replaces the store's graph of that name: re-running replaces, never duplicates.

With an update URL (``--update``), a graph is first PUT (Graph Store Protocol) into a fresh
staging graph outside culpa's graph namespace, its triples are counted there, and only then is
it swapped in with one SPARQL 1.1 Update request (``MOVE``), which the Update spec asks a store
to apply atomically. A body that breaks off, a count that does not match or a failed swap leave
the graph as it was, and the staging graph is dropped. Without one, each graph is PUT directly
and counted right after (Virtuoso keeps what it parsed of a broken body: exit 1, run again).
What each store does for concurrent readers is measured in docs/deployment.md.
culpa graphs on the store that no longer have a source are deleted. ``check`` compares triples
per graph with the local build.
"""
from __future__ import annotations

import time
import urllib.parse
import uuid
from dataclasses import dataclass, field

import pyoxigraph as ox

from .errors import CulpaError
from .namespaces import INFERRED_GRAPH
from .remote import Http, RemoteKnowledgeBase, StoreError, StoreRejected, StoreUnavailable, graph_counts

# staging graphs: outside https://w3id.org/culpa/graph/, so never counted as culpa graphs
STAGING = "https://w3id.org/culpa/staging/"
from .settings import StoreSettings
from .store import KnowledgeBase, open_store


@dataclass
class PushReport:
    loaded: list[tuple[str, int]] = field(default_factory=list)   # graph, triples
    deleted: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def lines(self) -> list[str]:
        out = [f"loaded {g} ({n} triples)" for g, n in self.loaded]
        out += [f"deleted {g} (no source any more)" for g in self.deleted]
        total = sum(n for _, n in self.loaded)
        out.append(f"{len(self.loaded)} graphs, {total} triples in {self.seconds:.1f} s")
        return out


def build_validated(kb: KnowledgeBase | None = None) -> KnowledgeBase:
    """The KB as `culpa validate` sees it; refuses (exit 1) when it does not conform."""
    from .validate import check

    kb = kb or open_store()
    violations = check(kb, None)
    if violations:
        raise CulpaError(f"the KB does not conform ({len(violations)} violation(s); run `culpa validate`); nothing pushed",
                         exit_code=1)
    return kb


def local_graphs(kb: KnowledgeBase) -> list[ox.NamedNode]:
    return [s.graph for s in kb.sources] + [ox.NamedNode(INFERRED_GRAPH)]


def _graph_url(gsp: str, graph: ox.NamedNode) -> str:
    return gsp + ("&" if "?" in gsp else "?") + urllib.parse.urlencode({"graph": graph.value})


def push(kb: KnowledgeBase, settings: StoreSettings, *, progress=None, graphs: list[ox.NamedNode] | None = None) -> PushReport:
    if not settings.gsp:
        raise CulpaError("culpa push needs the Graph Store Protocol URL: --gsp URL (or CULPA_GSP, or gsp in culpa.toml)")
    if not settings.endpoint:
        raise CulpaError("culpa push needs the store's query URL: --endpoint URL (or CULPA_STORE)")
    loader = GraphLoader(settings)
    report = PushReport()
    started = time.monotonic()
    graphs = graphs or local_graphs(kb)
    if settings.update:
        loader.drop_staging_left_over()
    for graph in graphs:
        triples = [q.triple for q in kb.store.quads_for_pattern(None, None, None, graph)]
        # N-Triples is Turtle too, and every store reads Turtle
        loader.replace(graph, serialize(triples), len(triples))
        report.loaded.append((graph.value, len(triples)))
        if progress:
            progress(f"loaded {graph.value} ({len(triples)} triples)")
    for stale in sorted(set(graph_counts(loader.remote)) - set(graphs), key=lambda g: g.value):
        try:
            loader.http.request("DELETE", _graph_url(settings.gsp, stale))
        except StoreRejected as exc:
            if "404" not in exc.message:
                raise
        report.deleted.append(stale.value)
    report.seconds = time.monotonic() - started
    return report


def serialize(triples) -> bytes:
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""


class GraphLoader:
    """Replaces one graph at a time on the store, staged and swapped when there is an update URL."""

    def __init__(self, settings: StoreSettings):
        self.settings = settings
        self.http = Http(settings)
        self.remote = RemoteKnowledgeBase.open(settings)

    def replace(self, graph: ox.NamedNode, body: bytes, expected: int) -> None:
        if not self.settings.update:
            self._put(graph, body)
            self._expect(graph, expected, "after the PUT")
            return
        staging = ox.NamedNode(f"{STAGING}{uuid.uuid4()}")
        try:
            self._put(staging, body)
            there = _count(self.remote, staging)
            if there != expected:
                raise CulpaError(f"the store kept {there} of the {expected} triples sent for {graph.value}; "
                                 f"{graph.value} is left as it was: run culpa push again", exit_code=1)
            # one request, so one transaction on a store that follows SPARQL 1.1 Update 2.2;
            # an empty graph cannot be staged (stores drop empty graphs), so it is just dropped
            self._update(f"MOVE GRAPH <{staging.value}> TO GRAPH <{graph.value}>" if expected
                         else f"DROP SILENT GRAPH <{graph.value}>")
        except StoreUnavailable:
            # no answer: the store may still be working on it (a swap under way must not lose its
            # source), so the staging graph is left for the next push to drop
            raise
        except BaseException:
            self._drop(staging)
            raise
        self._expect(graph, expected, "after the swap")

    def _put(self, graph: ox.NamedNode, body: bytes) -> None:
        self.http.request("PUT", _graph_url(self.settings.gsp, graph), data=body,
                          headers={"Content-Type": "text/turtle; charset=utf-8"})

    def _update(self, text: str) -> None:
        self.http.request("POST", self.settings.update, data=urllib.parse.urlencode({"update": text}).encode(),
                          headers={"Content-Type": "application/x-www-form-urlencoded"})

    def _expect(self, graph: ox.NamedNode, expected: int, when: str) -> None:
        there = _count(self.remote, graph)
        if there != expected:
            raise CulpaError(f"{graph.value} holds {there} triples on {self.settings.endpoint} {when}, "
                             f"not {expected}: run culpa push again", exit_code=1)

    def _drop(self, staging: ox.NamedNode) -> None:
        try:
            self._update(f"DROP SILENT GRAPH <{staging.value}>")
        except StoreError:
            pass  # the next push drops what is left under the staging prefix

    def drop_staging_left_over(self) -> None:
        """Staging graphs an interrupted push left behind (they are never culpa graphs)."""
        rows = self.remote.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } "
                                 f"FILTER(STRSTARTS(STR(?g), \"{STAGING}\")) }}")
        for row in rows:
            self._update(f"DROP SILENT GRAPH <{row['g'].value}>")


def _count(remote, graph: ox.NamedNode) -> int:
    rows = list(remote.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", {ox.Variable("g"): graph}))
    return int(rows[0]["n"].value)


def compare(kb: KnowledgeBase, settings: StoreSettings) -> list[str]:
    """One line per graph whose triple count differs between the local build and the store."""
    local = {g: sum(1 for _ in kb.store.quads_for_pattern(None, None, None, g)) for g in local_graphs(kb)}
    remote = graph_counts(RemoteKnowledgeBase.open(settings))
    problems = []
    for graph in sorted(set(local) | set(remote), key=lambda g: g.value):
        mine, theirs = local.get(graph, 0), remote.get(graph, 0)
        if mine != theirs:
            problems.append(f"{graph.value}: {mine} triples here, {theirs} on the store")
    return problems
