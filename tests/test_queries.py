"""Named queries: every .rq has a complete header, declares what it returns, and binds its
parameters (never pastes them)."""
from __future__ import annotations

import pytest

from culpa.queries import catalogue, run

SAMPLE_VALUES = {
    "role": "deployer", "jurisdiction": "EU", "asOf": "2026-11-26", "topic": "incident-reporting",
    "threat": "data-poisoning", "norm": "obl:eu-aiact-art-26-5-inform-of-serious-incident", "from": "2025-01-01", "to": "2027-01-01",
}

QUERIES = catalogue()


def test_the_competency_queries_exist():
    assert {"duties", "role-jurisdiction-matrix", "duties-by-threat", "reporting-deadlines", "norm-details", "role-changes", "upcoming-duties"} <= set(QUERIES)


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_header_is_complete(name):
    q = QUERIES[name]
    assert q.title and q.title != name
    assert len(q.description) > 40
    assert q.columns


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_columns_match_the_header(kb, name):
    q = QUERIES[name]
    values = {p.name: SAMPLE_VALUES[p.name] for p in q.params if not p.optional or p.name in SAMPLE_VALUES}
    if "norm" in values:
        values["norm"] = next(iter(kb.query("SELECT ?n WHERE { ?n a culpa:Obligation } LIMIT 1")))["n"].value
    result = run(kb, q, values)
    assert result.columns == q.columns


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_parameters_are_placeholders_not_text(name):
    """Each parameter is a variable of the query, and no query text is ever formatted."""
    q = QUERIES[name]
    for p in q.params:
        assert f"?{p.name}" in q.text
    assert "{}" not in q.text and "%s" not in q.text


def test_injection_attempt_is_refused(kb):
    from culpa.errors import CulpaError

    q = QUERIES["duties"]
    with pytest.raises(CulpaError):
        run(kb, q, {"role": 'deployer> } UNION { ?s ?p ?o', "jurisdiction": "EU", "asOf": "2026-11-26"})
    with pytest.raises(CulpaError):
        run(kb, q, {"role": "deployer", "jurisdiction": "EU", "asOf": '2026-11-26"^^xsd:date) || true || ("'})
