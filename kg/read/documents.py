"""Table documents: DOCX, XLSX, PDF, HTML and CSV → rows of cell texts that know their place.

Merged cells: a cell spanning columns is read once; a cell spanning rows leaves the rows
below it empty in that column (or repeats its text, as Word does), which the parse stage
reads as a merged 一级/二级 cell.
"""

from __future__ import annotations

import csv
import io
import zipfile
import zlib
from html.parser import HTMLParser
from functools import partial
from pathlib import Path
from typing import Iterator

from kg.errors import InputError, ParseWarning
from kg.read.limits import DEFAULT_LIMITS, MIB, RATIO_FLOOR, ReadLimits
from kg.read.text import DOCUMENT_SUFFIXES, check_regular, decode, display_path, read_bounded
from kg.records import SourceRow

TABLE_SUFFIXES = DOCUMENT_SUFFIXES
MISSING = {".docx": "python-docx", ".xlsx": "openpyxl", ".xlsm": "openpyxl", ".pdf": "pdfplumber"}


def read_rows(path: str | Path, *, encoding: str | None = None, limits: ReadLimits = DEFAULT_LIMITS,
              damage: list[ParseWarning] | None = None) -> list[SourceRow]:
    """The rows of a table document, numbered through the file.

    A file over one of ``limits`` is refused with a :class:`~kg.errors.LimitError`; the
    readers stop at the first limit crossed, before the rest of the file is read. A text
    document (CSV, HTML) with a few bytes that do not decode says so in ``damage``.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    shown = display_path(path)
    check_regular(path, shown)
    if not path.is_file():
        raise InputError("no such file", path=shown)
    readers = {".docx": _docx, ".xlsx": _xlsx, ".xlsm": _xlsx, ".pdf": _pdf, ".html": _html, ".htm": _html,
               ".csv": _csv}
    rows: list[SourceRow] = []
    cells = 0
    try:
        read = partial(readers[suffix], damage=damage) if suffix in (".csv", ".html", ".htm") else readers[suffix]
        for number, (part, raw, explicit) in enumerate(read(path, encoding, limits, shown), start=1):
            texts = tuple(_trim(raw))
            cells += len(texts)
            limits.check("max_cells", cells, f"more than {limits.max_cells:,} cells", path=shown, line=number)
            limits.check("max_columns", len(texts), f"a row of {len(texts):,} cells ({part})", path=shown,
                         line=number)
            longest = max(map(len, texts), default=0)
            limits.check("max_line_length", longest, f"a cell of {longest:,} characters ({part})", path=shown,
                         line=number)
            rows.append(SourceRow(shown, number, part, texts, explicit))
    except ImportError:
        raise InputError(f"reading {suffix} files needs {MISSING[suffix]}: pip install {MISSING[suffix]}",
                         path=shown) from None
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001 - a damaged file of any kind is the user's input, not a bug
        raise InputError(f"cannot read this {suffix[1:].upper()} file: {exc.__class__.__name__}: {exc}",
                         path=shown) from None
    return rows


def check_zip(path: Path, shown: str, limits: ReadLimits = DEFAULT_LIMITS) -> None:
    """Refuse a DOCX or XLSX whose parts would unzip too large, from the sizes its central
    directory declares, before any part is opened. The declared size is what Python's zipfile
    will give at most (it stops there and checks the CRC), so a part cannot lie its way past."""
    with zipfile.ZipFile(path) as archive:
        entries = archive.infolist()
    limits.check("max_zip_entries", len(entries), f"a zip of {len(entries):,} parts", path=shown)
    for entry in entries:
        name = display_path(entry.filename)
        limits.check("max_zip_entry_size", entry.file_size, f"the part {name} unzips to {entry.file_size:,} bytes",
                     path=shown)
        if entry.file_size > RATIO_FLOOR:
            ratio = entry.file_size // max(entry.compress_size, 1)
            limits.check("max_zip_ratio", ratio, f"the part {name} expands {ratio:,} times when unzipped",
                         path=shown)
    total = sum(entry.file_size for entry in entries)
    limits.check("max_unzipped_size", total, f"parts that unzip to {total:,} bytes", path=shown)


def _trim(cells: list[str | None]) -> list[str]:
    """Cell texts stripped; empty cells kept (an empty 其他资金 is a printed cell)."""
    return [(c or "").strip() for c in cells]


def check_docx_tags(path: Path, shown: str, limits: ReadLimits = DEFAULT_LIMITS) -> None:
    """Refuse a DOCX whose XML holds more than ``limits.max_docx_tags`` tags, counted in the
    unzipped stream before python-docx parses it whole: a tree costs about 130 bytes a
    tag, so 120 MB of ``<w:p/>`` would take 2.8 GB and 6 minutes."""
    tags = 0
    with zipfile.ZipFile(path) as archive:
        for entry in archive.infolist():
            if not entry.filename.endswith((".xml", ".rels")):
                continue
            with archive.open(entry) as part:
                while chunk := part.read(MIB):
                    tags += chunk.count(b"<")
            limits.check("max_docx_tags", tags, f"more than {limits.max_docx_tags:,} XML tags", path=shown)


def _docx(path: Path, encoding, limits: ReadLimits, shown: str) -> Iterator[tuple[str, list[str], bool]]:
    check_zip(path, shown, limits)
    check_docx_tags(path, shown, limits)
    import docx  # noqa: PLC0415
    from docx.table import Table, _Cell  # noqa: PLC0415
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
            table = Table(child, document)
            above: dict[int, str] = {}  # grid column → the text of the cell there in the row above
            for r, tr in enumerate(child.tr_lst, start=1):
                cells, here = [], {}
                column = tr.grid_before
                for tc in tr.tc_lst:
                    # a cell continuing a vertical merge repeats the text above, as Word reports it;
                    # looked up here, not by python-docx's walk up the merge (quadratic in its length)
                    text = above.get(column, "") if tc.vMerge == "continue" else _Cell(tc, table).text
                    cells.append(text)  # a cell spanning columns counts once
                    here[column] = text
                    column += tc.grid_span
                    limits.check("max_columns", column, f"a row of {column:,} columns (table {tables}, row {r})",
                                 path=shown)
                above = here
                yield f"table {tables}, row {r}", cells, True


def _xlsx(path: Path, encoding, limits: ReadLimits, shown: str) -> Iterator[tuple[str, list[str], bool]]:
    check_zip(path, shown, limits)
    import openpyxl  # noqa: PLC0415

    # read_only streams each sheet; only the cells that hold a value are kept, so the sheet's
    # claimed dimension (A1:XFD1048576) costs nothing
    book = openpyxl.load_workbook(str(path), data_only=True, read_only=True)
    try:
        for sheet in book.worksheets:
            yield from _sheet_rows(sheet, limits, shown)
    finally:
        book.close()


def _sheet_rows(sheet, limits: ReadLimits, shown: str) -> Iterator[tuple[str, list[str], bool]]:
    """One sheet's rows: the covered cells of a merge are skipped (spanning columns) or left
    empty (spanning rows), and a run of empty rows reads as one."""
    values, merges = _sheet_values(sheet, limits, shown)
    if not values:
        return
    last_row = max(values)
    width = max(max(row) for row in values.values())
    skip, blank = _merged(merges, values, last_row, width, limits, shown, sheet.title)
    previous = 0
    for r in sorted(values):
        if r > previous + 1:
            yield f"sheet {sheet.title}, row {previous + 1}", [""] * width, True
        previous = r
        row, skipped, blanked = values[r], skip.get(r, ()), blank.get(r, ())
        yield (f"sheet {sheet.title}, row {r}",
               ["" if c in blanked else row.get(c, "") for c in range(1, width + 1) if c not in skipped], True)


def _sheet_values(sheet, limits: ReadLimits, shown: str) -> tuple[dict[int, dict[int, str]], list[str]]:
    """row → column → text of the cells holding a value, and the merged ranges, of one sheet."""
    from openpyxl.cell.read_only import ReadOnlyCell  # noqa: PLC0415
    from openpyxl.worksheet._reader import WorkSheetParser  # noqa: PLC0415

    book = sheet.parent
    values: dict[int, dict[int, str]] = {}
    rows = 0
    with sheet._get_source() as source:  # noqa: SLF001 - the sheet's XML, streamed
        parser = WorkSheetParser(source, sheet._shared_strings, data_only=True, epoch=book.epoch,  # noqa: SLF001
                                 date_formats=book._date_formats, timedelta_formats=book._timedelta_formats)  # noqa: SLF001
        for r, cells in parser.parse():
            rows += 1
            limits.check("max_sheet_rows", rows, f"sheet {sheet.title} has more than {limits.max_sheet_rows:,} rows",
                         path=shown)
            texts = {cell["column"]: text for cell in cells
                     if cell["value"] is not None and (text := _cell_text(ReadOnlyCell(sheet, **cell)))}
            if texts:
                last = max(texts)
                limits.check("max_columns", last, f"a value in column {last:,} (sheet {sheet.title}, row {r})",
                             path=shown)
                values[r] = texts
        merges = [m.coord for m in parser.merged_cells.mergeCell] if parser.merged_cells else []
    return values, merges


def _merged(merges: list[str], values: dict[int, dict[int, str]], last_row: int, width: int,
            limits: ReadLimits, shown: str, title: str) -> tuple[dict[int, set[int]], dict[int, set[int]]]:
    """Per row, the columns a merge covers: skipped in its first row (it spans columns there)
    and blanked below it. Each merge is clipped to the cells that hold data, so a merge over
    the whole sheet costs what the data does; what is left is bounded by max_merged_cells."""
    from openpyxl.utils.cell import range_boundaries  # noqa: PLC0415

    skip: dict[int, set[int]] = {}
    blank: dict[int, set[int]] = {}
    area = 0
    for ref in merges:
        min_col, min_row, max_col, max_row = range_boundaries(ref)
        max_col, max_row = min(max_col, width), min(max_row, last_row)
        if min_col > max_col or min_row > max_row:
            continue
        area += (max_col - min_col + 1) * (max_row - min_row + 1)
        limits.check("max_merged_cells", area, f"the merges of sheet {title} cover more than "
                     f"{limits.max_merged_cells:,} cells within its data", path=shown)
        skip.setdefault(min_row, set()).update(range(min_col + 1, max_col + 1))
        for r in range(min_row + 1, max_row + 1):
            if r in values:
                blank.setdefault(r, set()).update(range(min_col, max_col + 1))
    return skip, blank


def _cell_text(cell) -> str:
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, float) and cell.number_format in ("0.00", "#,##0.00"):
        return f"{value:,.2f}" if "," in cell.number_format else f"{value:.2f}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _pdf(path: Path, encoding, limits: ReadLimits, shown: str) -> Iterator[tuple[str, list[str], bool]]:
    """Each page's tables, and the text lines outside them (a title above a table), top to bottom."""
    import pdfplumber  # noqa: PLC0415

    check_pdf_streams(path, shown, limits)
    # pages past the limit are not made at all; pdfminer's walk of the page tree skips a node
    # it has seen, so a tree that loops ends, with no pages
    with pdfplumber.open(str(path), pages=range(1, limits.max_pdf_pages + 2)) as pdf:
        pages = pdf.pages
        limits.check("max_pdf_pages", len(pages), f"a PDF of more than {limits.max_pdf_pages:,} pages", path=shown)
        if not pages:
            raise InputError("no page found in this PDF (its page tree is empty, damaged or loops)", path=shown)
        for p, page in enumerate(pages, start=1):
            yield from _pdf_page(page, p)
            page.close()  # let go of the page's parsed objects before the next one


