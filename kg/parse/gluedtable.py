"""A whole table glued into one line: title, labels, header and every row with no separator.

``…绩效目标自评表(2022年度)项目名称中江县…绩效指标一级指标二级指标三级指标分值年度指标值全年实际值
得分…产出指标(70分)数量指标安装坡面水标尺10≥266米≥266米10水标尺宽度10≥50厘米≥50厘米10质量指标…``

The header names the columns, so it also says what a row is made of: after the 三级 name come,
in the header's order, numbers (分值, 得分) and targets (指标值, 全年实际值). The line is cut
before its first label and before the header; the rest is cut at each category (产出指标,
数量指标…), and each stretch between categories is read row by row with that grammar. A row
whose cells cannot be told apart ends the reading: what is left stays one cell.
"""

from __future__ import annotations

import re
from functools import lru_cache

from kg.normalise.numbers import ZEROS, fold
from kg.normalise.targets import comparator_prefixes, qualitative_phrases, read_quantity
from kg.parse.cells import UNSPLIT, Cell
from kg.parse.funds import find_funds_grid
from kg.parse.glued import _header_names, _label_prefix, _label_run, header_role
from kg.parse.gluedrow import MAX_NAME_CHARS, MAX_TARGET_CHARS, _DATE_AT, split_name_explanation, split_name_value
from kg.parse.labeller import LEADS, directions
from kg.parse.vocab import Vocabulary, squash

_DIGIT = re.compile(r"\d")

MAX_PHRASE = 12  # the longest known phrase a cell can start with is shorter than this
MIN_LINE = 60  # a line that holds a table is long; shorter ones are left to the line-by-line reading
NUMBER_ROLES = ("weight", "score")
TARGET_ROLES = ("value", "actual", "area")
TEXT_ROLES = ("description", "standard")
WORD_ROLES = ("direction",)  # 指标方向: a comparator (≥) or a word (正向, 是/否)
_DESCRIPTION_LEAD = re.compile(r"反映")  # 指标解释 and 绩效标准 cells open with 反映… in the templates
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_CLOSING = re.compile(r"[…⋯]|\.{3}|总分|合计")
_POINTS = re.compile(r"[(（]\s*\d+(?:\.\d+)?\s*分\s*[)）]")


def split_glued_tables(cells: list[Cell], vocab: Vocabulary) -> list[Cell]:
    """Cut every long glued line that holds an indicator header after other text into its
    head (title and labels), the header and the rows; other cells pass through."""
    # long, and glued: a space now and then (年月 日), not a space-separated row
    long = [i for i, (text, _, row, _, _) in enumerate(cells)
            if row is None and len(text) >= MIN_LINE and text.strip().count(" ") * 50 < len(text)]
    headers = {i: found for i in long if (found := inner_glued_header(cells[i].text, vocab)) is not None}
    if not headers:
        return cells
    out: list[Cell] = []
    for i, cell in enumerate(cells):
        if i in headers:
            start, names, end = headers[i]
            roles = [header_role(n, vocab) for n in names]
            areas, end = _area_run(cell.text, end, roles, vocab)
            rows = [*_head_rows(cell.text[:start], vocab), names + areas]
            rows.extend(_indicator_rows(cell.text[end:], _with_areas(roles, len(areas)), vocab))
        elif i in long and has_project_label(cell.text, vocab):
            rows = _head_rows(cell.text, vocab)  # the head of a glued table, broken off its header line
        else:
            out.append(cell)
            continue
        for k, parts in enumerate(r for r in rows if r):
            # each row a number of its own (negative: never a line's number)
            if isinstance(parts, tuple):  # glued text that could not be cut: a row the reader reports
                out.append(Cell(parts[0], cell.line, -(cell.line * 1024 + k), UNSPLIT))
                continue
            out.extend(Cell(p, cell.line, -(cell.line * 1024 + k), col) for col, p in enumerate(parts))
    return out


def inner_glued_header(text: str, vocab: Vocabulary) -> tuple[int, list[str], int] | None:
    """(start, column names, end) of the first run of three column names or more with 三级 or
    指标值 among them, glued inside ``text`` after something else."""
    names = _header_names(vocab)
    last = len(text) - 9
    for found in _starts_re(vocab).finditer(text, 1):  # every place a column name may start, in order
        start = found.start()
        if start > last:
            break
        parts, end = _known_run(text, start, names)
        roles = {names[squash(p)] for p in parts}
        if len(parts) >= 3 and roles & {"name", "value"} and roles & {"level1", "level2"}:
            return start, parts, end
    return None


