"""The duties finder: filters in the URL, a result table, and downloads of exactly what is shown."""
from __future__ import annotations

import io
import json

from flask import Blueprint, Response, abort, render_template, request

from ..render import _safe_cell, raw
from .common import display, kb, named, today, memo_page

bp = Blueprint("duties", __name__)

COLUMNS = ["appliesIn", "article", "label", "kind", "instrument", "applicableFrom", "timeLimit", "reportTo", "penalty", "source", "norm"]
HEADINGS = {"appliesIn": "Jurisdiction", "article": "Article", "label": "Duty", "kind": "Kind", "instrument": "Instrument",
            "applicableFrom": "Applies from", "timeLimit": "Deadline", "reportTo": "Report to", "penalty": "Penalty",
            "source": "Source", "norm": "IRI"}
FILTERS = ("role", "jurisdiction", "asOf", "topic", "threat", "force", "act")


def read_filters(args) -> dict:
    """The filters from a query string; several jurisdictions may be given."""
    filters = {key: (args.get(key) or "").strip() for key in FILTERS if key != "jurisdiction"}
    filters["jurisdiction"] = [j.strip() for j in args.getlist("jurisdiction") if j.strip()] or ["EU"]
    filters["asOf"] = filters["asOf"] or today()
    filters["role"] = filters["role"] or "deployer"
    return filters


def find(filters: dict) -> list[dict]:
    """Rows for every chosen jurisdiction, each norm once (first jurisdiction wins)."""
    rows, seen = [], set()
    for jurisdiction in filters["jurisdiction"]:
        values = {k: v for k, v in filters.items() if k != "jurisdiction" and v}
        values["jurisdiction"] = jurisdiction
        for row in named("duties", values).rows:
            if row["norm"].value not in seen:
                seen.add(row["norm"].value)
                rows.append(row)
    return rows


def choices() -> dict:
    """Options for the form's selects (value, label), from the KB itself."""
    base = kb()
    out = {}
    for kind in ("role", "jurisdiction", "topic", "threat"):
        vocab = base.vocabulary(kind)
        out[kind] = vocab.short_names
    return out


@bp.get("/duties")
@memo_page
def page():
    filters = read_filters(request.args)
    rows = find(filters)
    later = []
    if not rows:
        values = {"role": filters["role"], "jurisdiction": filters["jurisdiction"][0], "asOf": filters["asOf"]}
        later = named("upcoming-duties", values).rows
    return render_template("duties/finder.html", filters=filters, rows=rows, later=later, columns=COLUMNS,
                           headings=HEADINGS, options=choices())


@bp.get("/duties.<fmt>")
def download(fmt: str):
    rows = find(read_filters(request.args))
    table = [[raw(r.get(c)) for c in COLUMNS] for r in rows]
    name = "culpa-duties"
    if fmt == "csv":
        return Response(csv_table([HEADINGS[c] for c in COLUMNS], table), mimetype="text/csv",
                        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})
    if fmt == "json":
        body = [{c: v for c, v in zip(COLUMNS, row) if v} for row in table]
        return Response(json.dumps(body, indent=2, ensure_ascii=False), mimetype="application/json",
                        headers={"Content-Disposition": f'attachment; filename="{name}.json"'})
    if fmt == "xlsx":
        return Response(xlsx([HEADINGS[c] for c in COLUMNS], table),
                        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        headers={"Content-Disposition": f'attachment; filename="{name}.xlsx"'})
    abort(404, description=f"no download format {fmt!r}; use csv, xlsx or json")


def csv_table(headings: list[str], table: list[list[str]]) -> str:
    """A CSV whose cells cannot start a spreadsheet formula."""
    import csv

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(headings)
    writer.writerows([[_safe_cell(v) for v in row] for row in table])
    return buf.getvalue()


def xlsx(headings: list[str], table: list[list[str]]) -> bytes:
    """A workbook whose cells are all text: nothing a user opens can run as a formula."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "duties"
    sheet.append(headings)
    for row in table:
        sheet.append([None] * len(row))
        for col, value in enumerate(row, start=1):
            cell = sheet.cell(row=sheet.max_row, column=col)
            cell.value = value
            cell.data_type = "s"  # openpyxl would store text starting with "=" as a formula
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


__all__ = ["bp", "find", "read_filters", "display"]
