"""`culpa export`: serialise the KB (or only the ontology) in one of the registered RDF formats."""
from __future__ import annotations

import sys
from pathlib import Path

import pyoxigraph as ox

from .errors import CulpaError
from .formats import rdf_format
from .store import KnowledgeBase


def export(kb: KnowledgeBase, format_name: str, out: Path | None, *, ontology_only: bool = False) -> None:
    fmt = rdf_format(format_name)
    graphs = [s.graph for s in kb.sources if not ontology_only or s.relative.startswith("ontology/")]
    if not ontology_only:
        graphs.append(ox.NamedNode(_inferred()))
    data = serialise(kb.store, graphs, fmt)
    if out is None:
        sys.stdout.buffer.write(data)
        return
    try:
        out.write_bytes(data)
    except OSError as exc:
        raise CulpaError(f"cannot write {out}: {exc.strerror or exc}") from None


def serialise(store: ox.Store, graphs: list[ox.NamedNode], fmt) -> bytes:
    """Quad formats keep each named graph; triple formats get the union (each triple once)."""
    if fmt.quads:
        quads = [q for g in graphs for q in store.quads_for_pattern(None, None, None, g)]
        return ox.serialize(quads, format=fmt.ox_format)
    seen = set()
    triples = []
    for g in graphs:
        for q in store.quads_for_pattern(None, None, None, g):
            t = q.triple
            if t not in seen:
                seen.add(t)
                triples.append(t)
    from .namespaces import PREFIXES

    kwargs = {"prefixes": PREFIXES} if fmt.ox_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML) else {}
    return ox.serialize(triples, format=fmt.ox_format, **kwargs)


def _inferred() -> str:
    from .namespaces import INFERRED_GRAPH

    return INFERRED_GRAPH
