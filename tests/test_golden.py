"""Golden cases: each input's whole JSON output equals the reviewed expected file.

The expected files are written by ``make golden`` and reviewed as diffs.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import kg
from kg.output import render

ROOT = Path(__file__).resolve().parent.parent
CASES = [("corpus/tianjin-340105-performance-targets.txt",
          "tests/golden/tianjin-340105-performance-targets.json")] + [
    (str(p.relative_to(ROOT)), str(p.with_suffix(".json").relative_to(ROOT)))
    for p in sorted((ROOT / "tests" / "cases").glob("*.txt"))
]


@pytest.mark.parametrize("source, expected", CASES, ids=[Path(s).stem for s, _ in CASES])
def test_output_matches_the_reviewed_file(in_repo, source, expected):
    items = list(kg.extract(source))
    # warnings are in the reviewed file, with the projects they concern
    errors = [str(i) for i in items if not isinstance(i, (kg.Project, kg.ParseWarning))]
    assert errors == []
    projects = [i for i in items if isinstance(i, kg.Project)]
    assert render(projects, "json") == Path(expected).read_text(encoding="utf-8")


def test_the_sample_has_five_projects_and_32_indicators(in_repo):
    data = json.loads(Path(CASES[0][1]).read_text(encoding="utf-8"))
    assert [p["seq"] for p in data] == [1, 2, 3, 4, 5]
    assert sum(len(p["indicators"]) for p in data) == 32
    first = data[0]
    assert first["unit_code"] == "340105" and first["unit_name"] == "中共天津市委组织部"
    assert (first["budget_total"], first["budget_fiscal"], first["budget_other"]) == (451.5, 451.5, None)
    serve = next(i for i in first["indicators"] if i["name"] == "服务党员教育")
    assert serve["target"] == {"raw": "≥20万人次", "kind": "quantitative", "comparator": "≥",
                               "value": 20, "unit": "万人次", "base_value": 200000,
                               "base_unit": "人次", "note": None}
    assert serve["source"] == {"path": "corpus/tianjin-340105-performance-targets.txt", "line": 62}
    assert len(data[3]["goals"]) == 2 and data[3]["goals"][1].startswith("扎实开展绩效管理工作")