@lru_cache(maxsize=4)
def _starts_re(vocab: Vocabulary) -> re.Pattern[str]:
    """The first two characters of every column name, as a lookahead that finds them all
    (overlapping too): one scan in C instead of a slice per character."""
    starts = sorted({name[:2] for name in _header_names(vocab) if len(name) >= 2})
    return re.compile("(?=" + "|".join(map(re.escape, starts)) + ")")


def _known_run(text: str, start: int, names: dict[str, str]) -> tuple[list[str], int]:
    """The longest names one after another from ``start`` (each the longest that fits)."""
    parts: list[str] = []
    at = start
    longest = max(map(len, names))
    while at < len(text):
        for size in range(min(longest, len(text) - at), 1, -1):
            if text[at:at + size] in names:
                parts.append(text[at:at + size])
                at += size
                break
        else:
            break
    return parts, at


def _area_run(text: str, at: int, roles: list[str | None], vocab: Vocabulary) -> tuple[list[str], int]:
    """The area names glued after a header with no 指标值 (``指标方向笏石街道办埭头镇成本指标…``),
    each a target column, and where they end; none unless the first category follows them."""
    if "value" in roles:
        return [], at
    areas, end = [], at
    while not _category_at(text[end:end + MAX_PHRASE], vocab):
        after = vocab.area_at(text, end)
        if after == end:
            return [], at
        areas.append(text[end:after])
        end = after
    return areas, end


def _with_areas(roles: list[str | None], areas: int) -> list[str | None]:
    """The roles of the header and its area columns; 区域目标值 over no area is the 指标值."""
    if not areas:
        return ["value" if role == "areas" else role for role in roles]
    return [role for role in roles if role != "areas"] + ["area"] * areas


def has_project_label(text: str, vocab: Vocabulary) -> bool:
    return any(vocab.label(label) == "project" and label in text for label in _project_labels(vocab))


@lru_cache(maxsize=4)
def _project_labels(vocab: Vocabulary) -> tuple[str, ...]:
    return tuple(label for label, field in vocab.labels.items() if field == "project" and len(label) >= 4)


def _head_rows(text: str, vocab: Vocabulary) -> list[list[str]]:
    """The head as rows: the labels before a self-evaluation's funds grid, the grid's rows (its
    glued amounts cut, funds.py), and the labels after it."""
    grid = find_funds_grid(text, vocab)
    if grid is None:
        return [_head(text, vocab)]
    start, end, rows = grid
    return [_head(text[:start], vocab), *rows, _head(text[end:], vocab)]


def _head(text: str, vocab: Vocabulary) -> list[str]:
    """The title and the labels before the header: the title (or whatever comes before the
    first label of four characters or more) is one cell, then label, value, label, value."""
    first = None
    at = 0
    while at < len(text) - 3:
        label = _label_prefix(text[at:], vocab)
        if label and len(squash(label)) >= 4:
            if vocab.label(label) == "project":  # 项目名称 opens the head; words before it are the title's
                first = at
                break
            first = at if first is None else first
            at += len(label)  # 一级项目名称 is one label: 项目名称 inside it opens nothing
            continue
        at += 1
    if first is None:
        return [text] if text else []
    title = _title_end(text, first, vocab)
    if title is not None:  # the unit's labels between the title and 项目名称 are read on their own
        return [text[:title], *_label_run(text[title:first], vocab), *_label_run(text[first:], vocab)]
    return ([text[:first]] if first else []) + _label_run(text[first:], vocab)


def _title_end(text: str, first: int, vocab: Vocabulary) -> int | None:
    """Where a title ends that the unit's labels follow at once, before 项目名称 at ``first``
    (``…绩效目标表(2023年度)部门(单位)名称龙岩市…部门预算编码230001项目名称``), else None."""
    ends = [m.end() for m in vocab.patterns["title_end"].finditer(text, 0, first)]
    if ends and ends[-1] < first:
        label = _label_prefix(text[ends[-1]:], vocab)
        if label and vocab.label(label) == "unit":
            return ends[-1]
    return None


