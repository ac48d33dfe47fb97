"""The indicator table: its header, then rows placed by what their cells are.

The header names the columns (一级 / 二级 / 三级 / 指标值 …, in any of their spellings, with
a leading 绩效指标 column, side-by-side 中期 and 年度 blocks, or project columns such as
项目名称 / 预算数 in a one-sheet table). The cells under it, whatever the layout, go to
:func:`kg.parse.labeller.label_rows`, which places each one. Rows are then checked: a row
that lost its 三级 or 指标值 is reported as a warning and left out; every other row is kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

from kg.errors import ParseWarning, TableError
from kg.parse.cells import SUPPLIED, UNSPLIT, Cell
from kg.parse.labeller import LEVEL2_AS_NAME, Labelled, category_like, is_lead, label_rows, strip_score, target_like
from kg.normalise.numbers import fold
from kg.normalise.targets import comparator_prefixes, is_comparator
from kg.parse.vocab import Vocabulary, split_qualifier, squash

HEADER_NAMES = {"level1": "一级指标", "level2": "二级指标", "name": "三级指标",
                "description": "绩效指标描述", "value": "指标值"}
FIELD_ROLES = ("project", "unit", "implementing_unit", "unit_code", "budget_total", "goals", "long_term_goals",
               "purpose", "other")
MIN_HEADER_COLUMNS = 3
AREA = "area"  # a column of one area's targets (Fujian: 笏石街道办 | 埭头镇, or 区域目标值 over 新罗区 | 永定区 …)


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
        if self.role == AREA:
            return f"{AREA}:{self.text}"  # one column per area, each keyed by its name
        return f"{self.role}:long_term" if self.variant == "long_term" else self.role


@dataclass(frozen=True)
class RawRow:
    """One indicator row: its cells by column role (``value``, ``value:long_term``, …)."""

    cells: dict[str, Cell]
    line: int


@dataclass(frozen=True)
class IndicatorBlock:
    """A header, the rows read under it, and what was lost on the way (as warnings)."""

    columns: tuple[Column, ...]
    rows: tuple[RawRow, ...]
    warnings: tuple[ParseWarning, ...] = ()

    def extended(self, other: "IndicatorBlock") -> "IndicatorBlock":
        return IndicatorBlock(self.columns, self.rows + other.rows, self.warnings + other.warnings)


def header_at(cells: list[Cell], start: int, vocab: Vocabulary) -> tuple[list[Cell], int] | None:
    """The header cells that start at ``start`` and the index after them, if it is a header.

    A header is a run of column names, in one explicit row or over several lines (a header
    broken by the flattening: ``绩效指标 | 一级 指标 |`` then ``二级 指标 |`` …), holding at
    least three column names (or 三级 and 指标值); one stray column word (分值 in a budget
    row) is not a header. An explicit row that holds anything else is not part of it. A
    header with no 指标值 may end in a run of area names, one target column each.
    """
    with_areas = _header_run(cells, start, vocab, areas=True)
    if with_areas is None or all(_role(c.text, vocab, True) for c in with_areas[0]):
        return _with_grades(cells, _with_points_column(cells, with_areas, vocab), vocab)  # no area taken (most calls)
    found = _header_run(cells, start, vocab, areas=False)
    if found is not None and any(_role(c.text, vocab, True) == "value" for c in found[0]):
        return _with_grades(cells, _with_points_column(cells, found, vocab), vocab)
    return with_areas if with_areas is not None and _ends_in_areas(with_areas[0], vocab) else found


_POINTS = re.compile(r"^\s*(?:100|[1-9]?\d)\s*$")


def _with_points_column(cells: list[Cell], found: tuple[list[Cell], int] | None,
                        vocab: Vocabulary) -> tuple[list[Cell], int] | None:
    """A self-evaluation's header dumped one cell a line, then the points of its section where
    the 分值 column's name would be (四川 2021: … | 年度指标值 | 实际完成指标值 | 50): that column
    holds each row's points."""
    if found is None:
        return None
    header, end = found
    if (end < len(cells) and cells[end].row is None and header[-1].row is None
            and _POINTS.match(fold(cells[end].text))
            and "actual" in (roles := {_role(c.text, vocab, True) for c in header})
            and not roles & {"score", "weight"}):
        return header + [cells[end]._replace(kind="points")], end + 1
    return found


GRADES = ("优", "良", "中", "差")


def _with_grades(cells: list[Cell], found: tuple[list[Cell], int] | None,
                 vocab: Vocabulary) -> tuple[list[Cell], int] | None:
    """A 绩效标准 column in four grades, named on the row under the header (海南 2017: 指标类型 |
    绩效指标 | 绩效目标 | 绩效标准 over 优 | 良 | 中 | 差): the grades are its columns."""
    if found is None:
        return None
    header, end = found
    if not any(_role(c.text, vocab, True) == "standard" for c in header):
        return found
    grades, k = [], end
    while k < len(cells) and len(grades) < len(GRADES):
        if cells[k].text:
            if squash(cells[k].text) != GRADES[len(grades)]:
                return found
            grades.append(cells[k]._replace(kind="grade"))
        k += 1
    if len(grades) < len(GRADES):
        return found
    spanned = [c for c in header if _role(c.text, vocab, True) != "standard"]
    return spanned + grades, k


def _ends_in_areas(header: list[Cell], vocab: Vocabulary) -> bool:
    """Column names, then nothing but area names (the cells with no role: :func:`_header_run`
    took them as areas), and no 指标值 among the names: each area prints its own target."""
    roles = [_role(c.text, vocab, True) for c in header]
    first = next((i for i, role in enumerate(roles) if role is None), None)
    return first is not None and first > 0 and "value" not in roles and all(r is None for r in roles[first:])