def check_pdf_streams(path: Path, shown: str, limits: ReadLimits = DEFAULT_LIMITS) -> None:
    """Refuse a PDF whose compressed streams unpack to more than ``limits.max_pdf_unzipped_size``
    bytes, counted here a piece at a time into nothing: pdfminer unpacks a stream whole and
    keeps it, so a 1 MB PDF of one content stream of spaces took 2.2 GB. Images are left out:
    they are not unpacked to read text."""
    from pdfminer.pdfdocument import PDFDocument  # noqa: PLC0415
    from pdfminer.pdfparser import PDFParser  # noqa: PLC0415
    from pdfminer.pdftypes import PDFStream  # noqa: PLC0415

    total = 0
    with open(path, "rb") as handle:
        document = PDFDocument(PDFParser(handle))
        for xref in document.xrefs:
            for objid in xref.get_objids():
                try:
                    if xref.get_pos(objid)[0] is not None:
                        continue  # inside an object stream: no stream is, and reading it unpacks that one
                    stream = document.getobj(objid)
                except Exception:  # noqa: BLE001 - a damaged object: pdfminer says so when it reads it
                    continue
                if not isinstance(stream, PDFStream) or _name(stream.attrs.get("Subtype")) == "Image":
                    continue
                total += _inflated_size(_unwrapped(stream), limits.max_pdf_unzipped_size - total + 1)
                limits.check("max_pdf_unzipped_size", total, f"streams that unpack to more than "
                             f"{limits.max_pdf_unzipped_size:,} bytes", path=shown)