def _indicator_rows(text: str, roles: list[str | None], vocab: Vocabulary) -> list[list[str] | tuple[str]]:
    """The rows after a glued header, each as its cells (categories first); glued text that
    cannot be cut is a one-tuple."""
    # the name column, or (a header without 三级) the column after the categories
    named = [i for i, r in enumerate(roles) if r == "name"] or [i for i, r in enumerate(roles) if r in ("level1", "level2")]
    at_name = named[-1] if named else None
    columns = [r for r in roles[at_name + 1:] if r in NUMBER_ROLES + TARGET_ROLES + TEXT_ROLES + WORD_ROLES] if named else []
    if columns and columns[0] in TEXT_ROLES:
        columns = columns[:1] + [r for r in columns[1:] if r not in TEXT_ROLES]
    if not columns or not {"value", "area"} & set(columns) or (columns.count("value") > 1):
        return [(text,)] if text else []
    rows: list[list[str] | tuple[str]] = []
    pending: list[str] = []  # categories read, waiting for the row they head
    rest = text
    while rest:
        rest = _skip_lead(rest, vocab)
        category = _category_at(rest, vocab)
        if category:
            if len(pending) >= 2 or (pending and vocab.is_level2(_bare(category))
                                     and _only_level2(pending[-1], vocab)):
                rows.append(pending)  # a category with no row under it (经济效益指标 left empty)
                pending = []
            pending.append(category)
            rest = rest[len(category):]
            continue
        cut = _next_category(rest, vocab)
        stretch, after = rest[:cut], rest[cut:]
        read, left, closed = _rows_of(_drop_trailing_lead(stretch, vocab), columns)
        if read:
            rows.append(pending + read[0])
            rows.extend(read[1:])
        elif pending:
            rows.append(pending)  # the categories, over glued text that cannot be read
        pending = []
        if closed:  # the rows stop at …, 总分 or 合计: the rest is one cell
            rows.append((left + after,))
            return rows
        if left:
            rows.append((left,))
        rest = after
    if pending:
        rows.append(pending)
    return rows


def _rows_of(stretch: str, columns: list[str]) -> tuple[list[list[str]], str, bool]:
    """The rows of a stretch between categories (name, then the columns, row after row; a
    stretch that ends in a known phrase and has no number is one row of name and phrase), and
    what is left of it unread, and whether the rows stop there."""
    rows: list[list[str]] = []
    end = _CLOSING.search(stretch)  # the template's ellipsis and the total close the rows
    rest, closing = (stretch[:end.start()], stretch[end.start():]) if end else (stretch, "")
    while rest:
        row = (_read_described_row if columns[0] in TEXT_ROLES else _read_row)(rest, columns)
        if row is None:
            row = _read_row_to_value(rest, columns)
            if row is not None:
                rows.append(row)
                rest = ""
                break
            split = split_name_value(rest) if columns == ["value"] or not rows else None
            if split is None:
                break
            rows.append(list(split))
            rest = ""
            break
        cells, used = row
        rows.append(cells)
        rest = rest[used:]
    return rows, rest + closing, bool(closing)


def _read_row(text: str, columns: list[str]) -> tuple[list[str], int] | None:
    """``安装坡面水标尺10≥266米≥266米10…`` under (分值, 指标值, 实际值, 得分) → the cells and the
    characters used; the name is the shortest that lets every column be read."""
    text = text[:next((i for i, ch in enumerate(text) if len(fold(ch)) != 1), len(text))]
    failed: set[tuple[int, int, float | None]] = set()  # (position, column, weight) that led nowhere
    for cut in range(2, min(len(text), MAX_NAME_CHARS)):
        if not _may_start(text[cut:cut + MAX_PHRASE], columns[0]) or _inside_number(text, cut):
            continue
        found = _read_columns(text, cut, tuple(columns), 0, None, failed)
        if found is not None:
            cells, end = found
            return [text[:cut]] + cells, end
    return None


def _read_row_to_value(text: str, columns: list[str]) -> list[str] | None:
    """The last row before a category, read as far as its 指标值 when the cells after it cannot
    be told apart (``政策性挂账利息补贴保障率100%无没有轮换、动用库存``: an achieved value glued
    to the reason it fell short): name, the cells up to 指标值, and the rest as one cell."""
    if columns[0] in TEXT_ROLES or "value" not in columns or columns[-1] == "value":
        return None
    head = columns[:columns.index("value") + 1]
    text = text[:next((i for i, ch in enumerate(text) if len(fold(ch)) != 1), len(text))]
    failed: set[tuple[int, int, float | None]] = set()
    for cut in range(2, min(len(text), MAX_NAME_CHARS)):
        if not _may_start(text[cut:cut + MAX_PHRASE]) or _inside_number(text, cut):
            continue
        found = _read_columns(text, cut, tuple(head), 0, None, failed, open_end=True)
        if found is not None:
            cells, end = found
            rest = text[end:]
            # the rest must be words, not the digits of a column the grammar could not read
            if rest and not _CJK.match(rest):
                return None
            return [text[:cut]] + cells + ([rest] if rest else [])
    return None


