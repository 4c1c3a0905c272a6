"""Every page renders, says what it should, and refuses bad input with a 4xx page."""
from __future__ import annotations

import json

import pytest

NORM = "/id/norm/eu-aiact-art-26-5-inform-of-serious-incident"
AI_ACT = "http://data.europa.eu/eli/reg/2024/1689/oj"


@pytest.mark.parametrize("url, expected", [
    ("/", "Coverage by jurisdiction"),
    ("/duties?role=deployer&jurisdiction=EU&asOf=2026-11-26", "Art. 50(4)"),
    (NORM, "Art. 26(5)"),
    (f"/resource?iri={AI_ACT}", "AI Act"),
    ("/ontology", "culpa:bindsRole"),
    ("/matrix", "AI Act"),
    ("/compare?role=deployer&left=EU&right=GB", "Compare one role"),
    ("/timeline", "2027-12-02"),
    ("/roles", "AI deployer / integrator"),
    (f"/instrument?iri={AI_ACT}", "Art. 26"),
    ("/queries", "Duties of a role in a jurisdiction"),
    ("/queries/duties?role=deployer&jurisdiction=EU&asOf=2026-11-26", "query-results"),
    ("/editor", "yasgui.min.js"),
    ("/dumps/", "SHA-256"),
    ("/api/", "OpenAPI"),
    ("/search?q=poisoning", "data poisoning"),
])
def test_page(client, url, expected):
    response = client.get(url)
    assert response.status_code == 200, response.data[:500]
    assert response.mimetype == "text/html"
    assert expected in response.get_data(as_text=True)


def test_pages_say_not_legal_advice(client):
    for url in ("/", "/duties", NORM):
        assert "Not legal advice" in client.get(url).get_data(as_text=True)


def test_duties_shows_article_date_deadline_and_source(client):
    page = client.get("/duties?role=provider&jurisdiction=EU&asOf=2027-12-02").get_data(as_text=True)
    assert "Art. 73(2)" in page and "P15D" in page and "2027-12-02" in page
    assert "https://eur-lex.europa.eu/eli/reg/2024/1689/oj#art_73" in page


def test_duties_several_jurisdictions(client):
    page = client.get("/duties?role=deployer&jurisdiction=EU&jurisdiction=GB&asOf=2026-11-26").get_data(as_text=True)
    assert "in EU, GB" in page


def test_duties_none_yet_is_explained(client):
    page = client.get("/duties?role=distributor&jurisdiction=EU&asOf=2026-11-26&act=AI%20Act").get_data(as_text=True)
    assert "No duties of this role apply on 2026-11-26" in page and "2027-12-02" in page


def test_downloads_match_the_table(client):
    args = "role=deployer&jurisdiction=EU&asOf=2026-11-26&act=AI%20Act"
    shown = client.get(f"/api/duties?{args}").get_json()
    as_json = json.loads(client.get(f"/duties.json?{args}").data)
    as_csv = client.get(f"/duties.csv?{args}").get_data(as_text=True).strip().splitlines()
    assert shown["count"] == len(as_json) == len(as_csv) - 1 == 17
    from openpyxl import load_workbook
    import io

    sheet = load_workbook(io.BytesIO(client.get(f"/duties.xlsx?{args}").data)).active
    assert sheet.max_row == 18
    assert [c.value for c in sheet[1]][:3] == ["Jurisdiction", "Article", "Duty"]


@pytest.mark.parametrize("url, status, message", [
    ("/duties?role=nobody", 400, "unknown role"),
    ("/duties?role=deployer&asOf=2026-02-30", 400, "bad date"),
    ("/duties?role=deployer&topic=gardening", 400, "unknown topic"),
    ("/duties.docx?role=deployer", 404, "no download format"),
    ("/id/norm/no-such-norm", 404, "knows nothing"),
    ("/resource", 400, "?iri="),
    ("/resource?iri=not%20an%20iri", 400, "not an IRI"),
    ("/instrument", 400, "?iri="),
    ("/timeline?asOf=yesterday", 400, "bad as-of date"),
    ("/queries/nope", 404, "no named query"),
    ("/queries/duties?role=nobody&jurisdiction=EU&asOf=2026-11-26", 400, "unknown role"),
    (f"{NORM}?format=docx", 400, "unknown format"),
    ("/api/duties?role=nobody", 400, "valid choices"),
])
def test_bad_input_is_a_clear_4xx(client, url, status, message):
    response = client.get(url)
    assert response.status_code == status
    assert message in response.get_data(as_text=True)
    assert "Traceback" not in response.get_data(as_text=True)


def test_api_error_is_json(client):
    body = client.get("/api/duties?jurisdiction=XX").get_json()
    assert body["status"] == 400 and "unknown jurisdiction" in body["message"]


def test_openapi_describes_the_api(client):
    spec = client.get("/api/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    names = {p["name"] for p in spec["paths"]["/api/duties"]["get"]["parameters"]}
    assert {"role", "jurisdiction", "asOf", "topic", "threat", "force", "act"} <= names


def test_void(client):
    response = client.get("/.well-known/void", headers={"Accept": "text/turtle"})
    assert response.status_code == 200 and response.mimetype == "text/turtle"
    text = response.get_data(as_text=True)
    assert "void#Dataset" in text or "void:Dataset" in text
    assert "/sparql" in text and "/dumps/culpa.trig" in text


def test_dumps_and_checksums(client):
    import hashlib

    sums = dict(line.split("  ")[::-1] for line in client.get("/dumps/SHA256SUMS").get_data(as_text=True).splitlines())
    body = client.get("/dumps/culpa.nq").data
    assert hashlib.sha256(body).hexdigest() == sums["culpa.nq"]
    assert client.get("/dumps/culpa-ontology.rdf").status_code == 200
    assert client.get("/dumps/nothing.zip").status_code == 404
