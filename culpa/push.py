"""`culpa push`: load the validated KB into an external store, one graph per request.

Each graph (one per source file, plus the inferred graph, named exactly as in the embedded
store) is sent with a Graph Store Protocol PUT, which replaces the graph: re-running replaces,
never duplicates. Oxigraph applies a PUT in one transaction (a failed one leaves the graph as it
was); Virtuoso does not (it keeps what it parsed of a body that breaks off), so each graph's
count is checked right after its PUT and a mismatch stops the push (exit 1, run it again). culpa graphs on the store that no
longer have a source are deleted. ``check`` compares triples per graph with the local build.
"""
from __future__ import annotations

import time
import urllib.parse
from dataclasses import dataclass, field

import pyoxigraph as ox

from .errors import CulpaError
from .namespaces import INFERRED_GRAPH
from .remote import Http, RemoteKnowledgeBase, StoreRejected, graph_counts
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
    http = Http(settings)
    report = PushReport()
    started = time.monotonic()
    graphs = graphs or local_graphs(kb)
    remote = RemoteKnowledgeBase.open(settings)
    for graph in graphs:
        triples = [q.triple for q in kb.store.quads_for_pattern(None, None, None, graph)]
        # N-Triples is Turtle too, and every store reads Turtle; one PUT = one transaction
        body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
        http.request("PUT", _graph_url(settings.gsp, graph), data=body,
                     headers={"Content-Type": "text/turtle; charset=utf-8"})
        # Oxigraph applies a PUT all or nothing; Virtuoso keeps what it parsed of a body that
        # breaks off (measured: tests/test_remote_stores.py), so check each graph at once
        there = _count(remote, graph)
        if there != len(triples):
            raise CulpaError(f"{graph.value} holds {there} triples on {settings.endpoint} after the PUT, "
                             f"not {len(triples)}: run culpa push again", exit_code=1)
        report.loaded.append((graph.value, len(triples)))
        if progress:
            progress(f"loaded {graph.value} ({len(triples)} triples)")
    for stale in sorted(set(graph_counts(remote)) - set(graphs), key=lambda g: g.value):
        try:
            http.request("DELETE", _graph_url(settings.gsp, stale))
        except StoreRejected as exc:
            if "404" not in exc.message:
                raise
        report.deleted.append(stale.value)
    report.seconds = time.monotonic() - started
    return report


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
