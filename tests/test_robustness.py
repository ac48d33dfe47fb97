"""Random damage to the sample: no uncaught exception, untouched tables kept, errors located."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kg
from kg.output import project_dict
from kg.pipeline import extract_lines
from kg.records import SourceLine

SAMPLE = Path(__file__).resolve().parent.parent / "corpus" / "tianjin-340105-performance-targets.txt"
LINES = SAMPLE.read_text(encoding="utf-8").split("\n")
TITLE_LINES = [i for i, line in enumerate(LINES) if line.strip().endswith("绩效目标表")]

cell_text = st.one_of(
    st.text(alphabet="\t 产出指标数量≥≤%万元人次12.项目名称绩效目标表一级二级三级指标值|", max_size=12),
    st.sampled_from(["", "\t", "\t≥95%", "\t产出指标", "\t指标值", "\t项目名称", "|", "\t其他资金"]),
)


def _content(project: kg.Project) -> dict:
    """A project without its positions, which shift when lines are added or removed."""
    data = project_dict(project)
    for key in ("source", "seq"):
        data.pop(key)
    for indicator in data["indicators"]:
        indicator.pop("source")
    for warning in [*data.get("warnings", ()), *(w for i in data["indicators"] for w in i.get("warnings", ()))]:
        warning.pop("line")
    return data


ORIGINAL_PROJECTS = [p for p in kg.extract(SAMPLE) if isinstance(p, kg.Project)]
ORIGINAL = [_content(p) for p in ORIGINAL_PROJECTS]


def _said(projects: list[kg.Project]) -> Counter:
    """The warnings on these projects and their rows, without their lines (which shift)."""
    return Counter((w.field, w.reason) for p in projects
                   for w in (*p.warnings, *(w for i in p.indicators for w in i.warnings)))


# the undamaged sample says something too (it names no fiscal year): only what damage adds counts
ORIGINAL_SAID = _said(ORIGINAL_PROJECTS)


def _table_of(index: int) -> int:
    return sum(1 for t in TITLE_LINES if t <= index) - 1


@st.composite
def damaged(draw):
    lines = list(LINES)
    at = draw(st.integers(0, len(lines) - 1))
    kind = draw(st.sampled_from(["delete", "duplicate", "replace", "insert", "swap"]))
    if kind == "delete":
        del lines[at]
    elif kind == "duplicate":
        lines.insert(at, lines[at])
    elif kind == "replace":
        lines[at] = draw(cell_text)
    elif kind == "insert":
        lines.insert(at, draw(cell_text))
    elif kind == "swap" and at + 1 < len(lines):
        lines[at], lines[at + 1] = lines[at + 1], lines[at]
    touched = {_table_of(at), _table_of(min(at + 1, len(LINES) - 1))}
    if at in TITLE_LINES or at + 1 in TITLE_LINES:
        touched |= {_table_of(at) - 1, _table_of(at) + 1}
    return lines, touched


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(damaged())
def test_damage_never_crashes_and_spares_other_tables(case):
    lines, touched = case
    source = [SourceLine("damaged.txt", n, text) for n, text in enumerate(lines, start=1)]
    items = list(extract_lines(source))
    for item in items:
        if isinstance(item, kg.KgError):
            assert item.path == "damaged.txt" and item.line is not None and 1 <= item.line <= len(lines)
    found = [_content(p) for p in items if isinstance(p, kg.Project)]
    for index, table in enumerate(ORIGINAL):
        if index not in touched:
            assert table in found, f"table {index + 1} was lost"


def _rows_with_lines() -> list[tuple[int, int, list[int]]]:
    """(table index, row index, the lines of its 三级 / 描述 / 指标值 cells) for every sample row."""
    out = []
    for t, project in enumerate(p for p in kg.extract(SAMPLE) if isinstance(p, kg.Project)):
        starts = [i.source.line for i in project.indicators]
        for r, start in enumerate(starts):
            end = starts[r + 1] if r + 1 < len(starts) else start + 8
            cells = [n for n in range(start, end) if LINES[n - 1].strip()]
            out.append((t, r, cells[-3:]))
    return out


ROWS = _rows_with_lines()


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(ROWS), st.integers(0, 2), st.sampled_from(["delete", "empty"]))
def test_damaging_one_row_loses_that_row_and_no_other(row, which, how):
    """Issue 17: a lost or emptied 三级 / 描述 / 指标值 cell costs at most its own row, and a
    lost row is reported with a line inside it."""
    table, index, cells = row
    line = cells[min(which, len(cells) - 1)]
    lines = list(LINES)
    if how == "delete":
        del lines[line - 1]
    else:
        lines[line - 1] = "\t"
    source = [SourceLine("damaged.txt", n, text) for n, text in enumerate(lines, start=1)]
    items = list(extract_lines(source))
    projects = [p for p in items if isinstance(p, kg.Project)]
    assert [_content(p)["project"] for p in projects] == [t["project"] for t in ORIGINAL]
    got = _content(projects[table])["indicators"]
    want = ORIGINAL[table]["indicators"]
    others = [ind for k, ind in enumerate(want) if k != index]
    assert [ind for ind in got if ind in others] == others, "another row changed"
    if len(got) < len(want):
        said = [w for w in projects[table].warnings if w not in ORIGINAL_PROJECTS[table].warnings]
        assert any(abs(w.line - line) <= 6 for w in said), "a lost row is reported near its line"


SILENT_DELETIONS_AT_MOST = 1  # the last line of a numbered goal list: nothing tells it was there


def test_deleting_each_line_of_the_sample_changes_little_without_a_word():
    """Delete each line of the sample in turn: the output is unchanged, or a warning or an
    error says what was lost. The deletions that change the output silently may not grow."""
    silent = []
    for at in range(len(LINES)):
        lines = LINES[:at] + LINES[at + 1:]
        items = list(extract_lines([SourceLine("damaged.txt", n, text) for n, text in enumerate(lines, start=1)]))
        projects = [p for p in items if isinstance(p, kg.Project)]
        said = any(isinstance(i, kg.KgError) and not isinstance(i, kg.ParseWarning) for i in items) or bool(
            _said(projects) - ORIGINAL_SAID)
        content = [_without_warnings(_content(p)) for p in projects]
        if content != [_without_warnings(dict(t)) for t in ORIGINAL] and not said:
            silent.append(at + 1)
    assert len(silent) <= SILENT_DELETIONS_AT_MOST, silent


def _without_warnings(project: dict) -> dict:
    project = {k: v for k, v in project.items() if k != "warnings"}
    project["indicators"] = [{k: v for k, v in i.items() if k != "warnings"} for i in project["indicators"]]
    return project


def _warnings_after_deleting(line_text: str, nth: int = 1) -> list[str]:
    """``field: reason`` of every warning, with the ``nth`` line equal to ``line_text`` deleted."""
    at = [i for i, line in enumerate(LINES) if line == line_text][nth - 1]
    lines = LINES[:at] + LINES[at + 1:]
    items = list(extract_lines([SourceLine("damaged.txt", n, text) for n, text in enumerate(lines, start=1)]))
    return [f"{w.field}: {w.reason}" for p in items if isinstance(p, kg.Project)
            for w in (*p.warnings, *(w for i in p.indicators for w in i.warnings))]


def test_a_lost_first_goal_is_told_by_the_numbering():
    first_goal = next(line for line in LINES if line.startswith("\t1.做好公务员奖励工作"))
    assert "绩效目标: the goals are numbered 2; a goal may be lost" in _warnings_after_deleting(first_goal)


def test_a_row_that_lost_its_二级_cell_says_which_it_took():
    # the sample prints the 二级 in every row under a merged 一级; this row's 成本指标 is deleted
    said = _warnings_after_deleting("\t成本指标", 2)
    assert any(s.startswith("二级指标: the row of '项目实际成本' lacks a 一级/二级 cell") and s.endswith("产出指标 / 成本指标")
               for s in said), said


def test_a_lost_财政资金_amount_and_purpose_are_said():
    assert any(s.startswith("其中：财政    资金: ") and "has no value" in s
               for s in _warnings_after_deleting("\t451.50", 2))
    purpose = next(line for line in LINES if line.startswith("\t通过开展天津党员在线学习平台"))
    assert "资金用途: no 资金用途 (purpose) text after 预算规模及资金用途" in _warnings_after_deleting(purpose)

