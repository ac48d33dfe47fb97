"""Cells → RawTable: find each table by its labels and header names, not by position.

The walk is the same for every layout: a title or a 项目名称 label opens a table, a
label cell takes the cell after it (or, in a header row of labels, the cell below it)
as its value, a run of column names opens the indicator table, and rows follow until
the next title, 项目名称 or footer. Cells keep their text and line exactly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator

from kg.errors import TableError
from kg.parse.cells import Cell
from kg.parse.rows import Column, IndicatorBlock, RawRow, read_indicator_block
from kg.parse.vocab import Vocabulary, split_qualifier

VALUE_FIELDS = ("project", "unit", "implementing_unit", "period",
                "budget_total", "budget_fiscal", "budget_other", "purpose")
MONEY_UNITS = ("万元", "元", "千元", "亿元")
UNIT_LEVEL = "部门整体支出绩效目标"


@dataclass(frozen=True)
class RawTable:
    """One project's table as found, every value still the source cell."""

    path: str
    line: int
    title: Cell | None
    unit: Cell | None
    money_unit: str | None
    fields: dict[str, Cell | None]
    goals: tuple[Cell, ...]
    long_term_goals: tuple[Cell, ...]
    columns: tuple[Column, ...]
    rows: tuple[RawRow, ...]


@dataclass
class _Draft:
    """A table being read."""

    line: int
    title: Cell | None = None
    unit: Cell | None = None
    money_unit: str | None = None
    fields: dict[str, Cell | None] = field(default_factory=dict)
    goals: list[Cell] = field(default_factory=list)
    long_term_goals: list[Cell] = field(default_factory=list)
    block: IndicatorBlock | None = None
    error: TableError | None = None

    def is_empty(self) -> bool:
        return not (self.fields or self.goals or self.block or self.error)


