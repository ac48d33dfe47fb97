"""Build the sample's five tables as DOCX, XLSX, HTML, CSV and PDF, from the golden records.

The layout is the usual one of these tables: a title above, the unit and money unit, then a
grid where 预算规模及资金用途 spans two rows, 绩效目标 one wide cell, and 一级指标 spans its rows.
"""

from __future__ import annotations

import csv
import html
import json
from pathlib import Path

GOLDEN = Path(__file__).resolve().parent / "golden" / "tianjin-340105-performance-targets.json"
WIDTH = 7  # grid columns: label + 6 (the budget row needs them)


def projects() -> list[dict]:
    return json.loads(GOLDEN.read_text(encoding="utf-8"))


def table_rows(project: dict) -> list[list[tuple[str, int, int]]]:
    """Rows of (text, rowspan, colspan) cells, as a word processor would lay them out."""
    raw = project["budget_raw"]
    rows = [
        [(f"{project['unit_code']}{project['unit_name']}", 1, 4), ("单位：万元", 1, 3)],
        [("项目名称", 1, 1), (project["project"], 1, 6)],
        [("预算规模及资金用途", 2, 1), ("预算数", 1, 1), (raw["total"], 1, 1), ("其中：财政资金", 1, 1),
         (raw["fiscal"], 1, 1), ("其他资金", 1, 1), (raw["other"] or "", 1, 1)],
        [(project["purpose"], 1, 6)],
        [("绩效目标", 1, 1), ("\n".join(f"{n}.{g}" for n, g in enumerate(project["goals"], 1)), 1, 6)],
        [("一级指标", 1, 1), ("二级指标", 1, 1), ("三级指标", 1, 2), ("绩效指标描述", 1, 2), ("指标值", 1, 1)],
    ]
    indicators = project["indicators"]
    for i, ind in enumerate(indicators):
        span = 0
        if i == 0 or indicators[i - 1]["level1"] != ind["level1"]:
            span = sum(1 for _ in _run_of(indicators, i))
        first = [(ind["level1"], span, 1)] if span else []
        rows.append(first + [(ind["level2"], 1, 1), (ind["name"], 1, 2), (ind["description"], 1, 2),
                             (ind["target"]["raw"], 1, 1)])
    return rows


def _run_of(indicators, i):
    level1 = indicators[i]["level1"]
    for ind in indicators[i:]:
        if ind["level1"] != level1:
            return
        yield ind


def grid(rows) -> list[list[str | None]]:
    """The rows as a full grid: None where a cell above or to the left covers the place."""
    out: list[list[str | None]] = []
    covered: set[tuple[int, int]] = set()
    for r, row in enumerate(rows):
        line: list[str | None] = []
        col = 0
        for text, rowspan, colspan in row:
            while (r, col) in covered:
                line.append(None)
                col += 1
            line.append(text)
            for dr in range(rowspan):
                for dc in range(colspan):
                    if dr or dc:
                        covered.add((r + dr, col + dc))
            line.extend([None] * (colspan - 1))
            col += colspan
        while (r, col) in covered:
            line.append(None)
            col += 1
        out.append(line + [None] * (WIDTH - len(line)))
    return out


def write_docx(path: Path) -> None:
    import docx

    document = docx.Document()
    for seq, project in enumerate(projects(), start=1):
        document.add_paragraph(project["title"])
        rows = table_rows(project)
        cells = grid(rows)
        table = document.add_table(rows=len(cells), cols=WIDTH)
        for r, row in enumerate(rows):
            col = 0
            for text, rowspan, colspan in row:
                while cells[r][col] is None:
                    col += 1
                target = table.cell(r, col)
                if rowspan > 1 or colspan > 1:
                    target = target.merge(table.cell(r + rowspan - 1, col + colspan - 1))
                target.text = text
                col += colspan
    document.save(str(path))


def write_xlsx(path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for seq, project in enumerate(projects(), start=1):
        sheet = book.create_sheet(f"{seq}")
        sheet.append([project["title"]])
        rows = table_rows(project)
        cells = grid(rows)
        for r, row in enumerate(cells, start=2):
            for c, text in enumerate(row, start=1):
                if text is not None:
                    sheet.cell(row=r, column=c, value=text)
        for r, row in enumerate(rows, start=2):
            col = 1
            for text, rowspan, colspan in row:
                while cells[r - 2][col - 1] is None:
                    col += 1
                if rowspan > 1 or colspan > 1:
                    sheet.merge_cells(start_row=r, start_column=col, end_row=r + rowspan - 1,
                                      end_column=col + colspan - 1)
                col += colspan
    book.save(str(path))


def write_html(path: Path) -> None:
    parts = ["<!doctype html><html><head><meta charset='utf-8'></head><body>"]
    for project in projects():
        parts.append(f"<h2>{html.escape(project['title'])}</h2><table border='1'>")
        for row in table_rows(project):
            cells = "".join(f"<td rowspan='{rs}' colspan='{cs}'>{html.escape(t).replace(chr(10), '<br>')}</td>"
                            for t, rs, cs in row)
            parts.append(f"<tr>{cells}</tr>")
        parts.append("</table>")
    parts.append("</body></html>")
    path.write_text("\n".join(parts), encoding="utf-8")


def write_csv(path: Path) -> None:
    """CSV has no spans: a covered place is an empty field, as spreadsheets export it."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        for project in projects():
            writer.writerow([project["title"]])
            for row in grid(table_rows(project)):
                writer.writerow(["" if t is None else t for t in row])


def write_pdf(path: Path) -> None:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table, TableStyle
    from reportlab.lib.styles import ParagraphStyle

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("cell", fontName="STSong-Light", fontSize=7, leading=9)
    story = []
    for project in projects():
        rows = table_rows(project)
        cells = grid(rows)
        data = [[Paragraph(html.escape(t).replace("\n", "<br/>"), style) if t else "" for t in row] for row in cells]
        commands = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("FONT", (0, 0), (-1, -1), "STSong-Light", 7),
                    ("VALIGN", (0, 0), (-1, -1), "TOP")]
        for r, row in enumerate(rows):
            col = 0
            for text, rowspan, colspan in row:
                while cells[r][col] is None:
                    col += 1
                if rowspan > 1 or colspan > 1:
                    commands.append(("SPAN", (col, r), (col + colspan - 1, r + rowspan - 1)))
                col += colspan
        table = Table(data, colWidths=[70, 95, 70, 95, 70, 95, 100])
        table.setStyle(TableStyle(commands))
        title = ParagraphStyle("title", fontName="STSong-Light", fontSize=11, leading=16)
        story += [Paragraph(html.escape(project["title"]), title), table, PageBreak()]
    SimpleDocTemplate(str(path), pagesize=landscape(A4)).build(story)
