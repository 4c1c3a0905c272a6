"""Timeline of application dates (server-drawn SVG), the role lattice and instrument structures."""
from __future__ import annotations

import datetime as dt

from flask import Blueprint, abort, render_template, request

from ..resolve import parse_date
from ..errors import CulpaError
from .common import support, today, memo_page

bp = Blueprint("browse", __name__)


@bp.get("/timeline")
@memo_page
def timeline():
    as_of = (request.args.get("asOf") or today()).strip()
    try:
        parse_date(as_of, "as-of date")
    except CulpaError as exc:
        abort(400, description=exc.message)
    events = support("timeline").rows
    return render_template("browse/timeline.html", events=events, asOf=as_of, chart=_chart(events, as_of))


def _chart(events, as_of: str) -> dict:
    """Positions for an SVG timeline: one dot per (date, schedule version), x by date."""
    dates = [dt.date.fromisoformat(e["date"].value) for e in events] + [dt.date.fromisoformat(as_of)]
    if not dates:
        return {"dots": [], "ticks": [], "width": 900, "height": 120}
    # the window: from six years before the as-of date (older dates sit on the left edge,
    # marked as earlier) to the last date
    as_of_day = dt.date.fromisoformat(as_of)
    lo = max(min(dates), dt.date(as_of_day.year - 6, 1, 1))
    hi = max(dates)
    lo, hi = dt.date(lo.year, 1, 1), dt.date(hi.year + 1, 1, 1)
    width, left, right = 900, 40, 20
    span = (hi - lo).days or 1
    x = lambda d: left + max(0, (d - lo).days) / span * (width - left - right)  # noqa: E731
    instruments = sorted({e["instrument"].value for e in events})
    lanes = {name: i for i, name in enumerate(instruments)}
    dots = []
    for e in events:
        d = dt.date.fromisoformat(e["date"].value)
        superseded = e.get("lawUntil") is not None
        dots.append({"x": round(x(d), 1), "y": 30 + 28 * lanes[e["instrument"].value], "date": e["date"].value,
                     "label": f'{e["instrument"].value}: {e["scheduleLabel"].value if e.get("scheduleLabel") else ""} '
                              f'({e["norms"].value} norms{", superseded" if superseded else ""})',
                     "superseded": superseded, "event": e["event"].value, "earlier": d < lo})
    ticks = [{"x": round(x(dt.date(y, 1, 1)), 1), "year": y} for y in range(lo.year, hi.year + 1)]
    return {"dots": dots, "ticks": ticks, "lanes": [(n, 30 + 28 * i) for n, i in lanes.items()],
            "asof_x": round(x(dt.date.fromisoformat(as_of)), 1), "width": width, "height": 40 + 28 * len(instruments)}


@bp.get("/roles")
@memo_page
def roles():
    rows = support("role-tree").rows
    labels, children, has_parent = {}, {}, set()
    for r in rows:
        labels[r["role"].value] = (r["label"].value, r["kind"].value if r.get("kind") else "")
        if r.get("broader") is not None:
            children.setdefault(r["broader"].value, []).append(r["role"].value)
            has_parent.add(r["role"].value)
    roots = sorted((i for i in labels if i not in has_parent), key=lambda i: labels[i][0].lower())
    for kids in children.values():
        kids.sort(key=lambda i: labels.get(i, (i,))[0].lower())
    return render_template("browse/roles.html", roots=roots, children=children, labels=labels)


@bp.get("/instrument")
@memo_page
def instrument():
    iri = (request.args.get("iri") or "").strip()
    if not iri:
        abort(400, description="give the instrument as ?iri=")
    rows = support("instrument-tree", {"instrument": iri}).rows
    if not rows:
        abort(404, description=f"no provisions of {iri} are modelled")
    children, info = {}, {}
    for r in rows:
        info[r["provision"].value] = r
        children.setdefault(r["parent"].value, []).append(r["provision"].value)
    for kids in children.values():
        kids.sort(key=lambda p: _natural(info[p]["notation"].value if info[p].get("notation") else p))
    return render_template("browse/instrument.html", iri=iri, children=children, info=info)


def _natural(text: str):
    import re

    return [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", text)]
