"""A real HermiT run (owlready2, Java) over ontology + KB: consistent, and the expected
classifications hold. Also proves the reasoner catches a contradiction."""
from __future__ import annotations

import pytest

from culpa.namespaces import CULPA, ID
from culpa.reasoner import reason
from culpa.store import open_store

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def report():
    return reason(open_store())


def test_consistent(report):
    assert report.consistent, report.error


def test_reporting_obligations_are_classified(report, kb):
    expected = {
        r["n"].value
        for r in kb.query("SELECT ?n WHERE { ?n a culpa:Obligation ; culpa:topic topic:incident-reporting }")
    }
    assert expected, "the KB has no incident-reporting obligation"
    assert expected <= report.members(CULPA + "ReportingObligation")


def test_norms_with_deadlines_are_time_limited(report, kb):
    with_limit = {r["n"].value for r in kb.query("SELECT DISTINCT ?n WHERE { ?n culpa:timeLimit ?t }")}
    assert with_limit and with_limit <= report.members(CULPA + "TimeLimitedNorm")


def test_threat_addressing_norms_are_cybersecurity_norms(report):
    art_15_5 = {i for i in report.members(CULPA + "CybersecurityNorm") if "art-15-5" in i}
    assert art_15_5


def test_binding_instruments(report):
    assert "http://data.europa.eu/eli/reg/2024/1689/oj" in report.members(CULPA + "BindingInstrument")


def test_role_lattice_is_transitive(report):
    broader = report.broader_transitive[ID + "role/eu-aiact-gpai-systemic-provider"]
    assert ID + "role/eu-aiact-provider" in broader
    assert ID + "role/provider" in broader  # via eu-aiact-provider
    assert ID + "role/third-party-service-provider" in report.broader_transitive[ID + "role/cloud-host"]


def test_contradiction_is_detected(kb_copy):
    """A small KB (the ontology, roles and topics) with one contradictory norm: HermiT says so."""
    import shutil

    for child in (kb_copy / "kb").iterdir():
        if child.name not in ("roles.ttl", "topics.ttl", "jurisdictions.ttl"):
            shutil.rmtree(child) if child.is_dir() else child.unlink()
    assert reason(open_store(kb_copy)).consistent  # the small KB alone is fine
    (kb_copy / "kb" / "contradiction.ttl").write_text(
        "@prefix culpa: <https://w3id.org/culpa/ontology#> .\n"
        "<https://w3id.org/culpa/id/norm/test-both> a culpa:Obligation , culpa:Prohibition .\n"
    )
    assert not reason(open_store(kb_copy)).consistent
