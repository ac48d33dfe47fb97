"""Targets listed under category headings, not in a table: in a notice (宁夏 同心县's 绩效目标设定
notices: n15 of tests/real-wild, and e10, the county's notice of 2023, which runs headings and
targets on one line), or in a unit's listing of its projects (黄山's 项目绩效目标和指标: n11):

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

A unit's listing gives, per project, its code, name and amount, ``【项目概况】:…`` and
``【总体目标】`` with the goal's text, then targets under ``【产出指标-数量指标】`` (一级 and 二级 in one
heading) written ``指标1:机柜数量(≥77台)``, the target in the brackets that end the line. Each
project is labelled where it stands; a project cut before its targets is one of its own (and is
reported without a table); the subtotal lines between projects are left out.

A poverty-relief project's notice (项目公告公示, 新疆 昌吉 2019, copied by a mirror in traditional
characters) numbers its 二级 headings inline and glues each figure to its name, a comma between two:

    (一)、产出指标
    1、数量指标:全年资助普通高中家庭经济困难学生1606人次,资助金额160.77万元。
    4、成本指标:资助标准为每生每年3000元、2000元、1000元3个档次。

Its project is the one its text says was carried out (``2019年…资金项目由…实施完成``), else its title
without ``(计划)公告公示``; its budget the first ``资金…万元`` as in a notice.

A line that runs on (e10) is cut into its headings and targets first:

    数量指标:★补助各类瓜果蔬菜种植数量,黄金蜜(葡萄)种植数量(≥**株)>=17600株;种植作物成活率(≥**%)>=85;时效指标:完成及时率(≥**%)>=100%。
    生态效益指标:生态修复功能提高。可持续影响指标,持续发展。

a heading is a category name before ``:`` or ``,``; targets end at ``;`` or ``。``, or at the comma
after a comparator's value; what stands before a target's last comma (★补助各类瓜果蔬菜种植数量, the
template's 三级 hint) is left out of its name; a text without a comparator under an inline heading
is a target in words, its own name.
"""

from __future__ import annotations

import re
from typing import Iterator, NamedTuple

from kg.normalise.targets import comparator_prefixes
from kg.parse.cells import AMOUNT_ONLY, UNSPLIT, Cell
from kg.parse.glued import is_glued
from kg.parse.gluedrow import split_name_value
from kg.parse.vocab import Vocabulary, has_tone_mark, matching_form, printed_span

HEADER = ("一级指标", "二级指标", "三级指标", "指标值")  # the table the list stands for
HEADING_LENGTH = 24  # 【满意度指标-服务对象满意度指标】 and shorter
_OPEN, _CLOSE = "(（[【", ")）]】"
_ITEM_END = ";；。,， "
_COMMAS = ",，"
_PAIR = re.compile(r"\s*[-－—]\s*")  # 【产出指标-数量指标】: the 一级 and the 二级 in one heading


class _Heading(NamedTuple):
    level1: str | None
    level2: str | None


def read_headed_list(cells: list[Cell], vocab: Vocabulary) -> list[Cell]:
    """The cells, with each headed list of targets turned into a project's labelled cells and
    an indicator table; unchanged when there is no such list (or a table header)."""
    if _has_header(cells, vocab):
        return cells
    cells, glued = _lists_in_cells(cells, vocab)
    cells, in_words = _run_on_lines(cells, glued, vocab)
    headings = {k: h for k, c in enumerate(cells)
                if c.row is None and len(c.text) <= HEADING_LENGTH and _names_category(c.text)
                and (h := _heading(c.text, vocab))}
    if len(headings) < 2 or not any(h.level1 for h in headings.values()):
        return cells
    out: list[Cell] = []
    done = 0  # cells[:done] are in out
    # a row of its own for each target, past every line's number: a run-on line holds several
    next_row = max(c.line for c in cells) + 1
    for first in sorted(headings):
        if first < done:
            continue  # a heading of a list already read
        rows = _rows(cells, first, headings, in_words, glued, vocab)
        head = _listed_project(cells, done, first, vocab) if rows else None
        if head is None and rows and not out:
            head = _notice_project(cells, first, vocab)
        if head is None and rows and not out and glued and _labels_a_project(cells[:first], vocab):
            head = first, []  # the project's own labelled cells stand above the lists (荆门 2022)
        if head is None:
            continue
        at, labelled = head
        out += _before_project(cells[done:at], listed=at < first, following=bool(out), vocab=vocab) + labelled
        head_line = cells[first].line
        out += [Cell(name, head_line, head_line, col) for col, name in enumerate(HEADER)]
        for k, row in rows:
            out += [cell._replace(row=next_row, col=col) for col, cell in enumerate(row)]
            next_row += 1
            done = k + 1
    if out and (last := _listed_project(cells, done, len(cells), vocab)) is not None:
        # a listed project cut before its targets: a project of its own (reported without a table)
        out += last[1]
        done = len(cells)
    return out + cells[done:] if out else cells


