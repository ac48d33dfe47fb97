"""Issue 23, bounded reading: a small hostile file costs seconds and megabytes, says which limit
it crossed and how to raise it, and the other files given with it are still extracted.

Each bomb is built here (tests/bombs.py) and read by the real CLI, ``python -m kg extract``, in a
process held to 1.5 GB of address space and 60 s.
"""

from __future__ import annotations

import json
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.read.limits import DEFAULT_LIMITS, MIB, parse_limits
from tests import bombs, formats

SAMPLE = Path(__file__).resolve().parent.parent / "corpus" / "tianjin-340105-performance-targets.txt"
MEMORY = 1536 * MIB
SECONDS = 60


def _bounded() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def kg_extract(tmp_path: Path, *paths: Path, options: tuple[str, ...] = ()):
    """``python -m kg extract PATHS sample.txt -o out.jsonl`` under the limits above: the
    finished process, its run time and the projects written."""
    good = tmp_path / "good.txt"
    good.write_bytes(SAMPLE.read_bytes())
    out = tmp_path / "out.jsonl"
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "kg", "extract", *map(str, paths), str(good), "-o", str(out),
                           *options], capture_output=True, text=True, timeout=SECONDS, preexec_fn=_bounded)
    seconds = time.perf_counter() - start
    projects = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()] if out.exists() else []
    return done, seconds, projects


def assert_rejected(done, projects, path: Path, reason: str) -> None:
    """Exit 1, one error line, for the file, with ``reason`` (``#``: any number); no internal
    error; the good file's 5 projects written."""
    assert "Internal error" not in done.stderr and "Traceback" not in done.stderr, done.stderr[-2000:]
    assert done.returncode == 1, done.stderr[-2000:]
    (error,) = [line for line in done.stderr.splitlines() if line.startswith("Error:")]
    assert re.fullmatch(re.escape(f"Error: {path}{reason}").replace("\\#", "[0-9,]+"), error), error
    assert len(projects) == 5 and {Path(p["source"]["path"]).name for p in projects} == {"good.txt"}


def over(limit: str, value: str) -> str:
    return f", over the limit {limit}={value}; if you trust the file, raise it with --limit {limit}=N"


# fmt: off
# (file name, how to build it, the end of its error line after the path)
BOMBS = [
    ("zip-bomb.xlsx",      lambda p: bombs.zip_bomb_xlsx(p, 160 * MIB),
     ": the part xl/worksheets/sheet1.xml unzips to # bytes" + over("max-zip-entry-size", "128MB")),
    ("zip-bomb.docx",      lambda p: bombs.zip_bomb_docx(p, 64 * MIB),
     ": the part word/document.xml expands # times when unzipped" + over("max-zip-ratio", "100")),
    ("many-entries.docx",  bombs.many_entries_docx,
     ": a zip of 20,016 parts" + over("max-zip-entries", "10000")),
    ("looping.pdf",        bombs.looping_pdf,
     ": no page found in this PDF (its page tree is empty, damaged or loops)"),
    ("flate.pdf",          bombs.flate_pdf,
     ": streams that unpack to more than 268,435,456 bytes" + over("max-pdf-unzipped-size", "256MB")),
    ("rowspan.html",       bombs.rowspan_html,
     ": rowspan=1000000 in table 1, row 1" + over("max-html-span", "1000")),
    ("long-line.txt",      lambda p: bombs.long_line_txt(p, 1_200_000),
     ":1: a line of 1,200,000 characters" + over("max-line-length", "1000000")),
    # a sheet claiming every cell, with one at A1048576; a merge over the whole sheet: read in
    # a second as what they hold (one cell), which is no table
    ("max-cell.xlsx",      bombs.max_cell_xlsx,
     ":1: no 绩效目标表 found (looked for a title ending in 绩效目标表, a 项目名称 cell and an indicator header "
     "一级指标 / 二级指标 / 三级指标 / 指标值) (sheet Sheet, row 1)"),
    ("max-merge.xlsx",     bombs.max_merge_xlsx,
     ":1: no 绩效目标表 found (looked for a title ending in 绩效目标表, a 项目名称 cell and an indicator header "
     "一级指标 / 二级指标 / 三级指标 / 指标值) (sheet Sheet, row 1)"),
]
# fmt: on


