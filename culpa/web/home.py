"""Home: what the KB covers, and search."""
from __future__ import annotations

from flask import Blueprint, render_template, request

from ..errors import CulpaError
from .common import kb, support, memo_page

bp = Blueprint("home", __name__)


@bp.get("/")
@memo_page
def index():
    counts = support("counts").rows[0]
    return render_template("home/index.html", counts=counts, instruments=support("instruments").rows,
                           jurisdictions=support("jurisdiction-counts").rows)


@bp.get("/healthz")
def healthz():
    """Liveness for load balancers, and the benchmarks' floor (a trivial route on the same server)."""
    return "ok\n", 200, {"Content-Type": "text/plain"}


@bp.get("/search")
def search():
    text = (request.args.get("q") or "").strip()
    results = []
    error = None
    if len(text) > 200:
        error = "search text is limited to 200 characters"
    elif text:
        try:
            results = support("search", {"text": text}).rows
        except CulpaError as exc:
            error = exc.message
    status = 400 if error else 200
    return render_template("home/search.html", text=text, results=results, error=error), status


__all__ = ["bp", "kb"]
