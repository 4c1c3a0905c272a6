"""The endpoint's SPARQL 1.1 Service Description, built as a graph and served by negotiation."""
from __future__ import annotations

import pyoxigraph as ox
from flask import Response, render_template, url_for

from ..formats import RDF_FORMATS
from ..namespaces import GRAPH
from ..negotiation import best_match

SD = "http://www.w3.org/ns/sparql-service-description#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def description_graph(endpoint: str) -> list[ox.Triple]:
    n = ox.NamedNode
    service = n(endpoint)
    dataset = ox.BlankNode()
    default = ox.BlankNode()
    triples = [
        ox.Triple(service, RDF_TYPE, n(SD + "Service")),
        ox.Triple(service, n(SD + "endpoint"), service),
        ox.Triple(service, n(SD + "supportedLanguage"), n(SD + "SPARQL11Query")),
        ox.Triple(service, n(SD + "feature"), n(SD + "UnionDefaultGraph")),
        ox.Triple(service, n(SD + "defaultDataset"), dataset),
        ox.Triple(dataset, RDF_TYPE, n(SD + "Dataset")),
        ox.Triple(dataset, n(SD + "defaultGraph"), default),
        ox.Triple(default, RDF_TYPE, n(SD + "Graph")),
        ox.Triple(service, n("http://www.w3.org/2000/01/rdf-schema#comment"),
                  ox.Literal("culpa SPARQL endpoint: read-only; the default graph is the union of the named graphs "
                             f"{GRAPH}...; each query has a deadline and a row cap.", language="en")),
    ]
    for fmt in ("http://www.w3.org/ns/formats/SPARQL_Results_JSON", "http://www.w3.org/ns/formats/SPARQL_Results_XML",
                "http://www.w3.org/ns/formats/SPARQL_Results_CSV", "http://www.w3.org/ns/formats/SPARQL_Results_TSV",
                "http://www.w3.org/ns/formats/Turtle", "http://www.w3.org/ns/formats/N-Triples",
                "http://www.w3.org/ns/formats/JSON-LD", "http://www.w3.org/ns/formats/RDF_XML"):
        triples.append(ox.Triple(service, n(SD + "resultFormat"), n(fmt)))
    return triples


def service_description(request, cors: dict) -> Response:
    offers = ["text/html"] + [f.media_type for f in RDF_FORMATS.values() if not f.quads]
    choice = best_match(request.headers.get("Accept"), offers[1:] + ["text/html"]) if request.headers.get("Accept") else "text/turtle"
    if choice is None:
        return Response("no acceptable format for the service description\n", 406, mimetype="text/plain", headers=cors)
    endpoint = url_for("sparql.endpoint", _external=True)
    if choice == "text/html":
        return Response(render_template("query_library/endpoint.html", endpoint=endpoint), mimetype="text/html", headers=cors)
    fmt = next(f for f in RDF_FORMATS.values() if f.media_type == choice)
    return Response(ox.serialize(description_graph(endpoint), format=fmt.ox_format), mimetype=choice,
                    headers={**cors, "Vary": "Accept"})
