"""Lines → cells. Every layout becomes one stream of cells that remember their line.

Line styles, which may mix in one file:

* one cell per line, a leading tab or nothing (the Tianjin dump): a line of only
  whitespace is an empty cell, an empty line separates nothing;
* one cell per line ending in `` |`` (a bare ``|`` is an empty cell);
* pipe rows ``| a | b |`` and tab-separated rows ``a<TAB>b``: cells of one row
  share a ``row`` number, so later stages can align them by column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from kg.records import SourceLine

UNSPLIT = -1  # ``col`` of a glued indicator line that could not be cut into cells
_PIPE_RULE = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?$")
_EDGE = " \t\u3000\u00a0"


@dataclass(frozen=True)
class Cell:
    """One table cell: its exact text (edges trimmed), its line, and its row if known."""

    text: str
    line: int
    row: int | None = None
    col: int | None = None


def to_cells(lines: Iterable[SourceLine]) -> list[Cell]:
    """Cut lines into cells; rows are numbered by the line they sit on."""
    cells: list[Cell] = []
    for source in lines:
        cells.extend(line_cells(source.text, source.line))
    return cells


def line_cells(text: str, line: int) -> list[Cell]:
    """The cells one line holds (none for an empty line or a table rule)."""
    if text == "":
        return []
    stripped = text.strip(_EDGE)
    if stripped.startswith("|") and stripped.endswith("|") and len(stripped) > 1:
        if _PIPE_RULE.match(stripped):
            return []
        parts = stripped[1:-1].split("|")
        return [Cell(p.strip(_EDGE), line, line, i) for i, p in enumerate(parts)]
    if stripped.endswith("|"):
        return [Cell(stripped[:-1].strip(_EDGE), line)]
    body = text.lstrip("\t")
    if "\t" in body.strip(_EDGE):
        parts = body.rstrip("\r\n").split("\t")
        return [Cell(p.strip(_EDGE), line, line, i) for i, p in enumerate(parts)]
    return [Cell(stripped, line)]
