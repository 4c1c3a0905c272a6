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


BUILD = {"base": "optimind", "label": "OptiMind in GB", "jurisdiction": "GB", "incidentDate": "2028-01-15",
         "supply": "product", "placedOnMarket": "2027-12-15",
         "exploited-unpatched-library": "on", "exploited-cloud-misconfiguration": "on",
         "contribution-unpatched-library": "primary", "contribution-cloud-misconfiguration": "primary",
         "contribution-no-vendor-verification": "contributing", "contribution-weak-data-access": "contributing",
         "contract-licence": "on"}


def test_builder_form_lists_the_base_case_facts(client):
    page = client.get("/assess/build?base=optimind-cloud-host").get_data(as_text=True)
    assert 'name="exploited-cloud-misconfiguration"' in page and "Nimbus" not in page.split("<fieldset>")[0]
    assert "Misconfiguration of the cloud environment by the cloud host" in page
    assert client.get("/assess/build?base=nope").status_code == 400


def test_builder_assesses_the_changed_facts_and_returns_the_variant(client):
    page = client.post("/assess/build", data=BUILD).get_data(as_text=True)
    assert "UK GDPR" in page or "United Kingdom General Data Protection Regulation" in page
    assert '&#34;variant_of&#34;: &#34;optimind&#34;' in page or '"variant_of": "optimind"' in page
    assert "data-agreement" not in page.split('id="scenario-json"')[1].split("</details>")[0]  # contract left out


def test_builder_refuses_bad_values(client):
    for change, text in [({"jurisdiction": "XX"}, "jurisdiction"), ({"incidentDate": "2999-01-01"}, "out of range"),
                         ({"contribution-unpatched-library": "most"}, "contribution"), ({"supply": "gift"}, "supply")]:
        response = client.post("/assess/build", data={**BUILD, **change})
        assert response.status_code == 400 and text in response.get_data(as_text=True), change
    no_exploit = {k: v for k, v in BUILD.items() if not k.startswith("exploited")}
    assert client.post("/assess/build", data=no_exploit).status_code == 400


def test_api_accepts_a_variant_of_a_stored_case(client):
    body = client.post("/api/assess", json={"key": "mine", "label": "SG", "variant_of": "optimind",
                                            "changes": {"jurisdiction": "SG"}}).get_json()
    assert any(r["role"] == "role:sg-pdpa-2012-organisation" for a in body["actors"] for r in a["roles"])
    response = client.post("/api/assess", json={"key": "mine", "label": "x", "variant_of": "nope"})
    assert response.status_code == 400 and "no case 'nope'" in response.get_json()["message"]
