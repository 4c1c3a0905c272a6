"""The JSON API behind the duties finder, documented by an OpenAPI description."""
from __future__ import annotations

from flask import Blueprint, jsonify, render_template, request, url_for

from .. import __version__
from ..render import raw
from .common import memo_page
from .duties import COLUMNS, find, read_filters

bp = Blueprint("api", __name__, url_prefix="/api")


@bp.get("/duties")
@memo_page
def duties():
    filters = read_filters(request.args)
    rows = find(filters)
    return jsonify({
        "filters": filters,
        "count": len(rows),
        "duties": [{c: raw(r.get(c)) for c in COLUMNS if r.get(c) is not None} for r in rows],
        "notice": "Duties as modelled from the legal texts; not legal advice.",
    })


@bp.get("/openapi.json")
def openapi():
    param = lambda name, desc, many=False, example=None: {  # noqa: E731
        "name": name, "in": "query", "required": False, "description": desc,
        "schema": {"type": "array", "items": {"type": "string"}} if many else {"type": "string"},
        **({"example": example} if example else {}),
    }
    duty = {"type": "object", "properties": {c: {"type": "string"} for c in COLUMNS}}
    return jsonify({
        "openapi": "3.0.3",
        "info": {"title": "culpa API", "version": __version__,
                 "description": "Duties of a role in one or more jurisdictions as of a date. Not legal advice."},
        "servers": [{"url": url_for("home.index", _external=True).rstrip("/")}],
        "paths": {
            "/api/duties": {"get": {
                "summary": "Duties binding a role, as of a date",
                "parameters": [
                    param("role", "role key, label or IRI (default deployer)", example="deployer"),
                    param("jurisdiction", "ISO code or IRI; repeat for several (default EU)", True, ["EU"]),
                    param("asOf", "YYYY-MM-DD (default today)", example="2026-11-26"),
                    param("topic", "only duties on this topic", example="cybersecurity"),
                    param("threat", "only duties addressing this attack (key, label, ATLAS id)", example="data-poisoning"),
                    param("force", "binding or voluntary"),
                    param("act", "only duties of this instrument (label or IRI)", example="AI Act"),
                ],
                "responses": {
                    "200": {"description": "the duties", "content": {"application/json": {"schema": {
                        "type": "object", "properties": {"count": {"type": "integer"}, "filters": {"type": "object"},
                                                         "duties": {"type": "array", "items": duty}, "notice": {"type": "string"}}}}}},
                    "400": {"description": "a filter value is unknown or malformed; the message lists valid choices",
                            "content": {"application/json": {"schema": {"type": "object", "properties": {
                                "error": {"type": "string"}, "status": {"type": "integer"}, "message": {"type": "string"}}}}}},
                },
            }},
        },
    })


@bp.get("/")
def docs():
    return render_template("api/docs.html")
