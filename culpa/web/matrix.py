"""Role x jurisdiction heat map, and one role in two jurisdictions side by side."""
from __future__ import annotations

from flask import Blueprint, render_template, request

from .common import named, support, today, memo_page

bp = Blueprint("matrix", __name__)


@bp.get("/matrix")
@memo_page
def heatmap():
    rows = named("role-jurisdiction-matrix").rows
    roles = sorted({(r["roleLabel"].value, r["role"].value) for r in rows})
    codes = sorted({r["code"].value for r in rows})
    cells = {(r["role"].value, r["code"].value): int(r["norms"].value) for r in rows}
    peak = max(cells.values(), default=1)
    return render_template("matrix/heatmap.html", roles=roles, codes=codes, cells=cells, peak=peak)


@bp.get("/compare")
@memo_page
def compare():
    role = (request.args.get("role") or "deployer").strip()
    left = (request.args.get("left") or "EU").strip()
    right = (request.args.get("right") or "GB").strip()
    as_of = (request.args.get("asOf") or today()).strip()
    left_rows = named("duties", {"role": role, "jurisdiction": left, "asOf": as_of}).rows
    right_rows = named("duties", {"role": role, "jurisdiction": right, "asOf": as_of}).rows
    pairs = align(left_rows, right_rows, support("mappings").rows)
    return render_template("matrix/compare.html", role=role, left=left, right=right, asOf=as_of, pairs=pairs,
                           left_count=len(left_rows), right_count=len(right_rows))


def align(left_rows, right_rows, mappings) -> list[tuple]:
    """Pairs (left row, right row, mapping row) aligned by crosswalks; unmatched rows stand alone."""
    right_by_norm = {r["norm"].value: r for r in right_rows}
    links: dict[str, list] = {}
    for m in mappings:
        links.setdefault(m["from"].value, []).append((m["to"].value, m))
        links.setdefault(m["to"].value, []).append((m["from"].value, m))
    used, pairs = set(), []
    for row in left_rows:
        matched = False
        for other, mapping in links.get(row["norm"].value, []):
            if other in right_by_norm:
                pairs.append((row, right_by_norm[other], mapping))
                used.add(other)
                matched = True
        if not matched:
            pairs.append((row, None, None))
    pairs += [(None, r, None) for n, r in right_by_norm.items() if n not in used]
    return pairs
