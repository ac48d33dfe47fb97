"""Issue 23 (in part): file names and special files are ordinary input, reported on one line."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli

SAMPLE = Path(__file__).resolve().parent.parent / "corpus" / "tianjin-340105-performance-targets.txt"


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture
def folder(tmp_path):
    data = SAMPLE.read_bytes()
    (tmp_path / "good.txt").write_bytes(data)
    odd = os.path.join(os.fsencode(tmp_path), b"b\xe9.txt")  # a Latin-1 name, not UTF-8
    with open(odd, "wb") as out:
        out.write(data)
    (tmp_path / "empty.txt").write_bytes(b"")
    return tmp_path


def test_a_file_name_that_is_not_utf8_is_read_and_shown_escaped(folder, tmp_path_factory):
    out = tmp_path_factory.mktemp("out") / "all.jsonl"
    result = run("extract", str(folder), "-o", str(out))
    assert result.exit_code == 1  # the empty file is reported
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 10
    assert {Path(r["source"]["path"]).name for r in records} == {"b\\xe9.txt", "good.txt"}


def test_an_empty_file_is_reported(folder):
    result = run("extract", str(folder / "empty.txt"))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == f"Error: {folder / 'empty.txt'}: the file is empty: no table in it"


def test_build_reads_a_folder_with_an_odd_file_name(folder, tmp_path_factory):
    store = tmp_path_factory.mktemp("store") / "s"
    result = run("build", str(folder), "--store", str(store))
    assert "3 documents, 10 projects, 64 indicators" in result.stdout


def test_a_fifo_is_refused_not_waited_on(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    result = run("extract", str(fifo))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"Error: {fifo}: not a regular file (a FIFO, a device or a socket); skipped")


def test_a_newline_in_a_file_name_keeps_the_message_on_one_line(tmp_path):
    odd = tmp_path / "two\nlines.txt"
    odd.write_text("会议纪要\n", encoding="utf-8")
    result = run("extract", str(odd))
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"Error: {tmp_path}/two\\nlines.txt:1: no 绩效目标表 found")


LAYOUT2 = Path(__file__).resolve().parent / "cases" / "layout2-glued.txt"
# one process, at most 1.5 GB of address space and 60 s: a long line must not be quadratic
BOUNDED = """
import resource, sys, time
resource.setrlimit(resource.RLIMIT_AS, (1536 * 2**20, 1536 * 2**20))
import kg
start = time.perf_counter()
items = list(kg.extract(sys.argv[1]))
print(len(items), round(time.perf_counter() - start, 1))
"""


@pytest.mark.parametrize("line", [
    "产出指标数量指标" + "培训班举办期数" * 40000 + "≥4期",  # a glued row of 280,000 characters
    "很长的一行文字 " * 40000,                               # 40,000 space-separated words
])
def test_a_very_long_line_is_read_in_bounded_time_and_memory(tmp_path, line):
    import subprocess
    import sys

    path = tmp_path / "long.txt"
    path.write_text(LAYOUT2.read_text(encoding="utf-8") + "\n" + line + "\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", BOUNDED, str(path)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-1000:]
    count, seconds = done.stdout.split()
    assert int(count) >= 1 and float(seconds) < 10