def _name(value) -> str:
    return getattr(value, "name", "")


def _unwrapped(stream) -> bytes:
    """A stream's data before its Flate filter: the text filters in front of it (reportlab
    writes ``[/ASCII85Decode /FlateDecode]``) are undone; they shrink, never expand. Filter names
    are read as written, never looked up, since looking up may unpack an object stream."""
    from pdfminer.ascii85 import ascii85decode, asciihexdecode  # noqa: PLC0415

    filters = stream.attrs.get("Filter", stream.attrs.get("F"))
    data = stream.rawdata or b""
    for name in map(_name, filters if isinstance(filters, list) else [filters]):
        try:
            if name in ("ASCII85Decode", "A85"):
                data = ascii85decode(data)
            elif name in ("ASCIIHexDecode", "AHx"):
                data = asciihexdecode(data)
            else:
                break
        except ValueError:
            return b""  # damaged: pdfminer will say so
    return data


def _inflated_size(data: bytes, cap: int) -> int:
    """How many bytes ``data`` inflates to, or a number over ``cap``."""
    inflater = zlib.decompressobj()
    size = 0
    try:
        for offset in range(0, len(data), MIB):
            piece = data[offset:offset + MIB]
            while piece and size <= cap and not inflater.eof:  # at most 1 MB out at a time
                size += len(inflater.decompress(piece, MIB))
                piece = inflater.unconsumed_tail
            if size > cap or inflater.eof:
                break
    except zlib.error:
        pass  # damaged data: pdfminer will say so, or read what it can
    return size


