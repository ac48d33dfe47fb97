"""Issue 18: a project over two fiscal years is one kg:Project with one kg:ProjectYear per year.

`tests/years/binhai-health-2025.txt` is the invented fixture `tests/cases/layout3-pipe-table.txt`;
`binhai-health-2024.txt` is the same unit's table a year earlier, with two targets set lower
(购置DR设备数量 4台 against 6台, 设备验收合格率 ≥98% against 100%), and
`binhai-health-2024-selfeval.txt` its 2024 self-evaluation (全年实际值, 得分, 偏差原因).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

import kg

YEARS = Path(__file__).resolve().parent / "years"
ID = "http://example.org/kg/id/"


@pytest.fixture(scope="module")
def two_years(tmp_path_factory) -> str:
    store = str(tmp_path_factory.mktemp("years") / "store")
    summary = kg.build([YEARS], store=store, nlp=False)
    assert (summary.projects, summary.errors, summary.warnings) == (5, [], [])
    return store


def test_two_years_give_two_project_years_and_one_project(two_years):
    rows = kg.sparql("""SELECT ?p (COUNT(DISTINCT ?py) AS ?years) (GROUP_CONCAT(DISTINCT STR(?year); separator=",") AS ?which)
        WHERE { GRAPH ?g { ?py a kg:ProjectYear ; kg:project ?p ; kg:fiscalYear ?year } } GROUP BY ?p ORDER BY ?p""",
                     store=two_years).rows
    assert [(p.rsplit("/", 1)[-1], n, ",".join(sorted(which.split(",")))) for p, n, which in rows] == [
        ("基层医疗卫生机构设备购置", 2, "2024,2025"), ("家庭医生签约服务补助", 2, "2024,2025")]
    projects = kg.sparql("SELECT DISTINCT ?p WHERE { GRAPH ?g { ?p a kg:Project } }", store=two_years).rows
    assert sorted(str(p) for (p,) in projects) == [f"{ID}project/105001/基层医疗卫生机构设备购置",
                                                   f"{ID}project/105001/家庭医生签约服务补助"]


def test_target_trend_lists_a_metric_year_by_year(two_years):
    rows = kg.query("target-trend", store=two_years, project="基层医疗卫生机构设备购置").dicts()
    trend = [(r["metric"], r["year"], r["target"], r["base_value"], r["source"].rsplit("/", 1)[-1]) for r in rows
             if r["metric"] in ("购置DR设备数量", "设备验收合格率")]
    # 2024's targets are printed twice: in the target table and again in its self-evaluation
    assert trend == [
        ("设备验收合格率", 2024, "≥98%", Decimal(98), "binhai-health-2024-selfeval.txt"),
        ("设备验收合格率", 2024, "≥98%", Decimal(98), "binhai-health-2024.txt"),
        ("设备验收合格率", 2025, "100%", Decimal(100), "binhai-health-2025.txt"),
        ("购置DR设备数量", 2024, "4台", Decimal(4), "binhai-health-2024-selfeval.txt"),
        ("购置DR设备数量", 2024, "4台", Decimal(4), "binhai-health-2024.txt"),
        ("购置DR设备数量", 2025, "6台", Decimal(6), "binhai-health-2025.txt")]


def test_this_years_targets_are_one_pattern(two_years):
    rows = kg.sparql("""SELECT ?project (COUNT(?i) AS ?n) WHERE { GRAPH ?g {
        ?py a kg:ProjectYear ; kg:fiscalYear 2025 ; rdfs:label ?project ; kg:hasIndicator ?i } }
        GROUP BY ?project ORDER BY ?project""", store=two_years).rows
    assert rows == [("基层医疗卫生机构设备购置", 5), ("家庭医生签约服务补助", 4)]


def test_the_two_years_validate(two_years):
    assert kg.validate(store=two_years).conforms


def test_achievement_applies_each_target_to_what_the_self_evaluation_reports(two_years):
    # binhai-health-2024-selfeval.txt: the 2024 self-evaluation of 基层医疗卫生机构设备购置
    rows = kg.query("achievement", store=two_years).dicts()
    got = [(r["metric"], r["year"], r["target"], r["actual"], r["met"], r["score"]) for r in rows]
    assert got == [("购置DR设备数量", 2024, "4台", "7台", "yes", Decimal(20)),
                   ("设备验收合格率", 2024, "≥98%", "100%", "yes", Decimal(20)),
                   ("网络接入带宽", 2024, "≥50M", "40M", "no", Decimal(5)),
                   ("基层诊疗能力", 2024, "明显改善", "明显改善", None, Decimal(30)),  # words: not compared
                   ("患者满意度", 2024, "≥90%", "92%", "yes", Decimal(10))]


def test_a_target_set_below_last_years_achievement_is_a_soft_target(two_years):
    # 2024 achieved 7台 and 92%; 2025 sets 6台 and ≥90% (100% after 100%, ≥50M after 40M: not soft)
    rows = kg.query("soft-targets", store=two_years).dicts()
    assert [(r["metric"], r["year"], r["target"], r["previous_year"], r["achieved_before"]) for r in rows] == [
        ("患者满意度", 2025, "≥90%", 2024, "92%"), ("购置DR设备数量", 2025, "6台", 2024, "7台")]


def test_a_project_is_named_with_its_year_when_it_has_several(two_years):
    from kg.analyze import project_view, similar

    view = project_view(two_years)
    with pytest.raises(kg.UsageError, match="105001/基层医疗卫生机构设备购置/2024, 105001/基层医疗卫生机构设备购置/2025"):
        similar(view, "105001/基层医疗卫生机构设备购置")
    top = similar(view, "105001/基层医疗卫生机构设备购置/2025", top=1).dicts()[0]
    assert top["project"] == "基层医疗卫生机构设备购置"  # its own 2024 table is the most like it
