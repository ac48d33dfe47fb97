"""Result rows as an aligned text table (CJK characters take two columns), JSON or CSV."""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from decimal import Decimal
from typing import Any

from kg.output import number
from kg.query.sparql import QueryResult


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        text = format(value.normalize(), "f")
        return text
    return str(value)


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def page_note(shown: int, total: int | None, first: int = 1) -> str:
    """``(2 rows)``, or for a page ``(rows 11–20 of 35)``."""
    if total is None or (first == 1 and shown == total):
        return f"({shown} row{'s' if shown != 1 else ''})"
    if not shown:
        return f"(no rows from row {first}; {total} in all)"
    return f"(rows {first}–{first + shown - 1} of {total})"


def render_table(result: QueryResult, first: int = 1) -> str:
    """Columns padded to the widest cell; a rule under the header; row count last (for a page,
    which rows of how many: ``first`` is the page's first row number)."""
    rows = [[cell_text(v) for v in row] for row in result.rows]
    widths = [max([width(c)] + [width(r[i]) for r in rows]) for i, c in enumerate(result.columns)]

    def line(cells: list[str]) -> str:
        return "  ".join(c + " " * (w - width(c)) for c, w in zip(cells, widths)).rstrip()

    out = [line(result.columns), line(["-" * w for w in widths])]
    out += [line(r) for r in rows]
    out.append(page_note(len(rows), result.total, first))
    return "\n".join(out) + "\n"


ROW_FORMATS = ("table", "json", "csv")


def render_rows(result: QueryResult, fmt: str) -> str:
    """Rows as ``table``, ``json`` (a list of objects) or ``csv`` (a header row first)."""
    if fmt == "table":
        return render_table(result)
    if fmt == "json":
        rows = [{k: number(v) for k, v in row.items()} for row in result.dicts()]
        return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(result.columns)
    writer.writerows([[cell_text(v) for v in row] for row in result.rows])
    return buffer.getvalue()
