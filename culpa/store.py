"""The embedded store: ontology + kb loaded into pyoxigraph, one named graph per file, plus
the inferred graph; queried with the union of all graphs as default graph.

Built once per process (it takes a few tens of milliseconds) and then shared read-only.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from .build import derive
from .sources import SourceFile, parse_into, source_files


@dataclass
class KnowledgeBase:
    store: ox.Store
    sources: list[SourceFile]
    inferred_triples: int = 0
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

    def union_triples(self) -> list[ox.Triple]:
        """Every triple of every graph, each once (what the default graph shows)."""
        seen: set[ox.Triple] = set()
        triples = []
        for quad in self.store:
            if quad.triple not in seen:
                seen.add(quad.triple)
                triples.append(quad.triple)
        return triples

    def vocabulary(self, kind: str):
        """Lookup table (key/label/code -> IRI) for one parameter type, built on first use."""
        from .resolve import vocabulary

        if kind not in self._vocabularies:
            self._vocabularies[kind] = vocabulary(self.query, kind)
        return self._vocabularies[kind]


def open_store(root: Path | None = None, *, derive_rules: bool = True) -> KnowledgeBase:
    """Load every source file of ``root`` (default: the shipped data) into a fresh store."""
    store = ox.Store()
    sources = source_files(root)
    for source in sources:
        parse_into(store, source)
    kb = KnowledgeBase(store, sources)
    if derive_rules:
        rules = root / "queries" / "rules" if root else None
        kb.inferred_triples = derive(store, rules if rules and rules.is_dir() else None)
    return kb
