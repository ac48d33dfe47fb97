"""Cells → RawTable: find each table by its labels and header names, not by position.

The walk is the same for every layout: a title or a 项目名称 label opens a table, a
label cell takes the cell after it (or, in a header row of labels, the cell below it)
as its value, a run of column names opens the indicator table, and rows follow until
the next title, 项目名称 or footer. Cells keep their text and line exactly.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import groupby
from typing import Iterator

from kg.errors import ParseWarning, TableError
from kg.normalise.numbers import fold
from kg.parse.cells import AMOUNT, AMOUNT_ONLY, Cell, line_step
from kg.parse.funds import is_funds_heading
from kg.parse.rows import (FIELD_ROLES, Column, IndicatorBlock, RawRow, header_at, read_indicator_block,
                           row_bounds)
from kg.parse.labeller import is_lead
from kg.parse.vocab import Vocabulary, printed_span, split_qualifier

VALUE_FIELDS = ("project", "unit", "implementing_unit", "period", "unit_code",
                "budget_total", "budget_fiscal", "budget_other", "budget_long_term", "purpose")
BUDGET_FIELDS = ("budget_total", "budget_fiscal", "budget_other", "budget_long_term")
WRAPPING_FIELDS = ("project", "unit", "implementing_unit")  # names a PDF's narrow cell wraps
MAX_WRAPPED = 8
MAX_HEAD_LINES = 200  # how far below its start a table's head may give its budget in a sentence
PROSE_FIELDS = frozenset({"purpose", "period"})  # what a report's prose heads may hold outside a table
MONEY_UNITS = ("万元", "元", "千元", "亿元")
TABLE_HEAD_LABELS = ("project", "unit", "implementing_unit", "unit_code", "goals", "long_term_goals", "other")
_AMOUNT_START = re.compile(r"^\s*[\d０-９]")
# ``50万 中央衔接推进乡村振兴补助资金50``: an amount, then words (the fund it comes from), in one cell
_AMOUNT_THEN_WORDS = re.compile(rf"^\s*({AMOUNT})\s+(?=[^\d\s])")
_SUBTOTAL_WORDS = ("小计", "合计")
_MONEY_NOTE = re.compile(r"^\s*[(（]\s*(?P<unit>万元|元)\s*[)）]\s*$")
_HEADER_WORD = re.compile(r"金额|资金|预算|[(（](?:万元|元)[)）]|全年|执行数|小计|目标$")


@dataclass(frozen=True)
class RawTable:
    """One project's table as found, every value still the source cell."""

    path: str
    line: int
    title: Cell | None
    unit: Cell | None
    money_unit: str | None
    fields: dict[str, Cell | None]
    year: Cell | None  # the cell that names the fiscal year (title, (2023年度), a heading)
    goals: tuple[Cell, ...]
    long_term_goals: tuple[Cell, ...]
    columns: tuple[Column, ...]
    rows: tuple[RawRow, ...]
    warnings: tuple[ParseWarning, ...] = ()
    department: bool = False  # a 部门整体 table: the unit's own targets, the unit standing as the project
    achieved_goals: tuple[Cell, ...] = ()  # a self-evaluation's 实际完成情况 beside its 预期目标


@dataclass
class _Draft:
    """A table being read."""

    line: int
    title: Cell | None = None
    unit: Cell | None = None
    money_unit: str | None = None
    fields: dict[str, Cell | None] = field(default_factory=dict)
    year: Cell | None = None
    goals: list[Cell] = field(default_factory=list)
    long_term_goals: list[Cell] = field(default_factory=list)
    achieved_goals: list[Cell] = field(default_factory=list)
    block: IndicatorBlock | None = None
    error: TableError | None = None
    department: bool = False
    notes: list[ParseWarning] = field(default_factory=list)  # what the table's head lost
    orphans: list[ParseWarning] = field(default_factory=list)  # amounts without a label
    purpose_expected: bool = False  # a 预算规模及资金用途 label promises a purpose text
    funds_grid: bool = False  # a self-evaluation's funds grid (全年执行数, 执行率) was seen

    def is_empty(self) -> bool:
        return not (self.fields or self.goals or self.block or self.error)

    def add_block(self, block: IndicatorBlock) -> None:
        self.block = self.block.extended(block) if self.block is not None else block