def _header_run(cells: list[Cell], start: int, vocab: Vocabulary, *, areas: bool) -> tuple[list[Cell], int] | None:
    """:func:`header_at`'s run of column names from ``start``; with ``areas``, area names after
    the first column name are taken too."""

    def named(text: str, at: int) -> bool:
        return bool(_role(text, vocab, True)) or (areas and at > start and vocab.is_area(text))

    end = start
    while end < len(cells):
        cell = cells[end]
        if cell.row is not None:
            first, row_end = row_bounds(cells, end)
            if not all(c.kind == "sep" or not c.text or named(c.text, k)
                       for k, c in enumerate(cells[first:row_end], start=first)) and not (
                    end > start and _sub_header(cells[first:row_end], vocab)) and not (
                    end == start and _names_extra_columns(cells[first:row_end], vocab)):
                break
            end = row_end
            continue
        if cell.kind == "sep" or (not cell.text and end > start) or (cell.text and named(cell.text, end)):
            end += 1
            continue
        break
    if end == start:
        return None  # no column name here (most calls)
    header = [c for c in cells[start:end] if c.kind != "sep" and c.text]
    while end > start and cells[end - 1].row is None and (cells[end - 1].kind == "sep" or not cells[end - 1].text):
        end -= 1
    roles = roles_in_context([c.text for c in header], [_role(c.text, vocab, True) for c in header])
    core = {r for r in roles if r in ("level1", "level2", "name", "value", "comparator")}
    columns = [r for r in roles if r and r != "lead" and not r.startswith("field:")]
    if len(columns) < MIN_HEADER_COLUMNS and not {"name", "value"} <= core:
        return None
    if not ({"name", "value"} & core):
        return None
    return header, end


def _names_extra_columns(row: list[Cell], vocab: Vocabulary) -> bool:
    """A header row that names the indicator's columns and, beside them, columns of the unit's own
    (是否核心指标, 数据来源, 佐证材料): no list holds every name a template gives its extra columns, and
    one of them must not hide the header. The known names make the header (三级, 指标值 and one
    more at least, twice as many as the unknown ones); an unknown name is a short word with no
    digit, no category and no target in it."""
    return extra_columns_named([c.text for c in row if c.kind != "sep" and c.text], vocab)


def extra_columns_named(texts: list[str], vocab: Vocabulary) -> bool:
    """The cells of a header row name the indicator's columns and some of the unit's own
    (see ``_names_extra_columns``)."""
    roles = [_role(t, vocab, True) for t in texts]
    unknown = [t for t, role in zip(texts, roles) if role is None]
    known = [role for role in roles if role is not None]
    return (bool(unknown) and len(known) >= MIN_HEADER_COLUMNS and len(known) >= 2 * len(unknown)
            and "name" in known and bool({"value", "comparator"} & set(known))
            and all(_extra_column_word(t, vocab) for t in unknown))


def _extra_column_word(text: str, vocab: Vocabulary) -> bool:
    word, _ = split_qualifier(text)  # 评分细则(150字内): a limit on what the cell holds
    return (2 <= len(word) <= 14 and not any(ch.isdigit() for ch in word) and target_like(text) < 1.5
            and (word.startswith("是否") or not category_like(word))  # 是否核心指标 asks, it names no category
            and not vocab.is_level1(word) and not vocab.is_level2(word)
            and vocab.label(text) is None)


def _sub_header(row: list[Cell], vocab: Vocabulary) -> bool:
    """A row under a header that names the parts of its spanning columns (``符号 | 单位(文字描述) |
    单项指标得分 | 权重占比(%) | 单项指标折算得分``): mostly column names, two at least, and no
    category or target among its cells."""
    texts = [c.text for c in row if c.text]
    named = [t for t in texts if _role(t, vocab, True)]
    return len(named) >= 2 and len(named) * 2 >= len(texts) and not any(
        vocab.is_level1(strip_score(t)) or vocab.is_level2(strip_score(t)) or target_like(t) >= 2.5
        for t in texts if not _role(t, vocab, True))


