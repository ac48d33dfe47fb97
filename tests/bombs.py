"""Small hostile files, built here rather than stored: each is a few KB on disk and would cost
gigabytes, minutes or a flood of messages to a reader with no limits (issue 23).

Used by tests/test_bounded_reading.py and by ``python -m tests.bombs DIR``, which writes them
all to DIR for measuring by hand.
"""

from __future__ import annotations

import io
import sys
import zipfile
import zlib
from pathlib import Path

MIB = 2**20


def _office_parts(write) -> dict[str, bytes]:
    """The parts of a real, small document written by its own library (so everything but the
    part a bomb replaces is what the library expects)."""
    buffer = io.BytesIO()
    write(buffer)
    with zipfile.ZipFile(buffer) as book:
        return {name: book.read(name) for name in book.namelist()}


def _zip(path: Path, parts: dict[str, bytes | Path]) -> Path:
    """Write ``parts`` deflated; a part given as a Path is streamed from that file."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as out:
        for name, data in parts.items():
            if isinstance(data, Path):
                out.write(data, name)
            else:
                out.writestr(name, data)
    return path


def _xlsx_parts() -> dict[str, bytes]:
    import openpyxl

    def write(buffer):
        book = openpyxl.Workbook()
        book.active["A1"] = "x"
        book.save(buffer)

    return _office_parts(write)


def _docx_parts() -> dict[str, bytes]:
    import docx

    def write(buffer):
        document = docx.Document()
        document.add_paragraph("x")
        document.save(buffer)

    return _office_parts(write)


SHEET_HEAD = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
              b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')


def sheet_xlsx(path: Path, sheet: bytes) -> Path:
    """An XLSX whose first sheet is ``sheet`` (the XML inside <worksheet>)."""
    parts = _xlsx_parts()
    parts["xl/worksheets/sheet1.xml"] = SHEET_HEAD + sheet + b"</worksheet>"
    return _zip(path, parts)


def max_cell_xlsx(path: Path) -> Path:
    """One cell at A1048576, the last row, under a dimension claiming the whole sheet."""
    return sheet_xlsx(path, b'<dimension ref="A1:XFD1048576"/><sheetData>'
                            b'<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row>'
                            b'</sheetData>')


def max_merge_xlsx(path: Path) -> Path:
    """One cell and one merge covering the whole sheet, A1:XFD1048576 (17 billion cells)."""
    return sheet_xlsx(path, b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>'
                            b'</sheetData><mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>')


def _zeros_file(folder: Path, head: bytes, size: int, tail: bytes) -> Path:
    """A temporary file of ``head``, ``size`` zeros (the text "000…") and ``tail``, written in
    pieces so that building a bomb never holds it in memory."""
    filler = folder / f".filler-{size}"
    with open(filler, "wb") as out:
        out.write(head)
        block = b"0" * MIB
        for _ in range(size // MIB):
            out.write(block)
        out.write(tail)
    return filler


def zip_bomb_xlsx(path: Path, size: int = 2048 * MIB) -> Path:
    """A sheet of one cell holding ``size`` characters: about 1,000 times smaller zipped."""
    parts: dict[str, bytes | Path] = dict(_xlsx_parts())
    parts["xl/worksheets/sheet1.xml"] = _zeros_file(
        path.parent, SHEET_HEAD + b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>', size,
        b"</t></is></c></row></sheetData></worksheet>")
    try:
        return _zip(path, parts)
    finally:
        parts["xl/worksheets/sheet1.xml"].unlink()


def zip_bomb_docx(path: Path, size: int = 2048 * MIB) -> Path:
    """A document of one paragraph of ``size`` characters."""
    parts: dict[str, bytes | Path] = dict(_docx_parts())
    body = parts["word/document.xml"]
    start = body.index(b"<w:body>") + len(b"<w:body>")
    parts["word/document.xml"] = _zeros_file(path.parent, body[:start] + b"<w:p><w:r><w:t>", size,
                                             b"</w:t></w:r></w:p>" + body[start:])
    try:
        return _zip(path, parts)
    finally:
        parts["word/document.xml"].unlink()


def paragraphs_docx(path: Path, paragraphs: int = 3_100_000) -> Path:
    """A DOCX of ``paragraphs`` empty paragraphs: 18 MB of XML, 17 KB zipped, and a tree of
    as many elements once parsed (120 MB of them took 2.8 GB and 6 minutes)."""
    parts: dict[str, bytes | Path] = dict(_docx_parts())
    body = parts["word/document.xml"]
    start = body.index(b"<w:body>") + len(b"<w:body>")
    parts["word/document.xml"] = body[:start] + b"<w:p/>" * paragraphs + body[start:]
    return _zip(path, parts)


def many_entries_docx(path: Path, entries: int = 20_000) -> Path:
    """A DOCX with ``entries`` extra empty parts: the central directory alone is the cost."""
    parts: dict[str, bytes | Path] = dict(_docx_parts())
    parts.update({f"customXml/item{n}.xml": b"" for n in range(entries)})
    return _zip(path, parts)


def looping_pdf(path: Path) -> Path:
    """A PDF whose page tree loops: the root's kid is a node whose kid is the root."""
    return _pdf(path, [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Pages /Kids [2 0 R] /Parent 2 0 R /Count 1 >>",
    ])


