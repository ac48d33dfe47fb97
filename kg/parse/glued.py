"""Glued layouts: ``产出指标数量指标培训班举办期数≥4期`` on one line, no separator.

Known labels, column headers and category names are cut off the front; the target
grammar finds the value at the end (one row cut into its cells: gluedrow.py). Lines become
explicit rows, so the table reader aligns them like pipe rows (continuation rows lack the
leading cells).
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import groupby, takewhile
from operator import attrgetter
from typing import Sequence

from kg.parse.cells import AMOUNT_ONLY, UNSPLIT, Cell, line_step
from kg.parse.gluedrow import (BARE_NUMBER, CATEGORY_NOTE, MAX_NAME_CHARS, split_indicator_line, value_alone,
                               with_explanation, with_score_last, with_weight_after, with_weight_first)
from kg.parse.labeller import LEADS, directions, is_lead, strip_score, target_like
from kg.parse.rows import extra_columns_named
from kg.parse.vocab import Vocabulary, folded, printed_span, squash

_SPACE_OR_BRACKET = re.compile(r"([ \t]+|[(（)）])")


def is_glued(cells: list[Cell], vocab: Vocabulary) -> bool:
    """A dump is glued when its indicator header is one run of column names."""
    starts = _header_starts(vocab)
    return any(_glued_header(c.text, vocab) for c in cells
               if c.row is None and len(c.text) >= 8 and (squash(c.text[:MAX_LABEL_START])[:2] in starts
                                                          or 0 < c.text.find(_LEVEL1_COLUMN, 0, _LEAD_REACH)))


@lru_cache(maxsize=4)
def _header_starts(vocab: Vocabulary) -> frozenset[str]:
    """The first two characters of every column name: a glued header starts with one."""
    return frozenset(name[:2] for name in _header_names(vocab))


@lru_cache(maxsize=1 << 14)  # asked of a line by is_glued and again by unglue
def _glued_header(text: str, vocab: Vocabulary) -> tuple[str, ...] | None:
    """``绩效指标一级指标二级指标三级指标指标值`` → its column names (three at least), else None.
    A name kg does not know between known ones (``…得分计算方法得分…``) is a column of the
    unit's own, as in a header row of cells (``extra_columns_named``)."""
    parts = _split_known(text, _header_names(vocab), _longest_header_name(vocab))
    if parts is None and 0 < (at := text.find(_LEVEL1_COLUMN, 0, _LEAD_REACH)) and not any(c.isdigit() for c in text[:at]):
        # 部门整体支出 年度绩效指标一级指标二级指标… (祁东 2024): the form's own words lead the header, no column
        return _glued_header(text[at:], vocab)
    if parts is None and "值" in text and text.count("指标") >= 2:  # a header names 三级 and 指标值 at least
        parts = _split_known(text, _header_names(vocab), _longest_header_name(vocab), max_unknown=MAX_UNKNOWN_COLUMN)
        if parts is not None and not extra_columns_named(parts, vocab):
            return None
    return tuple(parts) if parts and len(parts) >= 3 else None


@lru_cache(maxsize=4)
def _longest_header_name(vocab: Vocabulary) -> int:
    return max(map(len, _header_names(vocab)), default=0)


_HEADER_FIELDS = ("project", "unit", "unit_code", "budget_total", "goals", "long_term_goals")


@lru_cache(maxsize=4)
def _header_names(vocab: Vocabulary) -> dict[str, str]:
    """Column names, the 绩效指标 lead, and the labels of a table whose project cells are
    columns (单位代码 / 单位(专项)名称 / 资金总额 …)."""
    fields = {label: "field:" + name for label, name in vocab.labels.items() if name in _HEADER_FIELDS}
    return {**fields, **vocab.columns, **{squash(lead): "lead" for lead in LEADS}}


def unglue(cells: list[Cell], vocab: Vocabulary) -> list[Cell]:
    """Split glued lines into rows of cells; cells already in rows pass through."""
    out: list[Cell] = []
    in_indicators = False
    first_target = False  # columns after 指标值: its target is the first one in the line
    described = False  # a 指标解释 column between 三级 and 指标值
    weighted = False  # a 分值 column between 三级 and 指标值: the row's first number is its weight
    scored = False  # 指标值 | 实际完成值 | 得分: the achieved value and the score glued after the target
    weight_after = False  # 指标值 | 分值: a bare number ending the row may hold both
    second_block = None  # 中期 | 年度 blocks side by side: whether the second block has columns after its 指标值
    compared = False  # 指标性质 | 指标值: a comparator of its own opens the target
    direction_last = False  # … | 指标方向性: the row ends in a direction word (正向指标)
    listed = False  # 单位名称 | 项目名称 | 预算数 | 年度目标 | 一级指标 …: a project's first row opens with its cells
    value_line = None  # the index of a line already read as the 指标值 of the row above it
    step = line_step(cells)
    for i, cell in enumerate(cells):
        if i == value_line:
            continue
        if cell.row is not None or not cell.text:
            out.append(cell)
            continue
        header = _glued_header(cell.text, vocab)
        if header:
            in_indicators = True
            roles = [header_role(name, vocab) for name in header]
            if "value" in roles:
                at = roles.index("value")
                before, after = roles[:at], roles[at + 1:]
                first_target = any(r not in (None, "lead") for r in after)
                described = "description" in before and not first_target
                weighted = first_target and before[-1:] == ["weight"]
                scored = after[:2] == ["actual", "score"]
                weight_after = after[:1] == ["weight"] and _weights_apart(cells[i + 1:i + 1 + MAX_WEIGHED_ROWS], vocab)
                second_block = (after[after.index("value") + 1:] != []) if "value" in after else None
                compared = before[-1:] == ["comparator"]
                direction_last = roles[-1] == "direction"
                listed = "field:project" in before and "level1" in before
            out.extend(_row(header, cell))
            continue
        money_unit = _money_unit_at_end(cell.text, vocab)
        if money_unit:  # ``207101天津市河北区人民法院单位:万元``: a table's unit, its money unit
            in_indicators = False
            before = cell.text[:money_unit]
            parts = _label_run(before, vocab) if _label_prefix(before, vocab) else [before]
            out.extend(_row([*parts, cell.text[money_unit:]], cell))
            continue
        if in_indicators and (amounts := _code_name_amount(cell.text)):
            out.extend(_row(amounts, cell))  # ``505006州民族特殊教育学校30.00``: a unit's or project's row
            continue
        label = None if vocab.match("title", cell.text) else _label_prefix(cell.text, vocab)
        if label and vocab.label(label) and label != cell.text:
            in_indicators = in_indicators and vocab.label(label) != "project"
            out.extend(_row(_label_run(cell.text, vocab), cell))
            continue
        heading = None if label or in_indicators else _section_heading(cell.text, vocab)
        if heading:
            out.extend(_row([heading, *_label_run(cell.text[len(heading):], vocab)], cell))
            continue
        if in_indicators and not vocab.match("title", cell.text):
            lead, text = _listed_lead(cell.text, vocab, compared) if listed else ([], cell.text)
            text, direction = _direction_at_end(text) if direction_last else (text, None)
            parts = split_indicator_line(text, vocab, first_target=first_target, compared=compared)
            if parts is None and value_alone(cells, i + 1, cell, step):
                # the row's 指标值 printed on the line under it (湖南 部门整体 template)
                value_line = i + 1
                parts = split_indicator_line(cell.text + cells[i + 1].text, vocab)
            if parts is None:  # 补贴标准对国有企业…予以适当补助 (西青 2020): a target that is a sentence
                parts = split_indicator_line(cell.text, vocab, first_target=first_target, sentence=True)
            if parts and described:
                parts = with_explanation(parts, vocab)
            if parts and weighted:
                parts = with_weight_first(parts)
            if parts and scored:
                parts = with_score_last(parts)
            if parts and weight_after:
                parts = with_weight_after(parts)
            if parts and second_block is not None:
                parts = _with_second_block(parts, vocab, second_block)
            if parts and (lead or direction):
                parts = [*lead, *parts, *([direction] if direction else [])]
            # A row that cannot be split still belongs to the table: mark it so the row
            # reader rejects the table instead of ending it here and losing rows.
            out.extend(_row(parts, cell) if parts else [Cell(cell.text, cell.line, cell.line, UNSPLIT)])
            continue
        if vocab.match("title", cell.text) or vocab.label(cell.text):
            in_indicators = False
        out.append(cell)
    return out


