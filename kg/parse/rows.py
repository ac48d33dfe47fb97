"""The indicator table: its header names, then rows aligned to them.

Rows come either as explicit rows (pipe, tab-separated or glued lines: one line,
one row, shorter rows lack their leading spanned cells) or as a flat stream of
one cell per line, which is cut into rows by the header's width and checked
against the known 一级/二级 category names.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from kg.errors import TableError
from kg.parse.cells import UNSPLIT, Cell
from kg.parse.vocab import Vocabulary

HEADER_NAMES = {"level1": "一级指标", "level2": "二级指标", "name": "三级指标",
                "description": "绩效指标描述", "value": "指标值"}


@dataclass(frozen=True)
class Column:
    """One header cell: its role (``name``, ``value``…), variant and exact text."""

    role: str | None
    variant: str | None
    text: str

    @property
    def key(self) -> str | None:
        """``value`` for the annual (or only) column, ``value:long_term`` for the other."""
        if self.role is None:
            return None
        return f"{self.role}:long_term" if self.variant == "long_term" else self.role


@dataclass(frozen=True)
class RawRow:
    """One indicator row: its cells by column role (``value``, ``value:long_term``, …)."""

    cells: dict[str, Cell]
    line: int


@dataclass(frozen=True)
class IndicatorBlock:
    """A header and the rows read under it."""

    columns: tuple[Column, ...]
    rows: tuple[RawRow, ...]

    def extended(self, other: "IndicatorBlock") -> "IndicatorBlock":
        return IndicatorBlock(self.columns, self.rows + other.rows)


def read_indicator_block(cells: list[Cell], start: int, vocab: Vocabulary,
                         ends_table: Callable[[Cell], bool]) -> tuple[IndicatorBlock, int]:
    """Read the header at ``start`` and the rows under it; return the block and next index."""
    header_cell = cells[start]
    if header_cell.row is not None:
        first, nxt = row_bounds(cells, start)
        header = cells[first:nxt]
        while header and not header[-1].text:  # a table document pads rows to the sheet's width
            header = header[:-1]
    else:
        nxt = start
        while nxt < len(cells) and cells[nxt].row is None and vocab.column(cells[nxt].text):
            nxt += 1
        header = cells[start:nxt]
    columns = tuple(_column(c.text, vocab) for c in header)
    _check_header(columns, header_cell)
    rows: list[RawRow] = []
    if header_cell.row is not None or (nxt < len(cells) and cells[nxt].row is not None):
        raw_rows, nxt = _explicit_rows(cells, nxt, columns, vocab, ends_table)
    else:
        raw_rows, nxt = _stream_rows(cells, nxt, columns, vocab, ends_table)
    previous: dict[str, str] = {}
    for cells_by_key, line in raw_rows:
        _fill_down(cells_by_key, previous)
        if _is_empty_row(cells_by_key):
            continue
        rows.append(RawRow(cells_by_key, line))
    return IndicatorBlock(columns, tuple(rows)), nxt


def _column(text: str, vocab: Vocabulary) -> Column:
    found = vocab.column(text)
    return Column(found[0], found[1], text) if found else Column(None, None, text)


def _check_header(columns: tuple[Column, ...], at: Cell) -> None:
    roles = {c.role for c in columns}
    missing = [HEADER_NAMES[r] for r in ("name", "value") if r not in roles]
    if "value" not in roles and "comparator" in roles:
        missing.remove("指标值")
    if missing:
        raise TableError(
            "indicator header has no " + " / ".join(missing) + " column (found: "
            + _names(columns) + ")", line=at.line)


def row_bounds(cells: list[Cell], i: int) -> tuple[int, int]:
    """[first, end) indices of the explicit row that cell ``i`` belongs to."""
    row_id = cells[i].row
    first, end = i, i + 1
    while first > 0 and cells[first - 1].row == row_id:
        first -= 1
    while end < len(cells) and cells[end].row == row_id:
        end += 1
    return first, end


def _explicit_rows(cells, start, columns, vocab, ends_table):
    """Rows that the layout delimits; short rows lack spanned leading cells, so align right."""
    out = []
    width = len(columns)
    j = start
    while j < len(cells):
        if cells[j].row is None:
            if cells[j].text == "":
                j += 1
                continue
            break
        _, end = row_bounds(cells, j)
        row = cells[j:end]
        if row[0].col == UNSPLIT:
            raise TableError(f"cannot split the glued row {row[0].text!r} into 三级指标 and 指标值 "
                             "(no target found at its end)", line=row[0].line)
        if any(c.text and (ends_table(c) or vocab.column(c.text)) for c in row):
            break
        while len(row) > width and not row[-1].text:
            row = row[:-1]
        if len(row) > width:
            if any(c.text for c in row[: len(row) - width]):
                raise TableError(f"indicator row has {len(row)} cells but the header has {width}",
                                 line=row[0].line)
            row = row[len(row) - width:]
        aligned = columns[width - len(row):]
        out.append(({col.key: cell for col, cell in zip(aligned, row) if col.key}, _row_line(row)))
        j = end
    return out, j


def _stream_rows(cells, start, columns, vocab, ends_table):
    """Cut one-cell-per-line rows by the header's width, checking each row's categories."""
    out = []
    width = len(columns)
    keys = [c.key for c in columns]
    j = start
    end = j
    while end < len(cells) and cells[end].row is None and not (cells[end].text and ends_table(cells[end])):
        end += 1
    while j < end:
        rest = end - j
        if all(not c.text for c in cells[j:end]):
            j = end
            break
        first = cells[j]
        if keys[:1] == ["level1"] and vocab.is_level2(first.text) and not _fits_level2(cells, j + 1, vocab):
            # The empty 一级 cell of a continuation row was lost in flattening.
            row = [Cell("", first.line)] + list(cells[j:j + width - 1])
            used = width - 1
        else:
            row = list(cells[j:j + width])
            used = width
        if used > rest:
            raise TableError(f"incomplete indicator row: found {rest} of {width} cells ({_names(columns)})",
                             line=first.line)
        _check_categories(row, keys, vocab, columns)
        out.append(({k: c for k, c in zip(keys, row) if k}, _row_line(row)))
        j += used
    return out, end


def _row_line(row: list[Cell]) -> int:
    """A row is where its first printed cell is (an empty merged cell prints nothing)."""
    return next((c.line for c in row if c.text), row[0].line)


def _fits_level2(cells: list[Cell], j: int, vocab: Vocabulary) -> bool:
    return j < len(cells) and vocab.is_level2(cells[j].text)


def _check_categories(row: list[Cell], keys: list, vocab: Vocabulary, columns) -> None:
    """A stream row must start where a row can start; otherwise a cell went missing."""
    cells = dict(zip(keys, row))
    level1, level2 = cells.get("level1"), cells.get("level2")
    if level1 is not None and level1.text and not (
            vocab.is_level1(level1.text) or (_category_like(level1.text) and not vocab.is_level2(level1.text))):
        raise TableError(_misfit(columns, f"expected a 一级指标 such as 产出指标, found {level1.text!r}"),
                         line=level1.line)
    if level2 is not None and level2.text and not (
            vocab.is_level2(level2.text) or (_category_like(level2.text) and not vocab.is_level1(level2.text))):
        raise TableError(_misfit(columns, f"expected a 二级指标 such as 数量指标, found {level2.text!r}"),
                         line=level2.line)
    name, value = cells.get("name"), cells.get("value")
    if name is not None and name.text and value is not None and not value.text:
        raise TableError(_misfit(columns, f"the row of {name.text!r} has no 指标值; "
                                          "a cell is missing or extra in this row"), line=name.line)


def _category_like(text: str) -> bool:
    """An unlisted category still reads like one: short and ending in 指标."""
    return text.endswith("指标") and len(text) <= 12


def _names(columns) -> str:
    return " / ".join(c.text for c in columns)


def _misfit(columns, reason: str) -> str:
    return f"indicator row does not fit the {len(columns)} columns ({_names(columns)}): {reason}"


def _fill_down(row: dict[str, Cell], previous: dict[str, str]) -> None:
    """An empty 一级/二级 cell is part of a merged cell above it.

    A 二级 is filled only where its variant's 三级 is present: a row that fills only
    the 长期 columns has no annual 二级 to inherit.
    """
    for key, name_key in (("level1", None), ("level2", "name"), ("level2:long_term", "name:long_term")):
        cell = row.get(key)
        if cell is not None and cell.text:
            if key == "level1" and previous.get("level1") != cell.text:
                previous.pop("level2", None)  # a new 一级 opens new 二级 spans
                previous.pop("level2:long_term", None)
            previous[key] = cell.text
        elif key in previous and (name_key is None or (name_key in row and row[name_key].text)):
            line = cell.line if cell is not None else next(iter(row.values())).line
            row[key] = Cell(previous[key], line)


def _is_empty_row(row: dict[str, Cell]) -> bool:
    """A template row for an unused 二级 category: no 三级指标 and no value, in any variant."""
    return not any(row[key].text for key in ("name", "value", "name:long_term", "value:long_term")
                   if key in row)
