"""Values a PDF's text layer printed around the line of their labels.

A narrow cell whose value wraps over two lines is centred on its row: the text layer prints the
value's first line above the labels' line and its last line below it (上海 2026, pdfplumber's
``extract_text``)::

    兰溪路-真南路下立交工 阶段性项
    项目名称 项目性质 项目类别 特定目标类
    程 目

Here 项目名称 is 兰溪路-真南路下立交工程 and 项目性质 阶段性项目.
"""

from __future__ import annotations

from itertools import groupby

from kg.parse.cells import Cell, line_step
from kg.parse.vocab import Vocabulary

MAX_PIECE = 30  # a piece of a head cell's value, not a sentence


def join_values_wrapped_around_labels(cells: list[Cell], vocab: Vocabulary) -> list[Cell]:
    """A row of labels parted by spaces whose empty value cells are printed half on the line
    above and half on the line below, as many pieces on each as there are empty cells: each
    empty cell gets its two pieces joined, the lines above and below are spent."""
    if not any(cell.kind == "soft" for cell in cells):
        return cells  # no row parted by spaces: most dumps
    lines = [list(group) for _, group in groupby(cells, key=lambda c: c.line)]
    step = line_step(cells)  # 2 where a blank line parts every two lines
    out: list[Cell] = []
    k = 0
    while k < len(lines):
        joined = _joined_label_row(lines, k, vocab, step) if 0 < k < len(lines) - 1 else None
        if joined is None:
            out.extend(lines[k])
            k += 1
            continue
        out[len(out) - len(lines[k - 1]):] = joined  # the line above is spent
        k += 2  # and the line below
    return out


def _joined_label_row(lines: list[list[Cell]], k: int, vocab: Vocabulary, step: int) -> list[Cell] | None:
    row, above, below = lines[k], lines[k - 1], lines[k + 1]
    if row[0].kind != "soft" or row[0].row is None or not _is_label(row[0], vocab):
        return None
    if not 0 < row[0].line - above[0].line <= step or not 0 < below[0].line - row[0].line <= step:
        return None
    empty = [i for i, cell in enumerate(row) if _is_label(cell, vocab)
             and (i + 1 == len(row) or _is_label(row[i + 1], vocab))]
    tops, bottoms = _pieces(above, vocab), _pieces(below, vocab)
    if not empty or tops is None or bottoms is None or not len(empty) == len(tops) == len(bottoms):
        return None
    texts: list[str] = []
    for i, cell in enumerate(row):
        texts.append(cell.text)
        if i in empty:
            n = empty.index(i)
            texts.append(tops[n] + bottoms[n])
    line = row[0].line
    return [Cell(text, line, line, col, kind="soft") for col, text in enumerate(texts)]


def _is_label(cell: Cell, vocab: Vocabulary) -> bool:
    return vocab.label(cell.text) is not None


def _pieces(line: list[Cell], vocab: Vocabulary) -> list[str] | None:
    """The pieces of a line that holds no label and no long text, else None."""
    pieces = [p for cell in line for p in cell.text.split()]
    if not pieces or any(len(p) > MAX_PIECE or vocab.label(p) is not None for p in pieces):
        return None
    return pieces