def _direction_at_end(text: str) -> tuple[str, str | None]:
    """``维护社会稳定≥95%10正向指标`` under … | 权重 | 指标方向性: the row and its direction word."""
    for word in _direction_words():
        if text.endswith(word) and len(text) > len(word):
            return text[:-len(word)], word
    return text, None


@lru_cache(maxsize=1)
def _direction_words() -> tuple[str, ...]:
    return tuple(sorted(directions(), key=len, reverse=True))  # 正向指标 before 正向


def _listed_lead(text: str, vocab: Vocabulary, compared: bool) -> tuple[list[str], str]:
    """``820001-井研县马踏镇人民政府村组干部报酬3,309,840.00按时发放村组干部报酬效益指标社会效益指标…``
    under 单位名称 | 项目名称 | 预算数 | 年度目标 | 一级指标 … (井研 2023 glued as a .docx preview prints
    it): a project's first row, its own cells (the unit where printed, the project, the amount and
    the goal) before its first indicator's; any other row as it is."""
    amount = _LISTED_AMOUNT.search(text)
    if amount is None or amount.start() == 0:
        return [], text
    head, tail = text[:amount.start()], text[amount.end():]
    at = _first_indicator_at(tail, vocab, compared)
    if at is None:
        return [], text
    unit = vocab.match("listed_unit", head)
    cut = unit.end("unit") if unit and len(folded(head)) == len(head) else None  # the match is on the folded text
    names = [head[:cut], head[cut:]] if cut else [head]
    return [*names, amount.group(), *([tail[:at]] if at else [])], tail[at:]


# a listed project's amount: grouped by thousands, or with its two decimals (3,309,840.00; 660000.00)
_LISTED_AMOUNT = re.compile(r"(?<![\d.])(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d{2})(?![\d%])")


def _first_indicator_at(text: str, vocab: Vocabulary, compared: bool) -> int | None:
    """Where the first indicator row starts in a project's glued goal and row: a 一级 spelled out
    with 指标, then a 二级, a name and a target."""
    at = text.find("指标")
    while at >= 0:
        for start in range(max(0, at - MAX_LEVEL1_CHARS), at):
            if vocab.is_level1(text[start:at + 2]):
                parts = split_indicator_line(text[start:], vocab, first_target=True, compared=compared)
                if parts and len(parts) >= 4 and vocab.is_level2(parts[1]):
                    return start
        at = text.find("指标", at + 2)
    return None


MAX_LEVEL1_CHARS = 6  # 满意度指标, 可持续影响指标: the characters before 指标


def _money_unit_at_end(text: str, vocab: Vocabulary) -> int | None:
    """Where the money unit (patterns.tsv's ``money_unit``: 单位:万元, 金额单位:元) that ends a
    line of other text starts, else None."""
    at = text.rfind("单位")
    if at > 1 and text[at - 2:at] == "金额":
        at -= 2
    return at if at > 0 and vocab.match("money_unit", text[at:]) else None


def _with_second_block(parts: list[str], vocab: Vocabulary, first_target: bool) -> list[str]:
    """``产出指标数量指标鉴定校准实验室仪器≥57个数量指标鉴定校准实验室仪器≥57个`` under 二级 | 三级 |
    指标值 printed twice (中期 and 年度, 六安 2024 glued as a .docx preview prints it): the cell left
    after the first block's target is the second block's row, cut as a row of its own; a row that
    fills the first block only ends in its target (``项目验收合格率≥100百分比``), left as it is."""
    if len(parts) < 3 or target_like(parts[-1]) >= 2.5:
        return parts
    second = split_indicator_line(parts[-1], vocab, first_target=first_target)
    return parts[:-1] + second if second and len(second) > 1 else parts


# Bounds that keep every pass linear in the length of a line: a table row and a spaced-out word
# are short (a target and a name: gluedrow.py).
MAX_ROW_CHARS = 2000
MAX_LINE_CHARS = 100_000  # a line that holds a whole table (its pieces are read in one linear pass)
MAX_SPACED_WORD = 8
_SPACES = re.compile(r"[ \t]+")  # a full-width space stays inside its cell (党员　满意度)