def read_indicator_block(cells: list[Cell], start: int, vocab: Vocabulary,
                         ends_table: Callable[[Cell], bool], path: str = "",
                         above: IndicatorBlock | None = None) -> tuple[IndicatorBlock, int]:
    """Read the header at ``start`` and the rows under it; return the block and next index.

    ``above`` is the block read before it in the same table: where this header repeats its
    columns (a PDF prints the header again on every page), the merged 一级/二级 cells of the
    page before run on into this one."""
    found = header_at(cells, start, vocab)
    if found is None:
        raise TableError("no indicator header here", line=cells[start].line)
    header, nxt = found
    columns = [_header_column(c, vocab) for c in header]
    roles = roles_in_context([c.text for c in columns], [c.role for c in columns])
    columns = [Column(role, c.variant, c.text) if role != c.role else c for c, role in zip(columns, roles)]
    columns = _with_variants(_merge_header_rows(_area_columns(columns)))
    _check_header(columns, header[0])
    supplied = header[0].kind == SUPPLIED
    end = _block_end(cells, nxt, vocab, ends_table)
    under = cells[nxt:end]
    while (again := _same_header_again(cells, end, header, vocab)) is not None:
        # a PDF prints the header again at the top of every page: the rows run on under it
        end = _block_end(cells, again, vocab, ends_table)
        under = under + cells[again:end]
    # not 2021年实际实现值 | 预期2022年实现值, nor a slot's 目标1, nor the header's 绩效指标 lead that a
    # PDF's text layer prints halfway down the rows it spans (上海 2026)
    body = [c for c in _join_broken(under, vocab)
            if not ("实现值" in c.text and vocab.match("subheader", c.text)) and not vocab.match("slot", c.text)
            and not (c.kind != "soft" and c.row is None and is_lead(squash(c.text)))]
    vocab = vocab.for_framework(c.text for c in body)
    warnings: list[ParseWarning] = []
    if supplied:
        warnings.append(ParseWarning(
            "no header over these rows (the page that printed it is not here): their columns read in order as "
            + " / ".join(c.text for c in header), path=path, line=header[0].line, field="表头"))
    tree = _is_tree(columns, body, vocab)
    if tree:  # 项目 | 指标值: the levels are shown by indentation only; the categories name themselves
        at = next(i for i, c in enumerate(columns) if c.role == "name")
        columns = columns[:at] + [Column("level1", None, ""), Column("level2", None, "")] + columns[at:]
    else:
        columns = _lost_level_columns(columns, body, vocab, warnings, path, header[0].line)
    kept = []
    for cell in body:
        if cell.col == UNSPLIT:
            warnings.append(ParseWarning(
                f"cannot split the glued row {cell.text!r} into 三级指标 and 指标值 (no target found at "
                "its end); row skipped", path=path, line=cell.line, field="指标值"))
            continue
        kept.append(cell)
    dropped: list[Cell] = []
    keys = [c.key for c in columns]
    if _names_hold_level2(columns, body, vocab):
        # 指标类型 | 指标名称 | 指标值 | 指标描述 over 数量指标, 质量指标…: the 指标名称 column holds
        # the 二级 names, so a 二级 name fits it (時效指标 | 全年 | 全年 is no 一级 and a name)
        keys = [LEVEL2_AS_NAME if k == "name" else k for k in keys]
    labelled = label_rows(kept, keys, vocab, dropped)
    if LEVEL2_AS_NAME in keys:
        labelled = [Labelled({("name" if k == LEVEL2_AS_NAME else k): c for k, c in row.cells.items()}, row.line)
                    for row in labelled]
    warnings.extend(ParseWarning(f"the cell {c.text!r} fits no column of the table; left out", path=path,
                                 line=c.line, field="单元格") for c in dropped)
    if labelled and end >= len(cells):
        labelled[-1] = _cut_at_its_name(labelled[-1], vocab)
    labelled = _centred_level2(labelled, vocab)
    rows: list[RawRow] = []
    previous = _categories_running_on(above, columns)
    no_level2 = not any(c.role == "level2" for c in columns)
    by_area = any(c.role == AREA for c in columns)
    per_row = _prints_level2_per_row(labelled)
    for row in labelled:
        # the template's placeholders (指标2, ……) in a row nobody filled are no cells
        cells_by_key = {k: c for k, c in row.cells.items() if not vocab.match("placeholder", c.text)}
        if by_area:
            cells_by_key = _area_target(cells_by_key)
        cells_by_key = _spanning_sentence(_comparator_first(cells_by_key))
        if no_level2:
            _name_is_level2(cells_by_key, vocab)
        # a row prints both category cells (empty where merged) or neither (both merged, as
        # PDF converters leave them); printing one of the two, it lost the other
        lost_category = not no_level2 and "name" in cells_by_key and (
            ("level1" in cells_by_key) != ("level2" in cells_by_key) and (per_row or "level2" not in cells_by_key))
        _fill_down(cells_by_key, previous, vocab)
        if lost_category and (per_row or "level2" not in cells_by_key or not cells_by_key["level2"].text):
            warnings.append(_lost_category(cells_by_key, row.line, path, per_row))
        problem = _damage(cells_by_key)
        if problem and _qualitative_without_value(cells_by_key):
            # 指标性质 定性 and an empty 指标值: the indicator is there, its target is not
            warnings.append(ParseWarning(f"the row of {cells_by_key['name'].text!r} has no 指标值 (指标性质 定性); "
                                         "kept without a target", path=path, line=row.line, field="指标值"))
            problem = None
        if problem is None:
            rows.append(RawRow(cells_by_key, row.line))
        elif problem:
            field, reason = problem
            warnings.append(ParseWarning(reason, path=path, line=row.line, field=field))
    warnings.extend(_fill_missing_level1(rows, columns, vocab, path))
    if tree:
        rows = _tree_head(rows)
    warnings.extend(_missing_descriptions(rows, path))

    return IndicatorBlock(tuple(columns), tuple(rows), tuple(warnings)), end


def _cut_at_its_name(row: Labelled, vocab: Vocabulary) -> Labelled:
    """The last row of a text cut off (a page's excerpt ends inside it: 资金投入 / 预算编制科学): a
    category read as its name, and the next name as its target, is a 二级 and a name without one."""
    name, value = row.cells.get("name"), row.cells.get("value")
    if (name is None or value is None or "level2" in row.cells or not vocab.is_level2(strip_score(name.text))
            or vocab.is_level1(strip_score(name.text)) or target_like(value.text) >= 1.5):
        return row
    cells = {k: c for k, c in row.cells.items() if k not in ("name", "value")}
    return Labelled({**cells, "level2": name, "name": value}, row.line)


def _same_header_again(cells: list[Cell], at: int, header: list[Cell], vocab: Vocabulary) -> int | None:
    """The index after a header at ``at`` that names the same columns as ``header``, else None."""
    if at >= len(cells):
        return None
    # the header may open with a lead the vocabulary does not know (绩???效), or one on a row of its
    # own (年度绩效目标1 (80分) | then 一级指标 | 二级指标 …)
    row_end = row_bounds(cells, at)[1] if cells[at].row is not None else at + 1
    starts = list(range(at, row_end))
    if sum(bool(c.text) for c in cells[at:row_end]) <= 1:
        starts.append(row_end)
    found = next((f for k in starts if k < len(cells) and (f := header_at(cells, k, vocab)) is not None), None)
    if found is None:
        return None
    roles = [_header_column(c, vocab) for c in header]
    again = [_header_column(c, vocab) for c in found[0]]
    return found[1] if _indicator_keys(again) == _indicator_keys(roles) else None


