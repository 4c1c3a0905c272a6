"""Incident assessment in the web UI and the JSON API."""
from __future__ import annotations

import io
import json

from culpa.assess import MAX_BYTES, load_scenario


def test_case_page_shows_the_seed_outcome_and_diagram(client):
    page = client.get("/assess/optimind").get_data(as_text=True)
    assert 'id="assessment-diagram"' in page
    assert "Innovate AI Solutions: <span" in page and "LIABLE" in page
    assert "PARTIALLY LIABLE" in page  # DataStream Co.
    assert "Not legal advice" in page or "not legal advice" in page


def test_api_case(client):
    body = client.get("/api/assess/optimind").get_json()
    levels = {a["label"]: a["exposure"] for a in body["actors"]}
    assert levels["Innovate AI Solutions"] == "liable"
    assert levels["OptiMind Analytics"] == "liable"
    assert levels["DataStream Co."] == "partially liable"


def test_api_post_json(client):
    data = load_scenario("optimind-patched")
    body = client.post("/api/assess", json=data).get_json()
    levels = {a["label"]: a["exposure"] for a in body["actors"]}
    assert levels["Innovate AI Solutions"] != "liable"


def test_upload_page(client):
    data = json.dumps(load_scenario("optimind")).encode()
    response = client.post("/assess", data={"scenario": (io.BytesIO(data), "mine.json")}, content_type="multipart/form-data")
    assert response.status_code == 200 and "assessment-diagram" in response.get_data(as_text=True)


def test_bad_input(client):
    assert client.get("/assess/no-such-case").status_code == 404
    assert client.post("/api/assess", data="not json", content_type="text/plain").status_code == 400
    bad = load_scenario("optimind")
    bad["incident"]["threats"] = ["telepathy"]
    response = client.post("/api/assess", json=bad)
    assert response.status_code == 400 and "telepathy" in response.get_json()["message"]
    big = b"{" + b" " * (MAX_BYTES + 10) + b"}"
    response = client.post("/assess", data={"scenario": (io.BytesIO(big), "big.json")}, content_type="multipart/form-data")
    assert response.status_code == 413
    response = client.post("/assess", data={"scenario": (io.BytesIO(b"{broken"), "broken.json")}, content_type="multipart/form-data")
    assert response.status_code == 400 and "broken.json" in response.get_data(as_text=True)