def flate_pdf(path: Path, size: int = 300 * MIB) -> Path:
    """A PDF of one page whose content stream is ``size`` spaces, deflated (about 1,000 times)."""
    packer = zlib.compressobj(9)
    block = b" " * MIB
    data = b"".join(packer.compress(block) for _ in range(size // MIB)) + packer.flush()
    return _pdf(path, [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(data), data),
    ])


def _pdf(path: Path, objects: list[bytes]) -> Path:
    """A PDF of ``objects`` (numbered from 1, the first the catalog) with a correct xref table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path


def rowspan_html(path: Path, rowspan: int = 1_000_000, rows: int = 1_000) -> Path:
    """One table whose first cell claims ``rowspan`` rows, then ``rows`` ordinary rows."""
    body = "".join(f"<tr><td>指标{n}</td><td>{n}</td></tr>" for n in range(rows))
    path.write_text(f'<table><tr><td rowspan="{rowspan}">产出指标</td><td>数量指标</td></tr>{body}</table>',
                    encoding="utf-8")
    return path


def long_line_txt(path: Path, characters: int) -> Path:
    """A text dump of one line of ``characters`` characters."""
    path.write_text("指" * characters + "\n", encoding="utf-8")
    return path


def big_txt(path: Path, size: int, sample: Path) -> Path:
    """A text dump of ``size`` bytes or more: the sample's tables again and again."""
    data = sample.read_bytes()
    with open(path, "wb") as out:
        for _ in range(size // len(data) + 1):
            out.write(data)
    return path


def write_all(folder: Path, sample: Path) -> list[Path]:
    """Every bomb at full size, for measuring a reader by hand."""
    folder.mkdir(parents=True, exist_ok=True)
    return [
        max_cell_xlsx(folder / "max-cell.xlsx"),
        max_merge_xlsx(folder / "max-merge.xlsx"),
        zip_bomb_xlsx(folder / "zip-bomb.xlsx", 4096 * MIB),
        zip_bomb_docx(folder / "zip-bomb.docx", 3072 * MIB),
        many_entries_docx(folder / "many-entries.docx"),
        paragraphs_docx(folder / "paragraphs.docx"),
        looping_pdf(folder / "looping.pdf"),
        flate_pdf(folder / "flate.pdf", 4096 * MIB),
        rowspan_html(folder / "rowspan.html"),
        long_line_txt(folder / "long-line.txt", 4 * MIB),
        big_txt(folder / "big.txt", 200 * MIB, sample),
    ]


if __name__ == "__main__":
    sample = Path(__file__).resolve().parent.parent / "corpus" / "tianjin-340105-performance-targets.txt"
    for made in write_all(Path(sys.argv[1]), sample):
        print(made, made.stat().st_size)
