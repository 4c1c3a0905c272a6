"""Every culpa IRI dereferences: HTML for browsers, RDF by Accept (q-values honoured), ?format=."""
from __future__ import annotations

import pytest
import rdflib

from culpa.negotiation import best_match

NORM = "/id/norm/eu-aiact-art-26-5-inform-of-serious-incident"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8"


@pytest.mark.parametrize("accept, media", [
    (BROWSER, "text/html"),
    ("text/turtle", "text/turtle"),
    ("application/ld+json", "application/ld+json"),
    ("application/rdf+xml", "application/rdf+xml"),
    ("application/n-triples", "application/n-triples"),
    ("text/turtle;q=0.5, application/ld+json;q=0.9", "application/ld+json"),
    ("application/rdf+xml;q=0.2, text/html;q=0.1", "application/rdf+xml"),
    ("*/*", "text/html"),
    ("text/*", "text/html"),
    (None, "text/html"),
])
def test_resource_negotiation(client, accept, media):
    response = client.get(NORM, headers={"Accept": accept} if accept else {})
    assert response.status_code == 200
    assert response.mimetype == media
    assert "Accept" in response.headers.get("Vary", "")


@pytest.mark.parametrize("fmt, parser", [("ttl", "turtle"), ("jsonld", "json-ld"), ("xml", "xml"), ("nt", "nt")])
def test_format_fallback_parses(client, fmt, parser):
    data = client.get(f"{NORM}?format={fmt}").data
    graph = rdflib.Graph().parse(data=data, format=parser)
    subject = rdflib.URIRef("https://w3id.org/culpa/id/norm/eu-aiact-art-26-5-inform-of-serious-incident")
    assert (subject, rdflib.URIRef("https://w3id.org/culpa/ontology#bindsRole"),
            rdflib.URIRef("https://w3id.org/culpa/id/role/eu-aiact-deployer")) in graph


def test_unacceptable_is_406(client):
    assert client.get(NORM, headers={"Accept": "image/png"}).status_code == 406


def test_html_page_links_alternates(client):
    page = client.get(NORM).get_data(as_text=True)
    assert 'rel="alternate" type="text/turtle"' in page


@pytest.mark.parametrize("header, offers, expected", [
    ("a/b;q=0.1, c/d", ["a/b", "c/d"], "c/d"),
    ("a/*;q=0.3, a/b;q=0", ["a/b", "a/c"], "a/c"),
    ("a/b;q=abc", ["a/b"], None),
    ("", ["x/y"], "x/y"),
    ("garbage", ["x/y"], None),
])
def test_best_match(header, offers, expected):
    assert best_match(header, offers) == expected
