"""Whole-KB dumps with checksums, and the VoID description of the dataset."""
from __future__ import annotations

import hashlib

import pyoxigraph as ox
from flask import Blueprint, Response, abort, current_app, render_template, url_for

from ..formats import RDF_FORMATS
from ..export import serialise
from ..namespaces import INFERRED_GRAPH
from .common import kb, rdf_format_for_request, support
from .duties import COLUMNS, HEADINGS, csv_table, xlsx

bp = Blueprint("downloads", __name__)

DUMPS = {
    "culpa.trig": ("trig", False), "culpa.nq": ("nq", False), "culpa.ttl": ("ttl", False),
    "culpa.jsonld": ("jsonld", False), "culpa-ontology.rdf": ("xml", True),
}
TABLE_DUMPS = {"culpa-duties.csv", "culpa-duties.xlsx"}


def _dump_bytes(name: str) -> tuple[bytes, str]:
    cache = current_app.extensions.setdefault("culpa.dumps", {})
    if name not in cache:
        if name in DUMPS:
            fmt_name, ontology_only = DUMPS[name]
            fmt = RDF_FORMATS[fmt_name]
            graphs = [s.graph for s in kb().sources if not ontology_only or s.relative.startswith("ontology/")]
            if not ontology_only:
                graphs.append(ox.NamedNode(INFERRED_GRAPH))
            cache[name] = (serialise(kb().store, graphs, fmt), fmt.media_type)
        elif name in TABLE_DUMPS:
            rows = _all_duties()
            table = [[(r.get(c).value if r.get(c) is not None else "") for c in COLUMNS] for r in rows]
            if name.endswith(".xlsx"):
                cache[name] = (xlsx([HEADINGS[c] for c in COLUMNS], table),
                               "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            else:
                cache[name] = (csv_table([HEADINGS[c] for c in COLUMNS], table).encode(), "text/csv")
        else:
            abort(404, description=f"no dump {name!r}")
    return cache[name]


def _all_duties():
    return support("all-duties").rows


@bp.get("/dumps/")
def index():
    files = []
    for name in list(DUMPS) + sorted(TABLE_DUMPS):
        body, media = _dump_bytes(name)
        files.append({"name": name, "media": media, "size": len(body), "sha256": hashlib.sha256(body).hexdigest()})
    return render_template("downloads/index.html", files=files)


@bp.get("/dumps/<name>")
def dump(name: str):
    body, media = _dump_bytes(name)
    return Response(body, mimetype=media, headers={"Content-Disposition": f'attachment; filename="{name}"',
                                                    "Digest": "sha-256=" + _b64sha(body)})


@bp.get("/dumps/SHA256SUMS")
def checksums():
    lines = [f"{hashlib.sha256(_dump_bytes(n)[0]).hexdigest()}  {n}" for n in list(DUMPS) + sorted(TABLE_DUMPS)]
    return Response("\n".join(lines) + "\n", mimetype="text/plain")


def _b64sha(body: bytes) -> str:
    import base64

    return base64.b64encode(hashlib.sha256(body).digest()).decode()


@bp.get("/.well-known/void")
def void():
    n = ox.NamedNode
    void_ns = "http://rdfs.org/ns/void#"
    dct = "http://purl.org/dc/terms/"
    rdf_type = n("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    ds = n(url_for("downloads.void", _external=True) + "#culpa")
    counts = support("counts").rows[0]
    triples = [
        ox.Triple(ds, rdf_type, n(void_ns + "Dataset")),
        ox.Triple(ds, n(dct + "title"), ox.Literal("culpa knowledge base", language="en")),
        ox.Triple(ds, n(dct + "description"), ox.Literal(
            "Duties, liability rules and incident reasoning for AI systems that fail through cyberattacks. Not legal advice.", language="en")),
        ox.Triple(ds, n(dct + "license"), n("https://creativecommons.org/licenses/by/4.0/")),
        ox.Triple(ds, n(void_ns + "sparqlEndpoint"), n(url_for("sparql.endpoint", _external=True))),
        ox.Triple(ds, n(void_ns + "uriSpace"), ox.Literal("https://w3id.org/culpa/id/")),
        ox.Triple(ds, n(void_ns + "vocabulary"), n("https://w3id.org/culpa/ontology#")),
        ox.Triple(ds, n(void_ns + "triples"), ox.Literal(str(len(kb().union_triples())), datatype=n("http://www.w3.org/2001/XMLSchema#integer"))),
        ox.Triple(ds, n(void_ns + "entities"), ox.Literal(str(int(counts["norms"].value)), datatype=n("http://www.w3.org/2001/XMLSchema#integer"))),
    ]
    if counts.get("lastReview") is not None:
        triples.append(ox.Triple(ds, n(dct + "modified"), counts["lastReview"]))
    for name in DUMPS:
        triples.append(ox.Triple(ds, n(void_ns + "dataDump"), n(url_for("downloads.dump", name=name, _external=True))))
    fmt = rdf_format_for_request(default_html=False) or RDF_FORMATS["ttl"]
    return Response(ox.serialize(triples, format=fmt.ox_format), mimetype=fmt.media_type, headers={"Vary": "Accept"})
