"""Indicator rows whose header a page cut off: a header supplied from the rows themselves.

A report split over pages (a county media site's ``article-…-19.html``) or a PDF that prints the header
on its first page only leaves a grid of pipe rows led by their categories (``| 项目完成指标 | 质量指标 |
改善养老服务基础条件 | 改善条件 | 明显改善 |``, 大英 2020) and no header at all. Such rows name their own
columns: the 一级, the 二级, the name, the target after it; what follows the target is kept as a note.
A self-evaluation's rows cut from their header (大英 2022 and 2023) are known by their right end instead:
a comparator or 定性, then the target, its unit, what was achieved and the points (:data:`EVALUATED_TAILS`).
The table says so in a warning, since the reader has read the columns by their order alone.
"""

from __future__ import annotations

from collections import Counter
from typing import Iterator

from kg.normalise.targets import is_comparator
from kg.parse.cells import SUPPLIED, Cell
from kg.parse.labeller import strip_score
from kg.parse.rows import row_bounds
from kg.parse.vocab import Vocabulary

MIN_ROWS = 3
# the columns such a row names by its order; any after the target hold a note
NAMES = ("一级指标", "二级指标", "三级指标", "指标值")
NOTE = "备注"
# 四川's self-evaluation, its columns split (大英 2022, a county media site's article-…-29.html): a row ends
# in 指标性质 (a comparator, or 定性) | 指标值 | 度量单位 | 完成值 | 分值 (| 得分), or, its 完成值 and 得分 left
# blank, in 指标性质 | 指标值 | 度量单位 | 分值 (大英 2023); the merged 一级 and 二级 cells are printed on a
# block's first row only, so the rows are read from their right
EVALUATED_TAILS = {4: ("指标性质", "指标值", "度量单位", "分值"),
                   5: ("指标性质", "指标值", "度量单位", "完成值", "分值"),
                   6: ("指标性质", "指标值", "度量单位", "完成值", "分值", "得分")}
QUALITATIVE_KIND = "定性"


def supply_missing_header(cells: list[Cell], vocab: Vocabulary) -> list[Cell]:
    """``cells`` with a header before the first of three rows or more that end in a self-evaluation's
    columns (:func:`_evaluated_rows`), or that a 一级 and a 二级 lead, in a file that names no indicator
    column anywhere; ``cells`` unchanged otherwise."""
    if any(vocab.names_name_or_value(c.text) for c in cells if c.text):
        return cells  # a header is there (most files: told within their first lines)
    evaluated = _evaluated_rows(cells)
    if evaluated is not None:
        return _with_header(cells, *evaluated)
    rows = _rows_led_by_categories(cells, vocab)
    if len(rows) < MIN_ROWS:
        return cells
    widths = Counter(len(texts) for _, texts in rows)
    width = max(widths, key=lambda n: (widths[n], n))
    if width < len(NAMES):
        return cells
    return _with_header(cells, rows[0][0], NAMES + (NOTE,) * (width - len(NAMES)))


def _with_header(cells: list[Cell], first: int, names: tuple[str, ...]) -> list[Cell]:
    """``cells`` with a header row of ``names`` no page printed, on the line of cell ``first``, before it."""
    line = cells[first].line
    return cells[:first] + [Cell(name, line, -line, col, SUPPLIED) for col, name in enumerate(names)] + cells[first:]


def _rows_led_by_categories(cells: list[Cell], vocab: Vocabulary) -> list[tuple[int, list[str]]]:
    """(index of its first cell, its texts) of each pipe row whose first two texts are a 一级 and a 二级."""
    rows: list[tuple[int, list[str]]] = []
    for first, end in _pipe_rows(cells):
        texts = [c.text for c in cells[first:end] if c.text]
        if len(texts) >= 2 and vocab.is_level1(strip_score(texts[0])) and vocab.is_level2(strip_score(texts[1])):
            rows.append((first, texts))
    return rows


def _pipe_rows(cells: list[Cell]) -> Iterator[tuple[int, int]]:
    """[first, end) of each explicit row of ``cells``."""
    i = 0
    while i < len(cells):
        if cells[i].row is None:
            i += 1
            continue
        first, end = row_bounds(cells, i)
        yield first, end
        i = end


def _evaluated_rows(cells: list[Cell]) -> tuple[int, tuple[str, ...]] | None:
    """(index of the first row's first cell, the header's names) for three pipe rows or more whose
    texts end in a comparator or 定性 and three to five cells after it, the comparator after one
    text at least (the name); None otherwise."""
    widths: Counter = Counter()
    first = None
    for start, end in _pipe_rows(cells):
        texts = [c.text for c in cells[start:end]]
        at = next((k for k, t in enumerate(texts) if k > 0 and (is_comparator(t) or t.strip() == QUALITATIVE_KIND)), None)
        if at is not None and texts[at - 1].strip() and len(texts) - at in EVALUATED_TAILS and all(texts[at + 1:at + 3]):
            widths[len(texts) - at] += 1
            first = start if first is None else first
    if sum(widths.values()) < MIN_ROWS:
        return None
    width = max(widths, key=lambda n: (widths[n], n))
    return first, NAMES[:3] + EVALUATED_TAILS[width]