def _pdf_page(page, p: int) -> Iterator[tuple[str, list[str], bool]]:
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


def _csv(path: Path, encoding, limits: ReadLimits, shown: str,
         damage: list[ParseWarning] | None = None) -> Iterator[tuple[str, list[str], bool]]:
    text = decode(read_bounded(path, shown, limits), encoding=encoding, path=shown, damage=damage)
    for r, row in enumerate(csv.reader(io.StringIO(text)), start=1):
        yield f"row {r}", row, True


def _html(path: Path, encoding, limits: ReadLimits, shown: str,
          damage: list[ParseWarning] | None = None) -> Iterator[tuple[str, list[str], bool]]:
    text = decode(read_bounded(path, shown, limits), encoding=encoding, path=shown, damage=damage)
    parser = _TableParser(limits, shown)
    parser.feed(text)
    parser.close()
    yield from parser.items


class _TableParser(HTMLParser):
    """Tables with rowspan/colspan (a rowspan repeats its text below, as Word does), and
    the headings and paragraphs between tables. End tags HTML lets a writer leave out
    (``</td>``, ``</tr>``) are implied, as a browser does."""

    TEXT_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6", "p", "caption", "div", "span")

    def __init__(self, limits: ReadLimits = DEFAULT_LIMITS, shown: str = "") -> None:
        super().__init__(convert_charrefs=True)
        self.limits, self.shown = limits, shown
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
            self._end_row()
            self.row = []
        elif tag in ("td", "th") and self.row is not None:
            self._end_cell()
            self.cell = []
            self.rowspan = self._span(attrs, "rowspan")
            self._span(attrs, "colspan")  # a colspan cell is read once, but a huge one is no table
        elif tag == "br" and self.cell is not None:
            self.cell.append("\n")

    def _span(self, attrs: dict, name: str) -> int:
        try:
            span = int(attrs.get(name) or 1)
        except ValueError:
            return 1  # rowspan="two": read as no span, as browsers do
        where = f"{name}={span} in table {self.tables}, row {self.row_number + 1}"
        self.limits.check("max_html_span", span, where, path=self.shown)
        return max(span, 1)

    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self._end_cell()
        elif tag == "tr":
            self._end_row()
        elif tag == "table" and self.depth:
            if self.depth == 1:
                self._end_row()
            self.depth -= 1
        elif tag in self.TEXT_TAGS and not self.depth:
            self._flush_text()

    def close(self):
        super().close()
        self._end_row()

    def _end_cell(self):
        if self.cell is None or self.row is None:
            return
        self._fill_spans()
        text = "".join(self.cell).strip()
        if self.rowspan > 1:
            self.spans[len(self.row)] = (text, self.rowspan - 1)
        self.row.append(text)
        self.cell = None

    def _end_row(self):
        if self.row is None:
            return
        self._end_cell()
        self._fill_spans()
        self.row_number += 1
        self.items.append((f"table {self.tables}, row {self.row_number}", self.row, True))
        self.row = None

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