def _read_described_row(text: str, columns: list[str]) -> tuple[list[str], int] | None:
    """``办公大楼日常维修维护次数反映办公大楼全年维修维护情况2280次`` under (绩效标准, 指标值): the
    explanation begins with 反映 (the template's wording), the name is what comes before it."""
    text = text[:next((i for i, ch in enumerate(text) if len(fold(ch)) != 1), len(text))]
    lead = _DESCRIPTION_LEAD.search(text, 2)
    failed: set[tuple[int, int, float | None]] = set()
    if lead is not None and lead.start() <= MAX_NAME_CHARS:
        for cut in range(lead.end() + 1, min(len(text), lead.start() + MAX_NAME_CHARS)):
            if not _may_start(text[cut:cut + MAX_PHRASE], columns[1] if len(columns) > 1 else None):
                continue
            found = _read_columns(text, cut, tuple(columns[1:]), 0, None, failed)
            if found is not None:
                cells, end = found
                return [text[:lead.start()], text[lead.start():cut]] + cells, end
    # a row that leaves its explanation out (成本控制率不超预算), or glues it to the name without
    # 反映, repeating the name's last words (已建工程是否存在质量问题当年已完工项目是否…质量问题)
    plain = _read_row(text[:lead.start()] if lead is not None else text, columns[1:])
    if plain is None:
        return None
    cells, end = plain
    return list(split_name_explanation(cells[0]) or (cells[0], "")) + cells[1:], end


def _read_columns(text: str, at: int, columns: tuple[str, ...], k: int, weight: float | None,
                  failed: set[tuple[int, int, float | None]], *,
                  open_end: bool = False) -> tuple[list[str], int] | None:
    """Columns ``k…`` read from ``at``, each cell the longest that lets the rest be read (with
    ``open_end``, the row need not end after them)."""
    if k == len(columns):
        if open_end:
            return [], at
        after = text[at:at + 1]
        # a row ends where the next name or category begins, or at the end
        return ([], at) if not after or not (after.isdigit() or after in "≥≤><=%.％＞＜＝．") else None
    if (at, k, weight) in failed:
        return None
    role = columns[k]
    for size in _token_sizes(text[at:at + MAX_TARGET_CHARS], role):
        token = text[at:at + size]
        if role == "score" and weight is not None and float(token) > weight:
            continue  # a score above its weight: the digits belong elsewhere
        found = _read_columns(text, at + size, columns, k + 1,
                              float(token.rstrip("%％")) if role == "weight" else weight, failed, open_end=open_end)
        if found is not None:
            return [token] + found[0], found[1]
    failed.add((at, k, weight))
    return None


@lru_cache(maxsize=1 << 14)
def _token_sizes(tail: str, role: str) -> tuple[int, ...]:
    """The lengths a cell of ``role`` can have at the start of ``tail``, longest first."""
    if role in WORD_ROLES:
        return _direction_sizes(tail) + (0,)  # a row may leave its 指标方向 blank
    if role in NUMBER_ROLES:
        run = _NUMBER.match(tail)
        if not run:
            return ()
        sizes = [n for n in range(len(run.group()), 0, -1)
                 if not tail[n - 1] == "." and not (n > 1 and tail[0] in ZEROS and tail[1].isdigit())
                 and float(tail[:n]) <= 100]
        if role == "weight" and tail[run.end():run.end() + 1] in ("%", "％") and sizes and sizes[0] == run.end():
            sizes.insert(0, run.end() + 1)  # 权重 as a share: 20% (四川 普惠金融 2021, w03)
        return tuple(sizes)
    sizes = []
    date = _DATE_AT.match(tail)
    if date:
        sizes.append(date.end())
    quantity = read_quantity(tail)
    digits = _DIGIT.search(tail[:4])
    leading_zero = digits is not None and tail[digits.start()] in ZEROS and tail[digits.start() + 1:][:1].isdigit()
    if leading_zero and tail[digits.start() + 1:digits.start() + 2] in ZEROS:
        sizes.append(digits.start() + 1)  # 00: a target of 0 and an achieved 0, not a number 00
    if quantity is not None and digits and not leading_zero:
        sizes.append(len(tail) - len(quantity.rest))  # the tail has no space and folds to itself
        if quantity.unit is None:
            used = sizes[-1]
            # a unit the grammar does not list (厘米) is read only as the whole rest of a cell
            sizes.extend(n for n in range(used + 1, min(used + 5, len(tail) + 1))
                         if (q := read_quantity(tail[:n])) is not None and q.rest == "" and q.unit)
            # a bare number may end earlier: 26610 is 266 and a score of 10
            run = _NUMBER.match(tail, digits.start())
            sizes.extend(n for n in range(digits.start() + 1, run.end()) if tail[n - 1] != ".")
    sizes.extend(len(p) for p in qualitative_phrases() if _phrase_at(tail, p))
    return tuple(sorted(set(sizes), reverse=True))


