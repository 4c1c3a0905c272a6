"""The coverage matrix is generated, not hand-written; `culpa diff` lists norm changes; every
instrument role that should bear duties has some."""
from __future__ import annotations

import shutil
import subprocess

import pytest

from culpa import paths
from culpa.coverage import coverage_markdown
from culpa.diff import compare, load_version
from culpa.store import open_store

from conftest import REPO


def test_committed_coverage_is_the_generated_one(kb):
    committed = (REPO / "docs" / "coverage.md").read_text(encoding="utf-8")
    assert committed == coverage_markdown(kb), "docs/coverage.md is stale: run `culpa coverage --out docs/coverage.md`"


def test_coverage_lists_every_instrument(kb):
    text = coverage_markdown(kb)
    for label in ("AI Act", "Cyber Resilience Act", "NIS 2 Directive", "Product Liability Directive"):
        assert f"| {label} |" in text


def test_diff_of_exports(cli, kb_copy, tmp_path):
    old = tmp_path / "old.nq"
    assert cli("export", "--format", "nq", "--out", str(old)).code == 0
    ai_act = kb_copy / "kb" / "eu" / "ai-act.ttl"
    ai_act.write_text(ai_act.read_text().replace('culpa:timeLimit "P15D"^^xsd:duration', 'culpa:timeLimit "P20D"^^xsd:duration'))
    new_store = open_store(kb_copy).store
    result = compare(load_version(str(old)), new_store)
    assert not result.added and not result.removed
    changed = result.changed["https://w3id.org/culpa/id/norm/eu-aiact-art-73-2-report-within-15-days"]
    assert any("P15D" in value for _, value in changed[0]) and any("P20D" in value for _, value in changed[1])


def test_diff_cli_against_git(cli):
    if not (paths.data_root() / ".git").exists() or shutil.which("git") is None:
        pytest.skip("not a git checkout")
    first = subprocess.run(["git", "-C", str(REPO), "rev-list", "--max-parents=0", "HEAD"], capture_output=True, text=True).stdout.split()
    if not first:
        pytest.skip("no history")
    result = cli("diff", first[-1], "HEAD")
    assert result.code == 0
    assert "+ obl:eu-aiact-art-73-2-report-within-15-days" in result.out


def test_diff_refuses_unknown_versions(cli):
    result = cli("diff", "no-such-revision", "HEAD")
    assert result.code == 2 and "neither an export file nor a git revision" in result.err


# Instrument roles that bear no duty of their own in the KB yet, each with the reason.
KNOWN_GAPS = {
    "https://w3id.org/culpa/id/role/eu-nis2-representative": "NIS2 Art. 26(3): the entity designates it; its own tasks are not modelled",
    "https://w3id.org/culpa/id/role/kr-ai-basic-act-domestic-representative": "Korean statute text not read; its tasks are unverified",
    "https://w3id.org/culpa/id/role/us-nist-ai-actor-other-ai-actors": "the AI RMF tags no subcategory with this catch-all actor",
}


def test_every_duty_bearing_instrument_role_has_norms(kb):
    rows = kb.query("""SELECT ?role WHERE {
      ?role a culpa:InstrumentRole ; culpa:inInstrument ?i .
      FILTER NOT EXISTS { ?role skos:broader* role:affected-person }
      FILTER NOT EXISTS { ?role skos:broader* role:attacker }
      FILTER NOT EXISTS { ?n culpa:concernsRole ?role }
      FILTER NOT EXISTS { ?r culpa:liableRole/skos:broader* ?role }
      FILTER NOT EXISTS { ?r culpa:liableParty/culpa:liableRole/skos:broader* ?role } }""")
    missing = {r["role"].value for r in rows} - set(KNOWN_GAPS)
    assert not missing, sorted(missing)


def test_every_jurisdiction_has_norms(kb):
    rows = kb.query("SELECT ?code WHERE { ?j a culpa:Jurisdiction ; skos:notation ?code FILTER NOT EXISTS { ?n culpa:visibleIn ?j } }")
    assert {r["code"].value for r in rows} <= {"INT"}