@pytest.mark.parametrize("name, build, reason", BOMBS, ids=[b[0] for b in BOMBS])
def test_a_bomb_is_refused_in_bounded_time_and_memory_and_the_good_file_is_read(tmp_path, name, build, reason):
    bomb = build(tmp_path / name)
    assert bomb.stat().st_size < 4 * MIB
    done, seconds, projects = kg_extract(tmp_path, bomb)
    assert_rejected(done, projects, bomb, reason)
    assert seconds < 20


def test_a_text_file_over_the_size_limit_is_refused_unread(tmp_path):
    big = tmp_path / "big.txt"
    with open(big, "wb") as out:
        out.truncate(DEFAULT_LIMITS.max_file_size + 1)  # sparse: no disk, and kg must not read it
    done, seconds, projects = kg_extract(tmp_path, big)
    assert_rejected(done, projects, big, ": a file of 33,554,433 bytes" + over("max-file-size", "32MB"))


def test_a_file_just_over_a_lowered_limit_is_read_once_the_limit_is_raised(tmp_path):
    text = tmp_path / "sample.txt"
    text.write_bytes(SAMPLE.read_bytes())
    done, _, projects = kg_extract(tmp_path, text, options=("--limit", "max-file-size=4K"))
    assert done.returncode == 1
    assert f"Error: {text}: a file of 7,984 bytes" + over("max-file-size", "4096") in done.stderr
    done, _, projects = kg_extract(tmp_path, text, options=("--limit", "max-file-size=8K"))
    assert done.returncode == 0 and len(projects) == 10


def test_a_docx_of_millions_of_tags_is_refused_before_it_is_parsed(tmp_path):
    docx = bombs.paragraphs_docx(tmp_path / "paragraphs.docx")
    # its ratio would stop it first: lift that limit to reach the one on tags
    done, seconds, projects = kg_extract(tmp_path, docx, options=("--limit", "max-zip-ratio=100000"))
    assert_rejected(done, projects, docx, ": more than 3,000,000 XML tags" + over("max-docx-tags", "3000000"))
    assert seconds < 20


def test_merges_over_the_data_are_bounded_by_max_merged_cells(tmp_path):
    # data at A1 and ALL1001 (column 1,000): a merge over it all covers 1,001,000 cells
    sheet = bombs.sheet_xlsx(tmp_path / "merges.xlsx", (
        b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>'
        b'<row r="1001"><c r="ALL1001" t="inlineStr"><is><t>y</t></is></c></row></sheetData>'
        b'<mergeCells count="1"><mergeCell ref="A1:ALL1001"/></mergeCells>'))
    done, _, projects = kg_extract(tmp_path, sheet)
    assert_rejected(done, projects, sheet, ": the merges of sheet Sheet cover more than 1,000,000 cells within its "
                                           "data" + over("max-merged-cells", "1000000"))


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


# fmt: off
# every limit of a real document, lowered until the sample's own tables cross it
LOWERED = [
    ("xlsx", "max-unzipped-size=1K", ": parts that unzip to "),
    ("docx", "max-zip-entry-size=1K", ": the part "),
    ("xlsx", "max-sheet-rows=10", ": sheet 1 has more than 10 rows"),
    ("xlsx", "max-merged-cells=10", ": the merges of sheet 1 cover more than 10 cells within its data"),
    ("docx", "max-columns=3", ": a row of 4 columns (table 1, row 1)"),
    ("docx", "max-docx-tags=100", ": more than 100 XML tags"),
    ("html", "max-cells=100", ":"),
    ("csv",  "max-line-length=10", ":"),
    ("pdf",  "max-pdf-pages=1", ": a PDF of more than 1 pages"),
    ("pdf",  "max-pdf-unzipped-size=1K", ": streams that unpack to more than 1,024 bytes"),
    ("html", "max-html-span=3", ": colspan=4 in table 1, row 1"),
]
# fmt: on