def split_spaced(cells: list[Cell], vocab: Vocabulary) -> list[Cell]:
    """``数量指标 对符合政策法规的…家庭进行扶助 63人`` → a row of cells, where the pieces
    between spaces read as labels, column names, categories or a target at the end.

    Words of one cell spaced out (``总 体 目 标``, ``其中:财政 资金``) stay one cell.
    """
    out: list[Cell] = []
    funds_line = None  # the line of the last spaced row of money labels (本年度预计投入(万元) 财政资金(万元) 其他)
    for cell in cells:
        if cell.row is not None or (" " not in cell.text and "\t" not in cell.text):
            out.append(cell)
            continue
        text = cell.text.strip(" \t")
        if funds_line is not None and 0 < cell.line - funds_line <= FUNDS_GRID_LINES and (
                grid := _funds_grid_line(text)) is not None:
            # the grid's headings (中央 省级 市级资金 本级) and its amounts (7 0 7 0 0 0) under its labels
            # (南岳 2023 spaced as a PDF's text layer): rows, as their pipe dump has them
            out.extend(Cell(p, cell.line, cell.line, i, kind="soft") for i, p in enumerate(grid))
            continue
        if not _SPACES.search(text) or _known(text, vocab) or _numbered_category(text, vocab):
            out.append(cell)
            continue
        if _spaced_lead_of_glued_header(text, vocab):
            out.append(cell)  # 绩 效 指 标一级指标二级指标三级指标指标值: the spaced lead of a glued header
            continue
        if len(text) > MAX_LINE_CHARS:
            out.append(cell)
            continue
        pieces = _with_money_notes(_with_template_notes(_merge_known(_split_outside_brackets(text), vocab)))
        if _inner_header(pieces, vocab) is not None:
            # a whole table on one line (a .docx dumped as text): every piece is a cell of
            # its own, in the order a one-cell-per-line dump would give them
            out.extend(Cell(p, cell.line, kind="piece") for p in pieces)
            continue
        if len(text) > MAX_ROW_CHARS:
            out.append(cell)  # prose, not a row of cells
            continue
        known = [p for p in pieces if _known(p, vocab) or vocab.match("slot", p)]
        ends_in_target = len(pieces) > 1 and target_like(pieces[-1]) >= 2.5 and target_like(pieces[0]) < 3.0
        # a self-evaluation's row: name, target, achieved, then words (原因…): a clean quantity after the name
        target_after_name = (1 < len(pieces) <= 6 and target_like(pieces[0]) < 1.5
                             and any(target_like(p) >= 3.0 for p in pieces[1:3]))
        # ``2022年全年 ≥360天 ≥360天`` (黄石 2022): a name that reads as a period, then targets only
        targets_after_words = (2 < len(pieces) <= 6 and _TWO_CJK.search(pieces[0]) is not None
                               and all(target_like(p) >= 2.5 for p in pieces[1:]))
        # ``指标2:村卫生室实施国家基本药物制度 实施…352个。 本年度已完成…`` (旺苍 2021): a numbered name opens a row
        numbered_name = len(pieces) > 1 and _NUMBERED_ROW_NAME.match(pieces[0]) is not None
        if len(pieces) > 1 and (known or ends_in_target or target_after_name or targets_after_words or numbered_name):
            out.extend(Cell(p, cell.line, cell.line, i, kind="soft") for i, p in enumerate(pieces))
            if any(vocab.label(p) in _BUDGET_FIELDS for p in pieces[1:]):
                funds_line = cell.line
        else:
            out.append(cell)
    return _split_between_rows(out, vocab)


FUNDS_GRID_LINES = 2  # a spaced funds grid: its headings' line, then its amounts'
_GRID_WORD = re.compile(r"[^\d\s]{2,6}")  # 中央 省级 市级资金 本级; not 总 体 目 标 spaced out


def _funds_grid_line(text: str) -> list[str] | None:
    """A spaced line of a funds grid under its labels: short headings with no figure, or amounts only."""
    pieces = _SPACES.split(text)
    if len(pieces) < 2:
        return None
    if all(AMOUNT_ONLY.match(p) for p in pieces) or all(_GRID_WORD.fullmatch(p) for p in pieces):
        return pieces
    return None


_TWO_CJK = re.compile(r"[\u4e00-\u9fff]{2}")
_NUMBERED_ROW_NAME = re.compile(r"指标\s*\d{1,2}\s*[:：.、]\s*[\u4e00-\u9fff]")


def _with_template_notes(pieces: list[str]) -> list[str]:
    """``数量指标 (必填硬性指标)``: the template's note after a category, printed after a space, is
    the category's (宁夏 2022, e04), not a cell of its own."""
    out: list[str] = []
    for piece in pieces:
        if out and CATEGORY_NOTE.match(piece):
            out[-1] = f"{out[-1]} {piece}"
        else:
            out.append(piece)
    return out


def _with_money_notes(pieces: list[str]) -> list[str]:
    """``年度预算申请 (万元)资金总额:952.22`` (祁东 2024): the money note after a space goes with the
    label before it, and the label glued after the note is a piece of its own."""
    out: list[str] = []
    for piece in pieces:
        note = _MONEY_NOTE.match(piece)
        if out and note and note.end() < len(piece):
            out[-1] = f"{out[-1]} {note.group()}"
            piece = piece[note.end():]
        out.append(piece)
    return out


def _spaced_lead_of_glued_header(text: str, vocab: Vocabulary) -> bool:
    """A glued header whose lead is spaced out (``绩 效 指 标一级指标二级指标…``, taowenge.com's
    previews): its spaces part no cells, the column names after them are glued."""
    longest = max(_SPACES.split(text), key=len)
    return len(longest) >= 8 and not _known(longest, vocab) and bool(_glued_header(text, vocab))


def join_wrapped_headers(cells: list[Cell], vocab: Vocabulary) -> list[Cell]:
    """A header row whose cells wrapped onto a second row (a PDF's text layer: ``… 三级指标 年度 实际
    分值 得分`` over ``指标值 完成值``, 裕安 2022): each word the vocabulary does not know as a
    column, with the next piece of the row below, is the column name (年度指标值, 实际完成值)."""
    if not any(cell.kind == "soft" for cell in cells):
        return cells
    out: list[Cell] = []
    i = 0
    while i < len(cells):
        cell = cells[i]
        if cell.row is None or cell.kind != "soft" or (i and cells[i - 1].row == cell.row):
            out.append(cell)
            i += 1
            continue
        end = i
        while end < len(cells) and cells[end].row == cell.row:
            end += 1
        below_end = end
        while below_end < len(cells) and cells[below_end].row is not None and cells[below_end].row == cells[end].row:
            below_end += 1
        joined = _wrapped_header(cells[i:end], cells[end:below_end], vocab) if below_end > end else None
        if joined is None:
            out.extend(cells[i:end])
            i = end
            continue
        out.extend(joined)
        i = below_end
    return out


def _wrapped_header(row: list[Cell], below: list[Cell], vocab: Vocabulary) -> list[Cell] | None:
    """``row`` with its unknown words joined to the pieces of ``below``, in order, when each makes a
    column name and ``row`` names three columns at least; else None."""
    unknown = [k for k, c in enumerate(row) if not (vocab.column(c.text) or is_lead(squash(c.text)))]
    if (len(row) - len(unknown) < 3 or not unknown or len(unknown) != len(below)
            or not all(vocab.column(row[k].text + b.text) for k, b in zip(unknown, below))):
        return None
    texts = [c.text for c in row]
    for k, b in zip(unknown, below):
        texts[k] = row[k].text + b.text
    return [c._replace(text=t) for c, t in zip(row, texts)]


