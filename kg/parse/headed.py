"""Targets listed under category headings in a notice, not in a table (宁夏 同心县's
绩效目标设定 notices: n15 of tests/real-wild, and e10, the county's notice of 2023, which runs
headings and targets on one line):

    标 题: | 同心县2025年设施农业技术培训项目绩效目标设定 |
    …安排同心县2025年设施农业技术培训资金30万元。…现将具体绩效目标设定如下:
    一、产出指标
    (一)数量指标
    设施温棚种植人员(县内培训)≧300人;
    (三)时效指标
    完成时限,2025年10月底前;

They are read as the table they stand for: each heading gives the 一级 / 二级 of the lines under
it, each line is one indicator, its name before the first comparator outside brackets (or before
its last comma) and its target after. The project is the notice's title without
``绩效目标设定``, the budget the first ``资金…万元`` of the text before the list. The cells
handed on keep the source's text; only the labels and the header they are put under are added.

A line that runs on (e10) is cut into its headings and targets first:

    数量指标:★补助各类瓜果蔬菜种植数量,黄金蜜(葡萄)种植数量(≥**株)>=17600株;种植作物成活率(≥**%)>=85;时效指标:完成及时率(≥**%)>=100%。
    生态效益指标:生态修复功能提高。可持续影响指标,持续发展。

a heading is a category name before ``:`` or ``,``; targets end at ``;`` or ``。``, or at the comma
after a comparator's value; what stands before a target's last comma (★补助各类瓜果蔬菜种植数量, the
template's 三级 hint) is left out of its name; a text without a comparator under an inline heading
is a target in words, its own name.
"""

from __future__ import annotations

from typing import NamedTuple

from kg.normalise.targets import comparator_prefixes
from kg.parse.cells import Cell
from kg.parse.vocab import Vocabulary, printed_span

HEADER = ("一级指标", "二级指标", "三级指标", "指标值")  # the table the list stands for
HEADING_LENGTH = 24  # 【满意度指标-服务对象满意度指标】 and shorter
_OPEN, _CLOSE = "(（[【", ")）]】"
_ITEM_END = ";；。,， "
_COMMAS = ",，"


class _Heading(NamedTuple):
    level1: str | None
    level2: str | None


def read_headed_list(cells: list[Cell], vocab: Vocabulary) -> list[Cell]:
    """The cells, with a notice's headed list of targets turned into a project's labelled cells
    and an indicator table; unchanged when there is no such list (or a table header)."""
    if _has_header(cells, vocab):
        return cells
    cells, in_words = _run_on_lines(cells, vocab)
    headings = {k: h for k, c in enumerate(cells)
                if c.row is None and len(c.text) <= HEADING_LENGTH and ("指标" in c.text or "目标" in c.text)
                and (h := _heading(c.text, vocab))}
    if len(headings) < 2 or not any(h.level1 for h in headings.values()):
        return cells
    first = min(headings)
    project = _project(cells[:first], vocab)
    if project is None:
        return cells
    rows = _rows(cells, first, headings, in_words, vocab)
    if not rows:
        return cells
    head_line = cells[first].line
    out = list(cells[:first])
    out += [Cell("项目名称", project.line), project]
    budget = _budget(cells[:first], vocab)
    if budget is not None:
        out += [Cell("预算数", budget.line), budget]
    out += [Cell(name, head_line, head_line, col) for col, name in enumerate(HEADER)]
    end = first
    # a row of its own for each target, past every line's number: a run-on line holds several
    after_lines = max(c.line for c in cells) + 1
    for n, (k, row) in enumerate(rows):
        out += [cell._replace(row=after_lines + n, col=col) for col, cell in enumerate(row)]
        end = k + 1
    return out + list(cells[end:])


def _heading(text: str, vocab: Vocabulary) -> _Heading | None:
    match = vocab.match("category_heading", text)
    if not match:
        return None
    name = match.group("name")
    source = printed_span(text, name)
    level1, level2 = vocab.is_level1(name), vocab.is_level2(name)
    return _Heading(source if level1 else None, source if level2 else None) if level1 or level2 else None


def _has_header(cells: list[Cell], vocab: Vocabulary) -> bool:
    """A table's header (三级指标, 指标值…) anywhere: the list is a table's, read as one."""
    return any(len(c.text) <= 12 and (role := vocab.column(c.text)) is not None and role[0] in ("name", "value")
               for c in cells)


def _project(head: list[Cell], vocab: Vocabulary) -> Cell | None:
    """The notice's title, ``…项目绩效目标设定``, without that ending."""
    for cell in head:
        match = vocab.match("notice_title", cell.text)
        if match:
            return cell._replace(text=printed_span(cell.text, match.group("project")), row=None, col=None)
    return None


def _budget(head: list[Cell], vocab: Vocabulary) -> Cell | None:
    for cell in head:
        match = vocab.match("notice_budget", cell.text)
        if match:
            return Cell(printed_span(cell.text, match.group("amount")), cell.line)
    return None


