"""Lines → cells. Every layout becomes one stream of cells that remember their line.

Line styles, which may mix in one file:

* one cell per line, a leading tab or nothing (the Tianjin dump): a line of only
  whitespace is an empty cell, an empty line separates nothing;
* one cell per line ending in `` |``, a bare ``|`` for an empty cell; a line of two pipes
  or more (``||||``) is where a flattened HTML row ends, kept as a separator cell;
* one cell per line with a bare ``|`` line between cells (a PDF's table turned to text,
  ``项目名称`` / ``|`` / ``国家基本公共卫生服务项目`` / ``|``): there the ``|`` after a cell
  is that cell's end, as `` |`` would be on its line, and only a second ``|`` is an empty cell;
* pipe rows ``| a | b |``, also without the leading pipe (``a | b | |``) and with trailing
  runs of empty cells (``| ||||``), and tab-separated rows ``a<TAB>b``: cells of one row
  share a ``row`` number, so later stages can place them by column.
"""

from __future__ import annotations

import re
from typing import Iterable, NamedTuple

from kg.records import SourceLine

UNSPLIT = -1  # ``col`` of a glued indicator line that could not be cut into cells
_PIPE_RULE = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?$")
_EDGE = " \t\u3000\u00a0"

# an amount as a budget cell prints it (``814``, ``50万``, ``1,200.5 万元``)
AMOUNT = r"\d[\d,]*(?:\.\d+)?\s*(?:万元|元|万)?"
# a cell that is an amount and nothing else
AMOUNT_ONLY = re.compile(rf"^\s*{AMOUNT}\s*$")


class Cell(NamedTuple):  # a tuple, not a dataclass: a dump has hundreds of thousands of cells
    """One table cell: its exact text (edges trimmed), its line, and its row if known."""

    text: str
    line: int
    row: int | None = None
    col: int | None = None
    # "sep": a line of pipes only, where a flattened row starts or ends; "end": a cell whose
    # line ends in `` |`` (a line before it without one is the same cell, wrapped); "soft":
    # a piece of a space-separated line; "piece": a piece of a line that holds a whole table,
    # read like a line of its own; "bar": an empty cell printed as a bare ``|``
    kind: str = ""


def to_cells(lines: Iterable[SourceLine]) -> list[Cell]:
    """Cut lines into cells; rows are numbered by the line they sit on."""
    cells: list[Cell] = []
    append, extend = cells.append, cells.extend
    for _, line, text in lines:
        if "|" in text or "\t" in text:
            extend(line_cells(text, line))
        elif text:  # the common line: one cell, what line_cells gives it without the checks
            append(_tuple(Cell, (text.strip(_EDGE), line, None, None, "")))
    return _drop_bars_ending_cells(cells) if _bars_end_cells(cells) else cells


_tuple = tuple.__new__  # a cell made without the named tuple's Python-level constructor


def _ends_cell(cells: list[Cell], i: int) -> bool:
    """Whether ``cells[i]`` is a bare ``|`` on the line after a plain one-cell line."""
    if cells[i].kind != "bar" or i == 0:
        return False
    before = cells[i - 1]
    return bool(before.text) and before.kind == "" and before.row is None and before.line == cells[i].line - 1


def _bars_end_cells(cells: list[Cell]) -> bool:
    """Whether most bare ``|`` lines follow a plain cell: the layout where they end cells.
    Elsewhere a bare ``|`` follows a cell ending in `` |`` or another ``|`` (an empty cell)."""
    bars = ending = 0
    for i, cell in enumerate(cells):
        if cell.kind == "bar":
            bars += 1
            ending += _ends_cell(cells, i)
    return ending >= 3 and 2 * ending > bars


def _drop_bars_ending_cells(cells: list[Cell]) -> list[Cell]:
    return [cell for i, cell in enumerate(cells) if not _ends_cell(cells, i)]


def line_cells(text: str, line: int) -> list[Cell]:
    """The cells one line holds (none for an empty line or a table rule)."""
    if text == "":
        return []
    stripped = text.strip(_EDGE)
    if stripped and not stripped.strip("|" + _EDGE):
        # a bare ``|`` is an empty cell; ``||`` or more ends a flattened row
        return [Cell("", line, kind="bar")] if stripped == "|" else [Cell("", line, kind="sep")]
    if "|" in stripped:
        if _PIPE_RULE.match(stripped):
            return []
        parts = [p.strip(_EDGE) for p in stripped.split("|")]
        if stripped.startswith("|"):
            parts = parts[1:]
        while parts and not parts[-1]:
            parts.pop()  # a trailing run of empty cells pads the row to the sheet's width
        if len(parts) == 1:
            return [Cell(parts[0], line, kind="end" if stripped.endswith("|") else "")]
        return [_tuple(Cell, (p, line, line, i, "")) for i, p in enumerate(parts)]
    body = text.lstrip("\t")
    if "\t" in body.strip(_EDGE):
        parts = body.rstrip("\r\n").split("\t")
        return [_tuple(Cell, (p.strip(_EDGE), line, line, i, "")) for i, p in enumerate(parts)]
    return [_tuple(Cell, (stripped, line, None, None, ""))]
