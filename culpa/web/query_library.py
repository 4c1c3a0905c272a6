"""The query library (every named query with a form, results and downloads) and the SPARQL editor."""
from __future__ import annotations

import json

from flask import Blueprint, Response, abort, render_template, request

from ..errors import CulpaError
from ..namespaces import PREFIXES
from ..queries import catalogue, run
from ..render import TABULAR_FORMATS, render
from .common import kb

bp = Blueprint("query_library", __name__)


@bp.get("/queries")
def index():
    return render_template("query_library/index.html", queries=list(catalogue().values()))


@bp.get("/queries/<name>")
def one(name: str):
    queries = catalogue()
    if name not in queries:
        abort(404, description=f"no named query {name!r}")
    query = queries[name]
    values = {p.name: request.args.get(p.name, "").strip() for p in query.params}
    submitted = any(values.values()) or not query.params or request.args.get("run")
    result, error = None, None
    if submitted:
        try:
            result = run(kb(), query, {k: v for k, v in values.items() if v})
        except CulpaError as exc:
            error = exc.message
    fmt = request.args.get("format")
    if fmt and result is not None:
        if fmt not in TABULAR_FORMATS or fmt == "table":
            abort(400, description=f"unknown format {fmt!r}; use csv, tsv or json")
        media = {"csv": "text/csv", "tsv": "text/tab-separated-values", "json": "application/json"}[fmt]
        return Response(render(result, fmt), mimetype=media,
                        headers={"Content-Disposition": f'attachment; filename="{name}.{fmt}"'})
    status = 400 if error else 200
    return render_template("query_library/query.html", query=query, values=values, result=result, error=error), status


@bp.get("/editor")
def editor():
    examples = [{"name": q.title, "query": _with_prefixes(q.text)} for q in catalogue().values() if not q.params]
    examples.insert(0, {"name": "Deployer duties in the EU", "query": _with_prefixes(EXAMPLE)})
    return render_template("query_library/editor.html", prefixes=json.dumps(PREFIXES), examples=examples)


EXAMPLE = """SELECT ?norm ?label ?article WHERE {
  ?norm culpa:bindsRole/skos:broader* role:deployer ;
        skos:prefLabel ?label ;
        culpa:derivedFrom/skos:notation ?article .
} ORDER BY ?article LIMIT 50"""


def _with_prefixes(text: str) -> str:
    body = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
    used = [p for p in PREFIXES if f"{p}:" in body]
    return "".join(f"PREFIX {p}: <{PREFIXES[p]}>\n" for p in used) + body.strip() + "\n"
