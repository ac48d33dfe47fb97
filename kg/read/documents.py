"""Table documents: DOCX, XLSX, PDF, HTML and CSV → rows of cell texts that know their place.

Merged cells: a cell spanning columns is read once; a cell spanning rows leaves the rows
below it empty in that column (or repeats its text, as Word does), which the parse stage
reads as a merged 一级/二级 cell.
"""

from __future__ import annotations

import csv
import io
from html.parser import HTMLParser
from pathlib import Path
from typing import Iterator

from kg.errors import InputError
from kg.read.text import DOCUMENT_SUFFIXES, check_regular, decode, display_path
from kg.records import SourceRow

TABLE_SUFFIXES = DOCUMENT_SUFFIXES
MISSING = {".docx": "python-docx", ".xlsx": "openpyxl", ".xlsm": "openpyxl", ".pdf": "pdfplumber"}


def read_rows(path: str | Path, *, encoding: str | None = None) -> list[SourceRow]:
    """The rows of a table document, numbered through the file."""
    path = Path(path)
    suffix = path.suffix.lower()
    shown = display_path(path)
    check_regular(path, shown)
    if not path.is_file():
        raise InputError("no such file", path=shown)
    readers = {".docx": _docx, ".xlsx": _xlsx, ".xlsm": _xlsx, ".pdf": _pdf, ".html": _html, ".htm": _html,
               ".csv": _csv}
    try:
        raw = list(readers[suffix](path, encoding))
    except ImportError:
        raise InputError(f"reading {suffix} files needs {MISSING[suffix]}: pip install {MISSING[suffix]}",
                         path=shown) from None
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001 - a damaged file of any kind is the user's input, not a bug
        raise InputError(f"cannot read this {suffix[1:].upper()} file: {exc.__class__.__name__}: {exc}",
                         path=shown) from None
    rows = []
    for number, (part, cells, explicit) in enumerate(raw, start=1):
        rows.append(SourceRow(shown, number, part, tuple(_trim(cells)), explicit))
    return rows


def _trim(cells: list[str | None]) -> list[str]:
    """Cell texts stripped; empty cells kept (an empty 其他资金 is a printed cell)."""
    return [(c or "").strip() for c in cells]


def _docx(path: Path, encoding) -> Iterator[tuple[str, list[str], bool]]:
    import docx  # noqa: PLC0415
    from docx.table import Table  # noqa: PLC0415
    from docx.text.paragraph import Paragraph  # noqa: PLC0415

    document = docx.Document(str(path))
    tables = 0
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = Paragraph(child, document).text.strip()
            if text:
                yield "paragraph", [text], False
        elif tag == "tbl":
            tables += 1
            for r, row in enumerate(Table(child, document).rows, start=1):
                cells, previous = [], None
                for cell in row.cells:
                    if cell._tc is not previous:  # a cell spanning columns comes back once per column
                        cells.append(cell.text)
                    previous = cell._tc
                yield f"table {tables}, row {r}", cells, True


def _xlsx(path: Path, encoding) -> Iterator[tuple[str, list[str], bool]]:
    import openpyxl  # noqa: PLC0415

    book = openpyxl.load_workbook(str(path), data_only=True, read_only=False)
    for sheet in book.worksheets:
        covered: dict[tuple[int, int], bool] = {}
        for merged in sheet.merged_cells.ranges:
            for row in range(merged.min_row, merged.max_row + 1):
                for col in range(merged.min_col, merged.max_col + 1):
                    if (row, col) != (merged.min_row, merged.min_col):
                        covered[(row, col)] = row == merged.min_row  # True: spans columns (skip it)
        for r, row in enumerate(sheet.iter_rows(), start=1):
            cells = []
            for cell in row:
                side = covered.get((cell.row, cell.column))
                if side is True:
                    continue
                cells.append("" if side is False else _cell_text(cell))
            yield f"sheet {sheet.title}, row {r}", cells, True