def _categories_running_on(above: IndicatorBlock | None, columns: list[Column]) -> dict[str, str]:
    """The 一级/二级 of the last row of ``above`` when this block repeats its header, else none."""
    if above is None or not above.rows or _indicator_keys(above.columns) != _indicator_keys(columns):
        return {}
    last = above.rows[-1].cells
    return {k: last[k].text for k in ("level1", "level2", "level2:long_term") if k in last and last[k].text}


def _indicator_keys(columns) -> list[str]:
    """The keys of the columns that hold an indicator (a 绩效指标 label leading the header aside)."""
    return [c.key for c in columns if c.key and c.key.split(":")[0] in ("level1", "level2", "name", "value")]


def _lost_level_columns(columns: list[Column], body: list[Cell], vocab: Vocabulary,
                        warnings: list[ParseWarning], path: str, line: int) -> list[Column]:
    """A header that lost its 一级指标 cell, over rows that print 一级 names: the column is put
    back before 二级, and the loss is said. A header without 二级指标 over rows that print 二级
    names is only said: some templates put the 二级 in the 指标名称 column on purpose."""
    roles = [c.role for c in columns]
    if "name" in roles and ("level1" in roles) == ("level2" in roles):
        return columns  # the usual header: nothing to look for in the rows
    texts = [strip_score(c.text) for c in body if c.text and len(c.text) <= 20]
    if "name" not in roles and "level1" in roles and "level2" in roles and not any(
            _is_full_level1(t, vocab) for t in texts) and sum(vocab.is_level2(t) for t in texts) >= 2:
        # 一级 never printed: the 一级指标 column holds the 二级 categories, the 二级指标 column the names
        warnings.append(ParseWarning("the rows print no 一级 but 二级 names under 一级指标 and indicator names "
                                     "under 二级指标; read as 二级指标 / 三级指标", path=path, line=line, field="一级指标"))
        shifted = {"level1": "level2", "level2": "name"}
        return [Column(shifted[c.role], c.variant, c.text) if c.role in shifted else c for c in columns]
    if "name" not in roles or ("level1" in roles) == ("level2" in roles):
        return columns
    if "level1" not in roles and sum(_is_full_level1(t, vocab) for t in texts) >= 2:
        at, missing = roles.index("level2"), Column("level1", None, "")
    elif _names_hold_level2(columns, body, vocab):
        warnings.append(ParseWarning("the header has no 二级指标 column, but the rows print 二级 names",
                                     path=path, line=line, field="二级指标"))
        return columns
    else:
        return columns
    name = HEADER_NAMES[missing.role]
    warnings.append(ParseWarning(f"the header has no {name} column, but the rows print {name} names; "
                                 "read as if it had one", path=path, line=line, field=name))
    return columns[:at] + [missing] + columns[at:]


def _names_hold_level2(columns: list[Column], body: list[Cell], vocab: Vocabulary) -> bool:
    """A header with 一级 and 指标名称 but no 二级指标, over rows that print 二级 names (two at least)."""
    roles = [c.role for c in columns]
    if "name" not in roles or "level1" not in roles or "level2" in roles:
        return False
    texts = [strip_score(c.text) for c in body if c.text and len(c.text) <= 20]
    return sum(vocab.is_level2(t) and not vocab.is_level1(t) for t in texts) >= 2


def _is_tree(columns: list[Column], body: list[Cell], vocab: Vocabulary) -> bool:
    """No 一级/二级 column, but categories of both levels among the cells."""
    roles = {c.role for c in columns}
    if roles & {"level1", "level2"} or "name" not in roles:
        return False
    texts = [strip_score(c.text) for c in body if c.text and len(c.text) <= 20]
    return any(_is_full_level1(t, vocab) for t in texts) and any(
        vocab.is_level2(t) and not vocab.is_level1(t) for t in texts)


def _tree_head(rows: list[RawRow]) -> list[RawRow]:
    """The cells of a tree above its first category: the unit, the project, its amount."""
    first = next((i for i, r in enumerate(rows) if "level1" in r.cells or "level2" in r.cells), 0)
    cells = sorted((c for r in rows[:first] for c in r.cells.values() if c.text), key=lambda c: c.line)
    texts = [c for c in cells if not _AMOUNT.match(c.text)]
    if not texts:
        return rows
    fields = {"field:project": texts[-1]}
    amounts = [c for c in cells if _AMOUNT.match(c.text) and c.line > texts[-1].line]
    if amounts:
        fields["field:budget_total"] = amounts[0]
    if len(texts) > 1:
        fields["field:unit"] = texts[-2]
    return [RawRow(fields, texts[-1].line)] + rows[first:]


_AMOUNT = re.compile(r"^\s*\d[\d,]*(?:\.\d+)?\s*$")


def _missing_descriptions(rows: list[RawRow], path: str) -> list[ParseWarning]:
    """A row without the 绩效指标描述 that the other rows of its table have lost a cell: it is
    kept (its name and target are placed by what they are), and the loss is said."""
    described = [r for r in rows if r.cells.get("description") is not None and r.cells["description"].text]
    if len(described) * 2 < len(rows):
        return []
    return [ParseWarning(f"the row of {r.cells['name'].text!r} has no 绩效指标描述; kept without it",
                         path=path, line=r.line, field="绩效指标描述")
            for r in rows if r not in described and r.cells.get("name") is not None]


def row_bounds(cells: list[Cell], i: int) -> tuple[int, int]:
    """[first, end) indices of the explicit row that cell ``i`` belongs to."""
    row_id = cells[i].row
    first, end = i, i + 1
    while first > 0 and cells[first - 1].row == row_id and row_id is not None:
        first -= 1
    while end < len(cells) and cells[end].row == row_id and row_id is not None:
        end += 1
    return first, end


