"""Stage 2, parse: lines → RawTable (cell text exactly as in the source) or TableError."""

from __future__ import annotations

from typing import Iterator, Sequence

from kg.errors import TableError
from kg.parse.cells import Cell, as_printed, tidy_lines, to_cells
from kg.parse.glued import (is_glued, join_broken_words, join_wrapped_headers, split_at_headers, split_inline_labels,
                            split_spaced,
                            unglue)
from kg.parse.gluedtable import split_glued_tables
from kg.parse.headed import read_headed_list
from kg.parse.headerless import supply_missing_header
from kg.parse.pages import join_numbered_pages
from kg.parse.tables import RawRow, RawTable, TableReader
from kg.parse.vocab import vocabulary
from kg.parse.wrapped import join_values_wrapped_around_labels
from kg.records import SourceLine, SourceRow

__all__ = ["Cell", "RawRow", "RawTable", "parse_rows", "parse_tables"]


def parse_tables(lines: Sequence[SourceLine]) -> Iterator[RawTable | TableError]:
    """Every table in one file's lines; a malformed table is yielded as a TableError."""
    if not lines:
        return
    vocab = vocabulary()
    cells = to_cells(tidy_lines(lines, vocab))
    cells = join_numbered_pages(cells, vocab)
    cells = split_spaced(cells, vocab)
    cells = join_values_wrapped_around_labels(cells, vocab)
    cells = join_wrapped_headers(cells, vocab)
    cells = join_broken_words(cells, vocab)
    cells = split_inline_labels(cells, vocab)
    cells = split_at_headers(cells, vocab)
    cells = split_glued_tables(cells, vocab)
    cells = read_headed_list(cells, vocab)
    if is_glued(cells, vocab):
        cells = unglue(cells, vocab)
    cells = supply_missing_header(cells, vocab)
    yield from TableReader(lines[0].path, cells, vocab).tables()


def parse_rows(rows: Sequence[SourceRow]) -> Iterator[RawTable | TableError]:
    """Every table in a table document's rows (DOCX, XLSX, PDF, HTML, CSV)."""
    if not rows:
        return
    vocab = vocabulary()
    cells: list[Cell] = []
    for row in rows:
        if row.explicit:
            cells.extend(Cell(as_printed(text), row.line, row.line, col) for col, text in enumerate(row.cells))
        else:
            cells.extend(Cell(as_printed(text), row.line) for text in row.cells)
    yield from TableReader(rows[0].path, split_inline_labels(cells, vocab), vocab).tables()
