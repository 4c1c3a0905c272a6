"""Render query results for people and tools: aligned text table, CSV, TSV, JSON."""
from __future__ import annotations

import csv
import io
import json

import pyoxigraph as ox

from .errors import InvalidChoice
from .namespaces import compact

TABULAR_FORMATS = ("table", "csv", "tsv", "json")


def cell(term) -> str:
    """A term as a person reads it: IRIs compacted, literals as their lexical form."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return compact(term.value)
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return term.value


def raw(term) -> str:
    """A term as a tool wants it: full IRIs, literal values."""
    if term is None:
        return ""
    return term.value


def render(result, fmt: str, *, columns: list[str] | None = None) -> str:
    columns = columns or result.columns
    if fmt == "table":
        return _table(columns, [[cell(r.get(c)) for c in columns] for r in result.rows])
    if fmt in ("csv", "tsv"):
        out = io.StringIO()
        writer = csv.writer(out, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(columns)
        for r in result.rows:
            writer.writerow([_safe_cell(raw(r.get(c))) for c in columns])
        return out.getvalue()
    if fmt == "json":
        return json.dumps([{c: raw(r.get(c)) for c in columns if r.get(c) is not None} for r in result.rows], indent=2, ensure_ascii=False) + "\n"
    raise InvalidChoice("format", fmt, list(TABULAR_FORMATS))


def _safe_cell(text: str) -> str:
    """Spreadsheets run cells that start with = + - @ as formulas; make such text inert."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _table(columns: list[str], rows: list[list[str]], max_width: int = 60) -> str:
    clipped = [[v if len(v) <= max_width else v[: max_width - 1] + "…" for v in row] for row in rows]
    widths = [max([len(c)] + [len(r[i]) for r in clipped]) for i, c in enumerate(columns)]
    line = lambda vals: "  ".join(v.ljust(w) for v, w in zip(vals, widths)).rstrip()  # noqa: E731
    out = [line(columns), line(["-" * w for w in widths])]
    out += [line(r) for r in clipped]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out) + "\n"