def _is_column(cell: Cell, vocab: Vocabulary, *, header: bool) -> bool:
    return bool(cell.text) and _role(cell.text, vocab, header) is not None


@lru_cache(maxsize=1 << 16)
def _role(text: str, vocab: Vocabulary, header: bool) -> str | None:
    """The column a header cell names (``name``, ``value``…), ``lead`` for 绩效指标, and with
    ``header`` the ``field:`` of a project column (项目名称 in a one-sheet table)."""
    found = vocab.column(text)
    if found:
        return found[0]
    if is_lead(text):
        return "lead"
    label = vocab.label(text)
    if header and label in FIELD_ROLES:
        return "field:" + label
    return None


def roles_in_context(texts: list[str], roles: list[str | None]) -> list[str | None]:
    """Roles a header's words take from the words beside them. 评价指标 | 评价内容 head the 一级
    and the 二级 of a 河北 evaluation table (宁晋 2019), 评价内容 alone first the 一级 of an old
    福建 one. 绩效目标 heads the 一级 of an old
    福建 template (绩效目标 | 评价指标 | 绩效内容 …), but the targets where a 一级 column is
    already named (海南 2017: 指标类型 | 绩效指标 | 绩效目标 | 绩效标准), and then the 绩效指标
    after that 一级 names the indicators, no lead."""
    roles = list(roles)
    if "level1" not in roles and "level2" in roles:
        at = roles.index("level2")
        if squash(texts[at]) == "评价指标" and at + 1 < len(texts) and squash(texts[at + 1]) == "评价内容":
            roles[at:at + 2] = ["level1", "level2"]  # 宁晋 2019: 产出 under 评价指标, 数量指标 under 评价内容
    if "level1" not in roles and "level2" not in roles and texts and squash(texts[0]) == "评价内容":
        roles[0] = "level1"  # 福建 2017: 评价内容 | 绩效内容 | 参考标准 | 绩效目标值 over 投入, 产出, 效益
    goal_columns = [k for k, (t, r) in enumerate(zip(texts, roles)) if r == "level1" and squash(t) == "绩效目标"]
    if goal_columns and roles.count("level1") > 1 and "value" not in roles:
        for k in goal_columns:
            roles[k] = "value"
        leads = [k for k, r in enumerate(roles) if r == "lead" and k > 0]
        if leads and "name" not in roles:
            roles[leads[0]] = "name"
    return roles


def _header_column(cell: Cell, vocab: Vocabulary) -> Column:
    if cell.kind == "points":  # :func:`_with_points_column`
        return Column("score", None, cell.text)
    if cell.kind == "grade":  # :func:`_with_grades`: the best grade is the 绩效标准, the others beside it
        return Column("standard" if squash(cell.text) == GRADES[0] else "grade", None, cell.text)
    return _column(cell.text, vocab)


def _column(text: str, vocab: Vocabulary) -> Column:
    found = vocab.column(text)
    if found:
        return Column(found[0], found[1], text)
    role = _role(text, vocab, True)
    if role is None and vocab.is_area(text):
        role = AREA  # header_at took it as one of a run of areas
    return Column(role, None, text)


def _area_columns(columns: list[Column]) -> list[Column]:
    """区域目标值 heads the area columns under it: they take its place. With no area named, the
    heading is the one 指标值 column."""
    if not any(c.role == "areas" for c in columns):
        return columns
    if any(c.role == AREA for c in columns):
        return [c for c in columns if c.role != "areas"]
    return [Column("value", c.variant, c.text) if c.role == "areas" else c for c in columns]


LEVEL_GROUP = ("level1", "level2", "name", "description")
VALUE_GROUP = ("comparator", "value", "unit", "kind")
SELF_EVALUATION = ("actual", "score", "remark")


def _merge_header_rows(columns: list[Column]) -> list[Column]:
    """Two header rows run together: ``绩效指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 一级指标 |
    二级指标 | 三级指标 | 指标性质 | 指标值 | 度量单位``. The first row's 绩效指标 and 年度指标值
    span the second row's columns (一级 / 二级 / 三级, and 指标性质 / 指标值 / 度量单位), which
    take their places; the first row's other columns span both rows and stay where they are."""
    roles = [c.role for c in columns]
    first_eval = next((i for i, role in enumerate(roles) if role in SELF_EVALUATION), None)
    cut = None if first_eval is None else next(
        (i for i, role in enumerate(roles) if i > first_eval and role in LEVEL_GROUP + VALUE_GROUP[:1]), None)
    if cut is None:
        return columns
    first, second = columns[:cut], columns[cut:]
    out: list[Column] = []
    for column in first:
        if column.role == "lead" or column.role == "value":
            group = LEVEL_GROUP if column.role == "lead" else VALUE_GROUP
            taken = 0
            while taken < len(second) and second[taken].role in group:
                taken += 1
        else:  # 自评得分 over 单项指标得分 | 权重占比 | 折算得分: the rest of the second row
            taken = len(second) if second and second[0].role == column.role and column.role else 0
        if taken == 0:
            out.append(column)
            continue
        sub = second[:taken]
        if column.role == "value" and not any(c.role == "value" for c in sub):
            sub = [c for c in sub if c.role == "comparator"] + [column] + [c for c in sub if c.role != "comparator"]
        out.extend(sub)
        second = second[taken:]
    seen: set[str] = set()
    merged = []
    for column in out + second:  # a role named twice keeps its first column
        merged.append(column if column.key not in seen else Column(None, None, column.text))
        seen.add(column.key)
    return merged


