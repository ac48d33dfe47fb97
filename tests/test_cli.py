"""``kg extract`` as a user runs it: exact output lines, error lines and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli

SAMPLE = "corpus/tianjin-340105-performance-targets.txt"


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def _sample_lines() -> list[str]:
    return Path(SAMPLE).read_text(encoding="utf-8").split("\n")


def test_jsonl_is_one_project_per_line(in_repo):
    result = run("extract", "corpus/", "--year", "2025")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert [json.loads(line)["project"] for line in lines] == [
        "市委组织部履职提升项目经费",
        "市委组织部调研、基层党建、干部管理、干部教育、干部监督、人才等工作经费",
        "公务员公开招考、公开遴选和公开选调及教育培训工作经费",
        "公务员奖励和绩效管理工作经费",
        "“天津党建”数字化平台内容维护经费",
    ]
    assert result.stderr == ""


def test_csv_has_one_row_per_indicator(in_repo):
    result = run("extract", SAMPLE, "--format", "csv", "--year", "2025")
    rows = result.stdout.splitlines()
    assert len(rows) == 1 + 32
    assert rows[1] == (
        "corpus/tianjin-340105-performance-targets.txt,1,1,2025,340105,中共天津市委组织部,"
        "市委组织部履职提升项目经费,万元,451.5,451.5,,30,产出指标,质量指标,正常运行率,"
        "党员教育培训工作正常运行,12全年12个月工作正常推进,quantitative,=,12,个月,12,月,"
        "全年12个月工作正常推进")


def test_a_file_that_names_no_year_says_so_once_and_year_fills_it(in_repo, tmp_path):
    # the sample's titles (1.市委组织部履职提升项目经费绩效目标表) name no fiscal year
    result = run("extract", SAMPLE)
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        f"Warning: {SAMPLE}:1: 年度: no fiscal year in the title or a heading (2023年度); the year is left "
        "empty (pass --year to give it); the same for all 5 tables of this file"]
    assert {json.loads(line)["year"] for line in result.stdout.splitlines()} == {None}
    given = run("extract", SAMPLE, "--year", "2025")
    assert given.stderr == "" and {json.loads(line)["year"] for line in given.stdout.splitlines()} == {2025}
    # a table's own year wins over --year
    dated = tmp_path / "dated.txt"
    dated.write_text(Path(SAMPLE).read_text(encoding="utf-8").replace(
        "1.市委组织部履职提升项目经费绩效目标表", "1.市委组织部履职提升项目经费2024年绩效目标表", 1), encoding="utf-8")
    years = [json.loads(line)["year"] for line in run("extract", str(dated), "--year", "2025").stdout.splitlines()]
    assert years == [2024, 2024, 2024, 2024, 2024]  # the first title's year heads the untitled-year tables after it


def test_output_file_is_written_and_identical_across_runs(in_repo, tmp_path):
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    assert run("extract", "corpus/", "-o", str(first)).exit_code == 0
    assert run("extract", "corpus/", "-o", str(second)).exit_code == 0
    assert first.read_bytes() == second.read_bytes()
    assert first.read_bytes() == run("extract", "corpus/").stdout.encode("utf-8")


def test_a_broken_table_is_reported_and_the_others_are_extracted(in_repo, tmp_path):
    lines = _sample_lines()
    del lines[163:168]  # table 3 loses its indicator header
    broken = tmp_path / "broken.txt"
    broken.write_text("\n".join(lines), encoding="utf-8")
    result = run("extract", str(broken), "--year", "2025")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"Error: {broken}:141: no indicator table found in "
        "3.公务员公开招考、公开遴选和公开选调及教育培训工作经费绩效目标表 "
        "(looked for a header row 一级指标 / 二级指标 / 三级指标 / 指标值)",
        "1 table(s) or file(s) rejected",
    ]
    projects = [json.loads(line) for line in result.stdout.splitlines()]
    assert [p["seq"] for p in projects] == [1, 2, 4, 5]


def test_a_row_that_lost_a_cell_names_the_row(in_repo, tmp_path):
    lines = _sample_lines()
    del lines[112]  # the 绩效指标描述 cell of table 2's second row
    broken = tmp_path / "lost-cell.txt"
    broken.write_text("\n".join(lines), encoding="utf-8")
    result = run("extract", str(broken), "--year", "2025")
    assert result.exit_code == 0  # a warning: the row is read, its lost cell is said
    assert result.stderr.splitlines() == [
        f"Warning: {broken}:111: 绩效指标描述: the row of '实际费用支出' has no 绩效指标描述; kept without it"]
    projects = [json.loads(line) for line in result.stdout.splitlines()]
    row = next(i for i in projects[1]["indicators"] if i["name"] == "实际费用支出")
    assert (row["description"], row["target"]["raw"]) == (None, "≤25万元")
    assert [len(p["indicators"]) for p in projects] == [7, 6, 6, 6, 7]


def test_a_budget_that_is_not_a_number(in_repo, tmp_path):
    lines = _sample_lines()
    lines[150] = "\t七十万左右"
    broken = tmp_path / "budget.txt"
    broken.write_text("\n".join(lines), encoding="utf-8")
    result = run("extract", str(broken), "--year", "2025")
    assert result.exit_code == 0  # the cell is lost, its table is not
    assert result.stderr.splitlines() == [f"Warning: {broken}:151: 预算数: '七十万左右' is not an amount; left out"]
    projects = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(projects) == 5
    assert projects[2]["budget_total"] is None and projects[2]["budget_raw"]["total"] == "七十万左右"
    assert projects[2]["warnings"] == [{"line": 151, "field": "预算数",
                                        "message": "'七十万左右' is not an amount; left out"}]


def test_a_missing_file_and_a_text_without_tables(in_repo, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("会议纪要\n今天讨论了预算。\n", encoding="utf-8")
    result = run("extract", str(tmp_path / "nope.txt"), str(notes), SAMPLE, "--year", "2025")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"Error: {tmp_path / 'nope.txt'}: no such file",
        f"Error: {notes}:1: no 绩效目标表 found (looked for a title ending in 绩效目标表, "
        "a 项目名称 cell and an indicator header 一级指标 / 二级指标 / 三级指标 / 指标值)",
        "2 table(s) or file(s) rejected",
    ]
    assert len(result.stdout.splitlines()) == 5


@pytest.mark.parametrize("args, message", [
    (["extract", SAMPLE, "--encoding", "klingon"], "Error: unknown encoding 'klingon'"),
    (["extract", SAMPLE, "--format", "xml"], "Error: Invalid value for '--format'"),
    (["extract"], "Error: Missing argument 'PATHS...'"),
])
def test_usage_errors_exit_2(in_repo, args, message):
    result = run(*args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_python_m_kg_runs_the_same_command(in_repo):
    done = subprocess.run([sys.executable, "-m", "kg", "extract", SAMPLE, "--format", "json"],
                          capture_output=True, text=True, encoding="utf-8")
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)) == 5
    assert "Traceback" not in done.stderr
