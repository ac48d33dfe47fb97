"""Extraction, the chain every command starts with: read → parse → normalise, one Document per file.

A malformed table becomes a TableError in the stream; the run goes on. What a build writes
from the records is kg.build.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterable, Iterator

from kg.errors import InputError, KgError, ParseWarning, TableError
from kg.parse import RawTable, parse_rows, parse_tables
from kg.parse.project import YEAR_FIELD, to_project
from kg.read import read_lines, walk_inputs
from kg.read.documents import TABLE_SUFFIXES, read_rows
from kg.read.limits import DEFAULT_LIMITS, ReadLimits
from kg.read.text import display_path
from kg.records import Project


@dataclass
class Document:
    """What one input file gave: its projects and the errors of its rejected tables."""

    path: str
    projects: list[Project] = field(default_factory=list)
    errors: list[KgError] = field(default_factory=list)
    readable: bool = True
    warnings: list[ParseWarning] = field(default_factory=list)


def extract_documents(paths: Iterable[str | Path] | str | Path, *, encoding: str | None = None,
                      limits: ReadLimits = DEFAULT_LIMITS, year: int | None = None) -> Iterator[Document]:
    """One :class:`Document` per input file, in the order the files are walked; a file over
    one of ``limits`` is an unreadable document with a :class:`~kg.errors.LimitError`.
    ``year`` is the fiscal year of the tables that name none."""
    if isinstance(paths, (str, Path)):
        paths = [paths]
    for path in walk_inputs(paths):
        document = Document(display_path(path))
        try:
            if path.suffix.lower() in TABLE_SUFFIXES:
                items = extract_rows(read_rows(path, encoding=encoding, limits=limits, damage=document.warnings),
                                     document.path, year=year)
            else:
                items = extract_lines(read_lines(path, encoding=encoding, limits=limits, damage=document.warnings),
                                      document.path, year=year)
        except InputError as error:
            document.errors.append(error)
            document.readable = False
            yield document
            continue
        for item in items:
            if isinstance(item, Project):
                document.projects.append(item)
                document.warnings.extend(project_warnings(item))
            elif isinstance(item, ParseWarning):
                document.warnings.append(item)
            else:
                document.errors.append(item)
        document.warnings = once_per_file(document.warnings)
        yield document


def once_per_file(warnings: list[ParseWarning]) -> list[ParseWarning]:
    """A file that names no fiscal year says so once, at its first table, not once per table."""
    years = [w for w in warnings if w.field == YEAR_FIELD]
    if len(years) <= 1:
        return warnings
    first = years[0]
    said = ParseWarning(f"{first.reason}; the same for all {len(years)} tables of this file",
                        path=first.path, line=first.line, field=first.field)
    return [said if w is first else w for w in warnings if w.field != YEAR_FIELD or w is first]


def project_warnings(project: Project) -> list[ParseWarning]:
    """What was lost or guessed in one project's table, as located warnings in line order."""
    path = project.source.path
    problems = list(project.warnings) + [w for i in project.indicators for w in i.warnings]
    return [ParseWarning(p.reason, path=path, line=p.line, field=p.field)
            for p in sorted(problems, key=lambda p: p.line)]


def extract(paths: Iterable[str | Path] | str | Path, *, encoding: str | None = None,
            limits: ReadLimits = DEFAULT_LIMITS, year: int | None = None) -> Iterator[Project | KgError]:
    """Yield every project in ``paths`` (files or folders), and an error for each table
    or file that could not be read (a file over one of ``limits`` among them). Errors are
    yielded, never raised, so one bad table never stops the run; a usage error (an unknown
    encoding) is raised. ``year`` is the fiscal year of the tables that name none.
    """
    for document in extract_documents(paths, encoding=encoding, limits=limits, year=year):
        yield from document.projects
        yield from document.errors
        yield from document.warnings


def extract_rows(rows, path: str | None = None, *, year: int | None = None) -> list[Project | KgError]:
    """Parse and normalise the tables of a table document; sources name their table and row
    (``path`` names a file with no rows)."""
    parts = {row.line: row.part for row in rows}
    where = lambda span: replace(span, part=parts.get(span.line))  # noqa: E731
    out: list[Project | KgError] = []
    for item in _extract(parse_rows(rows), rows[0].path if rows else (path or ""), bool(rows), year):
        if isinstance(item, Project):
            item = replace(item, source=where(item.source),
                           indicators=tuple(replace(i, source=where(i.source)) for i in item.indicators))
        elif item.line in parts:
            item.reason = f"{item.reason} ({parts[item.line]})"
        out.append(item)
    return out


def extract_lines(lines, path: str | None = None, *, year: int | None = None) -> Iterator[Project | KgError]:
    """Parse and normalise the tables of one file's lines (``path`` names an empty file)."""
    yield from _extract(parse_tables(lines), lines[0].path if lines else (path or ""), bool(lines), year)


def _extract(tables, path: str, nonempty: bool, year: int | None = None) -> Iterator[Project | KgError]:
    seq = 0
    found = False
    for item in tables:
        if isinstance(item, ParseWarning):  # a lost row of a table that was rejected as a whole
            yield item
            continue
        found = True
        seq += 1  # rejected tables keep their place, so seq is the table's position
        if isinstance(item, TableError):
            yield item
            continue
        assert isinstance(item, RawTable)
        try:
            yield to_project(item, seq=seq, year=year)
        except TableError as error:
            yield error
    if not found and nonempty:
        yield InputError("no 绩效目标表 found (looked for a title ending in 绩效目标表, "
                         "a 项目名称 cell and an indicator header 一级指标 / 二级指标 / 三级指标 / 指标值)",
                         path=path, line=1)
    elif not found:
        yield InputError("the file is empty: no table in it", path=path)