def _with_variants(columns: list[Column]) -> list[Column]:
    """Two blocks side by side (中期 and 年度), each with its 二级, 三级 and 指标值: the block whose
    指标值 is named the period's (实施周期指标值 after 当年度's, or 指标值(长期)) is the 中期 one,
    the first where neither says. Levels and names that carry their own qualifiers keep them."""
    seen: dict[str, int] = {}
    for column in columns:
        if column.role in ("level2", "name", "value", "description"):
            seen[column.role] = seen.get(column.role, 0) + 1
    if not any(n > 1 for n in seen.values()) or any(c.variant for c in columns if c.role != "value"):
        return columns
    values = [k for k, c in enumerate(columns) if c.role == "value"]
    if len(values) != 2:
        return columns if any(c.variant for c in columns) else _first_block_long_term(columns, seen)
    first, second = (columns[k].variant for k in values)
    period_second = second == "long_term" or (first == "annual" and second is None)
    start, end = (values[0] + 1, len(columns)) if period_second else (0, values[0] + 1)
    return [Column(c.role, "long_term", c.text) if start <= k < end and seen.get(c.role or "", 0) > 1
            else Column(c.role, None, c.text) if c.variant == "long_term" else c
            for k, c in enumerate(columns)]


def _first_block_long_term(columns: list[Column], seen: dict[str, int]) -> list[Column]:
    counted: dict[str, int] = {}
    out = []
    for column in columns:
        if seen.get(column.role or "", 0) > 1:
            counted[column.role] = counted.get(column.role, 0) + 1
            if counted[column.role] == 1:
                column = Column(column.role, "long_term", column.text)
        out.append(column)
    return out


def _check_header(columns: list[Column], at: Cell) -> None:
    roles = {c.role for c in columns}
    missing = [HEADER_NAMES[r] for r in ("name", "value") if r not in roles]
    if "value" not in roles and ("comparator" in roles or AREA in roles):
        missing.remove("指标值")  # the targets are in the 指标性质 column, or one column per area
    if "name" not in roles and "level2" in roles:
        missing.remove("三级指标")  # a table without 三级: its 二级 names the indicator
    if missing:
        raise TableError(
            "indicator header has no " + " / ".join(missing) + " column (found: "
            + " / ".join(c.text for c in columns) + ")", line=at.line)


def _block_end(cells: list[Cell], start: int, vocab: Vocabulary, ends_table: Callable[[Cell], bool]) -> int:
    """Where the rows stop: a title, a label, a footer or a new header; an explicit row that
    holds one of them ends the block at its first cell."""
    j = start
    piped = 0  # the pipe rows read so far: text after them that is no row is the page's own
    while j < len(cells):
        cell = cells[j]
        if cell.row is not None:
            piped += 1
            first, end = row_bounds(cells, j)
            if end - first >= 3 and vocab.match("other_table", cells[first].text):
                return j  # another table's header row (序号 | 学校性质 | 培训机构 …)
            for k in range(first, end):
                c = cells[k]
                # a header row may open with a lead cell the vocabulary does not know (a mirror's
                # 绩???效 指???标): the header then starts at its first column name
                if c.text and (ends_table(c) or (_is_column(c, vocab, header=True) and (
                        header_at(cells, j, vocab) or (k > j and header_at(cells, k, vocab))))):
                    # a lead cut off the header's own line (年度绩效目标1 (80分) | 一级指标 | …) goes with it
                    while j > start and cells[j - 1].line == cells[j].line and cells[j - 1].row != cells[j].row:
                        j -= 1
                    return j
            j = end
            continue
        if cell.text and (ends_table(cell) or (_is_column(cell, vocab, header=False)
                                               and header_at(cells, j, vocab))):
            return j
        if piped >= MIN_PIPED_ROWS and cell.text and _is_prose(cell.text) and _text_runs_on(cells, j):
            return j  # a report's text after a table of pipe rows (大英 2020: 3.分析评价申报内容是否…)
        j += 1
    return j


# a report's text after a table of pipe rows: three rows read, then a sentence (16 characters, a comma or
# a full stop) with three more lines of text after it and no row among them
MIN_PIPED_ROWS = 3
MIN_PROSE_CHARS = 16
PROSE_RUN = 3
_SENTENCE_MARKS = re.compile(r"[,，;；。]")


def _is_prose(text: str) -> bool:
    """A line of a report's text: long, and a sentence (a comma or a full stop in it)."""
    return len(text) >= MIN_PROSE_CHARS and bool(_SENTENCE_MARKS.search(text))


def _text_runs_on(cells: list[Cell], at: int) -> bool:
    """Whether the lines after ``cells[at]`` are text too, no row among the next few: a row's long
    name printed on a line of its own (u03, 黄石 2022) has pipe rows right after it."""
    texts = [c for c in cells[at + 1:at + 1 + 4 * PROSE_RUN] if c.text][:PROSE_RUN]
    return len(texts) == PROSE_RUN and all(c.row is None for c in texts)


def _join_broken(cells: list[Cell], vocab: Vocabulary) -> list[Cell]:
    """A category broken over two lines (``经济效益`` + ``指标``) is one cell again; never a target
    and the tail (``≥90.00(%)`` + ``指标``, where a PDF wrapped a 二级 around its row, 上海 2026)."""
    if not any(c.text in ("指标", "目标") for c in cells):
        return cells
    out: list[Cell] = []
    for cell in cells:
        if cell.text in ("指标", "目标") and out:
            k = len(out) - 1
            while k >= 0 and not out[k].text:
                k -= 1
            if k >= 0 and out[k].line < cell.line and len(out[k].text) <= 10 and target_like(out[k].text) < 2.5:
                prev = out[k]
                out[k] = Cell(prev.text + cell.text, prev.line, prev.row, prev.col)
                continue
        out.append(cell)
    return out


