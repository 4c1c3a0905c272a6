"""Against a real `culpa serve` (gunicorn): a real SPARQL client, and a runaway query that is cut at
the deadline while other requests keep being served."""
from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

pytestmark = pytest.mark.slow


def test_sparqlwrapper_select_and_construct(live_server):
    from SPARQLWrapper import JSON, TURTLE, SPARQLWrapper

    client = SPARQLWrapper(live_server + "/sparql")
    client.setQuery("PREFIX culpa: <https://w3id.org/culpa/ontology#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
                    "SELECT ?code WHERE { ?j a culpa:Jurisdiction ; skos:notation ?code }")
    client.setReturnFormat(JSON)
    codes = {b["code"]["value"] for b in client.query().convert()["results"]["bindings"]}
    assert {"EU", "DE", "US-CO", "GB", "SG", "IN"} <= codes
    client.setQuery("CONSTRUCT { ?j a <https://w3id.org/culpa/ontology#Jurisdiction> } WHERE { ?j a <https://w3id.org/culpa/ontology#Jurisdiction> }")
    client.setReturnFormat(TURTLE)
    client.setMethod("POST")
    import rdflib

    graph = rdflib.Graph().parse(data=client.query().convert(), format="turtle")
    assert (rdflib.URIRef("https://w3id.org/culpa/id/jurisdiction/EU"), rdflib.RDF.type,
            rdflib.URIRef("https://w3id.org/culpa/ontology#Jurisdiction")) in graph


def test_rdflib_sparqlstore(live_server):
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    store = SPARQLStore(live_server + "/sparql")
    rows = list(store.query("ASK { <https://w3id.org/culpa/id/jurisdiction/DE> <https://w3id.org/culpa/ontology#withinJurisdiction> "
                            "<https://w3id.org/culpa/id/jurisdiction/EU> }"))
    assert rows == [True]


def test_slow_query_is_cut_while_others_are_served(live_server):
    runaway = urllib.parse.urlencode({"query": "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"})
    outcome = {}

    def slow():
        started = time.monotonic()
        try:
            urllib.request.urlopen(f"{live_server}/sparql?{runaway}", timeout=30)
            outcome["status"] = 200
        except urllib.error.HTTPError as exc:
            outcome["status"] = exc.code
            outcome["body"] = exc.read().decode()
        outcome["seconds"] = time.monotonic() - started

    thread = threading.Thread(target=slow)
    thread.start()
    time.sleep(0.3)
    served = 0
    while thread.is_alive() and served < 50:
        with urllib.request.urlopen(f"{live_server}/api/duties?role=deployer&jurisdiction=EU&asOf=2026-11-26", timeout=10) as response:
            assert response.status == 200 and json.load(response)["count"] > 0
        served += 1
    thread.join(timeout=30)
    assert outcome["status"] == 503 and "deadline" in outcome["body"]
    assert outcome["seconds"] < 10
    assert served >= 1
    with urllib.request.urlopen(f"{live_server}/sparql?" + urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"}), timeout=10) as response:
        assert json.load(response)["boolean"] is True
