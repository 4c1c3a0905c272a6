"""SHACL validation: the shipped KB conforms; broken content is reported with file and resource."""
from __future__ import annotations

import re


def test_shipped_kb_conforms(cli):
    result = cli("validate")
    assert result.code == 0, result.out + result.err
    assert result.out.startswith("conforms")


def _first_norm_with_provision(path):
    text = path.read_text()
    match = re.search(r"^(obl:[\w-]+) a culpa:(Obligation|Prohibition|Recommendation|Permission)", text, re.M)
    assert match, f"no norm in {path}"
    return text, match.group(1)


def test_norm_without_provision_is_a_violation(cli, kb_copy):
    path = kb_copy / "kb" / "eu" / "ai-act.ttl"
    text, norm = _first_norm_with_provision(path)
    # drop every culpa:derivedFrom of that norm: a norm missing its provision
    block_start = text.index(f"{norm} a culpa:")
    block_end = text.index(" .\n", block_start)
    block = text[block_start:block_end]
    cleaned = re.sub(r"\n\s*culpa:derivedFrom [^;]+;", "", block)
    assert cleaned != block
    path.write_text(text[:block_start] + cleaned + text[block_end:])
    result = cli("validate", "--kb-root", str(kb_copy))
    assert result.code == 1
    line = next(l for l in result.out.splitlines() if norm in l and "derivedFrom" in l)
    assert line.startswith("kb/eu/ai-act.ttl: ")


def test_wrong_datatype_is_a_violation(cli, kb_copy):
    extra = kb_copy / "kb" / "bad-dates.ttl"
    extra.write_text(
        "@prefix culpa: <https://w3id.org/culpa/ontology#> .\n"
        "@prefix obl: <https://w3id.org/culpa/id/norm/> .\n"
        "@prefix provision: <https://w3id.org/culpa/id/provision/> .\n"
        "@prefix role: <https://w3id.org/culpa/id/role/> .\n"
        "@prefix jur: <https://w3id.org/culpa/id/jurisdiction/> .\n"
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        "@prefix dcterms: <http://purl.org/dc/terms/> .\n"
        "obl:test-norm a culpa:Obligation ; skos:prefLabel \"t\"@en ; skos:definition \"t\"@en ;\n"
        "  culpa:bindsRole role:deployer ; culpa:derivedFrom provision:eu-aiact-art-26 ; culpa:jurisdiction jur:EU ;\n"
        "  culpa:applicableFrom \"2 August 2026\" ; culpa:timeLimit \"15 days\" ;\n"
        "  dcterms:source <https://example.org/> ; culpa:reviewStatus culpa:Verified ; culpa:reviewedOn \"2026-11-26\"^^<http://www.w3.org/2001/XMLSchema#date> .\n"
    )
    result = cli("validate", "--kb-root", str(kb_copy))
    assert result.code == 1
    assert any("kb/bad-dates.ttl: obl:test-norm (culpa:applicableFrom)" in l for l in result.out.splitlines())
    assert any("kb/bad-dates.ttl: obl:test-norm (culpa:timeLimit)" in l for l in result.out.splitlines())


def test_unverified_needs_a_note(cli, kb_copy):
    roles = kb_copy / "kb" / "roles.ttl"
    text = roles.read_text().replace(
        'role:court a culpa:AuthorityRole ; skos:inScheme role: ;',
        'role:court a culpa:AuthorityRole ; skos:inScheme role: ; culpa:reviewStatus culpa:Unverified ;',
    ).replace('skos:definition "A court hearing a claim for compensation, which may order disclosure of evidence."@en ;\n    dcterms:source src:seed-guide ; culpa:reviewStatus culpa:Verified ;',
              'skos:definition "A court hearing a claim for compensation, which may order disclosure of evidence."@en ;\n    dcterms:source src:seed-guide ;')
    roles.write_text(text)
    result = cli("validate", "--kb-root", str(kb_copy))
    assert result.code == 1
    assert "kb/roles.ttl: role:court" in result.out and "editorialNote" in result.out