def _before_project(cells: list[Cell], listed: bool, following: bool, vocab: Vocabulary) -> list[Cell]:
    """What stands between two lists, or before the first: kept as it is for a notice; in a
    listing, the unit's and category's subtotal lines between two projects are left out (they
    are no targets), and the listing's column headings 项目内容 / 绩效目标 above the first are
    no labels of values (each project's are its 【】 blocks)."""
    if not listed:
        return cells
    if following:
        return []
    return [c for c in cells if vocab.label(c.text) not in ("goals", "purpose")]


def _notice_project(cells: list[Cell], first: int, vocab: Vocabulary) -> tuple[int, list[Cell]] | None:
    """A notice's project (its title) and budget, labelled, placed before its first heading."""
    project = _project(cells[:first], vocab)
    if project is None:
        return None
    labelled = [Cell("项目名称", project.line), project]
    budget = _budget(cells[:first], vocab)
    if budget is not None:
        labelled += [Cell("预算数", budget.line), budget]
    return first, labelled


def _listed_project(cells: list[Cell], lo: int, first: int, vocab: Vocabulary) -> tuple[int, list[Cell]] | None:
    """A project of a unit's listing (黄山's 项目绩效目标和指标: n11), above its headed list:
    ``037001`` / its name / its amount / ``【项目概况】:…`` / ``【总体目标】`` / the goal's text. Its cells
    from the name on, labelled (项目名称, 预算数, 项目概况, 绩效目标), and where they start."""
    marked = [k for k in range(lo, first) if vocab.match("listing_label", cells[k].text)]
    if not marked:
        return None
    before = [k for k in range(lo, marked[0]) if cells[k].text.strip()]
    if len(before) < 2 or not AMOUNT_ONLY.match(cells[before[-1]].text) or AMOUNT_ONLY.match(cells[before[-2]].text):
        return None
    name, amount = cells[before[-2]], cells[before[-1]]
    labelled = [Cell("项目名称", name.line), name, Cell("预算数", amount.line), amount]
    unit = _listed_unit([cells[k] for k in before])
    if unit is not None:
        labelled[:0] = [Cell("单位名称", unit.line), unit]
    for n, k in enumerate(marked):
        match = vocab.match("listing_label", cells[k].text)
        text = [c for c in cells[k + 1:marked[n + 1] if n + 1 < len(marked) else first] if c.text.strip()]
        if match.group("text"):
            text.insert(0, Cell(printed_span(cells[k].text, match.group("text")), cells[k].line))
        labelled += [Cell(match.group("label"), cells[k].line), *text]
    return before[-2], labelled


def _listed_unit(before: list[Cell]) -> Cell | None:
    """The unit of a listed project: its code stands before the project's name
    (``037001 / 黄山市雪亮工程… / 1681680``), and first before the unit's own name and total
    (``037001 / 黄山市公安局 / 27955180``)."""
    if len(before) < 3 or not before[-3].text.strip().isdigit():
        return None
    code = before[-3].text.strip()
    for k in range(len(before) - 5):
        if (before[k].text.strip() == code and not AMOUNT_ONLY.match(before[k + 1].text)
                and AMOUNT_ONLY.match(before[k + 2].text)):
            return before[k + 1]._replace(text=before[k + 1].text.strip())
    return None


