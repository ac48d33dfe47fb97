"""Stage 2, parse: lines → RawTable (cell text exactly as in the source) or TableError."""

from __future__ import annotations

from typing import Iterator, Sequence

from kg.errors import TableError
from kg.parse.cells import Cell, to_cells
from kg.parse.glued import is_glued, split_inline_labels, unglue
from kg.parse.tables import RawRow, RawTable, TableReader
from kg.parse.vocab import vocabulary
from kg.records import SourceLine

__all__ = ["Cell", "RawRow", "RawTable", "parse_tables"]


def parse_tables(lines: Sequence[SourceLine]) -> Iterator[RawTable | TableError]:
    """Every table in one file's lines; a malformed table is yielded as a TableError."""
    if not lines:
        return
    vocab = vocabulary()
    cells = to_cells(lines)
    cells = split_inline_labels(cells, vocab)
    if is_glued(cells, vocab):
        cells = unglue(cells, vocab)
    yield from TableReader(lines[0].path, cells, vocab).tables()