class TableReader:
    """Walks one file's cells and yields its tables (or why one could not be read)."""

    def __init__(self, path: str, cells: list[Cell], vocab: Vocabulary):
        self.path = path
        self.cells = cells
        self.vocab = vocab
        self.used: set[int] = set()
        self.unit: Cell | None = None
        self.money_unit: str | None = None

    def tables(self) -> Iterator[RawTable | TableError]:
        draft = _Draft(line=self.cells[0].line if self.cells else 1)
        i = 0
        while i < len(self.cells):
            cell = self.cells[i]
            if i in self.used:
                i += 1
                continue
            if self.vocab.match("title", cell.text):
                yield from self._finish(draft)
                draft = _Draft(line=cell.line, title=cell)
                i += 1
                continue
            if draft.error is not None:
                # A rejected table: skip to the next title or 项目名称.
                if self.vocab.label(cell.text) == "project" and "project" in draft.fields:
                    yield from self._finish(draft)
                    draft = _Draft(line=cell.line)
                    continue
                i += 1
                continue
            i, draft = yield from self._step(i, cell, draft)
        yield from self._finish(draft)

    def _step(self, i: int, cell: Cell, draft: _Draft):
        """Read what starts at cell ``i``; returns the next index and the current draft."""
        vocab = self.vocab
        if draft.block is not None and self._is_unit_line(cell):
            # Untitled tables in a row (PDF pages): a unit line after an indicator table opens the next.
            yield from self._finish(draft)
            draft = _Draft(line=cell.line)
        money = vocab.match("money_unit", cell.text)
        if money:
            self.money_unit = draft.money_unit = money.group("unit")
            return i + 1, draft
        name = vocab.label(cell.text)
        if name == "project" and "project" in draft.fields:
            yield from self._finish(draft)
            draft = _Draft(line=cell.line)
        if name is not None:
            self._note_money_unit(cell, draft)
        if name in VALUE_FIELDS:
            value, nxt = self._value_of(i)
            draft.fields[name] = value
            if name == "project" and draft.title is None:
                draft.line = cell.line
            if name == "unit" and value is not None:
                self.unit = draft.unit = value
            return nxt, draft
        if name in ("goals", "long_term_goals"):
            texts, nxt = self._run_after(i)
            (draft.goals if name == "goals" else draft.long_term_goals).extend(texts)
            return nxt, draft
        if name == "budget_block":
            return i + 1, draft
        if vocab.column(cell.text):
            try:
                block, nxt = read_indicator_block(self.cells, i, vocab, self._ends_table)
            except TableError as error:
                error.path = self.path
                draft.error = error
                return i + 1, draft
            if draft.block is not None:
                draft.block = draft.block.extended(block)
            else:
                draft.block = block
            return nxt, draft
        self._unlabelled(cell, draft)
        return i + 1, draft

    def _is_unit_line(self, cell: Cell) -> bool:
        return bool(cell.text) and bool(self.vocab.match("unit_code_first", cell.text)
                                        or self.vocab.match("unit_code_last", cell.text))

    def _unlabelled(self, cell: Cell, draft: _Draft) -> None:
        """A cell with no label: the unit line, or the purpose cell after the budget."""
        if not cell.text:
            return
        if "project" not in draft.fields and draft.unit is None and self._is_unit_line(cell):
            self.unit = draft.unit = cell
            return
        has_budget = any(k.startswith("budget_") for k in draft.fields)
        if has_budget and "purpose" not in draft.fields and not draft.goals and draft.block is None:
            draft.fields["purpose"] = cell

    def _note_money_unit(self, cell: Cell, draft: _Draft) -> None:
        """``项目资金（万元）``: a money unit written into a label."""
        _, qualifier = split_qualifier(cell.text)
        if qualifier in MONEY_UNITS:
            self.money_unit = draft.money_unit = qualifier

    def _is_labelish(self, cell: Cell) -> bool:
        vocab = self.vocab
        return bool(vocab.label(cell.text) or vocab.column(cell.text) or vocab.match("title", cell.text))

    def _ends_table(self, cell: Cell) -> bool:
        """Where an indicator table stops: a title, a table-level label, or a footer."""
        vocab = self.vocab
        name = vocab.label(cell.text)
        return bool(vocab.match("title", cell.text) or vocab.match("footer", cell.text)
                    or vocab.match("money_unit", cell.text)
                    or (name is not None and name not in ("budget_block",)))

    def _value_of(self, i: int) -> tuple[Cell | None, int]:
        """The value of label ``i``: the next cell, or the cell below in a row of labels."""
        label = self.cells[i]
        nxt = i + 1
        after = self.cells[nxt] if nxt < len(self.cells) else None
        # Stream cells (row None) pair with the next stream cell; row cells stay in their row.
        if after is not None and after.row == label.row and not self._is_labelish(after):
            return after, nxt + 1
        if label.row is not None:
            below = self._cell_below(i)
            if below is not None:
                self.used.add(below)
                return self.cells[below], nxt
        return None, nxt

    def _cell_below(self, i: int) -> int | None:
        """Index of the cell in the next row and the same column as cell ``i``."""
        label = self.cells[i]
        next_row = None
        for j in range(i + 1, len(self.cells)):
            cell = self.cells[j]
            if cell.row is None:
                return None
            if cell.row != label.row and next_row is None:
                next_row = cell.row
            if next_row is not None:
                if cell.row != next_row:
                    return None
                if cell.col == label.col and not self._is_labelish(cell):
                    return j
        return None

    def _run_after(self, i: int) -> tuple[list[Cell], int]:
        """Cells after a goals label up to the next label, header or title."""
        out: list[Cell] = []
        j = i + 1
        while j < len(self.cells) and not self._is_labelish(self.cells[j]):
            if self.cells[j].text and j not in self.used:
                out.append(self.cells[j])
            j += 1
        return out, j

    def _finish(self, draft: _Draft) -> Iterator[RawTable | TableError]:
        if draft.is_empty():
            return
        if draft.error is not None:
            yield draft.error
            return
        where = draft.title.text.strip() if draft.title else "this table"
        if draft.title and UNIT_LEVEL in draft.title.text and "project" not in draft.fields:
            yield TableError(f"{where} is a unit-level table ({UNIT_LEVEL}表: no 项目名称); kg reads "
                             "project tables (项目支出绩效目标表) only", path=self.path, line=draft.line)
            return
        if draft.fields.get("project") is None or not draft.fields["project"].text:
            yield TableError(f"no 项目名称 (project name) found in {where}", path=self.path, line=draft.line)
            return
        if draft.block is None:
            yield TableError(
                f"no indicator table found in {where} (looked for a header row "
                "一级指标 / 二级指标 / 三级指标 / 指标值)", path=self.path, line=draft.line)
            return
        yield RawTable(
            path=self.path, line=draft.line, title=draft.title,
            unit=draft.unit or self.unit, money_unit=draft.money_unit or self.money_unit,
            fields=dict(draft.fields), goals=tuple(draft.goals),
            long_term_goals=tuple(draft.long_term_goals),
            columns=draft.block.columns, rows=tuple(draft.block.rows),
        )
