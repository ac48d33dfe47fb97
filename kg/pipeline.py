"""The only code that chains the stages: read → parse → normalise.

A malformed table becomes a TableError in the stream; the run goes on.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, Iterator

from kg.errors import InputError, KgError, TableError
from kg.normalise import normalise
from kg.parse import RawTable, parse_tables
from kg.read import read_lines, walk_inputs
from kg.records import Project


def extract(paths: Iterable[str | Path] | str | Path, *,
            encoding: str | None = None) -> Iterator[Project | KgError]:
    """Yield every project in ``paths`` (files or folders), and an error for each table
    or file that could not be read. Errors are yielded, never raised, so one bad table
    never stops the run; a usage error (an unknown encoding) is raised.
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    for path in walk_inputs(paths):
        try:
            lines = read_lines(path, encoding=encoding)
        except InputError as error:
            yield error
            continue
        yield from extract_lines(lines)


def extract_lines(lines) -> Iterator[Project | KgError]:
    """Parse and normalise the tables of one file's lines."""
    seq = 0
    found = False
    for item in parse_tables(lines):
        found = True
        seq += 1  # rejected tables keep their place, so seq is the table's position
        if isinstance(item, TableError):
            yield item
            continue
        assert isinstance(item, RawTable)
        try:
            yield normalise(item, seq=seq)
        except TableError as error:
            yield error
    if not found and lines:
        yield InputError("no 绩效目标表 found (looked for a title ending in 绩效目标表, "
                         "a 项目名称 cell and an indicator header 一级指标 / 二级指标 / 三级指标 / 指标值)",
                         path=lines[0].path, line=1)
