"""Injected script stays inert in every page; downloaded cells cannot run as spreadsheet formulas."""
from __future__ import annotations

import io

import pytest

from culpa.web.duties import xlsx

SCRIPT = '<script>alert("x")</script>'


@pytest.mark.parametrize("url", [
    f"/search?q={SCRIPT}",
    f"/duties?role={SCRIPT}",
    f"/duties?role=deployer&topic={SCRIPT}",
    f"/resource?iri=urn:x:{SCRIPT}",
    f"/queries/duties?role={SCRIPT}&jurisdiction=EU&asOf=2026-11-26",
    f"/compare?role={SCRIPT}",
    f"/timeline?asOf={SCRIPT}",
    f"/id/{SCRIPT}",
])
def test_script_is_rendered_inert(client, url):
    response = client.get(url)
    body = response.get_data(as_text=True)
    assert SCRIPT not in body
    assert "<script>alert" not in body
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_api_echo_is_json_never_html(client):
    response = client.get(f"/api/duties?role={SCRIPT}")
    assert response.status_code == 400 and response.mimetype == "application/json"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_search_echoes_text_escaped(client):
    body = client.get(f"/search?q={SCRIPT}").get_data(as_text=True)
    assert "&lt;script&gt;" in body


def test_csv_download_cannot_start_a_formula(client, monkeypatch):
    from culpa.web import duties

    class Fake:
        def __init__(self, v):
            self.value = v

    monkeypatch.setattr(duties, "find", lambda filters: [{"label": Fake('=HYPERLINK("http://evil")'), "article": Fake("+1"),
                                                           "norm": Fake("https://w3id.org/culpa/id/norm/x")}])
    text = client.get("/duties.csv?role=deployer").get_data(as_text=True)
    assert "'=HYPERLINK" in text and ",'+1," in text
    assert '\n=HYPERLINK' not in text


def test_xlsx_cells_are_text_not_formulas():
    from openpyxl import load_workbook

    data = xlsx(["a", "b"], [['=cmd|" /C calc"!A0', "@SUM(1)"]])
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet["A2"].data_type == "s" and sheet["A2"].value.startswith("=cmd")
    assert sheet["B2"].data_type == "s"


def test_oversized_request_is_413(client):
    response = client.post("/sparql", data="#" * (2 << 20), content_type="application/sparql-query")
    assert response.status_code == 413