def _rows(cells: list[Cell], first: int, headings: dict[int, _Heading], in_words: set[int],
          vocab: Vocabulary) -> list[tuple[int, list[Cell]]]:
    """Each line under the headings as (its index, [一级, 二级, name, target] cells), to the
    first line that is neither a heading nor an indicator."""
    level1: Cell | None = None
    level2: Cell | None = None
    rows: list[tuple[int, list[Cell]]] = []
    for k in range(first, len(cells)):
        cell = cells[k]
        heading = headings.get(k)
        if heading is not None:
            if heading.level1 is not None and not _under(heading, level1, vocab):
                level1, level2 = cell._replace(text=heading.level1), None
            else:
                level2 = cell._replace(text=heading.level2)
                if level1 is None and (parent := vocab.parent(heading.level2)):
                    level1 = cell._replace(text=parent)
            continue
        split = _split_item(cell.text) if cell.row is None else None
        if split is None and k in in_words:
            split = (cell.text, cell.text)
        if split is None:
            break
        name, target = split
        # the headings' text on the indicator's own line: a row's line is its first cell's
        levels = [Cell(level.text if level else "", cell.line) for level in (level1, level2)]
        rows.append((k, levels + [cell._replace(text=name), cell._replace(text=target)]))
    return rows


def _run_on_lines(cells: list[Cell], vocab: Vocabulary) -> tuple[list[Cell], set[int]]:
    """Lines that run headings and targets on (see the module's docstring) cut into one cell
    per heading and per target, on the line's own line; and the indices of the targets in words.
    Other cells are left as they are."""
    out: list[Cell] = []
    in_words: set[int] = set()
    for cell in cells:
        pieces = _run_on(cell.text, vocab) if cell.row is None and "指标" in cell.text else None
        if pieces is None:
            out.append(cell)
            continue
        for text, worded in pieces:
            if worded:
                in_words.add(len(out))
            out.append(cell._replace(text=text))
    return out, in_words


def _run_on(text: str, vocab: Vocabulary) -> list[tuple[str, bool]] | None:
    """A run-on line's headings and targets, each as (text, a target in words?); None for a line
    with no heading inside it or one piece only."""
    pieces: list[tuple[str, bool]] = []
    inline = False
    for part in _split_outside_brackets(text, ";；。"):
        part = part.strip()
        while (heading := _inline_heading(part, vocab)) is not None:
            name, rest = heading
            pieces.append((name, False))
            inline, part = True, rest
        while part:
            at = _comparator_at(part)
            if at is None:
                pieces.append((part.lstrip("★"), True))
                break
            end = _next_comma(part, at)
            item = part[:end]
            start = max(item.rfind(c, 0, at) for c in _COMMAS) + 1  # a 三级 hint before the name
            pieces.append((item[start:].lstrip("★").strip(), False))
            part = part[end + 1:].strip()
    if not inline or len(pieces) < 2:
        return None
    return pieces


def _inline_heading(part: str, vocab: Vocabulary) -> tuple[str, str] | None:
    """``数量指标:…`` or ``可持续影响指标,…``: the category name at the start of ``part``, and the rest."""
    for at, char in enumerate(part[:16]):
        if char in ":：" + _COMMAS:
            name = part[:at].strip()
            if name.endswith(("指标", "目标")) and (vocab.is_level1(name) or vocab.is_level2(name)):
                return name, part[at + 1:].strip()
            return None
    return None


def _split_outside_brackets(text: str, ends: str) -> list[str]:
    parts, depth, start = [], 0, 0
    for at, char in enumerate(text):
        depth = depth + 1 if char in _OPEN else max(depth - 1, 0) if char in _CLOSE else depth
        if depth == 0 and char in ends:
            parts.append(text[start:at])
            start = at + 1
    return [p for p in parts + [text[start:]] if p.strip()]


def _comparator_at(text: str) -> int | None:
    depth = 0
    for at, char in enumerate(text):
        depth = depth + 1 if char in _OPEN else max(depth - 1, 0) if char in _CLOSE else depth
        if depth == 0 and at > 0 and comparator_prefixes(text[at:at + 2]):
            return at
    return None


def _next_comma(text: str, start: int) -> int:
    depth = 0
    for at in range(start, len(text)):
        char = text[at]
        depth = depth + 1 if char in _OPEN else max(depth - 1, 0) if char in _CLOSE else depth
        if depth == 0 and char in _COMMAS:
            return at
    return len(text)


def _under(heading: _Heading, level1: Cell | None, vocab: Vocabulary) -> bool:
    """成本指标 and 满意度指标 are names of both levels: a 二级 under the 一级 it belongs to."""
    parent = vocab.parent(heading.level2) if heading.level2 else None
    return level1 is not None and parent is not None and parent in level1.text


def _split_item(text: str) -> tuple[str, str] | None:
    """``设施温棚种植人员(县内培训)≧300人;`` → (设施温棚种植人员(县内培训), ≧300人);
    ``完成时限,2025年10月底前;`` → (完成时限, 2025年10月底前); None for a line of neither."""
    item = text.strip().rstrip(_ITEM_END)
    depth, last_comma = 0, None
    for at, char in enumerate(item):
        if char in _OPEN:
            depth += 1
        elif char in _CLOSE:
            depth = max(depth - 1, 0)
        elif depth == 0 and at > 0 and comparator_prefixes(item[at:at + 2]):
            return _pair(item, at, at)
        elif depth == 0 and char in _COMMAS:
            last_comma = at
    if last_comma is not None and last_comma > 0:
        return _pair(item, last_comma, last_comma + 1)
    return None


def _pair(item: str, name_end: int, target_start: int) -> tuple[str, str] | None:
    name, target = item[:name_end].rstrip(" :：" + _COMMAS), item[target_start:].strip()
    return (name, target) if name and target else None