def _split_between_rows(cells: list[Cell], vocab: Vocabulary) -> list[Cell]:
    """A line of two word pieces between rows of cells parted by spaces is a row too: a name and
    its target in words (昭化 2021: ``宣传教育 覆盖全区所有人员`` under ``数量指标 … 32人``); one
    word spaced out is not (``一级 指标``, the first line of a header wrapped over two, d05)."""
    if not any(cell.kind == "soft" for cell in cells):
        return cells  # no row parted by spaces: most dumps
    words = [None if pieces is None or _known("".join(pieces), vocab) else pieces
             for pieces in map(_two_words, cells)]
    out: list[Cell] = []
    for i, cell in enumerate(cells):
        pieces = words[i]
        if pieces and _soft_beyond(cells, words, i, -1) and _soft_beyond(cells, words, i, 1):
            out.extend(Cell(p, cell.line, cell.line, k, kind="soft") for k, p in enumerate(pieces))
        else:
            out.append(cell)
    return out


_WORDS_ONLY = re.compile(r"^[\u4e00-\u9fff][^\s]*$")


def _soft_beyond(cells: list[Cell], words: list[list[str] | None], i: int, step: int) -> bool:
    """Whether the first cell past the two-word lines next to ``i`` (before it, step -1, or after
    it, step 1) is a piece of a space-parted row."""
    k = i + step
    while 0 <= k < len(cells) and (words[k] or _piece_of_a_category(cells[k])):
        k += step
    return 0 <= k < len(cells) and cells[k].kind == "soft"


_CATEGORY_PIECE = re.compile(r"^[\u4e00-\u9fff]{1,8}$")


def _piece_of_a_category(cell: Cell) -> bool:
    """A short word on a line of its own between rows: a merged 一级 or 二级 that a PDF's text
    layer printed in the middle of its rows, or a piece of one it broke (``生态环境`` / row /
    ``成本指标``, 上海 2026)."""
    return cell.row is None and _CATEGORY_PIECE.match(cell.text) is not None


def _two_words(cell: Cell) -> list[str] | None:
    """The two word pieces of a line that holds two words parted by spaces, else None."""
    pieces = _SPACES.split(cell.text.strip(" \t")) if cell.row is None and " " in cell.text else ()
    return pieces if len(pieces) == 2 and all(len(p) >= 2 and _WORDS_ONLY.match(p) for p in pieces) else None


def _numbered_category(text: str, vocab: Vocabulary) -> bool:
    """``一、 产出指标``: a notice's numbered category heading (kg.parse.headed), one cell."""
    match = vocab.match("category_heading", text)
    return bool(match) and (vocab.is_level1(match.group("name")) or vocab.is_level2(match.group("name")))


def _inner_header(texts: list[str], vocab: Vocabulary) -> tuple[int, int] | None:
    """[start, end) of an indicator header inside a run of cells that does not start with it
    (``… 年度总体目标 … 绩效指标 一级指标 二级指标 三级指标 指标值 … 产出指标 …``), else None."""
    start = None
    for i, text in enumerate([*texts, ""]):
        if text and _column_role(text, vocab):
            start = i if start is None else start
            continue
        if start is not None:
            # a header at the start of a row is one only when a row of indicators follows in it
            if _is_header_run(texts[start:i], vocab) and (start > 0 or (i < len(texts) and (
                    vocab.is_level1(strip_score(texts[i])) or vocab.is_level2(strip_score(texts[i]))))):
                return start, i
            start = None
    return None


def _is_header_run(texts: list[str], vocab: Vocabulary) -> bool:
    """Column names enough for an indicator header: three columns with 三级 or 指标值 among them."""
    roles = [_column_role(t, vocab) for t in texts]
    columns = {r for r in roles if r not in ("lead", "field")}
    return len([r for r in roles if r not in ("lead", "field")]) >= 3 and bool({"name", "value"} & columns) and (
        "level1" in columns or "level2" in columns)


@lru_cache(maxsize=1 << 16)
def _column_role(text: str, vocab: Vocabulary) -> str | None:
    found = vocab.column(text)
    if found:
        return found[0]
    if is_lead(text):
        return "lead"
    # the project columns of a one-sheet table (项目名称 / 预算数 / 年度绩效目标 …) head it too
    return "field" if vocab.label(text) not in (None, "budget_block") else None


def split_at_headers(cells: list[Cell], vocab: Vocabulary) -> list[Cell]:
    """A pipe or tab row that holds an indicator header after other cells, or cells after it
    (``| 年度总体目标 | … | 绩效指标 | 一级指标 | … | 度量单位 | 产出指标 | 数量指标 | … |``):
    one flattened line of several table rows. It is cut into the row before the header, the
    header, and the row after it, so each is read for what it is."""
    out: list[Cell] = []
    for (row_id, kind), group in groupby(cells, key=_ROW_AND_KIND):
        row = list(group)
        if row_id is None or kind:
            out.extend(row)
            continue
        found = _inner_header([c.text for c in row], vocab)
        if found is None:
            out.extend(row)
        else:
            start, stop = found
            for part, k in ((row[:start], 0), (row[start:stop], 1), (row[stop:], 2)):
                # a row number of its own for each part (negative: never a line's number)
                out.extend(Cell(c.text, c.line, -(c.line * 4 + k), col, c.kind) for col, c in enumerate(part))
    return out


_ROW_AND_KIND = attrgetter("row", "kind")  # the cells of one row are a run with the same row and kind


def _split_outside_brackets(text: str) -> list[str]:
    """Split on runs of spaces, but not inside （…） or (…): ``数量( ≥**个 )`` stays whole."""
    pieces, depth, current = [], 0, ""
    for part in _SPACE_OR_BRACKET.split(text):
        if part in ("(", "（"):
            depth += 1
        elif part in (")", "）"):
            depth = max(0, depth - 1)
        if _SPACES.fullmatch(part or "x") and depth == 0:
            if current:
                pieces.append(current)
            current = ""
        else:
            current += part
    if current:
        pieces.append(current)
    return pieces


@lru_cache(maxsize=1 << 16)
def _known(text: str, vocab: Vocabulary) -> bool:
    key = squash(text)
    return bool(vocab.label(text) or vocab.column(text) or vocab.is_level1(strip_score(text))
                or vocab.is_level2(strip_score(text)) or is_lead(key) or vocab.match("title", text))


