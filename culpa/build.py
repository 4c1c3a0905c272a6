"""The reason step: run the derivation rules in queries/rules/*.rq into the inferred graph.

Each rule is a SPARQL CONSTRUCT over the union of all graphs (including what earlier rules
derived), readable as data; this module only runs them in file-name order and stores the
results in the graph <https://w3id.org/culpa/graph/inferred>.
"""
from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from . import paths
from .errors import CulpaError
from .namespaces import INFERRED_GRAPH, PREFIXES


def rule_files(folder: Path | None = None) -> list[Path]:
    return sorted((folder or paths.rules_dir()).glob("*.rq"))


def derive(store: ox.Store, folder: Path | None = None) -> int:
    """Clear and refill the inferred graph; returns how many triples it holds afterwards."""
    graph = ox.NamedNode(INFERRED_GRAPH)
    if graph in store.named_graphs():
        store.remove_graph(graph)
    for rule in rule_files(folder):
        try:
            triples = store.query(rule.read_text(encoding="utf-8"), prefixes=PREFIXES, use_default_graph_as_union=True)
        except SyntaxError as exc:
            raise CulpaError(f"{rule.name}: rule does not parse: {exc}") from None
        store.extend([ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples])
    return sum(1 for _ in store.quads_for_pattern(None, None, None, graph))