# the patterns that name a table's project where no 项目名称 cell does: above its header, or on its line
_ABOVE_HEADER = ("project_heading", "quoted_notice", "evaluated_project")
_ON_HEADER_LINE = ("evaluated_project",)


@lru_cache(maxsize=1 << 16)
def _ends_table(vocab: Vocabulary, text: str) -> bool:
    # 绩效目标 is also a 二级 of the evaluation framework (决策 / 绩效目标 / 绩效指标明确性): no label there
    return bool(vocab.match("title", text) or vocab.match("footer", text) or vocab.match("money_unit", text)
                or (vocab.label(text) in TABLE_HEAD_LABELS and not vocab.is_level2(text)))


@lru_cache(maxsize=1 << 16)
def _labelish(vocab: Vocabulary, text: str) -> bool:
    """A label, a column name, a title or the 绩效指标 lead: a cell that is no value."""
    return bool(vocab.label(text) or vocab.column(text) or vocab.match("title", text) or is_lead(text))


class TableReader:
    """Walks one file's cells and yields its tables (or why one could not be read)."""

    def __init__(self, path: str, cells: list[Cell], vocab: Vocabulary):
        self.path = path
        self.cells = cells
        self.vocab = vocab
        self.used: set[int] = set()
        self.unit: Cell | None = None
        self.money_unit: str | None = None
        self.year: Cell | None = None  # a year over the document heads the tables that name none
        self._titled: bool | None = None  # whether the file titles each table
        self._lines: list[int] | None = None  # each cell's line, for finding a table's cells by line
        self._line_step: int | None = None  # the lines from one cell to the next in most of the dump

    def tables(self) -> Iterator[RawTable | TableError]:
        draft = _Draft(line=self.cells[0].line if self.cells else 1)
        i = 0
        while i < len(self.cells):
            cell = self.cells[i]
            if i in self.used:
                i += 1
                continue
            if self.vocab.match("title", cell.text) and not self._in_header_row(i):
                yield from self._finish(draft)
                draft = _Draft(line=cell.line, title=cell, department=self._names_department(cell.text))
                if self.vocab.match("year_in_title", cell.text):
                    draft.year = self.year = cell
                elif self._year_above_title(i):
                    draft.year = self.year = self.cells[i - 1]
                i += 1
                continue
            if self._names_department(cell.text) and len(cell.text) < 30 and draft.block is None:
                draft.department = True
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
        header = self._header_start(i)
        if header is not None:
            return (yield from self._read_block(header, draft))
        if draft.block is None and draft.year is None and self._names_year(cell, draft):
            draft.year = self.year = cell
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
            draft.purpose_expected |= name == "budget_block" and "用途" in cell.text
        if name in VALUE_FIELDS:
            value, nxt = self._value_of(i, amount=name in BUDGET_FIELDS)
            if name in WRAPPING_FIELDS and value is not None and self._wrapped_on(nxt, value):
                # 兰溪路-真南路下立交工 / 程 / 项目性质 (上海 2026, a PDF's cell wrapped): one value
                value, nxt = value._replace(text=value.text + self.cells[nxt].text), nxt + 1
            if value is None and name in draft.fields:
                return nxt, draft  # a repeated label with nothing after it keeps the first value
            if self._column_of_amounts(cell, value, name, draft):
                return nxt, draft
            if name in BUDGET_FIELDS and value is not None and (lead := _AMOUNT_THEN_WORDS.match(value.text)):
                value = value._replace(text=lead.group(1))  # the words after it name the fund
            if value is None and (name in ("project", "budget_total") or (
                    name == "budget_fiscal" and ("资金" in cell.text or "拨款" in cell.text))):
                draft.notes.append(ParseWarning(f"{cell.text.strip()!r} has no value after it", path=self.path,
                                                line=cell.line, field=cell.text.strip()))
            draft.fields[name] = value
            if name == "project" and draft.title is None:
                draft.line = cell.line
            if name == "unit" and value is not None:
                self.unit = draft.unit = value
            return nxt, draft
        if name in ("goals", "long_term_goals"):
            cells, nxt = self._run_after(i)
            texts, achieved = goal_columns(cells, vocab)
            (draft.goals if name == "goals" else draft.long_term_goals).extend(texts)
            draft.achieved_goals.extend(achieved)
            return nxt, draft
        if name == "budget_block":
            if i + 1 < len(self.cells) and (note := _MONEY_NOTE.match(self.cells[i + 1].text)):
                # 项目资金 / （元） (上海 2026): the block's money unit on the line under it
                self.money_unit = draft.money_unit = note.group("unit")
                return i + 2, draft
            return i + 1, draft
        if name == "other":  # 项目负责人, 联系电话…: read past the value, keep nothing
            _, nxt = self._value_of(i)
            return nxt, draft
        self._unlabelled(cell, draft)
        return i + 1, draft

    def _year_above_title(self, i: int) -> bool:
        """A title wrapped over lines: the line above it, a line of its own, ends in the year."""
        above = self.cells[i - 1] if i > 0 else None
        return (above is not None and above.row is None and self.cells[i].row is None
                and above.line == self.cells[i].line - 1 and bool(self.vocab.match("year_wrapped", above.text)))

    def _in_header_row(self, i: int) -> bool:
        return self.cells[i].row is not None and self._header_start(i) is not None

    def _header_start(self, i: int) -> int | None:
        """The index where an indicator header starts, if cell ``i`` begins one."""
        cell = self.cells[i]
        if cell.row is not None:
            if i > 0 and self.cells[i - 1].row == cell.row:
                return None  # a header starts at the first cell of its row
            return i if header_at(self.cells, i, self.vocab) else None
        if cell.text and (self.vocab.column(cell.text) or is_lead(cell.text)):
            return i if header_at(self.cells, i, self.vocab) else None
        if cell.text and self.vocab.label(cell.text) in FIELD_ROLES:
            # a one-sheet table's header dumped one cell a line (单位名称 / 项目名称 / 预算数 / 年度目标 /
            # 一级指标 …): its project columns open the header, not a project's labels
            found = header_at(self.cells, i, self.vocab)
            return i if found is not None and _opens_with_project_columns(found[0], self.vocab) else None
        return None

    def _read_block(self, i: int, draft: _Draft):
        """Read the indicator table at ``i``; a table with project columns (项目名称 / 预算数 in
        the header) is split into one draft per project."""
        try:
            block, nxt = read_indicator_block(self.cells, i, self.vocab, self._ends_table, self.path, draft.block)
        except TableError as error:
            error.path = self.path
            draft.error = error
            return i + 1, draft
        if not any((c.role or "").startswith("field:") for c in block.columns):
            draft.add_block(block)
            return nxt, draft
        rows: list[RawRow] = []
        for row in block.rows:
            fields = {k[len("field:"):]: c for k, c in row.cells.items() if k.startswith("field:") and c.text}
            if "project" in fields and "project" in draft.fields and not rows:
                # a row with a name and an amount and no indicator under it, followed by a
                # project's row: the unit's own subtotal row (505006州民族特殊教育学校30.00)
                self.unit = draft.unit = draft.unit or draft.fields.pop("project")
                draft.fields.pop("budget_total", None)
            if "project" in fields and "project" in draft.fields:
                draft.add_block(IndicatorBlock(block.columns, tuple(rows)))
                yield from self._finish(draft)
                draft = _Draft(line=row.line, title=draft.title, money_unit=draft.money_unit, year=draft.year,
                               unit=draft.unit)
                rows = []
            if "project" not in fields and "project" not in draft.fields and not any(
                    k in row.cells for k in ("name", "value")):
                if "unit" in fields:  # a department's own row above its projects
                    self.unit = draft.unit = fields["unit"]
                continue
            for key, cell in fields.items():
                if key == "unit":
                    draft.unit = cell
                elif key == "goals" and "project" in fields:  # 年度目标 in a project's own row (井研 2023)
                    draft.goals.append(cell)
                else:
                    draft.fields[key] = cell
            if any(k in row.cells and row.cells[k].text for k in ("name", "value")):
                rows.append(RawRow({k: c for k, c in row.cells.items() if not k.startswith("field:")}, row.line))
        draft.add_block(IndicatorBlock(block.columns, tuple(rows), block.warnings))
        return nxt, draft

    def _budget_from_text(self, draft: _Draft) -> None:
        """A table that prints no budget, in a report whose text gives it after the project's name
        (…“…工作经费项目”预算资金100万元, 湖北 2017): that amount, said to be taken from the text."""
        project = draft.fields.get("project")
        name = project.text.strip() if project is not None else ""
        if len(name) < 4:
            return
        name = name.removesuffix("项目") if len(name) > 6 else name
        end = draft.block.rows[0].line if draft.block is not None and draft.block.rows else draft.line + MAX_HEAD_LINES
        if self._lines is None:
            self._lines = [c.line for c in self.cells]  # in line order
        # the table's own head only, not the file's other tables
        for cell in self.cells[bisect_left(self._lines, draft.line):bisect_left(self._lines, end)]:
            at = cell.text.find(name)
            found = self.vocab.patterns["budget_after_name"].match(cell.text, at + len(name)) if at >= 0 else None
            if found:
                draft.fields["budget_total"] = Cell(found.group("amount"), cell.line)
                draft.notes.append(ParseWarning(
                    f"no 预算数 cell; the budget {found.group('amount')!r} is taken from the text after the "
                    "project's name", path=self.path, line=cell.line, field="预算数"))
                return

    def _head_gaps(self, draft: _Draft) -> tuple[ParseWarning, ...]:
        """A table without a budget or without goals says so: the cells may have been lost."""
        gaps = []
        if not all(k in draft.fields for k in ("budget_total", "budget_fiscal")):
            # an amount without a label is then likely the budget cell whose label was lost
            gaps.extend(draft.orphans[:1])
        if not any(draft.fields.get(k) is not None for k in ("budget_total", "budget_fiscal")):
            gaps.append(ParseWarning("no 预算数 (budget) found in this table", path=self.path,
                                     line=draft.line, field="预算数"))
        if draft.purpose_expected and "budget_fiscal" in draft.fields and "budget_other" not in draft.fields:
            # this template (预算规模及资金用途) prints 财政资金 and 其他资金 together
            gaps.append(ParseWarning("no 其他资金 cell beside 财政资金", path=self.path, line=draft.line,
                                     field="其他资金"))
        if draft.purpose_expected and draft.fields.get("purpose") is None:
            gaps.append(ParseWarning("no 资金用途 (purpose) text after 预算规模及资金用途", path=self.path,
                                     line=draft.line, field="资金用途"))
        if draft.title is None and self._has_titles():
            gaps.append(ParseWarning("no title line (…绩效目标表) above this table, unlike the other tables "
                                     "of the file", path=self.path, line=draft.line, field="标题"))
        if not draft.goals and not draft.long_term_goals and not draft.department:
            gaps.append(ParseWarning("no 绩效目标 (goals) found in this table", path=self.path,
                                     line=draft.line, field="绩效目标"))
        return tuple(gaps)

    def _names_year(self, cell: Cell, draft: _Draft) -> bool:
        """``(2023年度)`` under a title, or a heading such as ``2022年预算重点项目绩效目标公开``
        above the tables (not a date: ``2022年09月12日``)."""
        if self.vocab.match("year_note", cell.text):
            return True
        if "project" in draft.fields:
            return False
        match = self.vocab.match("year_heading", cell.text)
        return bool(match) and not _cited(match)

    def _project_named_as_title(self, label: int, value: int) -> bool:
        """``项目名称 | 2020年省级…补助经费支出绩效自评表 | 主管部门``: a self-evaluation whose
        project cell repeats its own title. Read as the project inside a titled table when the
        next cell is another field's label; a title followed by anything else opens a table."""
        if (self.vocab.label(self.cells[label].text) != "project" or not self._in_titled_table(label)
                or not self.vocab.match("title", self.cells[value].text)):
            return False
        following = next((c for c in self.cells[value + 1:] if c.kind != "sep" and c.text), None)
        name = self.vocab.label(following.text) if following is not None else None
        return name is not None and name != "project"

    def _in_titled_table(self, i: int) -> bool:
        return any(self.vocab.match("title", c.text) for c in self.cells[max(0, i - 8):i])

    def _funds_in_title(self, draft: _Draft) -> Cell | None:
        """The funds a department's table is titled by (``2020年忠烈祠免费开放经费236.25万元部门整体支出绩效自评表``:
        忠烈祠免费开放经费), as printed; None for a title that names the department alone."""
        match = self.vocab.match("department_funds", draft.title.text) if draft.title is not None else None
        if match is None:
            return None
        return draft.title._replace(text=printed_span(draft.title.text, match.group("project")), row=None, col=None)

    def _names_department(self, text: str) -> bool:
        """A 部门整体 table, or a unit's ``2023年度整体绩效目标表`` (patterns.tsv ``department``)."""
        return bool(self.vocab.match("department", text))

    def _has_titles(self) -> bool:
        if self._titled is None:
            # one title over a whole document heads all its tables; two or more title each one
            titles = (c for c in self.cells if self.vocab.match("title", c.text))
            self._titled = next(titles, None) is not None and next(titles, None) is not None
        return self._titled

    def _project_from_heading(self, draft: _Draft) -> Cell | None:
        """``3岁以下婴幼儿照护服务项目项目绩效目标`` or ``…项目绩效目标表``: a heading above the
        table that names the project, where no 项目名称 cell does."""
        found = None
        header_line = draft.block.rows[0].line if draft.block and draft.block.rows else draft.line
        for cell in self.cells:
            if cell.line > header_line:
                break
            # an evaluation report's prose may run on the table's own line (a page flattened into one)
            patterns = _ON_HEADER_LINE if cell.line == header_line else _ABOVE_HEADER
            match = next((m for pattern in patterns if (m := self.vocab.match(pattern, cell.text))), None)
            if match:  # the nearest heading above the table
                found = Cell(printed_span(cell.text, match.group("project")), cell.line)
        return found

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
        if draft.block is None and AMOUNT_ONLY.match(cell.text) and "project" in draft.fields:
            # an amount whose label was lost: not a purpose, and not to be guessed at (in a row,
            # an amount beside another is a column of its own: 执行数, 上年结转)
            if cell.row is not None:
                return
            draft.orphans.append(ParseWarning(f"the amount {cell.text!r} has no label; left out",
                                              path=self.path, line=cell.line, field="预算"))
            return
        if is_funds_heading(cell.text):
            # 年初预算数 | 全年预算数 | 全年执行数 | 执行率: a self-evaluation's funds grid, whose
            # unlabelled cells are its amounts, rates and rows (上年结转资金), never a purpose
            draft.funds_grid = True
            return
        if (has_budget and not draft.funds_grid and not draft.department and "purpose" not in draft.fields
                and not draft.goals and draft.block is None):
            # a department's table has no 资金用途: its unlabelled cells are shares (项目支出 60.8)
            draft.fields["purpose"] = cell

    def _note_money_unit(self, cell: Cell, draft: _Draft) -> None:
        """``项目资金（万元）``: a money unit written into a label."""
        _, qualifier = split_qualifier(cell.text)
        if qualifier in MONEY_UNITS:
            self.money_unit = draft.money_unit = qualifier

    def _is_labelish(self, cell: Cell) -> bool:
        return _labelish(self.vocab, cell.text)

    def _ends_table(self, cell: Cell) -> bool:
        """Where an indicator table stops: a title, a footer, a money unit, or a label that
        opens a table's head (项目名称, 主管部门…); amounts and periods are also 三级 names
        (项目金额, 项目期), so their labels do not end it."""
        return _ends_table(self.vocab, cell.text)

    @staticmethod
    def _column_of_amounts(label: Cell, value: Cell | None, name: str, draft: _Draft) -> bool:
        """A money heading over a column of amounts, once the table has its budget: the
        ``预算金额(万元)`` of each task in a 部门整体 table's 年度履职目标 grid, under its
        资金总额. The first amount stays the table's."""
        return (name in BUDGET_FIELDS and draft.fields.get(name) is not None and value is not None
                and label.row is not None and value.row != label.row)

    def _value_of(self, i: int, *, amount: bool = False) -> tuple[Cell | None, int]:
        """The value of label ``i``: the next cell, or the cell below in a row of labels.

        A money label takes only a cell that starts like an amount (or an empty one), so
        ``资金总额 | 金额(万元)`` does not read a header word as the budget.
        """
        label = self.cells[i]
        nxt = i + 1
        while nxt < len(self.cells) and self.cells[nxt].kind == "sep" and label.row is None:
            nxt += 1
        after = self.cells[nxt] if nxt < len(self.cells) else None
        if amount and after is not None and (found := self._amount_past_note(i, nxt)) is not None:
            return self.cells[found], found + 1
        if (amount and after is not None and after.text and _HEADER_WORD.search(after.text)
                and not _AMOUNT_START.match(after.text)):
            # ``资金总额 | 金额(万元)``: a column heading, the amount is below it
            if after.row == label.row and label.row is not None:
                below = self._cell_below(i)
                if below is None or not _AMOUNT_START.match(self.cells[below].text):
                    below = self._amount_under_headings(i)
                if below is not None and _AMOUNT_START.match(self.cells[below].text):
                    self.used.add(below)
                    return self.cells[below], nxt
            return None, nxt
        # Stream cells (row None) pair with the next stream cell; row cells stay in their row.
        if after is not None and after.row == label.row and not self._is_labelish(after):
            return after, nxt + 1
        if after is not None and self._project_named_as_title(i, nxt):
            return after, nxt + 1
        # a label on a line of its own, its value the first cell of the explicit row below
        if (after is not None and label.row is None and after.row is not None and after.col == 0
                and after.text and not self._is_labelish(after)):
            return after, nxt + 1
        if label.row is not None:
            below = self._cell_below(i)
            if amount and (below is None or not _AMOUNT_START.match(self.cells[below].text)):
                below = self._amount_under_headings(i) or below
            if below is not None:
                self.used.add(below)
                return self.cells[below], nxt
        return None, nxt

    def _wrapped_on(self, k: int, value: Cell) -> bool:
        """Whether cell ``k`` is the rest of ``value`` wrapped onto the next line: a few characters,
        no number, before the next label (or the table's end)."""
        if value.row is not None or k >= len(self.cells):
            return False
        rest = self.cells[k]
        after = self.cells[k + 1] if k + 1 < len(self.cells) else None
        if self._line_step is None:
            self._line_step = line_step(self.cells)  # 2 where a blank line parts every two lines
        return (rest.row is None and 0 < rest.line - value.line <= self._line_step
                and 0 < len(rest.text.strip()) <= MAX_WRAPPED
                and not any(ch.isdigit() or ch in ":：" for ch in rest.text) and not self._is_labelish(rest)
                and not _ends_table(self.vocab, rest.text) and not value.text.rstrip().endswith((")", "）"))
                and (after is None or self.vocab.label(after.text) is not None))

    def _amount_past_note(self, i: int, nxt: int) -> int | None:
        """Where the amount of money label ``i`` is when a word stands between them: 财政拨款 / 小计 /
        80 (镇江 2024, one cell a line), 项目预算金额 / (万元) / 3360 (西青 2020, the label at the end of
        its glued line, the unit and the amount on lines of their own)."""
        label, k = self.cells[i], nxt
        if label.row is not None and k < len(self.cells) and self.cells[k].row == label.row:
            if self.cells[k].text or (k + 1 < len(self.cells) and self.cells[k + 1].row == label.row):
                return None  # a cell of the label's row follows: that is its value
            k += 1  # the row's empty last cell
        if (label.row is not None and k < len(self.cells) and self.cells[k].row is None
                and AMOUNT_ONLY.match(fold(self.cells[k].text))):
            return k  # 771,325,800.00 年度资金申请总额 / 226,145,100.00 (上海 2026): the amount on the line below
        if k + 1 >= len(self.cells) or self.cells[k].row is not None:
            return None
        word, amount = self.cells[k].text, self.cells[k + 1]
        if not (word.strip() in _SUBTOTAL_WORDS or _MONEY_NOTE.match(word)):
            return None
        return k + 1 if amount.row is None and _AMOUNT_START.match(amount.text) else None

    def _amount_under_headings(self, i: int) -> int | None:
        """``专项资金情况 | 本年度预计投入(万元) | 财政资金(万元) | 其他`` over ``中央 | 省级 | 市级资金 |
        本级`` over ``7 | 0 | 7 | 0 | 0 | 0``: the first money label of a row of labels, over a row
        of headings with no amount, takes the first cell of the row of amounts under them (or the
        first cell under them, where that row is broken one cell a line). The
        block's heading (专项资金情况) spans the rows, so the amounts start one column to its left;
        the columns of the later labels are split by the headings and are not guessed."""
        label = self.cells[i]
        start = next((j for j in range(i + 1, len(self.cells)) if self.cells[j].row != label.row), len(self.cells))
        rows = []
        for _, group in groupby(range(start, min(start + 64, len(self.cells))), key=lambda j: self.cells[j].row):
            rows.append(list(group))
            if len(rows) == 2:
                break
        row_of_label = [c for c in self.cells[max(0, i - label.col):i] if c.row == label.row]
        lead = row_of_label[:1] if row_of_label and self.vocab.label(row_of_label[0].text) == "budget_block" else []
        # the amounts may be a row broken one cell a line (``25 |`` / ``|`` / ``| 25 |``, 南岳 2020)
        if (len(rows) < 2 or self.cells[rows[0][0]].row is None or label.col != len(lead)
                or any(self.vocab.label(c.text) in BUDGET_FIELDS for c in row_of_label)):
            return None
        headings, amounts = rows
        if any(not self.cells[j].text or _AMOUNT_START.match(self.cells[j].text) for j in headings):
            return None
        if not AMOUNT_ONLY.match(self.cells[amounts[0]].text):
            return None
        self.used.update(headings)
        return amounts[0]

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
        if draft.block is None and draft.title is None and set(draft.fields) <= PROSE_FIELDS:
            # a report's own headings before its table (一、项目概述 …, 七、绩效目标 详见单位的项目绩效目标表):
            # no table, so no error; what they held is said and left out
            said = (draft.goals or [c for c in draft.fields.values() if c is not None] or [None])[0]
            yield ParseWarning(f"a report's text outside any table ({said.text[:30] if said else ''!r}); left out",
                               path=self.path, line=draft.line, field="绩效目标" if draft.goals else "资金用途")
            return
        if draft.department and "project" not in draft.fields and (draft.unit or self.unit):
            # 部门整体绩效目标: the department's own targets; the department stands as the project, unless
            # its title names the funds it reports on
            draft.fields["project"] = self._funds_in_title(draft) or draft.unit or self.unit
        if draft.fields.get("project") is None or not draft.fields["project"].text:
            if draft.block is None or not draft.block.rows:
                # say what else is missing: with neither, the table is no table kg can read
                missing = "no indicator table (一级指标 / 二级指标 / 三级指标 / 指标值)" if draft.block is None \
                    else "no indicator row under its header"
                yield TableError(f"no 项目名称 (project name) and {missing} found in {where}", path=self.path,
                                 line=draft.line)
                return
            # a department's own table names no project: its heading (林业局部门整体…) is the department's
            draft.fields["project"] = None if draft.department else self._project_from_heading(draft)
            if draft.fields["project"] is not None:
                draft.notes.append(ParseWarning(
                    f"no 项目名称 cell; the project name {draft.fields['project'].text!r} is taken from the heading",
                    path=self.path, line=draft.fields["project"].line, field="项目名称"))
            else:
                draft.block = IndicatorBlock(draft.block.columns, draft.block.rows, draft.block.warnings + (
                    ParseWarning(f"no 项目名称 (project name) found in {where}; the table is kept without one",
                                 path=self.path, line=draft.line, field="项目名称"),))
        if draft.block is None:
            yield TableError(
                f"no indicator table found in {where} (looked for a header row "
                "一级指标 / 二级指标 / 三级指标 / 指标值)", path=self.path, line=draft.line)
            return
        if not draft.block.rows:
            message = (f"no indicator row could be read in {where} (under the header "
                       + " / ".join(c.text for c in draft.block.columns) + ")")
            if draft.fields.get("project") is None:
                yield from draft.block.warnings
                yield TableError(message, path=self.path, line=draft.line)
                return
            # a page cut after the header: the project, its budget and goals are still the table's
            draft.notes.append(ParseWarning(message + "; the project is kept without indicators",
                                            path=self.path, line=draft.line, field="指标值"))
        if not any(draft.fields.get(k) is not None for k in ("budget_total", "budget_fiscal")):
            self._budget_from_text(draft)
        yield RawTable(
            path=self.path, line=draft.line, title=draft.title,
            unit=draft.unit or self.unit, money_unit=draft.money_unit or self.money_unit,
            year=draft.year or self.year, department=draft.department,
            fields=dict(draft.fields), goals=tuple(draft.goals),
            long_term_goals=tuple(draft.long_term_goals), achieved_goals=tuple(draft.achieved_goals),
            columns=draft.block.columns, rows=tuple(draft.block.rows),
            warnings=tuple(draft.notes) + self._head_gaps(draft) + draft.block.warnings,
        )


