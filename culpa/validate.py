"""`culpa validate`: parse every source file, derive, and check the SHACL shapes.

Exit codes (the pySHACL convention): 0 conforms, 1 violations, 2 error (e.g. a file that does
not parse, reported with its file and line).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from .namespaces import compact
from .sources import graph_to_file, shapes_file
from .store import KnowledgeBase

SH = "http://www.w3.org/ns/shacl#"


@dataclass(frozen=True)
class Violation:
    file: str
    focus: str
    path: str
    message: str
    severity: str

    def __str__(self) -> str:
        where = f" ({self.path})" if self.path else ""
        return f"{self.file}: {self.focus}{where}: {self.message}"


def _to_rdflib(kb: KnowledgeBase):
    """The union of all graphs as one rdflib Graph (pySHACL's input), via N-Triples."""
    import rdflib

    data = ox.serialize(kb.union_triples(), format=ox.RdfFormat.N_TRIPLES)
    return rdflib.Graph().parse(data=data, format="nt")


def check(kb: KnowledgeBase, root: Path | None = None) -> list[Violation]:
    """Run the shapes over the union graph; each violation names the file that defines its focus."""
    import rdflib
    from pyshacl import validate as shacl

    shapes = rdflib.Graph().parse(str(shapes_file(root)), format="turtle")
    conforms, report, _ = shacl(_to_rdflib(kb), shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True)
    if conforms:
        return []
    files = graph_to_file(kb.sources)
    violations = []
    for result in report.subjects(rdflib.RDF.type, rdflib.URIRef(SH + "ValidationResult")):
        focus = report.value(result, rdflib.URIRef(SH + "focusNode"))
        path = report.value(result, rdflib.URIRef(SH + "resultPath"))
        message = report.value(result, rdflib.URIRef(SH + "resultMessage"))
        severity = report.value(result, rdflib.URIRef(SH + "resultSeverity"))
        violations.append(
            Violation(
                file=_defining_file(kb, focus, files),
                focus=compact(str(focus)),
                path=compact(str(path)) if isinstance(path, rdflib.URIRef) else "",
                message=str(message) if message else "does not conform",
                severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
            )
        )
    return sorted(set(violations), key=lambda v: (v.file, v.focus, v.path, v.message))


def _defining_file(kb: KnowledgeBase, focus, files: dict[str, str]) -> str:
    """The source file where the focus node is typed (else first mentioned)."""
    import rdflib

    if not isinstance(focus, rdflib.URIRef):
        return "?"
    node = ox.NamedNode(str(focus))
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    for pattern in ((node, rdf_type, None), (node, None, None), (None, None, node)):
        for quad in kb.store.quads_for_pattern(*pattern):
            name = getattr(quad.graph_name, "value", None)
            if name in files:
                return files[name]
    return "?"
