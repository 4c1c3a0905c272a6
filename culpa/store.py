"""The embedded store: ontology + kb loaded into pyoxigraph, one named graph per file, plus
the inferred graph; queried with the union of all graphs as default graph.

Built once per process (it takes a few tens of milliseconds) and then shared read-only.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from .build import derive
from .namespaces import INFERRED_GRAPH
from .sources import SourceFile, parse_into, source_files


@dataclass
class KnowledgeBase:
    store: ox.Store
    sources: list[SourceFile]
    _inferred: int | None = 0
    _vocabularies: dict = field(default_factory=dict, repr=False)

    def query(self, sparql: str, substitutions: dict | None = None, **kwargs):
        """Run SPARQL over the union of all graphs, with parameters bound by substitution."""
        from .namespaces import PREFIXES

        return self.store.query(
            sparql,
            prefixes=PREFIXES,
            use_default_graph_as_union=True,
            substitutions=substitutions or None,
            **kwargs,
        )

    def source_graphs(self) -> list[ox.NamedNode]:
        return [s.graph for s in self.sources]

    @property
    def inferred_triples(self) -> int:
        """How many triples the rules derived (counted on first use when opened from a snapshot)."""
        if self._inferred is None:
            graph = ox.NamedNode(INFERRED_GRAPH)
            self._inferred = sum(1 for _ in self.store.quads_for_pattern(None, None, None, graph))
        return self._inferred

    @inferred_triples.setter
    def inferred_triples(self, value: int) -> None:
        self._inferred = value

    def union_triples(self) -> list[ox.Triple]:
        """Every triple of every graph, each once (what the default graph shows)."""
        seen: set[ox.Triple] = set()
        triples = []
        for quad in self.store:
            if quad.triple not in seen:
                seen.add(quad.triple)
                triples.append(quad.triple)
        return triples

    def resolve(self, kind: str, given: str) -> ox.NamedNode:
        """A user's value for a parameter of type ``kind`` as a KB term; unknown values raise
        InvalidChoice with the valid choices."""
        from .resolve import quick_resolve

        return quick_resolve(self.query, kind, given) or self.vocabulary(kind).resolve(given)

    def vocabulary(self, kind: str):
        """Lookup table (key/label/code -> IRI) for one parameter type, built on first use."""
        from .resolve import vocabulary

        if kind not in self._vocabularies:
            self._vocabularies[kind] = vocabulary(self.query, kind)
        return self._vocabularies[kind]


def open_store(root: Path | None = None, *, derive_rules: bool = True, snapshot: bool = False) -> KnowledgeBase:
    """Load every source file of ``root`` (default: the shipped data) into a fresh store.

    ``snapshot=True`` (one-shot commands) opens a matching on-disk snapshot read-only instead,
    or writes one after building; see culpa.snapshot.
    """
    sources = source_files(root)
    key = None
    if snapshot and derive_rules:
        from .snapshot import fingerprint, open_snapshot

        rules = root / "queries" / "rules" if root else None
        key = fingerprint(sources, rules if rules and rules.is_dir() else None)
        cached = open_snapshot(key)
        if cached is not None:
            return KnowledgeBase(cached, sources, None)
    store = ox.Store()
    for source in sources:
        parse_into(store, source)
    kb = KnowledgeBase(store, sources)
    if derive_rules:
        rules = root / "queries" / "rules" if root else None
        kb.inferred_triples = derive(store, rules if rules and rules.is_dir() else None)
    if key is not None:
        from .snapshot import write_snapshot

        write_snapshot(key, store)
    return kb