def _merge_known(pieces: list[str], vocab: Vocabulary) -> list[str]:
    """Join neighbouring pieces that are one known word spaced out (``年度本级 预算金额``)."""
    out: list[str] = []
    i = 0
    while i < len(pieces):
        for j in range(min(len(pieces), i + MAX_SPACED_WORD), i + 1, -1):  # a word spaced out: a few pieces
            if j == i + 2 and _is_category(pieces[i], vocab) and _is_category(pieces[i + 1], vocab):
                continue  # 产出 数量目标: a 一级 and its 二级, not 产出数量 spaced out
            if _known("".join(pieces[i:j]), vocab):
                out.append(" ".join(pieces[i:j]))
                i = j
                break
        else:
            if pieces[i] in ("指标", "目标") and out and _CJK_END.search(out[-1]) and not out[-1].endswith(pieces[i]):
                # a category's 指标 wrapped off its words (社会、经济、生态效益 指标): no cell of its own
                out[-1] = f"{out[-1]} {pieces[i]}"
            elif pieces[i].startswith("指标") and out and _is_category(out[-1] + "指标", vocab):
                # ``产出 指标数量指标…``: the 一级's 指标 wrapped, glued to the row after it (湖南 2023, c07)
                out[-1] = f"{out[-1]} {pieces[i]}"
            else:
                out.append(pieces[i])
            i += 1
    return out


_CJK_END = re.compile(r"[\u4e00-\u9fff]$")


MAX_BROKEN_PARTS = 8


def join_broken_words(cells: list[Cell], vocab: Vocabulary) -> list[Cell]:
    """Words the flattening broke over lines become one cell again:

    * ``绩`` ``效`` ``指`` ``标``, ``一级`` ``指标``, ``服务对象`` ``满意度指标``: where the joined
      word is a label, a column name, a category or the 绩效指标 lead;
    * in a dump whose cells end in `` |``, a line without it and the cell after it
      (``打造金安国际网球`` + ``公开赛等系列品牌赛事 |``);
    * a 二级 a PDF wrapped around the row it heads (``服务对象满意度`` / ``满意度指标 群众满意度 ≥90%`` /
      ``指标``, :func:`_wrapped_around_row`).
    """
    out: list[Cell] = []
    starts = _broken_starts(vocab)
    step = line_step(cells)
    reach = 2 * step  # how far apart two pieces of a word may be
    spaced = any(cell.kind == "soft" for cell in cells)  # a row parted by spaces to wrap around
    i = 0
    count = len(cells)
    while i < count:
        cell = cells[i]
        wrapped = (_wrapped_around_row(cells, i, vocab, step)
                   if spaced and cell.row is None and 2 <= len(cell.text) <= 10 else None)
        if wrapped is not None:
            row, taken = wrapped
            out.extend(row)
            i += taken  # the pieces of the categories became cells of the row
            continue
        if cell.row is not None and cell.kind != "soft":
            out.append(cell)
            i += 1
            continue
        text = cell.text
        if text in starts or (text and len(text) <= 12 and (
                _starts_broken_word(text, vocab) or _continues_into_longer_word(cells, i, vocab))):
            if cell.row is None and i + 3 < count and (joined := _category_around_cells(cells, i, vocab, reach)):
                out.extend(joined)  # a 二级 printed half above and half below its row
                i += 4
                continue
            run = [cell]
            for nxt in cells[i + 1:i + MAX_BROKEN_PARTS]:
                if not nxt.text or len(nxt.text) > 12 or nxt.line - run[-1].line > reach or nxt.line == run[-1].line:
                    break
                if nxt.row is not None:
                    if cell.row is None and _opens_spaced_row(nxt):
                        run.append(nxt)  # 产 / 出 / 指 / ``标 数量指标 …``: the word's last piece opens the row
                    break
                run.append(nxt)
            joined_at = _broken_word(run, vocab)
            if joined_at == 2 and all(_is_category(c.text, vocab) for c in run[:2]):
                joined_at = 0  # 产出 / 数量指标: a 一级 and a 二级, not the 二级 产出数量指标 broken
            if joined_at:
                last = run[joined_at - 1]
                home = last if last.row is not None and cell.row is None else cell
                out.append(Cell("".join(c.text for c in run[:joined_at]), home.line, home.row, home.col,
                                kind=last.kind))
                i += joined_at
                continue
        if i + 1 < count and cells[i + 1].kind == "end" and cell.kind == "" and cell.row is None and text:
            nxt = cells[i + 1]
            if (nxt.line == cell.line + 1 and nxt.text and not _known(nxt.text, vocab)
                    and not _known(text, vocab) and len(text) + len(nxt.text) <= 80):
                out.append(Cell(text + nxt.text, cell.line, kind="end"))
                i += 2
                continue
        out.append(cell)
        i += 1
    return out


def _wrapped_around_row(cells: list[Cell], at: int, vocab: Vocabulary,
                        step: int = 1) -> tuple[list[Cell], int] | None:
    """A PDF's text layer prints a merged 二级 (and 一级) cell of several lines centred on the
    line of its row, the row between its pieces (上海 2026): ``服务对象满意度`` / ``满意度指标
    群众满意度 ≥90.00(%)`` / ``指标`` (y04); ``生态环境`` / ``文明施工情况 可控`` / ``成本指标``,
    ``服务对象`` / ``满意度指`` / ``满意度指 居民群众满意度 ≥90.00(%)`` / ``标`` / ``标`` (y03).
    The pieces, in their order, make a known 二级 and its 一级 (or none). The row, those put
    together in front of it, and how many cells it took; None where it is not so."""
    above = _fragments(cells, at, step)
    if not above:
        return None
    first = at + len(above)
    if first >= len(cells) or cells[first].kind != "soft" or not 0 < cells[first].line - above[-1].line <= step:
        return None
    row = list(takewhile(lambda c: c.kind == "soft" and c.row == cells[first].row, cells[first:]))
    lead = [row[0]] if len(row) > 2 and _CATEGORY_PIECE.match(row[0].text) and _begins_a_word(row[0].text, vocab) else []
    below = _fragments(cells, first + len(row), step, after=row[0].line)
    for taken in range(len(below), 0, -1):
        levels = _two_categories([c.text for c in above + lead + below[:taken]], vocab)
        if levels is None:
            continue
        level1, level2 = levels
        rest = row[len(lead):]
        line, number = row[0].line, row[0].row
        front = [text for text in (level1, level2) if text]
        joined = [Cell(text, line, number, k, "soft") for k, text in enumerate(front)]
        return joined + [c._replace(col=len(front) + k) for k, c in enumerate(rest)], len(above) + len(row) + taken
    return None