def _heading(text: str, vocab: Vocabulary) -> _Heading | None:
    match = vocab.match("category_heading", text)
    if not match:
        return None
    name = match.group("name")
    source = printed_span(text, name)
    pair = _PAIR.split(source)
    if len(pair) == 2 and vocab.is_level1(pair[0]) and vocab.is_level2(pair[1]):
        return _Heading(*pair)  # 【产出指标-数量指标】
    level1, level2 = vocab.is_level1(name), vocab.is_level2(name)
    return _Heading(source if level1 else None, source if level2 else None) if level1 or level2 else None


def _has_header(cells: list[Cell], vocab: Vocabulary) -> bool:
    """A table's header (三级指标, 指标值…) anywhere, or one glued into a cell (一级指标二级指标三级指标
    指标值, :func:`kg.parse.glued.is_glued`): the list is a table's, read as one."""
    return any(len(c.text) <= 12 and vocab.names_name_or_value(c.text) for c in cells) or is_glued(cells, vocab)


def _project(head: list[Cell], vocab: Vocabulary) -> Cell | None:
    """The notice's title, ``…项目绩效目标设定``, without that ending; or a project's notice (项目公告公示): the
    project its text says was carried out (``2019年…资助补助资金项目由…实施完成``), else its title without
    ``(项目)(计划)公告公示``."""
    for pattern in ("notice_title", "notice_project", "notice_announcement"):
        for cell in head:
            match = vocab.match(pattern, cell.text)
            if match:
                return cell._replace(text=printed_span(cell.text, match.group("project")), row=None, col=None)
    return None


def _budget(head: list[Cell], vocab: Vocabulary) -> Cell | None:
    for cell in head:
        match = vocab.match("notice_budget", cell.text)
        if match:
            return Cell(printed_span(cell.text, match.group("amount")), cell.line)
    return None


