"""OWL reasoning with owlready2 and HermiT over ontology + KB: consistency and classification.

owlready2 does not read Turtle, so the store is handed over as N-Triples. HermiT does not know
xsd:date or xsd:duration (not OWL 2 datatypes); they are ignored for reasoning, which only
concerns classes and object properties here. Needs Java (HermiT runs on the JVM).
"""
from __future__ import annotations

import io
import shutil
from dataclasses import dataclass, field

import pyoxigraph as ox

from .errors import CulpaError
from .namespaces import CULPA
from .store import KnowledgeBase


@dataclass
class ReasonerReport:
    consistent: bool
    inferred_types: dict[str, set[str]] = field(default_factory=dict)  # individual -> inferred class IRIs
    broader_transitive: dict[str, set[str]] = field(default_factory=dict)  # concept -> all broader concepts
    error: str = ""

    def members(self, class_iri: str) -> set[str]:
        return {i for i, classes in self.inferred_types.items() if class_iri in classes}

    def lines(self) -> list[str]:
        if not self.consistent:
            return [f"INCONSISTENT: {self.error}"]
        out = ["consistent (HermiT)"]
        for cls in ("ReportingObligation", "CybersecurityNorm", "TimeLimitedNorm", "BindingInstrument", "VoluntaryInstrument"):
            out.append(f"{cls}: {len(self.members(CULPA + cls))} classified")
        out.append(f"roles with a transitive broader role: {sum(1 for v in self.broader_transitive.values() if v)}")
        return out


def _ntriples(kb: KnowledgeBase) -> bytes:
    return ox.serialize(kb.union_triples(), format=ox.RdfFormat.N_TRIPLES)


def reason(kb: KnowledgeBase) -> ReasonerReport:
    """Load everything into a fresh owlready2 world and run HermiT."""
    if shutil.which("java") is None:
        raise CulpaError("the OWL reasoner (HermiT) needs Java: install a JRE, e.g. `apt-get install default-jre-headless`")
    import owlready2

    world = owlready2.World()
    onto = world.get_ontology("https://w3id.org/culpa/reasoning-input")
    onto.load(fileobj=io.BytesIO(_ntriples(kb)), format="ntriples")
    try:
        with onto:
            owlready2.sync_reasoner_hermit(world, infer_property_values=True, debug=0, ignore_unsupported_datatypes=True)
    except owlready2.OwlReadyInconsistentOntologyError as exc:
        return ReasonerReport(consistent=False, error=str(exc) or "the ontology and KB are inconsistent")
    except Exception as exc:  # HermiT failed to run: Java missing or crashed
        raise CulpaError(f"the reasoner failed to run: {str(exc).strip().splitlines()[-1] if str(exc).strip() else exc}") from None
    return _report(world, _typed_subjects(kb))


def _typed_subjects(kb: KnowledgeBase) -> set[str]:
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    return {q.subject.value for q in kb.store.quads_for_pattern(None, rdf_type, None) if isinstance(q.subject, ox.NamedNode)}


def _report(world, iris: set[str]) -> ReasonerReport:
    report = ReasonerReport(consistent=True)
    individuals = [e for e in (world[i] for i in sorted(iris)) if e is not None and hasattr(e, "INDIRECT_is_a") and not isinstance(e, type)]
    for individual in individuals:
        classes = set()
        for cls in individual.INDIRECT_is_a:
            iri = getattr(cls, "iri", None)
            if iri:
                classes.add(iri)
        report.inferred_types[individual.iri] = classes
    # skos:broader is a sub-property of the transitive skos:broaderTransitive; owlready2 closes
    # such property values itself (INDIRECT_), HermiT having checked the axioms are consistent.
    broader = world["http://www.w3.org/2004/02/skos/core#broaderTransitive"]
    if broader is not None:
        for individual in individuals:
            values = getattr(individual, "INDIRECT_" + broader.python_name, [])
            report.broader_transitive[individual.iri] = {v.iri for v in values if hasattr(v, "iri")}
    return report