def goal_columns(cells: list[Cell], vocab: Vocabulary) -> tuple[list[Cell], list[Cell]]:
    """The goals after a 总体目标 label, and a self-evaluation's 实际完成情况 beside them.

    A self-evaluation prints its goals block as two columns under headings (``总体目标 |
    预期目标 | 实际完成情况`` then ``goal | what was done``): the headings are no goal text, and
    the last cell of a row under an 实际完成情况 heading (in a stream of cells, the second)
    is what was done, not a goal.
    """
    headings = 0
    while headings < len(cells) and vocab.goal_heading(cells[headings].text):
        headings += 1
    if not headings:
        return cells, []
    values = cells[headings:]
    if not any(vocab.goal_heading(c.text) == "achieved" for c in cells[:headings]) or not values:
        return values, []
    goals: list[Cell] = []
    achieved: list[Cell] = []
    if all(c.row is None for c in values):  # a stream: the two columns' cells one after the other
        groups = _goal_cells([c for c in values if not vocab.match("placeholder", c.text)])
        for k, group in enumerate(groups):
            (achieved if k == 1 else goals).extend(group)
        return goals, achieved
    for _, run in groupby(values, key=lambda c: c.row):
        row = list(run)
        if len(row) >= 2 and row[0].row is not None:
            goals.extend(row[:-1])
            achieved.append(row[-1])
        else:
            goals.extend(row)
    return goals, achieved


