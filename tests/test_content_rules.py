"""Accuracy guards over the content: citations agree with their provisions, dates and
statuses are coherent with their history. A wrong article number is the worst bug."""
from __future__ import annotations

import datetime as dt
import re

import pytest

TODAY = dt.date(2026, 11, 26)


def _rows(kb, sparql):
    return list(kb.query(sparql))


def test_eurlex_anchor_matches_article_number(kb):
    bad = []
    for r in _rows(kb, "SELECT ?p ?n ?src WHERE { ?p a culpa:Provision ; skos:notation ?n ; dcterms:source ?src }"):
        notation, src = r["n"].value, r["src"].value
        m = re.match(r"^Art\. (\d+[a-z]?)", notation)
        if m and "eur-lex.europa.eu" in src and "#" in src:
            if src.rsplit("#", 1)[1] != f"art_{m.group(1)}":
                bad.append((r["p"].value, notation, src))
    assert not bad, bad


def test_paragraph_notation_extends_its_parent(kb):
    bad = []
    for r in _rows(kb, """SELECT ?p ?n ?pn WHERE { ?p a culpa:Provision ; skos:notation ?n ; culpa:partOf ?parent .
                          ?parent a culpa:Provision ; skos:notation ?pn }"""):
        child, parent = r["n"].value, r["pn"].value
        if parent.startswith("Art. ") and not child.startswith(parent):
            bad.append((r["p"].value, child, parent))
    assert not bad, bad


def test_every_provision_reaches_its_instrument(kb):
    orphans = _rows(kb, "SELECT ?p WHERE { ?p a culpa:Provision FILTER NOT EXISTS { ?p culpa:inInstrument ?i } }")
    assert not orphans


def test_durations_are_iso_8601(kb):
    for r in _rows(kb, "SELECT ?d WHERE { ?x culpa:timeLimit|culpa:limitationPeriod|culpa:expiryPeriod ?d }"):
        assert re.match(r"^P(\d+Y)?(\d+M)?(\d+D)?(T(\d+H)?(\d+M)?)?$", r["d"].value), r["d"].value


def test_time_limits_say_what_they_run_from(kb):
    assert not _rows(kb, "SELECT ?n WHERE { ?n culpa:timeLimit ?t FILTER NOT EXISTS { ?n culpa:deadlineTrigger ?g } }")


def test_each_schedule_has_one_current_version_and_no_gaps(kb):
    versions: dict[str, list[tuple[str, str | None]]] = {}
    for r in _rows(kb, """SELECT ?s ?from ?until WHERE { ?s culpa:scheduleVersion ?v . ?v culpa:inLawFrom ?from .
                          OPTIONAL { ?v culpa:inLawUntil ?until } }"""):
        versions.setdefault(r["s"].value, []).append((r["from"].value, r["until"].value if r["until"] else None))
    assert versions
    for schedule, history in versions.items():
        history.sort()
        assert sum(1 for _, until in history if until is None) == 1, schedule
        for (f1, u1), (f2, _) in zip(history, history[1:]):
            assert u1 == f2, f"{schedule}: version in law until {u1} but the next from {f2}"


def test_status_matches_the_latest_status_change(kb):
    rows = _rows(kb, """SELECT ?i ?status ?new ?from WHERE { ?i culpa:status ?status ; culpa:statusHistory ?c .
                        ?c culpa:newStatus ?new ; culpa:statusFrom ?from }""")
    latest: dict[str, tuple[str, str, str]] = {}
    for r in rows:
        when = r["from"].value
        if dt.date.fromisoformat(when) <= TODAY and (r["i"].value not in latest or when >= latest[r["i"].value][0]):
            latest[r["i"].value] = (when, r["new"].value, r["status"].value)
    assert latest
    for instrument, (_, new, status) in latest.items():
        assert new == status, f"{instrument}: status {status} but latest change says {new}"


def test_every_instrument_has_a_status_history(kb):
    """A history, or an editorial note that says why its dates could not be verified."""
    assert not _rows(kb, """SELECT ?i WHERE { ?i a culpa:LegalInstrument FILTER NOT EXISTS { ?i culpa:statusHistory ?c }
                            FILTER NOT EXISTS { ?i skos:editorialNote ?why FILTER(CONTAINS(STR(?why), "statusHistory")) } }""")


@pytest.mark.parametrize("prefix", ["obl:eu-aiact-"])
def test_ai_act_norms_use_schedules(kb, prefix):
    rows = _rows(kb, """SELECT ?n WHERE { ?n a/rdfs:subClassOf* culpa:Norm ; culpa:inInstrument <http://data.europa.eu/eli/reg/2024/1689/oj>
                        FILTER NOT EXISTS { ?n culpa:applicationSchedule ?s } }""")
    assert not rows, [r["n"].value for r in rows]


def test_every_ontology_term_has_label_and_definition(kb):
    """The TBox documents itself: every class and property has rdfs:label, skos:prefLabel and skos:definition."""
    rows = _rows(kb, """SELECT ?t WHERE {
        GRAPH <https://w3id.org/culpa/graph/ontology/culpa> {
          ?t a ?kind . FILTER(?kind IN (owl:Class, owl:ObjectProperty, owl:DatatypeProperty, owl:AnnotationProperty))
          FILTER(STRSTARTS(STR(?t), "https://w3id.org/culpa/ontology#"))
          FILTER NOT EXISTS { ?t rdfs:label ?l ; skos:prefLabel ?p ; skos:definition ?d }
        } }""")
    assert not rows, [r["t"].value for r in rows]
    terms = _rows(kb, """SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE { GRAPH <https://w3id.org/culpa/graph/ontology/culpa> {
        ?t a ?kind . FILTER(STRSTARTS(STR(?t), "https://w3id.org/culpa/ontology#")) } }""")
    assert int(terms[0]["n"].value) > 100


def test_ontology_header(kb):
    rows = _rows(kb, """SELECT ?v ?lic ?prefix WHERE { <https://w3id.org/culpa/ontology> a owl:Ontology ;
        owl:versionIRI ?v ; dcterms:license ?lic ; vann:preferredNamespacePrefix ?prefix }""")
    assert rows and rows[0]["prefix"].value == "culpa"