def _category_around_cells(cells: list[Cell], at: int, vocab: Vocabulary, reach: int) -> list[Cell] | None:
    """One cell a line (青山 2021): a merged 二级 printed half above and half below the row it heads,
    ``社会公众或服务`` / ``政策满意度`` / ``≥90%`` / ``对象满意度指标``: the 二级 whole, then its row's name and
    target; None where the two halves make no known 二级."""
    head, name, target, tail = cells[at:at + 4]
    if not tail.text.endswith("指标") or not 2 <= len(tail.text) <= 10:
        return None
    if _is_category(tail.text, vocab) or _is_category(head.text, vocab):
        return None  # a whole category a line: its row's cells follow it (one cell a line)
    if not vocab.is_level2(head.text + tail.text):
        return None
    if any(c.row is not None or not 0 < b.line - a.line <= reach
           for a, b, c in ((head, name, name), (name, target, target), (target, tail, tail))):
        return None
    if target_like(target.text) < 2.5 or target_like(name.text) >= 2.5:
        return None
    return [Cell(head.text + tail.text, head.line), name, target]


MAX_FRAGMENTS = 3  # lines of a wrapped category above or below its row (a 二级 of three lines: 服务对象/满意度指/标)
MAX_CATEGORY_CHARS = 24  # a 一级 and a 二级 together (满意度指标 服务对象满意度指标: 14)


def _fragments(cells: list[Cell], at: int, step: int, after: int | None = None) -> list[Cell]:
    """The short words on lines of their own from ``at`` on, each within ``step`` lines of the
    one before (of line ``after`` for the first)."""
    out: list[Cell] = []
    previous = after if after is not None else cells[at].line - 1 if at < len(cells) else 0
    for cell in cells[at:at + MAX_FRAGMENTS]:
        if not _piece_of_a_category(cell) or not 0 < cell.line - previous <= step:
            break
        out.append(cell)
        previous = cell.line
    return out


def _two_categories(pieces: list[str], vocab: Vocabulary) -> tuple[str, str] | None:
    """The pieces, each in its order, shared out between a known 二级 and its 一级 (or no 一级):
    ``服务对象 满意度指 满意度指 标 标`` → 满意度指标, 服务对象满意度指标. At most seven pieces
    (128 ways to share them), as short as two category names."""
    if sum(len(p) for p in pieces) > MAX_CATEGORY_CHARS:
        return None
    for mask in range(1 << len(pieces)):
        level1 = "".join(p for k, p in enumerate(pieces) if mask >> k & 1)
        level2 = "".join(p for k, p in enumerate(pieces) if not mask >> k & 1)
        if not vocab.is_level2(level2) or (level1 and vocab.parent(level2) != level1):
            continue
        return level1, level2
    return None


def _opens_spaced_row(cell: Cell) -> bool:
    """The first piece of a space-separated line."""
    return cell.kind == "soft" and cell.col == 0


def _is_category(text: str, vocab: Vocabulary) -> bool:
    plain = strip_score(text)
    return vocab.is_level1(plain) or vocab.is_level2(plain)


@lru_cache(maxsize=4)
def _broken_starts(vocab: Vocabulary) -> frozenset[str]:
    return frozenset(LEADS) | {"一级", "二级", "三级", "绩"}


def _continues_into_longer_word(cells: list[Cell], at: int, vocab: Vocabulary) -> bool:
    """A word known in full whose next line begins a longer known word with it: 偏差原因 / 分析及 /
    改进措施 is the column 偏差原因分析及改进措施 broken over three lines (零陵 2021), not 偏差原因
    and two cells more."""
    if not _begins_a_word(cells[at].text, vocab):
        return False  # most cells: no known word begins so
    nxt = cells[at + 1] if at + 1 < len(cells) else None
    return (nxt is not None and nxt.row is None and nxt.kind == "" and nxt.line > cells[at].line
            and nxt.text[:1] not in "(（" and _begins_a_word(cells[at].text + nxt.text, vocab))


@lru_cache(maxsize=1 << 16)
def _begins_a_word(text: str, vocab: Vocabulary) -> bool:
    return squash(text) in _word_prefixes(vocab)


@lru_cache(maxsize=1 << 16)
def _starts_broken_word(text: str, vocab: Vocabulary) -> bool:
    """A short cell that begins a known word without being one in full (``经济效益``, ``年度``)."""
    return _begins_a_word(text, vocab) and not (len(text) >= 4 and _known_whole(text, vocab))


def _broken_word(run: list[Cell], vocab: Vocabulary) -> int:
    """How many cells of ``run`` make one known word (0: none)."""
    prefixes = _word_prefixes(vocab)
    joined, reach = "", 0
    for k, cell in enumerate(run, start=1):  # only as far as the pieces still begin a known word
        joined += squash(cell.text)
        if joined not in prefixes and not (k > 1 and cell.text[:1] in "(（"):
            break
        reach = k
    for k in range(reach, 1, -1):
        joined = "".join(c.text for c in run[:k])
        if _known(joined, vocab) and not (_known_whole(run[0].text, vocab) and _known_whole(run[k - 1].text, vocab)):
            return k
    return 0


@lru_cache(maxsize=4)
def _word_prefixes(vocab: Vocabulary) -> frozenset[str]:
    """Every prefix of every known word (labels, columns, categories, leads)."""
    words = set(vocab.labels) | set(vocab.columns) | set(LEADS)
    for key in vocab.level1 | vocab.level2:
        words |= {key, key + "指标", key + "值", key + "目标"}
    return frozenset(w[:n] for w in words for n in range(1, len(w) + 1))


@lru_cache(maxsize=1 << 16)
def _known_whole(text: str, vocab: Vocabulary) -> bool:
    """A word that stands on its own: a label, a column, or a category spelled out in full.
    ``指标`` alone is the tail of a broken word more often than the 指标 column."""
    if text in ("指标", "目标"):
        return False
    return _known(text, vocab) and (bool(vocab.label(text) or vocab.column(text))
                                    or strip_score(text).endswith(("指标", "值", "目标")))


def split_inline_labels(cells: list[Cell], vocab: Vocabulary) -> list[Cell]:
    """``项目名称：全民健身设施补短板工程`` → a row of label and value."""
    out: list[Cell] = []
    for i, cell in enumerate(cells):
        if cell.row is None and _MAY_HOLD_AMOUNTS.search(cell.text) and i > 0 and _bare_label(cells[i - 1], vocab) \
                and not vocab.label(cell.text) and (split := _value_then_amounts(cell.text, vocab)):
            out.extend(_row(split, cell))  # 项目 名称 / 物业管理费支出本年度申请市财政预算资金(万元)282.92
            continue
        label, sep, value = cell.text.partition("：") if "：" in cell.text else cell.text.partition(":")
        if cell.row is not None:  # a cell of a row is one cell already, unless it is a budget and its amount
            out.extend(_budget_and_amount(cell, label, value, vocab) if sep else [cell])
            continue
        if sep and value.strip() and vocab.label(label) and not vocab.label(cell.text) \
                and squash(label) not in vocab.cell_labels:  # 部门:505_湘西州… is no 部门 | X (c06)
            out.extend(_row([label, value.strip()], cell))
            continue
        # the pattern (amount_in_prose) needs an amount in 元: most lines are asked nothing
        amount = vocab.match("amount_in_prose", cell.text) if "元" in cell.text else None
        if amount and vocab.label(amount.group("label")) in _BUDGET_FIELDS:
            # ``全年预算数2565万元,全年执行数2565万元…`` in a report: the budget in a sentence
            # the pattern matched the matching form: the cells keep the text as printed (a mirror's 財政資金160.77萬元)
            label = printed_span(cell.text, amount.group("label"))
            figure = printed_span(cell.text, amount.group("amount"))
            at = cell.text.find(figure, max(cell.text.find(label), 0) + len(label))
            rest = cell.text[at + len(figure):] if at >= 0 else ""
            parts = [label, figure, rest.lstrip(",，;；。 ")]
            out.extend(_row([p for p in parts if p], cell))
            continue
        out.append(cell)
    return out


