"""Limits on what one input file may cost to read, so a small hostile file cannot take the
machine's memory or hours (a 4 MB zip that expands to 4 GB, a merge over a whole sheet).

Each limit has a name (``max-pdf-pages``), a default that real budget documents stay far below,
and a one-line description; ``kg extract`` and ``kg build`` take ``--limit NAME=VALUE``. A file
over a limit is rejected with a message naming the limit; the other files are still read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace
from typing import Iterable

from kg.errors import LimitError, UsageError

KIB, MIB, GIB = 2**10, 2**20, 2**30


@dataclass(frozen=True)
class ReadLimits:
    """What one input file may hold. Sizes are in bytes, lengths in characters."""

    max_file_size: int = 32 * MIB
    max_line_length: int = 1_000_000
    max_zip_entries: int = 10_000
    max_unzipped_size: int = 256 * MIB
    max_zip_entry_size: int = 128 * MIB
    max_zip_ratio: int = 100
    max_docx_tags: int = 3_000_000
    max_sheet_rows: int = 200_000
    max_columns: int = 1_000
    max_cells: int = 2_000_000
    max_merged_cells: int = 1_000_000
    max_pdf_pages: int = 2_000
    max_pdf_unzipped_size: int = 256 * MIB
    max_html_span: int = 1_000

    def check(self, name: str, value: int, what: str, *, path: str, line: int | None = None) -> None:
        """Raise a :class:`LimitError` if ``value`` is over the limit ``name`` (``max_cells``).

        ``what`` says what was found, as the start of a sentence ("a sheet with 300,000 rows").
        """
        limit = getattr(self, name)
        if value > limit:
            raise LimitError(what, limit=option_name(name), value=shown(name, limit), path=path, line=line)


# What each limit bounds, for --help and the README; the defaults come from ReadLimits.
DESCRIPTIONS = {
    "max_file_size": "bytes of a text dump, CSV or HTML file (read whole)",
    "max_line_length": "characters in one line of a text dump, or in a cell",
    "max_zip_entries": "parts in a DOCX or XLSX (a zip)",
    "max_unzipped_size": "bytes of all parts of a DOCX or XLSX, unzipped",
    "max_zip_entry_size": "bytes of one part of a DOCX or XLSX, unzipped",
    "max_zip_ratio": "times a part of over 1 MB may expand when unzipped",
    "max_docx_tags": "XML tags in the parts of a DOCX (it is parsed whole)",
    "max_sheet_rows": "rows one XLSX sheet lists, empty ones too",
    "max_columns": "columns of one table row (XLSX, DOCX, HTML, CSV)",
    "max_cells": "cells of one document, empty ones inside rows included",
    "max_merged_cells": "merged cells of one XLSX sheet, within its data",
    "max_pdf_pages": "pages of a PDF",
    "max_pdf_unzipped_size": "bytes of a PDF's compressed streams (not images), unpacked",
    "max_html_span": "the rowspan or colspan of one HTML cell",
}
DEFAULT_LIMITS = ReadLimits()
# only entries this large are checked for their ratio: a small part cannot cost much however it packs
RATIO_FLOOR = MIB
_UNITS = {"": 1, "k": KIB, "kb": KIB, "m": MIB, "mb": MIB, "g": GIB, "gb": GIB}
_VALUE = re.compile(r"^\s*([0-9][0-9_,]*)\s*([kmg]?b?)\s*$", re.IGNORECASE)


def option_name(field: str) -> str:
    """``max_pdf_pages`` → ``max-pdf-pages``, as the user types it."""
    return field.replace("_", "-")


def shown(name: str, value: int) -> str:
    """A limit's value as the help prints it: sizes in MB, counts with thousands separators."""
    if name.endswith("_size") and value % MIB == 0:
        return f"{value // MIB}MB"
    return str(value)


def limits_help() -> str:
    """One line per limit: ``max-pdf-pages=2000: pages of a PDF``."""
    return "\n".join(f"{option_name(f.name)}={shown(f.name, getattr(DEFAULT_LIMITS, f.name))}: "
                     f"{DESCRIPTIONS[f.name]}" for f in fields(ReadLimits))


def parse_limits(pairs: Iterable[str], base: ReadLimits = DEFAULT_LIMITS) -> ReadLimits:
    """``["max-pdf-pages=500", "max-file-size=1GB"]`` → a :class:`ReadLimits` with those changed.

    Sizes take K, M or G (binary: 1M = 1,048,576). A name or value kg does not know is a
    :class:`UsageError` that lists the names.
    """
    known = {option_name(f.name): f.name for f in fields(ReadLimits)}
    changes: dict[str, int] = {}
    for pair in pairs:
        name, sep, text = pair.partition("=")
        field = known.get(name.strip().lower())
        if not sep or field is None:
            raise UsageError(f"unknown limit {pair!r}: use --limit NAME=VALUE with NAME one of "
                             + ", ".join(known))
        changes[field] = _number(text, name.strip())
    return replace(base, **changes)


def _number(text: str, name: str) -> int:
    match = _VALUE.match(text)
    if not match:
        raise UsageError(f"--limit {name}: {text!r} is not a whole number (sizes may end in K, M or G)")
    digits, unit = match.groups()
    value = int(digits.replace("_", "").replace(",", "")) * _UNITS[unit.lower()]
    if value < 1:
        raise UsageError(f"--limit {name}: must be at least 1")
    return value