def _fill_down(row: dict[str, Cell], previous: dict[str, str], vocab: Vocabulary) -> None:
    """An empty 一级/二级 cell is part of a merged cell above it.

    A 二级 is filled only where its variant's 三级 is present: a row that fills only
    the 长期 columns has no annual 二级 to inherit. A new 一级 opens new 二级 spans, unless
    the row's 二级 was left out and belongs under the new 一级 anyway.
    """
    level1_printed = "level1" in row and bool(row["level1"].text)
    for key, name_key in (("level1", None), ("level2", "name"), ("level2:long_term", "name:long_term")):
        cell = row.get(key)
        if cell is not None and cell.text:
            if key == "level1" and previous.get("level1", cell.text) != cell.text:
                previous.pop("level2", None)
                previous.pop("level2:long_term", None)
            previous[key] = cell.text
        elif key in previous and (name_key is None or (name_key in row and row[name_key].text)):
            line = cell.line if cell is not None else next(iter(row.values())).line
            row[key] = Cell(previous[key], line)
    level1, level2 = row.get("level1"), row.get("level2")
    if (not level1_printed and level1 is not None and level2 is not None and level2.text
            and level1.text == previous.get("level1")):
        # a merged 一级 cannot hold a 二级 of another 一级 (社会效益 under 产出指标): the 一级 cell
        # of this block was lost, so take the one the 二级 belongs to
        parent = vocab.parent(strip_score(level2.text))
        parents = _parent_categories(vocab)
        # the carried 一级 may be a 二级 too, of another 一级 (成本指标: a 一级 today, under 产出指标 in
        # the old framework), but not of itself (满意度指标)
        own = vocab.parent(strip_score(level1.text))
        if (parent and _category(level1.text) in parents and _category(level1.text) != _category(parent)
                and (own is None or _category(own) != _category(level1.text))):
            row["level1"] = Cell(parent, level1.line)


def _centred_level2(rows: list[Labelled], vocab: Vocabulary) -> list[Labelled]:
    """A PDF's text layer prints a merged cell in the middle of the rows it spans (上海 2026, y03:
    社会效益指标 on the second of its three rows, 道路安全隐患减少情况 above it printed with no
    二级). In a table that prints its 一级 so (a 一级 below a row whose 二级 belongs to it), and
    where every printed 二级 stands in the middle of a run of rows, the runs parting the rows
    without gaps, each 二级 spans its run; elsewhere an empty 二级 is the one above it."""
    if not _prints_level1_centred(rows, vocab):
        return rows
    printed = [(k, row.cells["level2"]) for k, row in enumerate(rows)
               if "level2" in row.cells and row.cells["level2"].text]
    if not printed or len(printed) == len(rows):
        return rows
    start, spans = 0, []
    for j, (k, cell) in enumerate(printed):
        end = 2 * k - start  # the run from ``start`` with the 二级 at its middle
        following = printed[j + 1][0] if j + 1 < len(printed) else len(rows)
        if end < k or end >= following:
            return rows
        spans.append((start, end, cell))
        start = end + 1
    if start != len(rows):
        return rows
    out = list(rows)
    for first, last, cell in spans:
        for k in range(first, last + 1):
            if "level2" not in out[k].cells or not out[k].cells["level2"].text:
                out[k] = Labelled({**out[k].cells, "level2": Cell(cell.text, out[k].line)}, out[k].line)
    return out


def _prints_level1_centred(rows: list[Labelled], vocab: Vocabulary) -> bool:
    """A 一级 printed on a row (or a line of its own) below a row that has no 一级 and whose 二级
    belongs to it (数量指标 / 产出指标 质量指标 …): a table that prints a merged 一级 halfway down."""
    for above, row in zip(rows, rows[1:]):
        level1, level2 = row.cells.get("level1"), above.cells.get("level2")
        if (level1 is None or not level1.text or level2 is None or not level2.text
                or ("level1" in above.cells and above.cells["level1"].text)):
            continue
        parent = vocab.parent(strip_score(level2.text))
        if parent is not None and _category(parent) == _category(level1.text):
            return True
    return False


def _prints_level2_per_row(rows) -> bool:
    """Whether the table prints the 二级 in every row under a merged (empty) 一级, as most of
    its rows with an empty 一级 cell do; in such a table a row with no 二级 cell has lost it."""
    under_merged = [row.cells for row in rows if "level1" in row.cells and not row.cells["level1"].text]
    printed = sum(1 for cells in under_merged if "level2" in cells and cells["level2"].text)
    return printed >= 2 and printed > len(under_merged) - printed


def _lost_category(row: dict[str, Cell], line: int, path: str, per_row: bool) -> ParseWarning:
    level1, level2 = (row[k].text if k in row else "" for k in ("level1", "level2"))
    lost = "lacks a 一级/二级 cell that the rows around it print" if per_row else "has no 二级指标"
    return ParseWarning(f"the row of {row['name'].text!r} {lost}; read as {level1 or '(none)'} / {level2 or '(none)'}",
                        path=path, line=line, field="二级指标")


def _spanning_sentence(row: dict[str, Cell]) -> dict[str, Cell]:
    """A sentence in a row with no 指标值 (``增加就业机会,提高农民收入。``) is one cell merged
    over 三级指标 and 指标值: it is both the name and the (qualitative) target."""
    name = row.get("name")
    if name is not None and name.text and not (row.get("value") and row["value"].text) and not (
            row.get("comparator") and row["comparator"].text) and (
            name.text.endswith(("。", "；", ";")) or len(name.text) >= 16):
        row["value"] = name
    return row


def _category(text: str) -> str:
    return strip_score(text).removesuffix("指标")


@lru_cache(maxsize=4)
def _parent_categories(vocab: Vocabulary) -> frozenset[str]:
    return frozenset(_category(p) for p in vocab.parents.values())