def _budget_and_amount(cell: Cell, label: str, value: str, vocab: Vocabulary) -> list[Cell]:
    """``年度资金总额:50万 | 中央衔接推进乡村振兴补助资金50`` (n16, Inner Mongolia): a budget label
    holding its amount after the colon is the label and, in the same column, its value."""
    if not (AMOUNT_ONLY.match(value) and vocab.label(label) in _BUDGET_FIELDS):
        return [cell]
    return [cell._replace(text=label), cell._replace(text=value.strip(), kind="piece")]


_CODE_NAME_AMOUNT = re.compile(r"^\s*(?P<code>\d{3,})\s*(?P<dash>-?)\s*(?P<name>[^\d\s-].*?)\s*(?P<amount>\d[\d,]*\.\d+)\s*$")


def _weights_apart(cells: list[Cell], vocab: Vocabulary) -> bool:
    """Most glued rows under a header of 目标值 | 分值 end in a weight cut apart from their target:
    the table fills its weights, so a row ending in a bare number holds its weight there too."""
    apart = rows = 0
    for cell in cells:
        if cell.row is not None or vocab.match("title", cell.text) or _glued_header(cell.text, vocab):
            break
        parts = split_indicator_line(cell.text, vocab, first_target=True)
        if not parts or len(parts) < 2:
            continue
        rows += 1
        apart += bool(BARE_NUMBER.fullmatch(parts[-1]) and int(float(parts[-1])) <= 50
                      and not BARE_NUMBER.fullmatch(parts[-2]))
    return apart >= 2 and apart * 2 >= rows


MAX_WEIGHED_ROWS = 60


def _code_name_amount(text: str) -> list[str] | None:
    match = _CODE_NAME_AMOUNT.match(text)
    if match is None:
        return None
    if match.group("dash"):  # ``820-马踏镇部门8,827,620.53``: the code and the name one cell, as printed
        return [f"{match.group('code')}-{match.group('name')}", match.group("amount")]
    return [match.group("code"), match.group("name"), match.group("amount")]


def _label_run(text: str, vocab: Vocabulary) -> list[str]:
    """``项目主管部门青山区教育局项目执行单位化工区学校`` → label, value, label, value."""
    parts: list[str] = []
    rest = text
    while rest:
        label = _label_prefix(rest, vocab)
        if not label:
            parts.append(rest)
            break
        note = _MONEY_NOTE.match(rest, len(label)) if vocab.label(label) == "budget_block" else None
        heading = rest[:note.end()] if note else label
        if vocab.label(label) == "budget_block" and _label_prefix(rest[len(heading):], vocab):
            # 资金情况(万元), 预算规模及资金用途 (天津 2023) head the amounts' labels: no value of their own
            parts.append(heading)
            rest = rest[len(heading):]
            continue
        qualified = _LABEL_NOTE.match(rest, len(label))
        if qualified and vocab.label(rest[:qualified.end()]) == vocab.label(label):
            label = rest[:qualified.end()]  # 年度金额(提前下达):208万元 (四川 2021, w03): the label's own note
        parts.append(label)
        rest = rest[len(label):].lstrip(":： ")
        amount = _budget_amount(rest, vocab) if vocab.label(label) in _AMOUNT_FIELDS else None
        if amount is not None:  # ``其他资金20万元预算申报数20万元``: an amount, then the next label
            parts.append(amount)
            rest = rest[len(amount):]
            continue
        if vocab.label(label) not in _SHORT_VALUE_FIELDS:
            parts.append(rest)  # a goal or a purpose is prose: words in it are not labels
            break
        cut = _next_label(rest, vocab)
        if cut is None:
            if rest:
                parts.append(rest)
            break
        parts.append(rest[:cut])
        rest = rest[cut:]
    return parts


def _section_heading(text: str, vocab: Vocabulary) -> str | None:
    """``专项基本情况专项名称2023年雨露计划…`` (湖南 2023, c07): a section's heading (a few words, no
    figure) glued before the project's or the unit's label, its own cell."""
    if vocab.match("title", text):
        return None
    for start in range(2, min(len(text) - 3, MAX_SECTION_HEADING + 1)):
        label = _label_prefix(text[start:], vocab)
        if label and vocab.label(label) in _HEADED_FIELDS:
            lead = text[:start]
            return lead if _CJK_ONLY.fullmatch(lead) and not vocab.label(lead) else None
    return None


MAX_SECTION_HEADING = 8
_HEADED_FIELDS = ("project", "unit", "implementing_unit")
_CJK_ONLY = re.compile(r"[\u4e00-\u9fff]+")


def _budget_amount(text: str, vocab: Vocabulary) -> str | None:
    """The amount glued after a budget label: one with its unit (``20万元``), or a bare one
    where the next label follows (``35其中:财政拨款``), or nothing where a label follows at once
    (``其他资金总体目标``: the amount left blank)."""
    amount = _AMOUNT_WITH_UNIT.match(text)
    if amount:
        return amount.group()
    bare = _BARE_AMOUNT.match(text)
    end = bare.end() if bare else 0
    return text[:end] if _label_prefix(text[end:], vocab) else None


_SHORT_VALUE_FIELDS = ("project", "unit", "implementing_unit", "period", "unit_code", "other")
_BUDGET_FIELDS = ("budget_total", "budget_fiscal", "budget_other")
_AMOUNT_FIELDS = _BUDGET_FIELDS + ("budget_long_term",)  # labels an amount follows
# a budget's word, then a figure: the only lines _value_then_amounts may cut (most cells are asked no more)
_MAY_HOLD_AMOUNTS = re.compile(r"(?:预算|资金|拨款|金额)\D{0,16}\d")


def _bare_label(cell: Cell, vocab: Vocabulary) -> bool:
    """A short field's label on a line of its own (``项目 名称``): its value is on the next line."""
    return cell.row is None and len(cell.text) <= MAX_LABEL_START and vocab.label(cell.text) in _SHORT_VALUE_FIELDS