def _rows(cells: list[Cell], first: int, headings: dict[int, _Heading], in_words: set[int], glued: set[Cell],
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
            if heading.level1 and heading.level2 and heading.level1 != heading.level2:
                level1, level2 = cell._replace(text=heading.level1), cell._replace(text=heading.level2)
            elif heading.level1 is not None and not _under(heading, level1, vocab):
                level1, level2 = cell._replace(text=heading.level1), None
            else:
                level2 = cell._replace(text=heading.level2)
                if level1 is None and (parent := vocab.parent(heading.level2)):
                    level1 = cell._replace(text=parent)
            continue
        split = _split_item(cell.text) if cell.row is None else None
        if split is None and cell in glued:
            split = _name_then_figure(cell.text)  # 开展文物安全巡查频次8次: the name and its target glued
        if split is None and k in in_words:
            split = (cell.text, cell.text)
        if split is None:
            break
        name, target = split
        # the headings' text on the indicator's own line: a row's line is its first cell's
        levels = [Cell(level.text if level else "", cell.line) for level in (level1, level2)]
        rows.append((k, levels + [cell._replace(text=name), cell._replace(text=target)]))
    return rows


def _lists_in_cells(cells: list[Cell], vocab: Vocabulary) -> tuple[list[Cell], set[Cell]]:
    """A pipe row's 一级 cell, then one cell listing that category's targets (荆门 2022's budget
    disclosure: ``产出指标 | 开展文物安全巡查频次8次;编制文物宣传资料数量3个;…;文物展品安全保障率≥96%。``),
    as a heading and its items, each a line of its own; and the items, whose names and targets may
    be glued. Other cells are left as they are."""
    out: list[Cell] = []
    items: set[Cell] = set()
    skip = False
    for k, cell in enumerate(cells):
        if skip:
            skip = False
            continue
        listed = cells[k + 1] if k + 1 < len(cells) else None
        parts = (_split_outside_brackets(listed.text, ";；。") if cell.row is not None and listed is not None
                 and listed.row == cell.row and vocab.is_level1(cell.text) else [])
        if len(parts) < MIN_LISTED or not all(_split_item(p) or split_name_value(p.strip()) for p in parts):
            out.append(cell)
            continue
        out.append(Cell(cell.text, cell.line))
        for part in parts:
            item = Cell(part.strip(), listed.line)
            items.add(item)
            out.append(item)
        skip = True
    return out, items


MIN_LISTED = 2  # items in a category's cell: one is a goal's sentence as often


def _labels_a_project(head: list[Cell], vocab: Vocabulary) -> bool:
    """A 项目名称 label among the cells above the lists, its value beside it."""
    return any(vocab.label(c.text) == "project" for c in head)


def _run_on_lines(cells: list[Cell], glued: set[Cell], vocab: Vocabulary) -> tuple[list[Cell], set[int]]:
    """Lines that run headings and targets on (see the module's docstring) cut into one cell
    per heading and per target, on the line's own line; and the indices of the targets in words.
    The targets whose name and figure are glued (全年资助…学生1606人次) are added to ``glued``.
    Other cells are left as they are."""
    out: list[Cell] = []
    in_words: set[int] = set()
    for cell in cells:
        pieces = _run_on(cell.text, vocab) if cell.row is None and _names_category(cell.text) else None
        if pieces is None:
            out.append(cell)
            continue
        # the text ends inside its last item (同心 2022, an excerpt cut at ``…10157.6平方米,环``): no target
        # in words, a row the reader reports as cut
        cut = cell is cells[-1] and pieces[-1][1] == _WORDS and not cell.text.rstrip().endswith(_LIST_END)
        for n, (text, kind) in enumerate(pieces):
            if cut and n == len(pieces) - 1:
                out.append(Cell(text, cell.line, cell.line, UNSPLIT))
                continue
            if kind == _WORDS:
                in_words.add(len(out))
            out.append(cell._replace(text=text))
            if kind == _GLUED:
                glued.add(out[-1])
    return out, in_words


_LIST_END = tuple(";；。")


_TARGET, _WORDS, _GLUED = "target", "words", "glued"  # what a run-on line's piece is


def _run_on(text: str, vocab: Vocabulary) -> list[tuple[str, str]] | None:
    """A run-on line's headings and targets, each as (text, what it is: _TARGET, a target in
    _WORDS, or a name and its figure _GLUED); None for a line with no heading inside it or one
    piece only."""
    pieces: list[tuple[str, str]] = []
    inline = False
    for part in _split_outside_brackets(text, ";；。"):
        part = part.strip()
        while (heading := _inline_heading(part, vocab)) is not None:
            name, rest = heading
            pieces.append((name, _TARGET))
            inline, part = True, rest
        while part:
            at = _comparator_at(part)
            if at is None:
                figures = _split_outside_brackets(part, _COMMAS)
                if all((split := _name_then_figure(f.strip())) and _has_digit(split[1]) for f in figures):
                    # 全年资助…学生1606人次,资助金额160.77万元 (昌吉 2019): no comparator, each a name and its figure
                    pieces += [(f.strip(), _GLUED) for f in figures]
                else:
                    pieces.append((part.lstrip("★"), _WORDS))
                break
            end = _next_comma(part, at)
            item = part[:end]
            start = max(item.rfind(c, 0, at) for c in _COMMAS) + 1  # a 三级 hint before the name
            pieces.append((item[start:].lstrip("★").strip(), _TARGET))
            part = part[end + 1:].strip()
    if not inline or len(pieces) < 2:
        return None
    return pieces


# 资助标准为每生每年3000元… (a mirror's pinyin makes a name longer: 資助標(biāo)準(zhǔn)為…)
_IS = re.compile(r"^(?P<name>[^\d,，:：]{2,24}?)[为為](?P<target>\D{0,8}\d.*)$")


def _name_then_figure(item: str) -> tuple[str, str] | None:
    """A name and its figure glued (资助金额160.77万元, 资助标准100%达标), or a name, 为 and a target
    holding a figure (资助标准为每生每年3000元、2000元、1000元3个档次); None for anything else."""
    if (match := _IS.match(item)) is not None:
        return match.group("name"), match.group("target")
    return split_name_value(item)


def _has_digit(text: str) -> bool:
    return any(ch.isdigit() for ch in text)


def _names_category(text: str) -> bool:
    """Whether ``text`` may name a category (指标, 目标; a mirror's 指標, 目標): what is worth asking."""
    return "指标" in text or "目标" in text or "指標" in text or "目標" in text


def _inline_heading(part: str, vocab: Vocabulary) -> tuple[str, str] | None:
    """``数量指标:…`` or ``可持续影响指标,…``, numbered too (``1、数量指标:…``, 昌吉 2019): the category name
    at the start of ``part``, and the rest."""
    number = _NUMBERED.match(part)
    start = number.end() if number else 0
    for at, char in enumerate(part[start:start + 24], start):
        if char in ":：" + _COMMAS:
            name = part[start:at].strip()
            if matching_form(name).endswith(("指标", "目标")) and (vocab.is_level1(name) or vocab.is_level2(name)):
                return name, part[at + 1:].strip()
            return None
    return None


_NUMBERED = re.compile(r"\s*\d{1,2}\s*[、.．]\s*")


def _outside_brackets(text: str, start: int = 0) -> Iterator[tuple[int, str]]:
    """The characters of ``text`` from ``start`` that stand outside brackets, with their place:
    ``(≥**株)`` and ``(县内培训)`` hold no comparator, comma or end of the item."""
    depth = 0
    for at in range(start, len(text)):
        char = text[at]
        if char in _OPEN:
            depth += 1
        elif char in _CLOSE:
            depth = max(depth - 1, 0)
        elif depth == 0:
            yield at, char


def _split_outside_brackets(text: str, ends: str) -> list[str]:
    parts, start = [], 0
    for at, char in _outside_brackets(text):
        if char in ends:
            parts.append(text[start:at])
            start = at + 1
    return [p for p in parts + [text[start:]] if p.strip()]


def _comparator_at(text: str) -> int | None:
    return next((at for at, _ in _outside_brackets(text) if at > 0 and comparator_prefixes(text[at:at + 2])), None)


def _next_comma(text: str, start: int) -> int:
    return next((at for at, char in _outside_brackets(text, start) if char in _COMMAS), len(text))


def _under(heading: _Heading, level1: Cell | None, vocab: Vocabulary) -> bool:
    """成本指标 and 满意度指标 are names of both levels: a 二级 under the 一级 it belongs to."""
    parent = vocab.parent(heading.level2) if heading.level2 else None
    return level1 is not None and parent is not None and parent in matching_form(level1.text)


def _split_item(text: str) -> tuple[str, str] | None:
    """``设施温棚种植人员(县内培训)≧300人;`` → (设施温棚种植人员(县内培训), ≧300人);
    ``完成时限,2025年10月底前;`` → (完成时限, 2025年10月底前); None for a line of neither."""
    item = text.strip().rstrip(_ITEM_END)
    last_comma = None
    for at, char in _outside_brackets(item):
        if at > 0 and comparator_prefixes(item[at:at + 2]):
            return _pair(item, at, at)
        if char in _COMMAS:
            last_comma = at
    if last_comma is not None and last_comma > 0:
        return _pair(item, last_comma, last_comma + 1)
    return _bracketed(item)


def _bracketed(item: str) -> tuple[str, str] | None:
    """``指标1:机柜数量(≥77台)`` → (指标1:机柜数量, ≥77台): the target in the brackets that end the line."""
    if not item or item[-1] not in _CLOSE or has_tone_mark(item[-8:]):
        return None  # no target in a mirror's pinyin (達標(biāo))
    depth = 0
    for at in range(len(item) - 1, -1, -1):
        depth += item[at] in _CLOSE
        depth -= item[at] in _OPEN
        if depth == 0:
            return _pair(item[:-1], at, at + 1) if at > 0 else None
    return None


def _pair(item: str, name_end: int, target_start: int) -> tuple[str, str] | None:
    name, target = item[:name_end].rstrip(" :：" + _COMMAS), item[target_start:].strip()
    return (name, target) if name and target else None
