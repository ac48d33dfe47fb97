"""Random damage to the sample: no uncaught exception, untouched tables kept, errors located."""

from __future__ import annotations

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
    return data


ORIGINAL = [_content(p) for p in kg.extract(SAMPLE)]


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