def _value_then_amounts(text: str, vocab: Vocabulary) -> list[str] | None:
    """``物业管理费支出本年度申请市财政预算资金(万元)282.92`` (东莞 2022, glued, under a 项目 名称 line of
    its own) → [物业管理费支出, 本年度申请市财政预算资金(万元), 282.92]: the value of the label above,
    then the budget's labels, each with its amount."""
    for start in range(2, min(len(text) - 3, MAX_NAME_CHARS)):
        label = _label_prefix(text[start:], vocab)
        if label and vocab.label(label) in _AMOUNT_FIELDS:
            run = _label_run(text[start:], vocab)
            return [text[:start], *run] if len(run) >= 2 and AMOUNT_ONLY.match(run[1]) else None
    return None


_AMOUNT_WITH_UNIT = re.compile(r"\d[\d,]*(?:\.\d+)?\s*(?:万元|元)")  # ends where its unit does
_BARE_AMOUNT = re.compile(r"\d[\d,]*(?:\.\d+)?")


# the labels that end a short value glued to them: the next short field (the project's name too:
# 项目编码406-2020-…项目名称外聘人员经费, 广西 t01; 一级项目名称 is met first, at its own start), an
# amount, or the goals
_NEXT_LABEL_FIELDS = _SHORT_VALUE_FIELDS + ("goals", "long_term_goals") + _BUDGET_FIELDS


def _next_label(text: str, vocab: Vocabulary) -> int | None:
    """Where the next known label of a short field (主管部门, 执行单位…), four characters or
    more, starts inside ``text``."""
    starts = _short_label_starts(vocab)
    for start in range(1, min(len(text) - 3, MAX_NAME_CHARS)):
        if text[start:start + 2] not in starts:
            continue
        label = _label_prefix(text[start:], vocab)
        field = vocab.label(label) if label else None
        if field in _FUNDS_FIELDS and "资金" in label and not _amount_follows(text, start + len(label), vocab):
            continue  # 车辆购置税收入补助地方资金(普通省道公路建设) (阆中 2021): a fund's name, no 地方资金 label
        if field in _NEXT_LABEL_FIELDS and (
                len(squash(label)) >= 4 or _area_list_at(text, start + len(label), vocab)):
            return start
        if field == "budget_block" and _MONEY_NOTE.match(text, start + len(label)):
            return start  # 秀屿区水利局资金情况(万元): the funds' heading, with its unit, ends the value
    return None


_MONEY_NOTE = re.compile(r"[(（](?:万元|元)[)）]")
_FUNDS_FIELDS = _BUDGET_FIELDS + ("other",)  # 其他资金, 地方资金: a fund's row, which a fund's name may hold
_AMOUNT_NEXT = re.compile(rf"\s*(?:$|[:：\d]|{_MONEY_NOTE.pattern})")


def _amount_follows(text: str, at: int, vocab: Vocabulary) -> bool:
    """Whether what follows a budget label at ``at`` is its amount, its money unit, a colon, the end
    or the next label: a label inside a value glued to it, not words of a name."""
    return bool(_AMOUNT_NEXT.match(text, at)) or _label_prefix(text[at:], vocab) is not None


_LABEL_NOTE = re.compile(r"[(（][^()（）\d]{1,8}[)）]")


def _area_list_at(text: str, at: int, vocab: Vocabulary) -> bool:
    """Two area names or more joined by 、 at ``at`` (``区域新罗区、永定区…``): what makes a short
    label (区域) a label inside a glued value."""
    end = vocab.area_at(text, at)
    return end > at and text[end:end + 1] == "、" and vocab.area_at(text, end + 1) > end + 1


@lru_cache(maxsize=4)
def _short_label_starts(vocab: Vocabulary) -> frozenset[str]:
    return frozenset(label[:2] for label, name in vocab.labels.items()
                     if name in _NEXT_LABEL_FIELDS or name == "budget_block")


def _label_prefix(text: str, vocab: Vocabulary) -> str | None:
    if squash(text[:MAX_LABEL_START])[:2] not in _label_starts(vocab):
        return None  # no label begins so: the common case, told without a squash per length
    for size in range(min(len(text), 16), 1, -1):
        if vocab.labels.get(squash(text[:size])):
            return text[:size]
    return None


MAX_LABEL_START = 16  # the longest label the loop below tries


@lru_cache(maxsize=4)
def _label_starts(vocab: Vocabulary) -> frozenset[str]:
    return frozenset(label[:2] for label in vocab.labels)


def _split_known(text: str, names: dict[str, str], longest: int | None = None, *,
                 max_unknown: int = 0) -> list[str] | None:
    """Cut a run of known names (``一级指标二级指标…``) into them; None if it is not one. With
    ``max_unknown``, words no longer than that between known names (``…得分计算方法得分…`` → 得分,
    计算方法, 得分) are names too, as long as the run starts with a known one."""
    if len(text) > MAX_NAME_CHARS:
        return None
    key = squash(text)
    if len(key) != len(text.replace(" ", "")) or not key:
        return None
    parts: list[str] = []
    unknown = ""
    longest = max(map(len, names), default=0) if longest is None else longest
    while key:
        for size in range(min(len(key), longest), 0, -1):  # no name is longer than the longest
            if key[:size] in names:
                marker = _MARKER.match(key, size)  # 年初目标值(A), 实际完成值(): the name keeps its mark
                size = marker.end() if marker else size
                parts.extend([unknown, key[:size]] if unknown else [key[:size]])
                unknown, key = "", key[size:]
                break
        else:
            if not parts or len(unknown) >= max_unknown:
                return None
            unknown, key = unknown + key[0], key[1:]
    parts = parts + [unknown] if unknown else parts
    return parts if len(parts) > 1 else None


MAX_UNKNOWN_COLUMN = 14  # as long as a column name of the unit's own may be (是否核心指标, 佐证材料)
MAX_HEADER_LEAD = 16  # 部门整体支出 年度绩效指标: the words a form prints before its header
_LEVEL1_COLUMN = "一级指标"  # the column such a header opens with after them
_LEAD_REACH = MAX_HEADER_LEAD + len(_LEVEL1_COLUMN)


# a column's mark printed after its name: (A), (B), (), (%), (万元), (分)
_MARKER = re.compile(r"\([A-Za-z%分元万个人次]{0,3}\)")


def header_role(name: str, vocab: Vocabulary) -> str | None:
    """The role of one name of a glued header, its mark (``(A)``) aside."""
    key = squash(name)
    names = _header_names(vocab)
    return names.get(key) or names.get(_MARKER.sub("", key))


def _row(parts: Sequence[str], cell: Cell) -> list[Cell]:
    return [Cell(part, cell.line, cell.line, i) for i, part in enumerate(parts)]