@pytest.mark.parametrize("fmt, limit, reason", LOWERED, ids=[f"{f}-{lim}" for f, lim, _ in LOWERED])
def test_each_limit_is_an_option_and_names_itself(tmp_path, fmt, limit, reason):
    path = tmp_path / f"tianjin.{fmt}"
    {"docx": formats.write_docx, "xlsx": formats.write_xlsx, "html": formats.write_html,
     "csv": formats.write_csv, "pdf": formats.write_pdf}[fmt](path)
    result = run("extract", str(path), "--limit", limit)
    name, value = limit.split("=")
    assert result.exit_code == 1
    (line,) = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert line.startswith(f"Error: {path}{reason}")
    assert line.endswith(f", over the limit {name}={parse_limits([limit]).__getattribute__(name.replace('-', '_'))}"
                         f"; if you trust the file, raise it with --limit {name}=N")
    assert run("extract", str(path)).exit_code == 0


def test_an_unknown_limit_is_a_usage_error_that_lists_the_names(tmp_path):
    result = run("extract", str(SAMPLE), "--limit", "max-tables=3")
    assert result.exit_code == 2
    assert "unknown limit 'max-tables=3': use --limit NAME=VALUE with NAME one of max-file-size, " in result.stderr
    assert run("extract", str(SAMPLE), "--limit", "max-pdf-pages=lots").exit_code == 2


def test_the_limits_and_their_defaults_are_in_the_help():
    for command in ("extract", "build"):
        lines = [line.strip() for line in run(command, "--help").stdout.splitlines()]
        assert "max-file-size=32MB: bytes of a text dump, CSV or HTML file (read whole)" in lines
        assert "max-pdf-pages=2000: pages of a PDF" in lines


def _empty_docx(path: Path) -> None:
    import docx

    docx.Document().save(str(path))


def _empty_xlsx(path: Path) -> None:
    import openpyxl

    openpyxl.Workbook().save(str(path))


def _blank_pdf(path: Path) -> None:
    from reportlab.pdfgen import canvas

    page = canvas.Canvas(str(path))
    page.showPage()
    page.save()


EMPTY = {"html": lambda p: p.write_bytes(b""), "csv": lambda p: p.write_bytes(b""), "docx": _empty_docx,
         "xlsx": _empty_xlsx, "pdf": _blank_pdf}


@pytest.mark.parametrize("fmt", sorted(EMPTY))
def test_an_empty_document_is_reported_by_name(tmp_path, fmt):
    path = tmp_path / f"empty.{fmt}"
    EMPTY[fmt](path)
    result = run("extract", str(path))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == f"Error: {path}: the file is empty: no table in it"


def test_an_html_table_without_end_tags_is_read_as_with_them(tmp_path):
    closed, bare = tmp_path / "closed.html", tmp_path / "bare.html"
    formats.write_html(closed)
    bare.write_text(closed.read_text(encoding="utf-8").replace("</tr>", "").replace("</td>", ""), encoding="utf-8")
    with_tags, without = run("extract", str(closed)), run("extract", str(bare))
    assert without.exit_code == 0, without.stderr
    assert without.stdout.replace("bare.html", "closed.html") == with_tags.stdout


def test_build_over_a_folder_skips_the_bombs_and_builds_the_rest(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_bytes(SAMPLE.read_bytes())
    bombs.rowspan_html(folder / "rowspan.html")
    bombs.max_merge_xlsx(folder / "merge.xlsx")
    bombs.many_entries_docx(folder / "entries.docx")
    # two worker processes: a file's limit error comes back to the build pickled
    result = run("build", str(folder), "--store", str(tmp_path / "store"), "--no-nlp", "--no-search", "--jobs", "2")
    assert result.exit_code == 1
    assert "2 documents, 5 projects" in result.stdout  # the sheet was read: it holds no table
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert [e.split(": ")[1].split(":")[0] for e in errors] == [
        str(folder / name) for name in ("entries.docx", "merge.xlsx", "rowspan.html")]
    assert "over the limit max-zip-entries=10000" in errors[0] and "no 绩效目标表 found" in errors[1]


def test_a_limit_error_survives_pickling_as_itself():
    import pickle

    from kg.errors import LimitError

    error = LimitError("a file of 5 bytes", limit="max-file-size", value="4", path="x.txt", line=3)
    again = pickle.loads(pickle.dumps(error))
    assert (type(again), str(again), again.limit, again.value) == (LimitError, str(error), "max-file-size", "4")
