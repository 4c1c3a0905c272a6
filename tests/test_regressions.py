"""One test per bug fixed."""
from __future__ import annotations

from culpa.queries import run_named


def test_topic_filter_is_applied(kb):
    """Bug: optional parameters were tested with BOUND(), which pyoxigraph reports false for a
    substituted variable, so `--topic` filtered nothing (found by the rdflib/pyoxigraph
    benchmark, which compares row counts). Open parameters are now bound to culpa:any."""
    values = {"role": "provider", "jurisdiction": "DE", "asOf": "2028-09-01"}
    everything = run_named(kb, "duties", values).rows
    filtered = run_named(kb, "duties", {**values, "topic": "cybersecurity"}).rows
    assert 0 < len(filtered) < len(everything)
    norms = {r["norm"].value for r in filtered}
    with_topic = {r["n"].value for r in kb.query("SELECT ?n WHERE { ?n culpa:topic topic:cybersecurity }")}
    assert norms <= with_topic


def test_jurisdiction_filter_of_reporting_deadlines_is_applied(kb):
    """Same bug in reporting-deadlines: the jurisdiction filter must keep other jurisdictions out."""
    for code, foreign in (("SG", "EU"), ("DE", "SG")):
        rows = run_named(kb, "reporting-deadlines", {"jurisdiction": code}).rows
        assert rows and all(r["code"].value != foreign for r in rows)
    assert run_named(kb, "reporting-deadlines", {"jurisdiction": "US-TX"}).rows != run_named(kb, "reporting-deadlines", {}).rows


def test_validate_sees_the_content(cli, kb_copy):
    """Bug: validation converted the store to rdflib through Dataset.triples(), which reads only
    the default graph, so it validated an empty graph and always conformed."""
    (kb_copy / "kb" / "empty-norm.ttl").write_text(
        "@prefix culpa: <https://w3id.org/culpa/ontology#> .\n<https://w3id.org/culpa/id/norm/x> a culpa:Obligation .\n"
    )
    assert cli("validate", "--kb-root", str(kb_copy)).code == 1
