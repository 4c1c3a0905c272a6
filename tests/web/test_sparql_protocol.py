"""The SPARQL 1.1 Protocol endpoint: operations, result formats, errors, read-only, deadline, cap, CORS."""
from __future__ import annotations

import csv
import io
import json

import pytest
import rdflib

from culpa.web import create_app

SELECT = "SELECT ?code WHERE { ?j a culpa:Jurisdiction ; skos:notation ?code } ORDER BY ?code"
CONSTRUCT = "CONSTRUCT { ?j skos:notation ?code } WHERE { ?j a culpa:Jurisdiction ; skos:notation ?code }"
ASK = "ASK { jur:DE culpa:withinJurisdiction jur:EU }"
FORM = "application/x-www-form-urlencoded"


def codes_from_json(data: bytes) -> list[str]:
    return [b["code"]["value"] for b in json.loads(data)["results"]["bindings"]]


def test_get(client):
    response = client.get("/sparql", query_string={"query": SELECT})
    assert response.status_code == 200
    assert response.mimetype == "application/sparql-results+json"
    assert "EU" in codes_from_json(response.data) and "US-CO" in codes_from_json(response.data)


def test_form_post(client):
    response = client.post("/sparql", data={"query": SELECT}, content_type=FORM)
    assert response.status_code == 200 and "GB" in codes_from_json(response.data)


def test_direct_post(client):
    response = client.post("/sparql", data=SELECT, content_type="application/sparql-query")
    assert response.status_code == 200 and "SG" in codes_from_json(response.data)


@pytest.mark.parametrize("accept, media", [
    ("application/sparql-results+json", "application/sparql-results+json"),
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv", "text/csv"),
    ("text/tab-separated-values", "text/tab-separated-values"),
    ("application/json", "application/json"),
    ("text/csv;q=0.4, application/sparql-results+xml;q=0.8", "application/sparql-results+xml"),
    ("*/*", "application/sparql-results+json"),
])
def test_select_formats(client, accept, media):
    response = client.get("/sparql", query_string={"query": SELECT}, headers={"Accept": accept})
    assert response.status_code == 200 and response.mimetype == media
    if media == "text/csv":
        rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
        assert rows[0] == ["code"] and ["EU"] in rows


def test_select_xml_is_valid_results_xml(client):
    import xml.etree.ElementTree as ET

    data = client.get("/sparql", query_string={"query": SELECT}, headers={"Accept": "application/sparql-results+xml"}).data
    root = ET.fromstring(data)
    ns = "{http://www.w3.org/2005/sparql-results#}"
    assert root.tag == ns + "sparql" and root.find(f"{ns}results/{ns}result") is not None


@pytest.mark.parametrize("accept, media, parser", [
    ("text/turtle", "text/turtle", "turtle"),
    ("application/n-triples", "application/n-triples", "nt"),
    ("application/ld+json", "application/ld+json", "json-ld"),
    ("application/rdf+xml", "application/rdf+xml", "xml"),
    ("application/rdf+xml;q=0.5, text/turtle;q=0.9", "text/turtle", "turtle"),
])
def test_graph_formats(client, accept, media, parser):
    response = client.get("/sparql", query_string={"query": CONSTRUCT}, headers={"Accept": accept})
    assert response.status_code == 200 and response.mimetype == media
    graph = rdflib.Graph().parse(data=response.data, format=parser)
    assert len(graph) >= 13


def test_ask(client):
    body = client.get("/sparql", query_string={"query": ASK}).get_json()
    assert body["boolean"] is True


def test_parse_error_is_400_with_the_message(client):
    response = client.get("/sparql", query_string={"query": "SELECT ?x WHERE { ?x"})
    assert response.status_code == 400
    assert "parse" in response.get_data(as_text=True).lower()