@lru_cache(maxsize=1 << 12)
def _direction_sizes(tail: str) -> tuple[int, ...]:
    """The lengths of a 指标方向 at the start of ``tail``: a comparator (``≥``, ``>=``) or a
    direction word (``正向``, ``是/否``), longest first."""
    sizes = set(comparator_prefixes(tail))
    sizes.update(len(word) for word in directions() if tail.startswith(word))
    return tuple(sorted(sizes, reverse=True))


def _phrase_at(text: str, phrase: str) -> bool:
    """``text`` opens with the known phrase as a cell: a short phrase ends at a non-word (完成 in
    完成及时率 is part of the name), or is printed twice, the target and the achieved value
    (``高高``)."""
    return text.startswith(phrase) and (len(phrase) >= 3 or not _CJK.match(text[len(phrase):len(phrase) + 1])
                                        or text.startswith(phrase, len(phrase)))


def _inside_number(text: str, at: int) -> bool:
    """A name does not end inside a number: 5000吨稻谷 is not a name 50 and a target 00吨."""
    return text[at - 1:at].isdigit() and text[at:at + 1].isdigit()


def _may_start(text: str, role: str | None = None) -> bool:
    """Whether a cell of ``role`` (a target, by default) can begin ``text``."""
    if role in WORD_ROLES and any(_direction_sizes(text)):
        return True
    first = fold(text[:1])
    return bool(first) and (first.isdigit() or first in "≥≤><=" or any(
        _phrase_at(text, p) for p in qualitative_phrases()))


def _skip_lead(text: str, vocab: Vocabulary) -> str:
    """``绩效指标效益指标…`` → ``效益指标…``: the lead column, printed again where a page of
    the document begins, heads no row."""
    for lead in _glued_leads():
        if text.startswith(lead) and _category_at(text[len(lead):], vocab):
            return text[len(lead):]
    return text


def _drop_trailing_lead(stretch: str, vocab: Vocabulary) -> str:
    """A stretch that ends where the lead is printed again before the next category."""
    for lead in _glued_leads():
        if stretch.endswith(lead) and len(stretch) > len(lead):
            return stretch[:-len(lead)]
    return stretch


@lru_cache(maxsize=1)
def _glued_leads() -> tuple[str, ...]:
    """The leads spelled out in full (绩效指标, 年度绩效指标…), longest first."""
    return tuple(sorted((lead for lead in LEADS if lead.endswith("指标")), key=len, reverse=True))


def _only_level2(text: str, vocab: Vocabulary) -> bool:
    return vocab.is_level2(_bare(text)) and not vocab.is_level1(_bare(text))


def _bare(text: str) -> str:
    return _POINTS.sub("", text)


def _category_at(text: str, vocab: Vocabulary) -> str | None:
    """A category spelled out with 指标 at the start of ``text`` (with its points: 产出指标(70分))."""
    match = _category_re(vocab).match(text)
    if not match:
        return None
    points = _POINTS.match(text, match.end())
    return text[:points.end()] if points else match.group()


def _next_category(text: str, vocab: Vocabulary) -> int:
    match = _category_re(vocab).search(text, 1)
    return match.start() if match else len(text)


@lru_cache(maxsize=4)
def _category_re(vocab: Vocabulary) -> re.Pattern[str]:
    names = sorted({key + "指标" for key in vocab.level1 | vocab.level2}, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, names)))
