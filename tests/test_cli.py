"""The culpa command line: answers, formats, and clear refusals of bad input (exit 2)."""
from __future__ import annotations

import csv
import io
import json

import pytest

TODAY = "2026-11-26"


@pytest.mark.parametrize("role, as_of", [("deployer", TODAY), ("provider", TODAY), ("importer", TODAY), ("distributor", "2027-12-02")])
def test_duties_lists_role_duties_with_article_and_date(cli, role, as_of):
    result = cli("duties", "--role", role, "--jurisdiction", "EU", "--as-of", as_of, "--format", "json")
    assert result.code == 0, result.err
    rows = json.loads(result.out)
    assert rows, f"no {role} duties in the EU as of {TODAY}"
    for row in rows:
        assert row["article"].startswith("Art. ")
        assert row["applicableFrom"] <= as_of
        assert row["source"].startswith("https://")


def test_no_duties_yet_is_explained_not_silent(cli):
    """AI Act distributor duties are high-risk ones, moved to 2 Dec 2027 by Reg. (EU) 2026/1744."""
    result = cli("duties", "--role", "distributor", "--jurisdiction", "EU", "--as-of", TODAY, "--format", "json")
    assert result.code == 0
    assert result.out.strip() == "[]"
    assert "no duties of distributor in EU apply on 2026-11-26" in result.err
    assert "the first from 2027-12-02" in result.err


def test_duties_table_is_readable(cli):
    result = cli("duties", "--role", "deployer", "--jurisdiction", "EU", "--as-of", TODAY)
    assert result.code == 0
    assert result.out.splitlines()[0].startswith("Duties of role:deployer in jur:EU")
    assert "not legal advice" in result.out


def test_no_ai_act_duties_before_2_february_2025(cli):
    for role in ("deployer", "provider", "importer", "distributor"):
        result = cli("duties", "--role", role, "--jurisdiction", "EU", "--as-of", "2025-02-01", "--format", "json")
        assert result.code == 0
        assert [r for r in json.loads(result.out) if r.get("instrument") == "AI Act"] == []


def test_member_state_sees_eu_duties(cli):
    eu = json.loads(cli("duties", "--role", "deployer", "--jurisdiction", "EU", "--as-of", TODAY, "--format", "json").out)
    de = json.loads(cli("duties", "--role", "deployer", "--jurisdiction", "DE", "--as-of", TODAY, "--format", "json").out)
    assert {r["norm"] for r in eu} <= {r["norm"] for r in de}


def test_csv_format_has_header_and_rows(cli):
    result = cli("duties", "--role", "provider", "--jurisdiction", "EU", "--as-of", TODAY, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.out)))
    assert rows and "article" in rows[0]


@pytest.mark.parametrize(
    "args, expected",
    [
        (["duties", "--role", "nobody", "--jurisdiction", "EU"], "unknown role 'nobody'; valid choices: "),
        (["duties", "--role", "deployer", "--jurisdiction", "XX"], "unknown jurisdiction 'XX'; valid choices: "),
        (["duties", "--role", "deployer", "--jurisdiction", "EU", "--as-of", "2026-13-01"], "bad date"),
        (["duties", "--role", "deployer", "--jurisdiction", "EU", "--as-of", "26/11/2026"], "YYYY-MM-DD"),
        (["duties", "--role", "deployer", "--jurisdiction", "EU", "--format", "xlsx"], "unknown format 'xlsx'; valid choices: table"),
        (["duties", "--role", "deployer", "--jurisdiction", "EU", "--topic", "gardening"], "unknown topic 'gardening'"),
        (["duties", "--jurisdiction", "EU"], "--role"),
        (["export", "--format", "docx"], "unknown format 'docx'; valid choices: ttl, trig"),
        (["query", "no-such-query"], "unknown query 'no-such-query'; valid choices: "),
        (["query", "duties", "--param", "role"], "use KEY=VALUE"),
        (["query", "duties", "--param", "colour=blue"], "has no parameter 'colour'"),
        (["query", "duties-by-threat"], "needs parameter 'threat'"),
        (["frobnicate"], "invalid choice"),
    ],
)
def test_bad_input_is_refused_clearly(cli, args, expected):
    result = cli(*args)
    assert result.code == 2
    assert expected in result.err
    assert "Traceback" not in result.err
    assert result.out == ""


def test_unknown_role_lists_valid_roles(cli):
    result = cli("duties", "--role", "nobody", "--jurisdiction", "EU")
    assert "deployer" in result.err and "eu-aiact-provider" in result.err


def test_role_by_label_and_iri(cli):
    by_key = cli("duties", "--role", "eu-aiact-deployer", "--jurisdiction", "EU", "--as-of", TODAY, "--format", "json").out
    by_iri = cli("duties", "--role", "https://w3id.org/culpa/id/role/eu-aiact-deployer", "--jurisdiction", "EU",
                 "--as-of", TODAY, "--format", "json").out
    by_curie = cli("duties", "--role", "role:eu-aiact-deployer", "--jurisdiction", "EU", "--as-of", TODAY, "--format", "json").out
    assert by_key == by_iri == by_curie
    assert json.loads(by_key)


def test_queries_lists_every_named_query(cli):
    result = cli("queries")
    for name in ("duties", "role-jurisdiction-matrix", "duties-by-threat", "reporting-deadlines", "norm-details", "role-changes"):
        assert name in result.out


def test_query_from_file(cli, tmp_path):
    rq = tmp_path / "count.rq"
    rq.write_text("# title: count norms\nSELECT (COUNT(?n) AS ?count) WHERE { ?n a/rdfs:subClassOf* culpa:Norm }\n")
    result = cli("query", str(rq), "--format", "json")
    assert result.code == 0
    assert int(json.loads(result.out)[0]["count"]) > 50


def test_info_counts_norms_per_instrument(cli):
    result = cli("info")
    assert result.code == 0
    assert "AI Act" in result.out
    assert "norms:" in result.out
