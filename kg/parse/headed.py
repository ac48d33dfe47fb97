"""Targets listed under category headings in a notice, not in a table (宁夏 同心县's
绩效目标设定 notices: n15 of tests/real-wild; e10, the county's notice of 2023, runs several
targets and headings on one line and is not read yet):

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
    headings = {k: h for k, c in enumerate(cells)
                if c.row is None and len(c.text) <= HEADING_LENGTH and "指标" in c.text and (h := _heading(c.text, vocab))}
    if len(headings) < 2 or not any(h.level1 for h in headings.values()) or _has_header(cells, vocab):
        return cells
    first = min(headings)
    project = _project(cells[:first], vocab)
    if project is None:
        return cells
    rows = _rows(cells, first, headings, vocab)
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
    for k, row in rows:
        out += [cell._replace(row=cells[k].line, col=col) for col, cell in enumerate(row)]
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


def _rows(cells: list[Cell], first: int, headings: dict[int, _Heading],
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
        if split is None:
            break
        name, target = split
        # the headings' text on the indicator's own line: a row's line is its first cell's
        levels = [Cell(level.text if level else "", cell.line) for level in (level1, level2)]
        rows.append((k, levels + [cell._replace(text=name), cell._replace(text=target)]))
    return rows


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
