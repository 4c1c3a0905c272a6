"""The IRIs of culpa's public vocabulary (docs/data-model.md) and the prefixes queries may use."""
from __future__ import annotations

CULPA = "https://w3id.org/culpa/ontology#"
ID = "https://w3id.org/culpa/id/"
GRAPH = "https://w3id.org/culpa/graph/"
INFERRED_GRAPH = GRAPH + "inferred"
ASSESSMENT_GRAPH = GRAPH + "assessment"

PREFIXES: dict[str, str] = {
    "culpa": CULPA,
    "jur": ID + "jurisdiction/",
    "role": ID + "role/",
    "obl": ID + "norm/",
    "provision": ID + "provision/",
    "inst": ID + "instrument/",
    "topic": ID + "topic/",
    "threat": ID + "threat/",
    "sched": ID + "schedule/",
    "pen": ID + "penalty/",
    "theory": ID + "theory/",
    "rule": ID + "rule/",
    "element": ID + "element/",
    "riskclass": ID + "risk-class/",
    "change": ID + "change/",
    "map": ID + "mapping/",
    "clause": ID + "clause-type/",
    "src": ID + "source/",
    "activity": ID + "activity/",
    "failurekind": ID + "failure-kind/",
    "damagekind": ID + "damage-kind/",
    "qual": ID + "qualification/",
    "case": ID + "case/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "sh": "http://www.w3.org/ns/shacl#",
    "eli": "http://data.europa.eu/eli/ontology#",
    "vann": "http://purl.org/vocab/vann/",
}


def expand(curie: str) -> str:
    """``'role:deployer'`` -> full IRI; full IRIs pass through unchanged."""
    prefix, sep, local = curie.partition(":")
    if sep and prefix in PREFIXES and not local.startswith("//"):
        return PREFIXES[prefix] + local
    return curie


def compact(iri: str) -> str:
    """Full IRI -> shortest prefixed name, or the IRI itself when no prefix fits."""
    best = None
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and "/" not in iri[len(ns):] and "#" not in iri[len(ns):]:
            if best is None or len(ns) > len(PREFIXES[best]):
                best = prefix
    return f"{best}:{iri[len(PREFIXES[best]):]}" if best else iri
