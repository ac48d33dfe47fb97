"""The indicator audit on the sample, and on copies changed to trigger each rule."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import kg
from kg.audit import audit, render_report
from kg.audit.stored import stored_findings
from kg.cli import cli

SAMPLE = Path(__file__).resolve().parent.parent / "corpus" / "tianjin-340105-performance-targets.txt"
TEXT = SAMPLE.read_text(encoding="utf-8")


def findings_of(text: str, tmp_path: Path) -> list:
    path = tmp_path / "t.txt"
    path.write_text(text, encoding="utf-8")
    return audit(p for p in kg.extract(path) if isinstance(p, kg.Project))


def codes_at(findings) -> set[tuple[str, int]]:
    return {(f.code, f.line) for f in findings}


@pytest.fixture(scope="module")
def sample_findings():
    return audit(p for p in kg.extract(SAMPLE, year=2025) if isinstance(p, kg.Project))  # it names no year


def test_sample_flags_the_unmeasurable_targets(sample_findings):
    by_code = {(f.code, f.line): f for f in sample_findings}
    assert by_code[("Q001", 200)].message_zh == "服务对象满意度指标的目标值“考生满意度”不是数值，无法衡量"
    assert by_code[("Q002", 262)].message_en == "the target “各单位是否持续推进问题整改” is a question, not a target"
    assert by_code[("Q002", 262)].project == "公务员奖励和绩效管理工作经费"


def test_sample_cost_targets_match_the_budgets_of_projects_1_and_5(sample_findings):
    cost = {f.project: (f.code, f.severity, f.message_en) for f in sample_findings if f.code.startswith("C")}
    assert cost["市委组织部履职提升项目经费"] == ("C002", "ok", "cost targets add up to the budget: 451.5 = 451.5 万元")
    assert cost["“天津党建”数字化平台内容维护经费"] == ("C002", "ok", "cost targets add up to the budget: 90 = 90 万元")
    assert cost["公务员奖励和绩效管理工作经费"][0:2] == ("C003", "info")


def test_sample_glued_cells_and_the_outlier(sample_findings):
    assert {("G001", 30), ("G001", 51), ("G001", 329), ("O001", 134)} <= codes_at(sample_findings)
    outlier = next(f for f in sample_findings if f.code == "O001")
    assert outlier.message_en == "the target ≥80% is far from what peers set for this metric (95 %, 3 peers)"


# fmt: off
CHANGES = [
    # rule, change to the sample, expected (code, line) and severity
    ("C001", ("\t≤95万元", "\t≤195万元"), ("C001", 1), "error"),
    ("K001", ("\t产出指标\n\t质量指标\n\t正常运行率", "\t产出指标\n\t社会效益指标\n\t正常运行率"), ("K001", 30), "warning"),
    ("K002", ("\t满意度指标\n\t服务对象满意度指标\n\t公众号宣传受众满意度\n\t公众号宣传受众满意度\n\t≥95%\n", ""),
     ("K002", 275), "warning"),
    ("D001", ("\t信息更新频率\n\t网站和公众号信息更新频率\n\t1天\n",
              "\t信息更新频率\n\t网站和公众号信息更新频率\n\t1天\n\n\t\n\t时效指标\n\t信息更新频率\n\t重复一行\n\t1天\n"),
     ("D001", 329), "warning"),
]
# fmt: on


@pytest.mark.parametrize("rule, change, expected, severity", CHANGES, ids=[c[0] for c in CHANGES])
def test_a_changed_copy_triggers_the_rule(tmp_path, rule, change, expected, severity):
    old, new = change
    assert TEXT.count(old) >= 1
    found = findings_of(TEXT.replace(old, new, 1), tmp_path)
    assert expected in codes_at(found)
    assert {f.severity for f in found if f.code == rule} == {severity}


def test_c001_message_names_both_sums(tmp_path):
    found = findings_of(TEXT.replace("\t≤95万元", "\t≤195万元", 1), tmp_path)
    [c001] = [f for f in found if f.code == "C001"]
    assert c001.message_zh == "成本指标合计551.5万元超过预算数451.5万元"


def test_cli_fail_on_error(in_repo, tmp_path):
    broken = tmp_path / "t.txt"
    broken.write_text(TEXT.replace("\t≤95万元", "\t≤195万元", 1), encoding="utf-8")
    run = lambda *a: CliRunner().invoke(cli, list(a), catch_exceptions=False)  # noqa: E731
    assert run("audit", str(broken)).exit_code == 0
    assert run("audit", str(broken), "--fail-on", "error").exit_code == 1
    assert run("audit", "corpus/", "--fail-on", "error").exit_code == 0


def test_findings_stored_by_build_equal_a_fresh_audit(in_repo, tmp_path, sample_findings):
    store = str(tmp_path / "s")
    kg.build(["corpus/"], store=store, year=2025)  # the sample names no year: no X001 warning for that
    fresh = audit(p for p in kg.extract("corpus/", year=2025) if isinstance(p, kg.Project))
    assert render_report(stored_findings(store), "json") == render_report(fresh, "json")
    assert len(fresh) == len(sample_findings) == 21


@pytest.mark.parametrize("fmt, expected", [("md", "| warning | Q002 |"), ("html", '<tr class="warning"><td>warning</td><td>Q002</td>'),
                                           ("json", '"code": "Q002"'), ("table", "warning Q002")])
def test_report_formats(sample_findings, fmt, expected):
    assert expected in render_report(sample_findings, fmt)


# fmt: off
# A self-evaluation's 三级指标 and the target table's it evaluates (kg/audit/data/evaluation-match.tsv)
SAME_METRIC = [
    ("患者满意率。", "患者满意度"), ("购置ＤＲ设备数量", "购置DR设备数量"), ("网络接入　带宽", "网络接入带宽"),
    ("政策知晓度", "政策知晓率"), ("年度任务完成度；", "年度任务完成率"),
]
OTHER_METRIC = [("覆盖率", "覆盖度"), ("设备合格率", "设备合格数"), ("满意度", "不满意度")]
# fmt: on


@pytest.mark.parametrize("evaluated, target", SAME_METRIC)
def test_a_self_evaluated_name_matches_its_target_rows_spelling(evaluated, target):
    from kg.audit.evaluations import metric_key

    assert metric_key(evaluated) == metric_key(target)


@pytest.mark.parametrize("evaluated, target", OTHER_METRIC)
def test_names_that_say_different_things_do_not_match(evaluated, target):
    from kg.audit.evaluations import metric_key

    assert metric_key(evaluated) != metric_key(target)


def _pipe_table(year: int, rows: list[tuple[str, str, str, str]], actual: list[str] | None = None) -> str:
    """A one-project table of the fixture's pipe layout: a target table, or with ``actual`` a self-evaluation."""
    kind = "绩效目标自评表" if actual else "绩效目标表"
    head = "| 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 全年实际值 | 得分 |" if actual else \
        "| 一级指标 | 二级指标 | 三级指标 | 指标值 | 备注 |"
    lines = [f"| 滨海市{year}年部门项目支出{kind} | | | | | |", "|---|---|---|---|---|---|",
             "| 主管部门及代码 | [105001]滨海市卫生健康委员会 | | 单位：万元 | | |",
             "| 项目名称 | 社区卫生服务补助 | | | | |",
             "| 项目资金 | 年度资金总额 | 80 | 其中：财政拨款 | 80 | |",
             "| 年度绩效目标 | 保障社区卫生服务。 | | | | |", head]
    for n, (level1, level2, name, target) in enumerate(rows):
        lines.append(f"| {level1} | {level2} | {name} | {target} | {actual[n]} | 10 |" if actual else
                     f"| {level1} | {level2} | {name} | {target} | |")
    return "\n".join(lines) + "\n"


