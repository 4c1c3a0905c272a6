"""Every external IRI culpa references in a vocabulary we align to (DPV, AIRO) exists in the
released copy in ../shared/vocab. Runs whenever that folder is present."""
from __future__ import annotations

import re

import pytest
import rdflib

from conftest import SHARED_VOCAB

CHECKED = {
    "https://w3id.org/dpv#": "dpv-2.3/dpv.ttl",
    "https://w3id.org/dpv/ai#": "dpv-2.3/ai.ttl",
    "https://w3id.org/dpv/risk#": "dpv-2.3/risk.ttl",
    "https://w3id.org/dpv/tech#": "dpv-2.3/tech.ttl",
    "https://w3id.org/dpv/loc#": "dpv-2.3/loc.ttl",
    "https://w3id.org/dpv/legal/eu/aiact#": "dpv-2.3/eu-aiact.ttl",
    "https://w3id.org/dpv/legal/eu/gdpr#": "dpv-2.3/eu-gdpr.ttl",
    "https://w3id.org/dpv/legal/eu/nis2#": "dpv-2.3/eu-nis2.ttl",
    "https://w3id.org/dpv/legal/eu#": "dpv-2.3/legal-eu.ttl",
    "https://w3id.org/airo#": "airo/airo.ttl",
}

pytestmark = pytest.mark.skipif(not SHARED_VOCAB.is_dir(), reason="../shared/vocab is not present")


@pytest.fixture(scope="module")
def defined():
    terms: dict[str, set[str]] = {}
    for ns, rel in CHECKED.items():
        graph = rdflib.Graph().parse(SHARED_VOCAB / rel, format="turtle")
        terms[ns] = {str(s) for s in graph.subjects() if isinstance(s, rdflib.URIRef)}
    return terms


def _namespace(iri: str) -> str | None:
    return next((ns for ns in sorted(CHECKED, key=len, reverse=True) if iri.startswith(ns)), None)


def test_every_external_iri_exists(kb, defined):
    missing = []
    for quad in kb.store:
        for term in (quad.subject, quad.predicate, quad.object):
            iri = getattr(term, "value", None)
            if type(term).__name__ != "NamedNode":
                continue
            ns = _namespace(iri)
            if ns and iri != ns and iri not in defined[ns]:
                missing.append(iri)
    assert not missing, f"IRIs not in the released vocabularies: {sorted(set(missing))}"


def test_alignment_uses_them(kb):
    rows = list(kb.query("SELECT (COUNT(*) AS ?n) WHERE { ?s skos:closeMatch|skos:exactMatch|skos:broadMatch|skos:narrowMatch|skos:relatedMatch ?o }"))
    assert int(rows[0]["n"].value) >= 50


def test_no_minted_iris_in_other_namespaces(kb):
    """We never invent IRIs in someone else's namespace: every subject we type is ours or an ELI."""
    bad = []
    for r in kb.query("SELECT DISTINCT ?s WHERE { ?s a ?c . FILTER(isIRI(?s)) }"):
        iri = r["s"].value
        if not re.match(r"^(https://w3id\.org/culpa/|http://data\.europa\.eu/eli/|http://www\.w3\.org/2004/02/skos/core#|http://purl\.org/dc/terms/|http://purl\.org/vocab/vann/)", iri):
            bad.append(iri)
    assert not bad, bad
