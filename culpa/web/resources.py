"""A page for every IRI, and its RDF by content negotiation (Accept or ?format=)."""
from __future__ import annotations

import pyoxigraph as ox
from flask import Blueprint, Response, abort, redirect, render_template, request, url_for

from ..export import serialise
from ..formats import RDF_FORMATS
from ..namespaces import CULPA, ID, PREFIXES
from ..queries import construct_support
from .common import kb, rdf_format_for_request, support, memo_page

bp = Blueprint("resources", __name__)

SKOS = PREFIXES["skos"]
DCT = PREFIXES["dcterms"]
RDF_TYPE = PREFIXES["rdf"] + "type"


@bp.get("/id/<path:rest>")
@memo_page
def by_path(rest: str):
    return describe(ID + rest)


@bp.get("/resource")
@memo_page
def by_iri():
    iri = (request.args.get("iri") or "").strip()
    if not iri:
        abort(400, description="give the resource as ?iri=")
    if iri.startswith(ID):
        return redirect(url_for("resources.by_path", rest=iri[len(ID):], **{k: v for k, v in request.args.items() if k != "iri"}), 303)
    return describe(iri)


@bp.get("/ontology")
@memo_page
def ontology():
    fmt = rdf_format_for_request()
    graphs = [s.graph for s in kb().sources if s.relative.startswith("ontology/")]
    if fmt is not None:
        return Response(serialise(kb().store, graphs, fmt), mimetype=fmt.media_type, headers={"Vary": "Accept"})
    terms = support("ontology-terms").rows
    return render_template("resources/ontology.html", terms=terms, formats=_formats())


def describe(iri: str):
    if any(c in iri for c in '<>"{}|^`\\ ') or ":" not in iri:
        abort(400, description=f"not an IRI: {iri!r}")
    fmt = rdf_format_for_request()
    triples = construct_support(kb(), "describe", {"resource": iri})
    incoming = support("incoming", {"resource": iri}).rows
    if not triples and not incoming:
        abort(404, description=f"culpa knows nothing about {iri}")
    if fmt is not None:
        body = ox.serialize(triples, format=fmt.ox_format, **({"prefixes": PREFIXES} if fmt.name == "ttl" else {}))
        return Response(body, mimetype=fmt.media_type, headers={"Vary": "Accept"})
    outgoing = support("outgoing", {"resource": iri}).rows
    facts = _facts(outgoing)
    return render_template(
        "resources/resource.html",
        iri=iri, facts=facts, outgoing=outgoing, incoming=incoming,
        mappings=support("describe-mappings", {"resource": iri}).rows,
        formats=_formats(), is_ours=iri.startswith(ID),
    ), 200, {"Vary": "Accept"}


def _facts(rows) -> dict:
    """The headline facts of a resource page: label, definition, types, sources, notation."""
    facts: dict = {"types": [], "sources": [], "label": None, "definition": None, "notation": None, "scope": []}
    for row in rows:
        prop, value = row["property"].value, row["value"]
        if prop == SKOS + "prefLabel" and facts["label"] is None:
            facts["label"] = value.value
        elif prop == SKOS + "definition":
            facts["definition"] = value.value
        elif prop == SKOS + "notation":
            facts["notation"] = value.value
        elif prop in (SKOS + "scopeNote", SKOS + "editorialNote"):
            facts["scope"].append(value.value)
        elif prop == DCT + "source":
            facts["sources"].append(value.value)
        elif prop == RDF_TYPE:
            facts["types"].append(row)
    return facts


def _formats():
    return [(name, f.media_type) for name, f in RDF_FORMATS.items() if not f.quads]


__all__ = ["bp", "CULPA"]