@pytest.mark.parametrize("method, kwargs, status", [
    ("put", {"data": SELECT, "content_type": "application/sparql-query"}, 405),
    ("delete", {}, 405),
    ("post", {"data": SELECT, "content_type": "text/plain"}, 415),
    ("post", {"data": "<x/>", "content_type": "application/xml"}, 415),
    ("post", {"data": "", "content_type": "application/sparql-query"}, 400),
    ("get", {"headers": {"Accept": "image/png"}, "query_string": {"query": SELECT}}, 406),
    ("get", {"query_string": [("query", SELECT), ("query", SELECT)]}, 400),
    ("get", {"query_string": {"query": SELECT, "default-graph-uri": "http://example.org/g"}}, 400),
])
def test_protocol_errors(client, method, kwargs, status):
    response = getattr(client, method)("/sparql", **kwargs)
    assert response.status_code == status, response.data
    if status == 405:
        assert "GET" in response.headers["Allow"]


@pytest.mark.parametrize("request_kwargs", [
    {"method": "POST", "data": "INSERT DATA { <a:b> <a:c> <a:d> }", "content_type": "application/sparql-update"},
    {"method": "POST", "data": {"update": "INSERT DATA { <a:b> <a:c> <a:d> }"}, "content_type": FORM},
    {"method": "GET", "query_string": {"update": "CLEAR ALL"}},
    {"method": "GET", "query_string": {"query": "DELETE WHERE { ?s ?p ?o }"}},
])
def test_updates_refused(client, request_kwargs):
    response = client.open("/sparql", **request_kwargs)
    assert response.status_code == 403
    assert "read-only" in response.get_data(as_text=True)
    assert client.get("/sparql", query_string={"query": ASK}).get_json()["boolean"] is True


def test_service_refused_but_keyword_in_text_is_fine(client):
    federated = "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"
    assert client.get("/sparql", query_string={"query": federated}).status_code == 400
    harmless = 'SELECT ?l WHERE { ?x skos:prefLabel ?l FILTER(CONTAINS(?l, "SERVICE level")) } # LOAD in a comment'
    assert client.get("/sparql", query_string={"query": harmless}).status_code == 200


def test_service_description_on_bare_get(client):
    response = client.get("/sparql", headers={"Accept": "text/turtle"})
    assert response.status_code == 200 and response.mimetype == "text/turtle"
    graph = rdflib.Graph().parse(data=response.data, format="turtle")
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    assert any(graph.triples((None, rdflib.RDF.type, sd.Service)))
    assert client.get("/sparql", headers={"Accept": "text/html"}).mimetype == "text/html"


def test_cors_and_preflight(client):
    preflight = client.options("/sparql", headers={"Origin": "https://example.org", "Access-Control-Request-Method": "POST"})
    assert preflight.status_code == 204
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
    assert client.get("/sparql", query_string={"query": ASK}).headers["Access-Control-Allow-Origin"] == "*"


def test_row_cap_is_signalled(kb):
    app = create_app({"TESTING": True, "KB": kb, "SPARQL_ROW_CAP": 5})
    try:
        response = app.test_client().get("/sparql", query_string={"query": "SELECT ?s WHERE { ?s a culpa:Provision }"})
        assert response.status_code == 200
        assert len(json.loads(response.data)["results"]["bindings"]) == 5
        assert response.headers["X-Culpa-Truncated"] == "true"
        small = app.test_client().get("/sparql", query_string={"query": "SELECT ?s WHERE { ?s a culpa:Jurisdiction } LIMIT 3"})
        assert "X-Culpa-Truncated" not in small.headers
    finally:
        app.extensions["culpa.executor"].close()


RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def test_runaway_query_is_stopped_and_the_worker_replaced(kb):
    app = create_app({"TESTING": True, "KB": kb, "SPARQL_DEADLINE": 1.0})
    client = app.test_client()
    try:
        response = client.get("/sparql", query_string={"query": RUNAWAY})
        assert response.status_code == 503
        assert "deadline" in response.get_data(as_text=True)
        executor = app.extensions["culpa.executor"]
        assert executor.killed == 1
        again = client.get("/sparql", query_string={"query": ASK})
        assert again.status_code == 200 and again.get_json()["boolean"] is True
    finally:
        app.extensions["culpa.executor"].close()