def _area_target(row: dict[str, Cell]) -> dict[str, Cell]:
    """One 指标值 from a row's area columns (their cells are left out of the row).

    Areas that print the same target give the table's target, the printed cell itself, and a
    指标方向 of ≥/≤ is its comparator (笏石街道办 ``100%``, 埭头镇 ``100%`` under ``≤``: ≤100%).
    Areas that print different targets give no one number: the 指标值 is their targets side by
    side with the areas' names (``新罗区：2；永定区：3``), which reads as a qualitative target.
    An area left blank is covered by a merged cell or has no target; it contradicts no other."""
    areas = [(key.split(":", 1)[1], row.pop(key)) for key in [k for k in row if k.startswith(AREA + ":")]]
    printed = [(area, cell) for area, cell in areas if cell.text.strip()]
    if not printed or (row.get("value") is not None and row["value"].text):
        return row
    if len({squash(cell.text) for _, cell in printed}) == 1:
        row["value"] = value = printed[0][1]
        direction = row.get("direction")
        if direction is not None and is_comparator(direction.text) and not _opens_with_comparator(value.text) and (
                row.get("comparator") is None or not row["comparator"].text):
            row["comparator"] = direction
        return row
    row["value"] = Cell("；".join(f"{area}：{cell.text.strip()}" for area, cell in printed), printed[0][1].line)
    return row


def _opens_with_comparator(text: str) -> bool:
    """``>=95%`` carries its own comparator; a 指标方向 must not add a second one."""
    return bool(comparator_prefixes(squash(text)))


def _comparator_first(row: dict[str, Cell]) -> dict[str, Cell]:
    """指标性质 and 指标方向 swap their contents between templates (正向 / ≥): keep each
    word in the field it means."""
    comparator, direction = row.get("comparator"), row.get("direction")
    if comparator is not None and comparator.text and not is_comparator(comparator.text) and (
            squash(comparator.text) not in ("定量", "定性")) and (direction is None or is_comparator(direction.text)):
        if direction is not None:
            row["comparator"] = direction
        else:
            del row["comparator"]
        row["direction"] = comparator
    return row


def _fill_missing_level1(rows: list[RawRow], columns: list[Column], vocab: Vocabulary,
                         path: str) -> list[ParseWarning]:
    """Rows above a 一级 printed at the middle of its merged block, or a row that lost its 一级
    cell, carry none: take the 一级 that their 二级 belongs to (数量指标 → 产出指标), from the
    category table, and say so. So do all rows under a 一级 column whose cells all lost their
    words (a vertical cell of which only ``(50分)`` is left); a table with no 一级 column and
    no 一级 cell has none to fill."""
    if not any(c.role == "level1" for c in columns) and not any(r.cells.get("level1") for r in rows):
        return []
    out = []
    for row in rows:
        if "level1" in row.cells and row.cells["level1"].text:
            continue
        level2 = row.cells.get("level2")
        parent = vocab.parent(strip_score(level2.text)) if level2 is not None and level2.text else None
        if parent is not None:
            row.cells["level1"] = Cell(parent, level2.line)
            out.append(ParseWarning(f"the row of {row.cells['name'].text if 'name' in row.cells else level2.text!r} "
                                    f"has no 一级指标 cell; took {parent!r}, the 一级 of {level2.text!r}",
                                    path=path, line=row.line, field="一级指标"))
    return out


def _name_is_level2(row: dict[str, Cell], vocab: Vocabulary) -> None:
    """A table with no 二级 column whose 指标名称 holds 数量指标, 质量指标…: the 二级 is the name.
    A row whose only category stands in the 一级 column but is no 一级 (时效指标) lost its
    merged 一级 cell: that category is its 二级 and name."""
    name, level1 = row.get("name"), row.get("level1")
    if (name is None or not name.text) and level1 is not None and level1.text and (
            row.get("value") and row["value"].text) and not _is_full_level1(level1.text, vocab):
        row["name"] = level1
        del row["level1"]
        name = level1
    if name is not None and name.text and strip_score(name.text).endswith("指标") and (
            vocab.is_level2(strip_score(name.text)) or category_like(name.text)):
        row["level2"] = name


def _is_full_level1(text: str, vocab: Vocabulary) -> bool:
    plain = strip_score(text)
    return vocab.is_level1(plain) and not vocab.is_level2(plain)


def _qualitative_without_value(row: dict[str, Cell]) -> bool:
    name, comparator = row.get("name"), row.get("comparator")
    return bool(name is not None and name.text and comparator is not None and squash(comparator.text) == "定性"
                and not (row.get("value") and row["value"].text))


def _damage(row: dict[str, Cell]) -> tuple[str, str] | None | bool:
    """None for a good row, False for an empty template row (skipped silently), else the
    (field, reason) of the damage that loses it."""
    name, value = row.get("name"), row.get("value")
    if name is not None and value is not None and name.text and value.text:
        return None  # the common case, decided without building anything
    text = {k: c.text for k, c in row.items() if c.text}
    name = text.get("name") or text.get("name:long_term")
    value = text.get("value") or text.get("value:long_term") or (
        text.get("comparator") and text.get("unit"))
    if name and value:
        return None
    if not name and not value:
        if any(k.startswith("field:") for k in text):
            return None  # a project's own cells (项目名称, 预算数) on a row of their own
        rest = [k for k in text if k not in ("level1", "level2", "level2:long_term", "lead", "kind")]
        if not rest:
            return False
        shown = next(iter(text[k] for k in rest))
        return "三级指标", f"a row with {shown!r} has neither 三级指标 nor 指标值; row skipped"
    if name and not value:
        return "指标值", f"the row of {name!r} has no 指标值; row skipped"
    return "三级指标", f"the target {value!r} has no 三级指标; row skipped"