_SENTENCE_ENDS = ("。", "；", ";", "！", "!")


def _goal_cells(values: list[Cell]) -> list[list[Cell]]:
    """Stream cells as the cells of the table: a line cut at its spaces (a whole table on one
    line) is put together again up to each full stop; a cell of its own line is one cell."""
    groups: list[list[Cell]] = []
    for cell in values:
        if groups and cell.kind in ("piece", "soft") and groups[-1][-1].kind in ("piece", "soft") and not (
                groups[-1][-1].text.endswith(_SENTENCE_ENDS)):
            groups[-1].append(cell)
        else:
            groups.append([cell])
    return groups


def _cited(match: re.Match[str]) -> bool:
    """A year inside 《…》, the title of a document the text cites (根据《关于下达2023年中央财政
    衔接推进乡村振兴资金预算指标的通知》…): that document's year, not the table's."""
    text, start = match.string, match.start()
    return text.rfind("《", 0, start) > text.rfind("》", 0, start)


def _opens_with_project_columns(header: list[Cell], vocab: Vocabulary) -> bool:
    """A header whose first cells name a project's fields, 项目名称 among them, two at least."""
    fields = []
    for cell in header:
        if vocab.column(cell.text) or is_lead(cell.text):
            break
        fields.append(vocab.label(cell.text))
    return "project" in fields and len(fields) >= 2
