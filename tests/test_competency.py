"""Competency questions with golden answers, kept in tests/competency/manifest.toml.

Each case names a query, its parameters, the column that identifies a row (``key``), and what
the answer must be: ``expect`` (the exact set of keys), ``contains`` / ``excludes`` (keys that
must / must not appear), ``count``, and ``rows`` (column values that a row with a given key must
have). Keys and values are compared in compact form (``obl:...``) or as literal text.
"""
from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from culpa.queries import run_named
from culpa.render import cell

MANIFEST = Path(__file__).parent / "competency" / "manifest.toml"
CASES = tomllib.loads(MANIFEST.read_text(encoding="utf-8"))["case"]


def test_manifest_covers_every_named_query():
    from culpa.queries import catalogue

    assert set(catalogue()) <= {case["query"] for case in CASES}


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_competency_question(kb, case):
    check_case(kb, case)


def check_case(kb, case) -> None:
    """Assert the manifest's expectations for one case on ``kb`` (embedded or an external store)."""
    result = run_named(kb, case["query"], case.get("params", {}))
    key = case.get("key", "norm")
    rows = {}
    for row in result.rows:
        rows.setdefault(cell(row.get(key)), row)
    keys = set(rows)
    if "expect" in case:
        assert keys == set(case["expect"]), f"missing {sorted(set(case['expect']) - keys)}; unexpected {sorted(keys - set(case['expect']))}"
    for must in case.get("contains", []):
        assert must in keys, f"{must} not in answer"
    for must_not in case.get("excludes", []):
        assert must_not not in keys, f"{must_not} should not be in answer"
    if "count" in case:
        assert len(result.rows) == case["count"]
    if "min_count" in case:
        assert len(result.rows) >= case["min_count"]
    for expected in case.get("rows", []):
        row = rows.get(expected[key])
        assert row is not None, f"no row {expected[key]}"
        for column, value in expected.items():
            assert cell(row.get(column)) == str(value), f"{expected[key]}.{column}: {cell(row.get(column))!r} != {value!r}"


def test_every_instrument_with_norms_has_a_golden_answer(kb):
    import re

    referenced = set(re.findall(r"obl:[a-z0-9-]+", MANIFEST.read_text(encoding="utf-8")))
    rows = kb.query("""SELECT ?label (GROUP_CONCAT(STR(?n); SEPARATOR=" ") AS ?norms) WHERE {
        ?n culpa:inInstrument ?i ; a/rdfs:subClassOf* culpa:Norm . ?i skos:prefLabel ?label } GROUP BY ?i ?label""")
    missing = [r["label"].value for r in rows
               if not {cell(__import__("pyoxigraph").NamedNode(n)) for n in r["norms"].value.split()} & referenced]
    assert not missing, f"instruments without a competency case: {missing}"