def _cell_text(cell) -> str:
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, float) and cell.number_format in ("0.00", "#,##0.00"):
        return f"{value:,.2f}" if "," in cell.number_format else f"{value:.2f}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _pdf(path: Path, encoding) -> Iterator[tuple[str, list[str], bool]]:
    """Each page's tables, and the text lines outside them (a title above a table), top to bottom."""
    import pdfplumber  # noqa: PLC0415

    with pdfplumber.open(str(path)) as pdf:
        for p, page in enumerate(pdf.pages, start=1):
            tables = page.find_tables()
            items: list[tuple[float, int, list]] = []
            for t, table in enumerate(tables, start=1):
                items.append((table.bbox[1], t, table.extract()))
            for line in page.extract_text_lines(return_chars=False):
                inside = any(b[0] <= line["x0"] and line["x1"] <= b[2] and b[1] <= line["top"] <= b[3]
                             for b in (table.bbox for table in tables))
                if not inside and line["text"].strip():
                    items.append((line["top"], 0, line["text"].strip()))
            for _, t, content in sorted(items, key=lambda item: (item[0], item[1])):
                if t == 0:
                    yield f"page {p}", [content], False
                else:
                    for r, row in enumerate(content, start=1):
                        yield f"page {p}, table {t}, row {r}", _pdf_cells(row), True


def _pdf_cells(row: list[str | None]) -> list[str]:
    """pdfplumber gives None for every covered cell: leading ones are a merged 一级/二级 above
    (kept empty), ones after a value are that value's column span (dropped)."""
    cells: list[str] = []
    seen_value = False
    for cell in row:
        if cell is None:
            if not seen_value:
                cells.append("")
            continue
        seen_value = True
        cells.append(cell)
    return cells


def _csv(path: Path, encoding) -> Iterator[tuple[str, list[str], bool]]:
    text = decode(path.read_bytes(), encoding=encoding, path=str(path))
    for r, row in enumerate(csv.reader(io.StringIO(text)), start=1):
        yield f"row {r}", row, True


def _html(path: Path, encoding) -> Iterator[tuple[str, list[str], bool]]:
    text = decode(path.read_bytes(), encoding=encoding, path=str(path))
    parser = _TableParser()
    parser.feed(text)
    parser.close()
    yield from parser.items


class _TableParser(HTMLParser):
    """Tables with rowspan/colspan (a rowspan repeats its text below, as Word does), and
    the headings and paragraphs between tables."""

    TEXT_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6", "p", "caption", "div", "span")

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.items: list[tuple[str, list[str], bool]] = []
        self.tables = 0
        self.depth = 0
        self.row: list[str] | None = None
        self.cell: list[str] | None = None
        self.spans: dict[int, tuple[str, int]] = {}  # column → (text, rows still to fill)
        self.rowspan = 1
        self.row_number = 0
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self._flush_text()
            self.depth += 1
            if self.depth == 1:
                self.tables += 1
                self.spans, self.row_number = {}, 0
        elif tag == "tr" and self.depth:
            self.row = []
        elif tag in ("td", "th") and self.row is not None:
            self.cell = []
            self.rowspan = int(attrs.get("rowspan") or 1)
        elif tag == "br" and self.cell is not None:
            self.cell.append("\n")

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None and self.row is not None:
            self._fill_spans()
            text = "".join(self.cell).strip()
            if self.rowspan > 1:
                self.spans[len(self.row)] = (text, self.rowspan - 1)
            self.row.append(text)
            self.cell = None
        elif tag == "tr" and self.row is not None:
            self._fill_spans()
            self.row_number += 1
            self.items.append((f"table {self.tables}, row {self.row_number}", self.row, True))
            self.row = None
        elif tag == "table" and self.depth:
            self.depth -= 1
        elif tag in self.TEXT_TAGS and not self.depth:
            self._flush_text()

    def _fill_spans(self):
        while self.row is not None and len(self.row) in self.spans:
            text, left = self.spans.pop(len(self.row))
            self.row.append(text)
            if left > 1:
                self.spans[len(self.row) - 1] = (text, left - 1)

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)
        elif not self.depth:
            self.text.append(data)

    def _flush_text(self):
        text = "".join(self.text).strip()
        if text:
            self.items.append(("paragraph", [text], False))
        self.text = []
