"""A .docx table as a document-sharing site shows it: glued, wrapped and cut into pages.

``1、2020年度县级专项资金绩效目标自评表专项资金名称县级储备粮…绩 效 指 标一级 指标二级 指标三级指标
年度指标 值…库存数量真实率100%`` / ``2、100%质量 指标县级储备粮管理制 度严格执行率…``

The site prints the text of each page on a line of its own that opens with the page's number
(``1、``, ``2、``…), wherever the page break falls, in the middle of a row too; and the line
wraps inside the table's cells become spaces (``一级 指标``, ``成 品粮``). With no separator
between cells, such a space separates nothing: the pages are joined into the one glued line
the table was, and the wrap spaces go, so the glued-table reader (gluedtable.py) reads it.

A table whose cells the spaces do separate (``绩效指标 一级指标 二级指标``, a .docx dumped
with a space between cells) keeps them: its header names do not touch one another.
"""

from __future__ import annotations

import re

from kg.parse.cells import Cell
from kg.parse.gluedtable import MIN_LINE, has_project_label, inner_glued_header
from kg.parse.vocab import Vocabulary

# a space with a CJK character (or CJK punctuation) on either side: a line wrap inside a cell;
# a space between two ASCII letters or digits (194.9 194.9) may still part two values, as it may
# between their full-width forms (（万元） （20 分）, which read as (万元) (20 分) do)
_WRAP_SPACE = re.compile(r"(?<=[^\x00-\x7f\uff01-\uff5e])[ \t\u3000]+|[ \t\u3000]+(?=[^\x00-\x7f\uff01-\uff5e])")


def join_numbered_pages(cells: list[Cell], vocab: Vocabulary) -> list[Cell]:
    """The pages of a glued table (lines ``1、…``, ``2、…``, … one after another, the first
    holding the table's header or its 项目名称) become one line without wrap spaces; a
    glued line with wrap spaces alone loses them."""
    # only a long line may open pages or be a wrapped glued line: most files have none
    if not any(len(cell.text) >= MIN_LINE for cell in cells):
        return cells
    out: list[Cell] = []
    i = 0
    while i < len(cells):
        cell = cells[i]
        if len(cell.text) < MIN_LINE:
            out.append(cell)
            i += 1
            continue
        pages = _numbered_pages(cells, i, vocab)
        if pages > 1:
            text = "".join(_page_text(c.text, vocab) for c in cells[i:i + pages])
            out.append(Cell(drop_wrap_spaces(text), cell.line))
            i += pages
            continue
        if cell.row is None and _wrapped_glued_line(cell.text, vocab):
            cell = cell._replace(text=drop_wrap_spaces(cell.text))
        out.append(cell)
        i += 1
    return out


def drop_wrap_spaces(text: str) -> str:
    """``绩 效 指 标一级 指标`` → ``绩效指标一级指标``; ``194.9 194.9`` keeps its space."""
    return _WRAP_SPACE.sub("", text)


def _numbered_pages(cells: list[Cell], at: int, vocab: Vocabulary) -> int:
    """How many lines from ``at`` are the numbered pages of one glued table (0 or 1: none)."""
    first = cells[at]
    # the length first: it rules out nearly every line, the pattern is asked of the few left
    if first.row is not None or len(first.text) < MIN_LINE or _page_number(first.text, vocab) != 1:
        return 0
    if not _holds_glued_table(drop_wrap_spaces(_page_text(first.text, vocab)), vocab):
        return 0
    count = 1
    for cell in cells[at + 1:]:
        # each page full but the last: a short line numbered next is a list of goals, not a page
        if cell.row is not None or _page_number(cell.text, vocab) != count + 1 \
                or len(cells[at + count - 1].text) < MIN_LINE:
            break
        count += 1
    return count


def _page_number(text: str, vocab: Vocabulary) -> int | None:
    found = vocab.match("page_number", text)
    return int(found.group("page")) if found else None


def _page_text(text: str, vocab: Vocabulary) -> str:
    found = vocab.match("page_number", text)
    return text[found.end():] if found else text


def _holds_glued_table(text: str, vocab: Vocabulary) -> bool:
    return inner_glued_header(text, vocab) is not None or has_project_label(text, vocab)


def _wrapped_glued_line(text: str, vocab: Vocabulary) -> bool:
    """A long line holding a glued header whose names touch one another, with spaces elsewhere
    (``…绩 效 指 标一级 指标二级 指标三级指标…``): the spaces are wraps, not separators."""
    if len(text) < MIN_LINE or not _WRAP_SPACE.search(text):
        return False
    kept = _kept_positions(text)
    found = inner_glued_header("".join(text[k] for k in kept), vocab)
    if found is None:
        return False
    start, names, _ = found
    # a header printed with a space between its names is a row of cells: some two must touch
    ends = [start + sum(map(len, names[:n])) for n in range(1, len(names))]
    return any(kept[end] == kept[end - 1] + 1 for end in ends)


def _kept_positions(text: str) -> list[int]:
    """The positions in ``text`` of the characters :func:`drop_wrap_spaces` keeps."""
    dropped = {k for found in _WRAP_SPACE.finditer(text) for k in range(found.start(), found.end())}
    return [k for k in range(len(text)) if k not in dropped]