LIMIT_ROWS = [("产出指标", "成本指标", "人均补助标准", "≤30元"), ("产出指标", "时效指标", "服务响应时间", "20天"),
              ("产出指标", "成本指标", "人均耗材费用", "≤20元"), ("满意度指标", "服务对象满意度指标", "居民满意度", "≥85%")]


def test_a_limit_set_above_last_years_achievement_is_a_soft_target(tmp_path):
    # 2024 achieved 25元, 15天, 25元 and 90%. 2025 allows ≤30元 (above 25元) and 20天 (a plain number
    # in a 时效 row is a limit; above 15天) and asks ≥85% (below 90%): soft. ≤20元 asks more: not soft.
    (tmp_path / "2024-self.txt").write_text(_pipe_table(2024, LIMIT_ROWS, ["25元", "15天", "25元", "90%"]),
                                            encoding="utf-8")
    (tmp_path / "2025.txt").write_text(_pipe_table(2025, LIMIT_ROWS), encoding="utf-8")
    found = audit(p for p in kg.extract(tmp_path) if isinstance(p, kg.Project))
    soft = sorted((f.line, f.message_en) for f in found if f.code == "S001")
    assert [message.split("”")[0] for _, message in soft] == [
        "the target “≤30元", "the target “20天", "the target “≥85%"]
    assert {f.severity for f in found if f.code == "S001"} == {"warning"}


def test_a_qualitative_target_with_a_number_achieved_and_the_reverse(tmp_path):
    rows = [("效益指标", "社会效益指标", "服务能力", "有效提升"), ("产出指标", "数量指标", "服务人次", "≥1万人次")]
    (tmp_path / "self.txt").write_text(_pipe_table(2024, rows, ["12%", "基本完成"]), encoding="utf-8")
    found = [f for f in audit(p for p in kg.extract(tmp_path) if isinstance(p, kg.Project)) if f.code[0] == "E"]
    assert [(f.code, f.message_zh) for f in found] == [
        ("E002", "目标值“有效提升”是文字，自评的全年实际值“12%”却是数值"),
        ("E003", "目标值“≥1万人次”是数值，自评的全年实际值“基本完成”却是文字，无法判断是否达到")]


@pytest.mark.parametrize("values", [
    ["95", "95", "80", "98"],            # even: the mean of the two middle values
    ["20", "20.0", "5", "200000", "20"],  # odd, one value written two ways
    ["0.5", "12", "12", "12", "3", "7"],
])
def test_a_peer_groups_median_counted_by_value_is_statistics_median(values):
    # a build streams its corpus's peer values and keeps counts of distinct values, not the values
    import statistics
    from decimal import Decimal

    from kg.audit.rules import PeerValue, peer_medians

    peers = [PeerValue(("服务党员教育", "人次", "ge"), Decimal(v), f"≥{v}人次", "a.txt", n, None, None, "项目", n)
             for n, v in enumerate(values, start=1)]
    [(size, median)] = peer_medians(peers).values()
    assert (size, median) == (len(values), Decimal(statistics.median(Decimal(v) for v in values)))
