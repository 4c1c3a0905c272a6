"""`culpa info`: what the KB holds: triples, graphs, and norms per instrument."""
from __future__ import annotations

from .store import KnowledgeBase

_NORMS_PER_INSTRUMENT = """
SELECT ?instrument (SAMPLE(?l) AS ?label) (SAMPLE(?jc) AS ?jurisdiction) (SAMPLE(?sl) AS ?status)
       (COUNT(DISTINCT ?norm) AS ?norms) (COUNT(DISTINCT ?p) AS ?provisions) WHERE {
  ?instrument a culpa:LegalInstrument ; skos:prefLabel ?l .
  OPTIONAL { ?instrument culpa:jurisdiction/skos:notation ?jc }
  OPTIONAL { ?instrument culpa:status/skos:prefLabel ?sl }
  OPTIONAL { ?norm culpa:inInstrument ?instrument ; a/rdfs:subClassOf* culpa:Norm }
  OPTIONAL { ?p culpa:inInstrument ?instrument ; a culpa:Provision }
} GROUP BY ?instrument ORDER BY ?jurisdiction ?label"""

_COUNTS = """
SELECT (COUNT(DISTINCT ?n) AS ?norms) (COUNT(DISTINCT ?r) AS ?roles) (COUNT(DISTINCT ?lr) AS ?rules) WHERE {
  { ?n a/rdfs:subClassOf* culpa:Norm } UNION { ?r a/rdfs:subClassOf* culpa:Role } UNION { ?lr a culpa:LiabilityRule }
}"""


def info_lines(kb: KnowledgeBase) -> list[str]:
    lines = [f"quads: {len(kb.store)} in {len(kb.sources)} source graphs + inferred ({kb.inferred_triples} derived)"]
    counts = next(iter(kb.query(_COUNTS)))
    lines.append(f"norms: {counts['norms'].value}  roles: {counts['roles'].value}  liability rules: {counts['rules'].value}")
    lines.append("")
    lines.append(f"{'jur':6} {'norms':>5} {'provisions':>10}  {'status':28} instrument")
    for row in kb.query(_NORMS_PER_INSTRUMENT):
        get = lambda k: row[k].value if row[k] is not None else ""  # noqa: E731
        lines.append(f"{get('jurisdiction'):6} {get('norms'):>5} {get('provisions'):>10}  {get('status'):28} {get('label')}")
    return lines
