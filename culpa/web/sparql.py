"""A SPARQL 1.1 Protocol endpoint over the KB: GET, form POST and direct POST; q-value negotiation
of result formats; 400 with the parser's message, 405/406/415 where the protocol says; read-only;
a hard deadline per query and a row cap the response signals; CORS with preflight; a service
description on a bare GET.
"""
from __future__ import annotations

from flask import Blueprint, Response, current_app, request

from ..executor import QueryExecutor, QueryFailed, QueryTimeout
from ..formats import RDF_FORMATS
from ..negotiation import best_match
from ..sparql_guard import Refused, check_read_only
from .service_description import service_description

bp = Blueprint("sparql", __name__)

SELECT_OFFERS = {
    "application/sparql-results+json": "json", "application/json": "json",
    "application/sparql-results+xml": "xml", "application/xml": "xml",
    "text/csv": "csv", "text/tab-separated-values": "tsv",
}
GRAPH_OFFERS = {f.media_type: name for name, f in RDF_FORMATS.items() if not f.quads}
GRAPH_OFFERS["application/json"] = "jsonld"
CORS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
    "Access-Control-Allow-Headers": "Content-Type, Accept",
    "Access-Control-Expose-Headers": "X-Culpa-Truncated, X-Culpa-Row-Cap",
    "Access-Control-Max-Age": "86400",
}


def _executor() -> QueryExecutor:
    app = current_app
    if "culpa.executor" not in app.extensions:
        app.extensions["culpa.executor"] = QueryExecutor(
            workers=app.config["SPARQL_WORKERS"], deadline=app.config["SPARQL_DEADLINE"],
            row_cap=app.config["SPARQL_ROW_CAP"], root=app.config.get("KB_ROOT"),
            store=getattr(app.extensions["culpa.kb"], "settings", None),  # an external store, if any
        )
    return app.extensions["culpa.executor"]


def _text(message: str, status: int, extra: dict | None = None) -> Response:
    return Response(message.rstrip() + "\n", status=status, mimetype="text/plain", headers={**CORS, **(extra or {})})


@bp.route("/sparql", methods=["OPTIONS"])
def preflight():
    return Response(status=204, headers=CORS)


@bp.route("/sparql", methods=["PUT", "DELETE", "PATCH"])
def not_allowed():
    return _text("the SPARQL endpoint accepts GET and POST", 405, {"Allow": "GET, POST, OPTIONS"})


@bp.route("/sparql", methods=["GET", "POST"])
def endpoint():
    query, problem = _read_request()
    if problem:
        return problem
    if query is None:
        return service_description(request, CORS)
    try:
        check_read_only(query)
    except Refused as exc:
        return _text(str(exc), 403 if "read-only" in str(exc) else 400)
    accept = request.headers.get("Accept")
    select_choice = best_match(accept, list(SELECT_OFFERS))
    graph_choice = best_match(accept, list(GRAPH_OFFERS))
    if select_choice is None and graph_choice is None:
        return _text("none of the result formats is acceptable; offered: " + ", ".join(list(SELECT_OFFERS) + list(GRAPH_OFFERS)), 406)
    kinds = {
        "select": (SELECT_OFFERS[select_choice or "application/sparql-results+json"], select_choice or "application/sparql-results+json"),
        "ask": (SELECT_OFFERS[select_choice or "application/sparql-results+json"], select_choice or "application/sparql-results+json"),
        "graph": (GRAPH_OFFERS[graph_choice or "text/turtle"], graph_choice or "text/turtle"),
    }
    try:
        answer = _executor().run(query, kinds)
    except QueryTimeout as exc:
        return _text(str(exc), 503, {"Retry-After": "1"})
    except QueryFailed as exc:
        return _text(str(exc), 400)
    headers = {**CORS, "Vary": "Accept", "X-Culpa-Row-Cap": str(current_app.config["SPARQL_ROW_CAP"])}
    if answer.truncated:
        headers["X-Culpa-Truncated"] = "true"
        headers["Warning"] = f'199 culpa "result cut at {current_app.config["SPARQL_ROW_CAP"]} rows"'
    media = answer.media_type
    if media.startswith("text/") or media.endswith("json") or media.endswith("xml"):
        media += "; charset=utf-8"
    return Response(answer.body, status=200, headers={**headers, "Content-Type": media})


def _read_request():
    """(query or None, error response or None) from GET, form POST or direct POST."""
    if request.method == "GET":
        if "update" in request.args:
            return None, _text("this endpoint is read-only; SPARQL updates are not accepted", 403)
        queries = request.args.getlist("query")
    else:
        ctype = (request.mimetype or "").lower()
        if ctype == "application/x-www-form-urlencoded":
            if "update" in request.form:
                return None, _text("this endpoint is read-only; SPARQL updates are not accepted", 403)
            queries = request.form.getlist("query")
        elif ctype == "application/sparql-query":
            queries = [request.get_data(as_text=True)]
        elif ctype == "application/sparql-update":
            return None, _text("this endpoint is read-only; SPARQL updates are not accepted", 403)
        else:
            return None, _text(f"unsupported content type {ctype or '(none)'!r}; use application/x-www-form-urlencoded "
                               "or application/sparql-query", 415)
        if not queries or not queries[0].strip():
            return None, _text("a POST needs a query", 400)
    if len(queries) > 1:
        return None, _text("give exactly one query parameter", 400)
    if request.args.getlist("default-graph-uri") or request.args.getlist("named-graph-uri"):
        return None, _text("default-graph-uri and named-graph-uri are not supported: the default graph is the union of all graphs", 400)
    return (queries[0] if queries else None), None
