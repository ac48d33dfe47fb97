"""Issue 17: the layouts of real published tables, one example each, from the files kept in
tests/real-tables and tests/real-wild (their source URLs are in the expected answers)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

import kg
from kg.errors import ParseWarning
from kg.parse.cells import line_cells
from tests.variants import one_cell_a_line, pipe_cells, sheet_copy, spaced

HERE = Path(__file__).resolve().parent
DEV, WILD = HERE / "real-tables" / "raw", HERE / "real-wild" / "raw"


def _one(folder: Path, prefix: str) -> Path:
    [path] = sorted(folder.glob(prefix + "*"))
    return path


def _projects(path: Path) -> list[kg.Project]:
    return [p for p in kg.extract(path) if isinstance(p, kg.Project)]


def _projects_of_lines(tmp_path: Path, name: str, lines: list[str]) -> list[kg.Project]:
    """The projects of a text file of ``lines`` (one a line, a line end after the last)."""
    return _projects(_write(tmp_path, name, lines))


def _glued_copy(tmp_path: Path, source: Path) -> Path:
    """``source`` with each row's cells glued, as a .docx preview prints them (the glued variant)."""
    from tests.variants import VARIANTS

    glued = tmp_path / source.name
    glued.write_text(VARIANTS["glued"](source.read_text(encoding="utf-8")), encoding="utf-8")
    return glued


def _write(tmp_path: Path, name: str, lines: list[str]) -> Path:
    """A text file of ``lines``, one a line, a line end after the last."""
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _rows(project: kg.Project) -> list[tuple[str, str, str, str]]:
    return [(i.level1, i.level2, i.name, i.target.raw) for i in project.indicators]


# fmt: off
@pytest.mark.parametrize("line, cells", [
    ("质量指标 | 验收合格率 | 验收合格率 | ≥98百分比 | |",          # 天津河北区法院: no leading pipe
     ["质量指标", "验收合格率", "验收合格率", "≥98百分比"]),
    ("| 820-马踏镇部门 | 8,827,620.53 | |||||||||||",                # 井研马踏: a trailing run of empties
     ["820-马踏镇部门", "8,827,620.53"]),
    ("| | 数量指标 | 服务对象人数 |", ["", "数量指标", "服务对象人数"]),  # a leading empty cell is kept
    ("雾炮车风炮射程 |", ["雾炮车风炮射程"]),                          # 湘潭: one cell per line
    ("|", [""]),                                                        # 潼南五桂: a bare pipe, an empty cell
])
# fmt: on
def test_pipe_lines_become_cells(line, cells):
    assert [c.text for c in line_cells(line, 1)] == cells


def test_two_pipes_or_more_end_a_flattened_row():
    [sep] = line_cells("||||", 7)
    assert (sep.text, sep.kind) == ("", "sep")


def test_a_bare_pipe_line_after_each_cell_ends_it_and_a_second_is_an_empty_cell():
    # https://www.mengcheng.gov.cn/XxgkContent/show/2601075.html (n14, 蒙城县卫健委 2024, a PDF report
    # turned to text): cell, ``|``, cell, ``|``; ``主管部门及代码`` / ``|`` / ``|`` has an empty value
    from kg.parse.cells import to_cells
    from kg.records import SourceLine
    texts = ["项目名称", "|", "国家基本公共卫生服务项目", "|", "主管部门及代码", "|", "|", "实施单位", "|", "卫健委", "|",
             "项目属性", "|", "滚动项目", "|"]
    cells = to_cells([SourceLine("n14.txt", n, t) for n, t in enumerate(texts, start=1)])
    assert [c.text for c in cells] == ["项目名称", "国家基本公共卫生服务项目", "主管部门及代码", "", "实施单位", "卫健委",
                                       "项目属性", "滚动项目"]


def test_a_table_with_a_pipe_line_between_cells_in_a_report():
    # n14: labels and values apart by a ``|`` line; ``产出 指标``, ``2279.048 万元`` and ≧ as the PDF printed them
    [project] = _projects(_one(WILD, "n14_"))
    assert (project.project, project.budget.total, project.year) == ("国家基本公共卫生服务项目", Decimal("2279.048"), 2024)
    assert _rows(project)[:2] == [("产出 指标", "数量指标", "适龄儿童国家免疫规划疫苗接种率", "≧90%"),
                                  ("产出 指标", "数量指标", "7 岁以下儿童健康管理率", "≧85%")]  # the excerpt cuts the third
    assert project.indicators[1].target.comparator == "≥"


def test_a_level1_column_whose_cell_lost_its_words_takes_the_level1_of_each_level2(tmp_path):
    # https://gaj.xuancheng.gov.cn/OpennessContent/show/2572090.html (n12, 宣城市公安局 禁毒经费 2021):
    # the vertical 产出指标 cell printed as blank lines and ``(50分)``; 数量指标 and 质量指标 give
    # 产出指标, filled where the cell is missing and said row by row
    path = tmp_path / "n12.txt"
    path.write_text("\n".join([
        "项目支出绩效自评表 ", "(2021年度)", "项目名称 禁毒经费", "主管部门 宣城市公安局 实施单位 禁毒支队",
        "年度绩效指标完成情况 一级", "指标", "二级指标 三级指标 年度指标值 实际完成值 分值 得分 偏差原因分析及改进措施",
        "", "", "", "", "(50分)",
        "数量指标 指标1:禁毒舞台剧宣传的场次 ≥1场 1场 12 12", "指标2:毛发检查试剂数量 ≥2400份 3200份 12 12", "……",
        "质量指标 指标1:经费支出合规性 严格执行相关财经法规制度 严格执行相关财经法"]) + "\n", encoding="utf-8")
    items = list(kg.extract(path))
    [project] = [p for p in items if isinstance(p, kg.Project)]
    assert [(i.level1, i.level2, i.name) for i in project.indicators] == [
        ("产出指标", "数量指标", "指标1:禁毒舞台剧宣传的场次"), ("产出指标", "数量指标", "指标2:毛发检查试剂数量"),
        ("产出指标", "质量指标", "指标1:经费支出合规性")]
    said = [w.reason for w in items if isinstance(w, ParseWarning) and w.field == "一级指标"]
    assert len(said) == 3 and "took '产出指标', the 一级 of '质量指标'" in said[2]


def test_a_table_with_no_level1_column_and_no_level1_cell_is_given_none(tmp_path):
    # the fill above needs a 一级 column: rows under 二级 / 三级 / 指标值 alone keep no 一级
    path = tmp_path / "no-level1.txt"
    path.write_text("项目名称 禁毒经费\n二级指标 三级指标 指标值\n数量指标 禁毒舞台剧宣传的场次 ≥1场\n", encoding="utf-8")
    [project] = [p for p in kg.extract(path) if isinstance(p, kg.Project)]
    assert [(i.level1 or None, i.level2) for i in project.indicators] == [(None, "数量指标")]


def test_space_separated_rows_with_categories_broken_over_lines():
    """广元昭化 (2021): `项目完成` / `指标` on two lines is one 一级; cells split at spaces."""
    [project] = _projects(_one(DEV, "011"))
    assert project.project == "特困家庭再扶助(独生子女死亡再扶助)" and project.budget.total == Decimal("6.3")
    assert _rows(project)[0] == ("项目完成指标", "数量指标", "对符合政策法规的独生子伤残、死亡家庭进行扶助", "63人")
    assert _rows(project)[2][3] == "2021年1月-12月" and project.indicators[2].target.period == ("2021-01", "2021-12")


def test_a_one_sheet_table_of_several_projects_is_split_by_its_project_column():
    """井研马踏 (2023): 单位名称 | 项目名称 | 预算数 | 年度目标 | 一级指标 … in one header; a
    department's own row above; 指标性质 holds the comparator."""
    first, second = _projects(_one(DEV, "003"))
    assert (first.project, first.budget.total, second.project, second.budget.total) == (
        "村组干部报酬", 3309840, "基层组织活动经费", 660000)
    assert first.unit_name == "井研县马踏镇人民政府"
    row = first.indicators[0]
    assert (row.name, row.target.comparator, row.target.value, row.target.unit, row.weight, row.direction) == (
        "维护社会稳定", "≥", 95, "%", 10, "正向指标")
    # 年度目标 is a cell of the project's own row: its goal (it was left out, with a warning of no goals)
    assert (first.goals, second.goals[0][:9]) == (("按时发放村组干部报酬",), "包括必要的办公用品")


def test_a_one_sheet_table_of_several_projects_glued_reads_as_its_pipe_dump(tmp_path):
    """井研马踏 (2023) glued as a .docx preview prints it: a project's first row is its unit, name,
    amount and goal before its first indicator (``820001-井研县马踏镇人民政府村组干部报酬3,309,840.00
    按时发放村组干部报酬效益指标社会效益指标维护社会稳定≥95%10正向指标``), the other rows end in a
    weight and a direction word, and a comparator has its own column (``村组干部230人≥230个``)."""
    source = _one(DEV, "003_")
    glued = _glued_copy(tmp_path, source)
    assert "村组干部230人≥230个10正向指标" in glued.read_text(encoding="utf-8")

    def read(path: Path) -> list[tuple]:
        return [(p.unit_name, p.project, p.budget.total, p.goals,
                 [(i.level1, i.level2, i.name, i.target.comparator, i.target.value, i.target.unit, i.weight,
                   i.direction) for i in p.indicators]) for p in _projects(path)]

    assert [project for _, project, *_ in read(glued)] == ["村组干部报酬", "基层组织活动经费"]
    assert read(glued) == read(source)


def test_the_header_is_a_guide_short_rows_find_their_columns():
    """天津河北区法院 (2023): rows of 4 cells under a 5-column header, the 一级 left out."""
    projects = _projects(_one(DEV, "021"))
    assert [p.project for p in projects] == ["安全隐患维修", "办案业务费(陪审员及互联网专线)"]
    assert _rows(projects[0])[1] == ("产出指标", "质量指标", "验收合格率", "≥98百分比")
    assert projects[0].indicators[1].target.base_unit == "%"


def test_vertical_header_words_and_a_wrapped_cell():
    """六安金安体育局 (2025): `绩`/`效`/`指`/`标` and `一级`/`指标` on lines of their own; a name
    wrapped before its ` |`."""
    project = _projects(_one(WILD, "c02"))[0]
    assert [i.name for i in project.indicators][9] == "打造金安国际网球公开赛等系列品牌赛事"
    assert {i.level1 for i in project.indicators} == {"产出指标", "效益指标", "满意度指标"}


def test_a_tree_shown_by_indentation_only():
    """石嘴山疾控 (2020 批复表): header 项目 | 指标值 | 绩效金额, levels by indentation."""
    [project] = _projects(_one(WILD, "g02"))
    assert (project.unit_name, project.project, project.budget.total, project.money_unit) == (
        "石嘴山市疾病预防控制中心", "狂犬、乙肝、流感等疫苗及美沙酮药物", 3000000, "元")
    assert _rows(project)[2] == ("产出指标", "时效指标(必填)", "疫苗提供及时率", "100%")


def test_glued_rows_with_columns_after_the_value():
    """湘西州特校 (2023): `成本指标经济成本指标学生补助标准17元/人.每天反映…-定量`."""
    [project] = _projects(_one(WILD, "c06"))
    assert (project.unit_code, project.unit_name, project.project, project.budget.total) == (
        "505006", "州民族特殊教育学校", "学生伙食费", 30)
    first = project.indicators[0]
    assert (first.name, first.target.raw, first.target.unit) == ("学生补助标准", "17元/人.每天", "元/人.每天")
    assert [i.target.raw for i in project.indicators][-3:] == ["大于90%", "有所减轻", "有所提升"]


def test_comparator_and_direction_are_read_by_what_they_hold():
    """扎赉特旗检察院 (2025): 指标性质 holds 正向 and 指标方向 holds 大于等于."""
    first = _projects(_one(WILD, "b01"))[0]
    row = next(i for i in first.indicators if i.name == "车辆购置成本")
    assert (row.direction, row.target.comparator, row.target.value, row.target.unit) == ("反向", "≤", 12, "万元")


def test_the_central_investment_framework_puts_output_under_effect():
    """舒城发改委 (2023 中央预算内投资): 一级 实施效果指标 / 过程管理指标 over 产出指标 …."""
    [project] = _projects(_one(WILD, "c05"))
    assert _rows(project)[0][:2] == ("实施效果指标", "产出指标")
    assert _rows(project)[3][:2] == ("过程管理指标", "计划管理指标")


def test_a_row_without_a_value_is_lost_alone_and_said(tmp_path):
    """潼南五桂 (2023): a 定性 row with an empty 指标值 is kept without a target, and said."""
    path = _one(WILD, "h01")
    items = list(kg.extract(path))
    first = next(p for p in items if isinstance(p, kg.Project))
    assert [i.name for i in first.indicators] == ["发放人数", "是否按时足额发放", "促进社会和谐", "保障收入", "保障权益"]
    said = [w for w in items if isinstance(w, ParseWarning)]
    assert any(w.field == "指标值" and "促进社会和谐" in w.reason for w in said)


@pytest.mark.parametrize("path", sorted(DEV.glob("*.txt")) + sorted(WILD.glob("*.txt")), ids=lambda p: p.name[:3])
def test_a_real_table_reads_the_same_in_gb18030_with_crlf(path, tmp_path):
    """Every real table, saved as a Windows user would (GB18030, CRLF), gives the same records."""
    from kg.output import project_dict

    text = path.read_text(encoding="utf-8")
    copy = tmp_path / path.name
    try:
        copy.write_bytes(text.replace("\n", "\r\n").encode("gb18030"))
    except UnicodeEncodeError:
        pytest.skip("a character GB18030 cannot hold")

    def records(p):
        out = []
        for item in kg.extract(p):
            if isinstance(item, kg.Project):
                data = project_dict(item)
                data.pop("source")
                for ind in data["indicators"]:
                    ind.pop("source")
                out.append(data)
        return out

    assert records(copy) == records(path)


def test_a_department_table_is_the_units_own_targets():
    # tests/real-tables/raw/016: 部门整体绩效目标 of 浮梁县林业局 (部门编码 316), no 项目名称
    [project] = [p for p in kg.extract(HERE / "real-tables/raw/016_jiangxi-fuliang-forestry-dept-overall-markdown.txt")
                 if isinstance(p, kg.Project)]
    assert (project.department, project.project, len(project.indicators)) == (True, "浮梁县林业局", 13)
    assert not any(p.department for p in kg.extract(HERE.parent / "corpus") if isinstance(p, kg.Project))


def _indicator(project: kg.Project, name: str) -> kg.Indicator:
    return next(i for i in project.indicators if i.name == name)


def test_a_docx_self_evaluation_dumped_on_one_line_reads_as_a_cell_stream():
    """f07 (池州贵池棠溪, 2022): the whole 项目支出绩效自评表 is one line of space-separated cells,
    after the .docx metadata; its header sits in the middle of the line."""
    [project] = _projects(_one(WILD, "f07"))
    assert (project.project, project.year, project.implementing_unit) == (
        "村级补助及运转经费", 2022, "219001-池州市贵池区棠溪镇人民政府")
    first = project.indicators[0]
    assert (first.level1, first.level2, first.name, first.target.raw) == ("产出指标(50分)", "数量指标", "补助村(社区)数量", "=8个")
    assert (first.actual.raw, first.weight, first.score, first.level1_points) == ("8", 8, 8, 50)
    # 达成预期指标 is what the year achieved, not a category
    assert _indicator(project, "补助资格合规性").actual.raw == "达成预期指标"


def test_two_header_rows_run_together_in_one_pipe_row():
    """e11 (永德明朗中学, 2022): '| … 绩效指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因… | 一级指标 |
    二级指标 | 三级指标 | 指标性质 | 指标值 | 度量单位 | 产出指标 | …': the goals, both header rows and
    the first indicator row on one line; 年度指标值 spans 指标性质 / 指标值 / 度量单位."""
    [project] = _projects(_one(WILD, "e11"))
    first = project.indicators[0]
    assert (first.name, first.target.comparator, first.target.value, first.target.unit) == ("学生受资助人数", "≥", 735, "人次")
    assert (first.actual.raw, first.weight, first.score) == ("735", 10, 10)
    timely = _indicator(project, "资金到位及时率")
    assert (timely.actual.raw, timely.score) == ("100%", 7)
    assert "其他需要说明事项" not in [i.name for i in project.indicators]
    # '| 有效 |' / '| 有效 | 10 | 10 |': a target in words and what was achieved, not a target and its unit
    burden = _indicator(project, "减轻贫困学生家庭经济负担")
    assert (burden.target.raw, burden.actual.raw, burden.weight, burden.score) == ("有效", "有效", 10, 10)


def test_an_empty_self_evaluation_cell_keeps_its_column():
    """k01 (青神县发改局, 2023): '完成值' printed as a bare '|', then 权重 60: the 60 is the weight, not
    what the year achieved."""
    [project] = _projects(_one(WILD, "k01"))
    assert (project.year, project.budget.total) == (2023, Decimal("238.93"))
    row = project.indicators[0]
    assert (row.name, row.target.comparator, row.target.value, row.target.unit) == ("发放(缴纳)覆盖率", "=", 100, "%")
    assert (row.actual, row.weight, row.score) == (None, 60, None)
    assert [i.name for i in project.indicators] == ["发放(缴纳)覆盖率", "足额保障率(参保率)"]  # not 合计


def test_the_templates_unfilled_rows_are_no_rows():
    """k02 (廊坊食品工程学校, 2019): '指标2' and '……' rows nobody filled stand between the real ones."""
    items = list(kg.extract(_one(WILD, "k02")))
    [project] = [p for p in items if isinstance(p, kg.Project)]
    names = [i.name for i in project.indicators]
    assert len(names) == 9 and not any(n in ("指标1", "指标2", "……") for n in names)
    assert _indicator(project, "指标1工程资金金额").remark.startswith("已完工")
    assert not any("……" in w.reason or "'指标2'" in w.reason for w in items if isinstance(w, ParseWarning))


def test_core_marks_and_category_points_are_read_beside_the_printed_text():
    """g05 (萧县张庄寨, 2023): ★ marks a core indicator; 产 出 指 标 (50分) carries the category's points."""
    [project] = _projects(_one(WILD, "g05"))
    star = project.indicators[0]
    assert (star.name, star.core, star.level1_points) == ("★补助各类瓜果蔬菜种植面积", True, 50)
    assert not project.indicators[1].core


def test_a_budget_stated_in_a_report_sentence():
    """h03 (丰都县公安局, 2022): the report says '全年预算数2565万元,全年执行数2565万元,…'."""
    [project] = _projects(_one(WILD, "h03"))
    assert (project.project, project.budget.total) == ("辅警人员经费", Decimal("2565"))


def test_a_self_evaluation_glued_into_one_line_is_read_by_its_headers_grammar():
    """d06 (中江县水利局, 2022): title, labels, header and rows glued with no separator;
    '安装坡面水标尺10≥266米≥266米10' is name, 分值, 年度指标值, 全年实际值, 得分 as the header orders them."""
    [project] = _projects(_one(WILD, "d06"))
    assert project.project == "中江县农业水价综合改革精准补贴和节水奖励项目小型水库水标尺制作安装"
    rows = [(i.level2, i.name, i.weight, i.target.raw, i.actual.raw, i.score) for i in project.indicators]
    assert rows[0] == ("数量指标", "安装坡面水标尺", 10, "≥266米", "≥266米", 10)
    assert rows[2] == ("质量指标", "项目(工程)验收合格率", 20, "100%", "100%", 20)  # 20100%100%20
    assert rows[5] == ("成本指标", "项目计划总投资", 10, "20万元", "20万元", 10)  # 1020万元20万元10
    assert project.indicators[-1].level1 == "满意度指标(10分)" and len(rows) == 9


def test_a_second_header_row_names_the_parts_of_the_spanning_columns():
    """f06 (成安县民政局, 2020): '预期指标值' spans 符号 | (值) | 单位(文字描述), and '自评得分' spans
    单项指标得分 | 权重占比(%) | 单项指标折算得分, named on the line under the header."""
    [project] = _projects(_one(WILD, "f06"))
    row = project.indicators[0]
    assert (row.name, row.target.comparator, row.target.value, row.target.unit) == ("符合条件申报对象覆盖率", "≥", 98, "%")
    assert (row.actual.raw, row.score) == ("100%", 25)


def test_a_glued_row_whose_explanation_opens_with_fan_ying():
    """c04 (鄂州市机关事务服务中心, 2022): '办公大楼日常维修维护次数反映办公大楼全年维修维护情况2280次' is
    name, 绩效标准 (反映…) and value; the 一级 column was never printed, so the categories stand under 一级指标."""
    [project] = _projects(_one(WILD, "c04"))
    first = project.indicators[0]
    assert (first.level2, first.name, first.standard, first.target.raw) == (
        "数量指标", "办公大楼日常维修维护次数", "反映办公大楼全年维修维护情况", "2280次")
    last = project.indicators[-1]
    assert (last.level2, last.name, last.target.raw) == ("成本指标", "成本控制率", "不超预算")


def test_core_marks_and_category_points_reach_the_graph(tmp_path):
    store = str(tmp_path / "store")
    kg.build([_one(WILD, "g05")], store=store, nlp=False)
    rows = kg.sparql("""SELECT ?name ?points WHERE { GRAPH ?g { ?i kg:coreIndicator true ; kg:metricLabel ?name ;
        kg:categoryPoints ?points } } ORDER BY ?name""", store=store).rows
    assert [(name, int(points)) for name, points in rows] == [
        ("★补助各类瓜果蔬菜种植面积", 50), ("★补助家畜家禽养殖数量", 50), ("★补助鱼塘面积", 50)]


def test_a_total_printed_as_zero_over_parts_that_are_not_is_their_sum():
    """f07: '年度资金总额: 0 0 0 …' over '其中:本年财政拨款 202.64 …' (the template's sum never computed)."""
    [project] = _projects(_one(WILD, "f07"))
    assert (project.budget.raw[0], project.budget.total, project.budget.fiscal) == ("0", Decimal("202.64"), Decimal("202.64"))
    assert any(w.field == "预算数" and "'0'" in w.reason for w in project.warnings)


# 目标1:…;目标2:…;目标3:… in one cell: three goals, their numbers removed
GOAL_K03 = ["1290.3平方米冷库仓储建设及配套生产设备、配套电力设施购置安装,冷库仓储3100元每平方米,投资400万元;",
            "配套烘干杀菌设备及包装设备购置及安装550万元;",
            "配套电力设施1250KVA变压器3台,完成高压线接入及土建安装投资150万元。"]

# fmt: off
# (file, goals, 实际完成情况): each read by hand from the page text of the goals block
SELF_EVALUATION_GOALS = [
    # pipe rows: 总体目标 | 全年实际完成情况, then the goal and what was done side by side
    (WILD, "c08_", ["对中共皖浙赣省委驻地旧址进行陈列布展,完成布展面积300平方米,传承弘扬红色文化、发挥红色文化功能作用。"],
     ["因该项目为革命文物展陈,展陈方案需通过省委宣传部审核,导致该项目施工较慢。待展陈方案通过省委宣传部审核后,将尽快实施。"]),
    # space-separated: 年度总体目标 预期目标 实际完成情况, then the goal alone (nothing written as done)
    (WILD, "f03_", ["发挥科技特派员创业带头人作用。"], []),
    # one cell per line: 年初设定目标, 年度总体目标完成情况综述, then the goal and what was done
    (DEV, "012_", ["为建档立卡扶贫户解决临时性的困难"],
     ["全年救助建档立卡扶贫户临时救助87人次,救助资金30万元,完成目标任务。"]),
    # a whole .docx table on one line: 预期目标 实际完成情况, then the two texts
    (WILD, "j02_", ["本项目共申请预算资金90万元。其中:30万元用于基建工程项目预算编制;30万元用于基建工程项目审计;"
                    "30万元用于基建工程项目设计、规划、测绘。"],
     ["本项目共完成预算资金89.97万元。其中:30万元用于基建工程项目预算编制;30万元用于基建工程项目审计;"
      "29.99万元用于基建工程项目设计、规划、测绘。"]),
    # 南华县 pipe rows: 年度总体目标 | 预期目标 | 实际完成情况, then one row with the same text twice
    (WILD, "k03_", GOAL_K03, GOAL_K03),
    # not a self-evaluation, but its template has the 完成情况 column: the heading is no goal
    (WILD, "c03_", ["为水濂村带来观光游客不少于6万人,村集体收入达6万元。"], []),
]
# fmt: on


@pytest.mark.parametrize("folder, prefix, goals, achieved", SELF_EVALUATION_GOALS)
def test_a_self_evaluations_goals_are_the_expected_column_only(folder, prefix, goals, achieved):
    [project] = _projects(_one(folder, prefix))
    assert list(project.goals) == goals
    assert list(project.achieved_goals) == achieved


def test_a_decimal_at_the_start_of_a_goal_is_no_goal_number():
    # 廊坊食品学校 2019: the goals block holds the bare amounts 43.2 and 37.24
    [project] = _projects(_one(WILD, "k02_"))
    assert project.goals == ("43.2",)
    assert project.achieved_goals == ("37.24",)


def test_a_glued_gansu_head_names_the_second_level_project_and_its_amounts():
    # 嘉峪关 2023 (甘肃 省级部门预算项目支出绩效目标表), OCR'd and glued into one run:
    # ``一*级项目名称文化事业发展专项资金二级项目名称博物馆纪念馆市级免费开放补助资金项目类型…
    # 项目主管部门嘉峪关市文化和旅游局…其他资金20万元预算申报数20万元资金性质…项目实施单位嘉峪关城市博物馆政策依据…``
    [project] = _projects(_one(WILD, "d04_"))
    assert project.project == "博物馆纪念馆市级免费开放补助资金"
    assert project.unit_name == "嘉峪关市文化和旅游局"
    assert project.implementing_unit == "嘉峪关城市博物馆"
    assert project.budget.total == Decimal("20") and project.budget.other == Decimal("20")
    assert project.goals == ("进一步提高博物馆纪念馆运行效率和免费开放服务水平",)
    assert project.year == 2023


def test_what_a_self_evaluation_says_was_done_is_in_the_graph(tmp_path):
    """j02: the 实际完成情况 beside the 预期目标, on the project-year (not as a goal)."""
    store = str(tmp_path / "store")
    kg.build([_one(WILD, "j02_")], store=store, nlp=False, search=False)
    rows = kg.sparql("SELECT ?done WHERE { GRAPH ?g { ?py kg:achievedGoals ?done } }", store=store).rows
    assert rows == [("".join(SELF_EVALUATION_GOALS[3][3]),)]
    goals = kg.sparql("SELECT ?text WHERE { GRAPH ?g { ?py kg:hasGoal ?goal . ?goal rdfs:label ?text } }",
                      store=store).rows
    assert [text for text, in goals] == SELF_EVALUATION_GOALS[3][2]


# fmt: off
MIRROR_FORMS = [
    ("一級(jí)指標(biāo)", "一级指标"),          # 岳阳楼区 (mirror): pinyin after some characters
    ("產(chǎn)出指標(biāo)", "产出指标"),
    ("*評(píng)(扣)分標(biāo)準(zhǔn)", "*评(扣)分标准"),
    ("項(xiàng)目名稱", "项目名称"),            # 丽江古城 (mirror)
    ("經(jīng)費(fèi", "经费"),                 # an annotation cut off at the end of an excerpt
    ("雾炮车风炮射程(m)", "雾炮车风炮射程(m)"),   # no tone mark: a unit, not pinyin
    ("全年预算数(A)", "全年预算数(A)"),
    ("产出指标", "产出指标"),                   # a simplified cell reads the same
    ("產(chǎn)生差異的原因及改進(jìn)措施", "产生差异的原因及改进措施"),  # 南岳 2020 (w04): 異, 進 in no hand-made list
    ("管理忠烈祠面積", "管理忠烈祠面积"),
    ("乾隆", "乾隆"),                           # 乾 is also simplified (乾隆): left as printed
]
# fmt: on


@pytest.mark.parametrize("printed, form", MIRROR_FORMS)
def test_a_mirror_sites_traditional_characters_and_pinyin_are_matched_simplified(printed, form):
    from kg.parse.vocab import matching_form, printed_span
    assert matching_form(printed) == form
    assert printed_span(f"2020年{printed}表", form) == printed


def test_a_units_整体绩效目标表_on_a_mirror_is_the_units_own_table(tmp_path):
    # http://monopolymediamarketing.com/21487/21535/21748/21750/21907/content_2062100.html (l02):
    # no 部门整体 in the title, only 整体; the department stands as the project; cells as printed
    [project] = _projects_of_lines(tmp_path, "yueyanglou.txt", [
        "岳陽樓區(qū)價(jià)格認(rèn)證鑒定中心2023年度整體績效目標(biāo)表 | ||||||||",
        "部門(單位)名稱 | 岳陽樓區(qū)價(jià)格認(rèn)證鑒定中心 | |||||||",
        "*年度總體績效目標(biāo) | 做好涉案、價(jià)格認(rèn)定工作。 | |||||||",
        "績效指標(biāo) | ||||||||",
        "一級(jí)指標(biāo) | 二級(jí)指標(biāo) | 三級(jí)指標(biāo) | 指標(biāo)值類型 | *指標(biāo)值 | 計(jì)量單位 | *指標(biāo)解釋 | *評(píng)(扣)分標(biāo)準(zhǔn) | 備注 |",
        "產(chǎn)出指標(biāo) | 數(shù)量指標(biāo) | 業(yè)務(wù)工作支出安排金額 | 定量 | 28.8萬元 | % | 該指標(biāo)主要考察業(yè)務(wù)工作支出安排情況 | 未達(dá)指標(biāo)值酌情扣分 | |",
        "質(zhì)量指標(biāo) | 業(yè)務(wù)工作支出到位率 | 定量 | 100 | % | 該指標(biāo)主要考察業(yè)務(wù)工作支出安排到位情況 | 未達(dá)指標(biāo)值酌情扣分 | ||",
    ])
    assert project.project == "岳陽樓區(qū)價(jià)格認(rèn)證鑒定中心" and project.year == 2023
    assert [(i.level1, i.level2, i.name) for i in project.indicators] == [
        ("產(chǎn)出指標(biāo)", "數(shù)量指標(biāo)", "業(yè)務(wù)工作支出安排金額"),
        ("產(chǎn)出指標(biāo)", "質(zhì)量指標(biāo)", "業(yè)務(wù)工作支出到位率")]
    assert (project.indicators[1].target.value, project.indicators[1].target.unit) == (100, "%")


def test_a_column_of_reasons_worded_the_units_own_way_does_not_hide_the_header(tmp_path):
    # https://fyfantasy.com/nyczj/czysgk/2019njyhndyjs/xcg/mzzjswj/20210203/i2295863.html (w04, a
    # mirror of 南岳区民族宗教事务局 2020): the header ends in 产生差异的原因及改进措施, a name no list held;
    # the table was rejected whole ("no indicator table found")
    lines = [
        "2020年忠烈祠免費開放經(jīng)費236.25萬元部門整體支出績效自評表 |",
        "單位名稱 | 南岳區(qū)民族宗教事務(wù)局 | 單位負(fù)責(zé)人及電話 | 郭剛毅13975405091 |",
        "績效指標(biāo) | 一級指標(biāo) | 二級指標(biāo) | 三級指標(biāo) | 指標(biāo)值 | 全年實際完成值 | 產(chǎn)生差異的原因及改進(jìn)措施 |",
        "產(chǎn)出指標(biāo) | 數(shù)量指標(biāo) | 管理忠烈祠面積 | =230畝 | =230畝 | |",
        "忠烈祠免費開放 | =365天 | =365天 | |",
        "質(zhì)量指標(biāo) | 忠烈祠保護(hù)合格率 | =100% | =100% | |",
    ]
    [project] = _projects_of_lines(tmp_path, "nanyue.txt", lines)
    assert [(i.level2, i.name, i.target.raw) for i in project.indicators] == [
        ("數(shù)量指標(biāo)", "管理忠烈祠面積", "=230畝"),
        ("數(shù)量指標(biāo)", "忠烈祠免費開放", "=365天"),
        ("質(zhì)量指標(biāo)", "忠烈祠保護(hù)合格率", "=100%")]


def test_a_header_that_names_a_column_of_the_units_own_still_opens_the_table(tmp_path):
    # a self-evaluation's header with a column no list holds (是否核心指标, m.yzwku.com/doc/98587.html;
    # 数据来源 and 佐证材料 columns the same): one unknown name beside the known ones rejected the table
    [project] = _projects_of_lines(tmp_path, "core.txt", [
        "项目支出绩效目标表",
        "项目名称 | 农村公路养护 |",
        "预算数 | 120 |",
        "一级指标 | 二级指标 | 三级指标 | 指标值 | 是否核心指标 |",
        "产出指标 | 数量指标 | 养护里程 | ≥120公里 | 是 |",
        "效益指标 | 社会效益指标 | 道路通行条件 | 明显改善 | 否 |",
    ])
    assert _rows(project) == [("产出指标", "数量指标", "养护里程", "≥120公里"),
                              ("效益指标", "社会效益指标", "道路通行条件", "明显改善")]


def test_head_labels_seen_on_real_pages_are_not_the_purpose():
    # http://cqfj.gov.cn/index/xz_168/ywtjzx/zwxx_61303/gsgg_107031/202402/t20240201_12892054.html (d07,
    # 奉节 2023): 当年年度预算 65 and 财政资金科目代码 21305 were read as the purpose; the purpose is the
    # 项目总体概况 (a label the reader did not know either)
    [project] = _projects(_one(WILD, "d07_"))
    assert project.purpose.startswith("新建中药材晾晒房一座") and project.budget.total == Decimal("65")


def test_a_project_cell_that_repeats_the_table_title_is_the_project():
    # http://m.jjiadianqingjie.com.cn/changyong/13241.html (d05): ``| 項(xiàng)目名稱 |`` then
    # ``2020年省級自然資源…經(jīng)費(fèi)支出績效自評表 |`` then ``| 主管部門 | …``: not a second table
    [project] = _projects(_one(WILD, "d05_"))
    assert project.project == "2020年省級自然資源衛(wèi)片執(zhí)法補(bǔ)助經(jīng)費(fèi)支出績效自評表"
    assert project.budget.total == Decimal("7.29") and project.year == 2020
    assert [i.name for i in project.indicators][:2] == ["衛(wèi)片執(zhí)法補(bǔ)助經(jīng)費(fèi)", "項(xiàng)目驗(yàn)收合格率"]


def test_a_docx_table_glued_on_a_sharing_sites_numbered_pages():
    # https://taowenge.com/p-72820237.html (l03, 衡山县 储备粮 2020): the site starts each page's
    # text with ``1、`` ``2、`` ``3、`` wherever the page breaks, mid-row too ('库存数量真实率100%' /
    # '2、100%'), and the cells' line wraps are spaces ('一级 指标', '成 品粮'); the pages are one
    # glued table, 专项资金名称 names the project
    [project] = _projects(_one(WILD, "l03_"))
    assert (project.project, project.year) == ("县级储备粮", 2020)
    rows = [(i.level2, i.name, i.target.raw, i.actual.raw) for i in project.indicators]
    assert rows[0] == ("数量指标", "5000吨稻谷、500吨成品粮储备到位率", "100%", "100%")
    assert rows[1] == ("数量指标", "库存数量真实率", "100%", "100%")  # the row the page break cut
    assert rows[4] == ("质量指标", "县级储备粮库存粮食明显变质比例", "0", "0")  # '00': target 0, achieved 0
    assert rows[13] == ("可持续影响指标", "粮食储备设备维护及安全性", "高", "高")  # '高高' over a page break
    # the 效益 block printed again after a page's reprinted lead ('绩效 指标效 益 指 标生态 效益 指标')
    assert (project.indicators[11].level1, project.indicators[11].level2) == ("效益指标", "生态效益指标")
    assert rows[14][2:] == ("0起", "0起") and len(rows) == 16


def test_numbered_lines_are_pages_only_when_the_first_holds_a_glued_table(tmp_path):
    # a goal list numbered 1、 2、 is no page run; a space-separated docx header keeps its spaces
    from kg.parse import pages
    from kg.parse.cells import Cell
    from kg.parse.vocab import vocabulary
    goals = [Cell("1、完成全县5000吨稻谷、500吨成品粮的地方储备任务,保持和稳定地方粮食储备机制,确保粮食安全和市场供应", 1),
             Cell("2、县级储备粮库存数量真实率100%,储备粮管理专户管理率100%", 2)]
    assert pages.join_numbered_pages(goals, vocabulary()) == goals
    spaced = Cell("附件: 项目支出绩效自评表 项目名称 村级补助及运转经费 年度总体目标 绩效指标 一级指标 二级指标 三级指标 "
                  "年度指标值 实际完成值 分值 得分 产出指标(50分) 数量指标 补助村(社区)数量 =8个 8 8 8", 1)
    assert pages.join_numbered_pages([spaced], vocabulary()) == [spaced]


# fmt: off
@pytest.mark.parametrize("head, rows", [
    # https://taowenge.com/p-72820237.html (l03): budget, executed, rate; the rate is executed / budget
    ("实施单位粮食调控储备与产业发展股项目资金(万元)全年预算数(A)全年执行数(B)执行率(B/A)"
     "年度资金总额194.9194.9100%其中:中央、省、市补助县级资金194.9194.9100%其他资金年度总体目标",
     [["年度资金总额", "194.9", "194.9", "100%"], ["其中:中央、省、市补助县级资金", "194.9", "194.9", "100%"],
      ["其他资金", ""]]),
    # d06 (中江县水利局, 2022): with 分值 and 得分 (the score is the points times the rate); under 其中
    # only the amounts, no more than the total's
    ("实施单位中江县水利局资金情况(万元)全年预算数(A)全年执行数(B)分值执行率(B/A)得分"
     "年度资金总额:202010100.00%10其中:本年财政拨款2020其他资金年度总体目标",
     [["年度资金总额:", "20", "20", "10", "100.00%", "10"], ["其中:本年财政拨款", "20", "20"], ["其他资金", ""]]),
    # the same grid under the headings the Ministry of Finance's budget system prints in its exports
    # (调整后预算数, 实际执行数: its setup scripts, seen in public GitHub copies)
    ("实施单位中江县水利局资金情况(万元)调整后预算数(A)实际执行数(B)分值执行率(B/A)得分"
     "年度资金总额:202010100.00%10其中:本年财政拨款2020其他资金年度总体目标",
     [["年度资金总额:", "20", "20", "10", "100.00%", "10"], ["其中:本年财政拨款", "20", "20"], ["其他资金", ""]]),
])
# fmt: on
def test_a_glued_funds_grid_is_cut_by_its_arithmetic(head, rows):
    from kg.parse.funds import find_funds_grid
    from kg.parse.vocab import vocabulary
    start, end, grid = find_funds_grid(head, vocabulary())
    assert head[start:].startswith(("项目资金", "资金情况")) and head[end:] == "年度总体目标"
    assert grid[1:] == rows


def test_a_glued_funds_run_cut_more_than_one_way_is_left_whole():
    # no rate to check the amounts against: 1010 is 10 | 10 or 101 | 0 (or 1 | 010): no guess
    from kg.parse.funds import find_funds_grid
    from kg.parse.vocab import vocabulary
    assert find_funds_grid("项目资金(万元)全年预算数全年执行数年度资金总额1010其他资金", vocabulary()) is None


def test_a_self_evaluations_funds_headings_are_no_purpose():
    """k03 (南华县, pipe rows): 全年执行数 beside 全年预算数 is a heading of the funds grid, not the
    project's purpose; d06 and l03: the glued grid gives the budget."""
    assert [p.purpose for p in _projects(_one(WILD, "k03_"))] == [None]
    assert [p.budget.total for p in _projects(_one(WILD, "d06_"))] == [Decimal("20")]
    assert [p.budget.total for p in _projects(_one(WILD, "l03_"))] == [Decimal("194.9")]


def test_a_glued_row_whose_value_is_on_the_line_under_it_and_explanation_repeats_the_name():
    # https://www.li-xian.gov.cn/zwgk/public/6616363/1168565791.html (g03, 澧县食用菌研究所 2021,
    # 部门整体支出项目绩效目标申报表): name and 指标解释 glued, the 预期达到目标 on the next line;
    # the department is the project
    [project] = _projects(_one(WILD, "g03_"))
    assert (project.project, project.department, project.budget.total) == ("澧县食用菌研究所", True, Decimal("222.45"))
    rows = [(i.level2, i.name, i.description, i.target.raw) for i in project.indicators]
    assert rows[0] == ("数量指标", "研究培育食用菌品种数量", "研究培育食用菌品种数量", "2种")
    assert rows[5] == ("数量指标", "技术指导服务数量", "对生产种植企业技术指导服务数量", "10家")
    assert rows[7] == ("质量指标", "党建任务完成率", "上级党组织要求完成党建工作任务完成率", "100%")
    # an explanation that does not end as the name does cannot be told apart: kept with the name
    assert rows[4][1:] == ("消化利用农作物秸秆数量建立秸秆综合利用点", None, "5个")


# fmt: off
@pytest.mark.parametrize("text, split", [
    ("创建食用菌生产基地创建食用菌生产基地", ("创建食用菌生产基地", "创建食用菌生产基地")),
    ("党建任务完成率上级党组织要求完成党建工作任务完成率", ("党建任务完成率", "上级党组织要求完成党建工作任务完成率")),
    ("消化利用农作物秸秆数量建立秸秆综合利用点", None),
])
# fmt: on
def test_an_explanation_is_cut_off_its_name_where_it_ends_as_the_name_does(text, split):
    from kg.parse.gluedrow import split_name_explanation
    assert split_name_explanation(text) == split


# Fujian's transfer-payment tables (专项转移支付绩效目标表) have no 指标值 column: each area the
# money goes to (乡镇, 村, 县区) prints its own target in a column of its own, after 指标解释
# (and 指标方向), or under a 区域目标值 heading.

def test_village_columns_one_cell_per_line_give_the_target_they_all_print():
    # http://fjax.gov.cn/zwgk/zdgkxx/sl/slgcjs/202403/t20240304_3010568.htm (a04, 安溪县水利局 2022):
    # 指 标 解 释 | 西坪镇尧山村 | 桃舟乡吾培村 | … 7 villages, each printing 1
    [project] = _projects(_one(WILD, "a04_"))
    assert (project.project, project.unit_name, project.budget.total) == ("省级第七批水利专项资金", "安溪县水利局", Decimal("100"))
    [row] = project.indicators
    assert (row.name, row.description, row.target.raw) == ("开展小型水利工程建设(个)", "反映小型水利工程建设项目开展情况", "1")
    assert (row.target.kind, row.target.comparator, row.target.value) == ("quantitative", "=", Decimal("1"))


def test_glued_area_columns_take_their_comparator_from_指标方向():
    # https://www.chacewang.com/newsdetail/news886214.html (a02, 秀屿区水利局 2025, all glued on one
    # line): 指标解释 | 指标方向 | 笏石街道办 | 埭头镇; ≤ over 100% and 100% is ≤100%, 是/否 over 否 and 否 is 否
    [project] = _projects(_one(WILD, "a02_"))
    assert (project.unit_name, project.budget.total, project.budget.fiscal) == ("秀屿区水利局", Decimal("35"), Decimal("35"))
    rows = [(i.name, i.direction, i.target.raw, i.target.comparator, i.target.value) for i in project.indicators]
    assert rows == [("省级财政专项资金投入成本控制率(%)", "≤", "100%", "≤", Decimal("100")),
                    ("开展修复工程(个)", "≥", "1", "≥", Decimal("1")),
                    ("已建工程是否存在质量问题", "是/否", "否", None, None),
                    ("截至2026年12月底,项目开展率(%)", "≥", "100%", "≥", Decimal("100"))]
    # an explanation glued to its name without 反映 is cut where it ends as the name does
    assert project.indicators[2].description == "当年已完工项目是否在检查中发现质量问题"


def test_areas_that_print_different_targets_give_no_number():
    # https://www.chacewang.com/newsdetail/news284125.html (a03, 龙岩市民族与宗教事务局 2023, glued):
    # 区域目标值 over 新罗区 … 漳平市; 2312222 is one digit per county (2, 3, 1, 2, 2, 2, 2): kept side
    # by side as printed, a qualitative target; seven times >=95% is >=95%
    [project] = _projects(_one(WILD, "a03_"))
    assert (project.project, project.unit_name, project.unit_code, project.budget.total) == (
        "宗教管理经费补助", "龙岩市民族与宗教事务局", "230001", Decimal("30"))
    first, second = project.indicators
    assert first.target.raw == "新罗区：2；永定区：3；上杭县：1；武平县：2；长汀县：2；连城县：2；漳平市：2"
    assert (first.target.kind, first.target.value) == ("qualitative", None)
    assert (second.target.raw, second.target.comparator, second.target.value) == (">=95%", "≥", Decimal("95"))


# fmt: off
@pytest.mark.parametrize("text, area", [
    ("西坪镇尧山村", True), ("笏石街道办", True), ("埭头镇", True), ("漳平市", True),  # a04, a02, a03
    ("指标解释", False), ("区域目标值", False), ("产出指标", False), ("资金总额", False),
])
# fmt: on
def test_an_area_column_is_named_by_a_place(text, area):
    from kg.parse.vocab import vocabulary
    assert vocabulary().is_area(text) is area


def test_a_header_with_a_指标值_takes_no_area_columns():
    # a place after 指标值 is a row's cell, not a column: the rule is only for headers with no 指标值
    from kg.parse.cells import Cell
    from kg.parse.rows import header_at
    from kg.parse.vocab import vocabulary
    cells = [Cell(t, n + 1) for n, t in enumerate(["一级指标", "二级指标", "三级指标", "指标值", "新罗区"])]
    header, end = header_at(cells, 0, vocabulary())
    assert [c.text for c in header] == ["一级指标", "二级指标", "三级指标", "指标值"] and end == 4


def test_a_glued_fujian_head_reads_its_labels_and_bare_amounts():
    # a03 and a02: the unit's labels between the title and 项目名称; 区域 before a list of areas cuts
    # the project name; 资金情况(万元) heads the amounts, each glued bare to the next label
    from kg.parse.gluedtable import _head
    from kg.parse.vocab import vocabulary
    head = ("附件2专项转移支付绩效目标表(2023年度)部门(单位)名称龙岩市民族与宗教事务局部门预算编码230001项目名称"
            "宗教管理经费补助区域新罗区、永定区资金情况(万元)资金总额:30其中:财政拨款30其他资金总体目标为推进…")
    assert _head(head, vocabulary()) == [
        "附件2专项转移支付绩效目标表(2023年度)", "部门(单位)名称", "龙岩市民族与宗教事务局", "部门预算编码", "230001",
        "项目名称", "宗教管理经费补助", "区域", "新罗区、永定区", "资金情况(万元)", "资金总额:", "30",
        "其中:财政拨款", "30", "其他资金", "", "总体目标", "为推进…"]


def test_a_budget_label_over_a_row_of_fund_headings_takes_the_first_amount_below_them(tmp_path):
    # https://www.nanyue.gov.cn/nyczj/czysgk/2019njyhndyjs/nyqyg/nyncj/20231227/i3224710.html (c07,
    # 南岳区乡村振兴局 雨露计划 2023): 专项资金情况 spans three rows; 本年度预计投入(万元) is over the
    # headings 中央 | 省级 | 市级资金 | 本级 of 财政资金, and its amount is the first of the row below them
    path = tmp_path / "c07.txt"
    path.write_text("\n".join([
        "| 雨露计划绩效目标申报表 | |||||||||", "| (2023年度) | |||||||||",
        "| 专项基本情况 | 专项名称 | 2023年雨露计划就学补助项目 | |||||||",
        "| 主管部门 | 南岳区乡村振兴局 | 专项起止时间 | 2023年1月至12月 | ||||||",
        "| 专项资金情况 | 本年度预计投入(万元) | 财政资金(万元) | 其他 | ||||||",
        "| 中央 | 省级 | 市级资金 | 本级 | ||||||",
        "| 7 | 0 | 7 | 0 | 0 | 0 | ||||",
        "| 单位已有的保证专项实施的制度、措施 | 对就读职业技术学校的脱贫户或监测户子女发放就学补助 | ||||||||",
        "| 本年度绩效 目标 | 1.对提供就读学籍证明的学生了放就学补助; | ||||||||",
        "| 专项年度绩效指标 | 一级指标 | 二级指标 | 三级指标内容 | 指标值及单位 | |||||",
        "| 产出 指标 | 数量指标 | 年度申请就学补助户数 | >=101人/次 | ||||||",
    ]), encoding="utf-8")
    [project] = _projects(path)
    assert (project.project, project.budget.total, project.money_unit) == ("2023年雨露计划就学补助项目", Decimal("7"), "万元")
    assert project.purpose != "中央"  # the headings are no purpose text


def test_a_funds_grid_spaced_as_a_pdfs_text_layer_reads_as_its_pipe_dump(tmp_path):
    """南岳 2023 (c07) and 2020 (t02), 湖南's 专项资金 form, spaced as a PDF's text layer gives it: the grid's
    headings (``中央 省级 市级资金 本级``) and amounts (``7 0 7 0 0 0``) under its labels are rows, so the
    budget is the first amount under 本年度预计投入 as in the pipe dump (it was lost); and 专项概况 is the
    purpose, 单位已有的保证专项实施的制度、措施 a label of its own (its own text was taken as the purpose)."""
    from tests.variants import VARIANTS

    for prefix, budget, purpose in (("c07_", 7, "对就读职业技术学校的脱贫户或监测户子女发放就学补助"),
                                    ("t02_", 25, "为南岳区青少年提供教育辅导")):
        source = _one(WILD, prefix)
        spaced = tmp_path / source.name
        spaced.write_text(VARIANTS["spaces"](source.read_text(encoding="utf-8")), encoding="utf-8")
        assert "中央 省级 市级资金 本级" in spaced.read_text(encoding="utf-8")
        for path in (source, spaced):
            [project] = _projects(path)
            assert (project.budget.total, project.purpose[:len(purpose)]) == (budget, purpose), path.name
            assert _rows(project) == _rows(_projects(source)[0])


def test_a_指标名称_column_of_二级_names_takes_a_二级_whose_一级_cell_is_merged(tmp_path):
    # https://www.linhai.gov.cn/art/2024/6/7/art_1229304929_3933549.html (g04, 临海市 绿化养护经费 2024, a
    # 项目库 sheet): 指标类型 | 指标名称 | 指标值 | 指标描述 with the 二级 in 指标名称 and no 三级; ``时效指标 | 全年 | 全年`` lost its merged
    # 一级 cell: 时效指标 is its 二级 (and name) under 产出指标, 全年 its target and its description
    path = tmp_path / "g04.txt"
    path.write_text("\n".join([
        "项目名称: | 绿化养护经费 | 项目编号: |",
        "指标类型 | 指标名称 | 指标值 | 指标描述 |",
        "产出指标 | 数量指标 | 375万平方米 | 完成全市375万平方米的绿地养护、维护等 |",
        "质量指标 | 100% | 达到绿化绿地全覆盖 |",
        "时效指标 | 全年 | 全年 |",
        "效益指标 | 社会效益指标 | 是 | 满足市民生存环境的需求 |",
    ]), encoding="utf-8")
    [project] = _projects(path)
    assert [(i.level1, i.level2, i.name, i.target.raw, i.description) for i in project.indicators] == [
        ("产出指标", "数量指标", "数量指标", "375万平方米", "完成全市375万平方米的绿地养护、维护等"),
        ("产出指标", "质量指标", "质量指标", "100%", "达到绿化绿地全覆盖"),
        ("产出指标", "时效指标", "时效指标", "全年", "全年"),
        ("效益指标", "社会效益指标", "社会效益指标", "是", "满足市民生存环境的需求")]


def test_a_transfer_payment_region_table_names_its_fund_and_its_annual_amount(tmp_path):
    # http://wap2hd.com/zwgk_156/zfxxgkml/czzjzdjc/gzjz/202203/t20220316_10514456.html (j01, a mirror of 忠县
    # 财政局's 生猪(牛羊)调出大县奖励资金区域绩效目标表 2022; c08 休宁县 prints the same family's 中央主管部门 /
    # 地方主管部门 / 地方资金): 资金名称 is the project, 年度金额(万元) the budget, 其中:中央补助 its fiscal
    # part, the lowest 主管部门 printed the unit; 中央主管部门 and 地方资金(万元) are no purpose text
    path = tmp_path / "j01.txt"
    path.write_text("\n".join([
        "生猪(牛羊)调出大县奖励资金区域绩效目标表 | |||||", "资金名称 |", "生猪(牛羊)调出大县奖励资金 | ||||",
        "中央主管部门 |", "财政部、农业农村部 | ||||", "省级财政部门 |", "重庆市财政局 | ||||",
        "省级主管部门 |", "重庆市农业农村委员会 | ||||", "区县财政部门 |", "忠县财政局 | ||||",
        "区县主管部门 |", "忠县农业农村委员会 | ||||", "资金情况 |", "年度金额(万元): |", "397 | |||",
        "其中:中央补助(万元) |", "397 | ||||", "地方资金(万元) |", "|||||", "年度目标 |",
        "到2022年底,生猪生产稳定有序发展,能繁母猪保有量、规模养殖场保有量完成市政府既定目标,推进畜牧业高质量发展。 | ||||",
        "一级指标 |", "二级指标 |", "三级指标 |", "单位 |", "指标值 | |", "绩效指标 |", "产出指标 |", "数量指标 |",
        "猪肉产量稳定率 |", "% |", "≥95% |",
    ]), encoding="utf-8")
    [project] = _projects(path)
    assert (project.project, project.unit_name, project.budget.total, project.budget.fiscal, project.purpose) == (
        "生猪(牛羊)调出大县奖励资金", "忠县农业农村委员会", Decimal("397"), Decimal("397"), None)
    assert _rows(project) == [("产出指标", "数量指标", "猪肉产量稳定率", "≥95%")]


def test_a_一级目标_header_cell_is_the_一级_column(tmp_path):
    # http://blackcurrantstudio.com/zdlyxxgk/dzjg/lcsczj/czysjshsgjfgk/czzxxx/content/post_2231307.html (l04, a
    # mirror of 乐昌市财政局's 中等职业学校国家助学金和免学费补助资金绩效目标表 2018, the transfer-payment family
    # of j01): 一級目標 heads the 一级 column, 未達到指標值原因 is a remark; 其中:中央資金 is a label, not the
    # budget (the 资金情况 rows are empty)
    path = tmp_path / "l04.txt"
    path.write_text("\n".join([
        "中等職業(yè)學(xué)校國家助學(xué)金和免學(xué)費補助資金績效目標(biāo)表 | ||||||", "(2018年度) | ||||||",
        "專項名稱 | 學(xué)生資助補助經(jīng)費(中等職業(yè)學(xué)校國家助學(xué)金和免學(xué)費補助資金) | |||||",
        "資金情況 (萬元) |", "年度金額 | |||||", "其中:中央資金 | ||||||", "地方資金 | 市: | 縣: | ||||",
        "績效指標(biāo) | 一級目標(biāo) | 二級指標(biāo) | 三級指標(biāo) | 指標(biāo)值 | 實際完成值 | 未達到指標(biāo)值原因 |",
        "產(chǎn)出指標(biāo) | 數(shù)量指標(biāo) | 中等職業(yè)學(xué)校國家助學(xué)金應(yīng)受助學(xué)生數(shù) | 100% | |||",
    ]), encoding="utf-8")
    [project] = _projects(path)
    assert project.budget.total is None and project.budget.fiscal is None
    assert _rows(project) == [("產(chǎn)出指標(biāo)", "數(shù)量指標(biāo)", "中等職業(yè)學(xué)校國家助學(xué)金應(yīng)受助學(xué)生數(shù)", "100%")]


def test_a_title_wrapped_over_lines_takes_the_year_that_ends_the_line_above_it(tmp_path):
    # http://www.tyc-yl.com/zwgk_53713/ysgk_59783/czjzxzj/202207/t20220710_5930157.html (d01, 天津市宝坻区
    # 畜禽粪污资源化利用 2022): the title wraps as …整县推进项目)2022年 / 中央预算内投资计划绩效目标表
    path = tmp_path / "d01.txt"
    path.write_text("\n".join([
        "附件", "天津市农业绿色发展专项(畜禽粪污", "资源化利用整县推进项目)2022年", "中央预算内投资计划绩效目标表",
        "(天津市宝坻区畜禽粪污资源化利用整区推进项目)", "专项名称 |", "农业绿色发展专项 (畜禽粪污资源化利用整县推进项目) | ||||",
        "下达地方或单位 |", "宝坻区人民政府 | ||||", "下达中央预算内投资(万元) |", "2350 | ||||",
        "总 体 目 标 |", "提高畜禽粪污综合利用率和规模养殖场设施装备配套率。 | ||||",
        "绩 效 指 标 |", "一级指标 |", "二级指标 |", "三级指标 |", "指标值 | |",
        "实施效果指标 |", "产出指标 |", "建设项目个数(含续建) |", "1 |",
    ]), encoding="utf-8")
    [project] = _projects(path)
    assert (project.year, project.budget.total) == (2022, Decimal("2350"))


def test_a_budget_label_holding_its_amount_after_the_colon_is_read(tmp_path):
    # http://www.wuchuan.gov.cn/zfxxgknew_27916/fdzdgknr/zfwjnew/202112/t20211220_1104864.html (n16,
    # 武川县民委 2021): ``年度资金总额:50万`` is the label and the amount in one cell; the next cell is the
    # fund's name, which ends in the same 50
    path = tmp_path / "n16.txt"
    path.write_text("\n".join([
        "绩效目标申报表 | ||||||||", "(2021年度) | ||||||||",
        "项目名称 | 大青山乡沙湾子少数民族聚居村养殖场基础设施建设项目 | 项目负责人及电话 | 达布 15947711885 | |||||",
        "主管部门 | 武川县民族事务委员会 | 实施单位 | 武川县民族事务委员会 | |||||",
        "资金情况 (万元) |",
        "年度资金总额:50万 | 中央衔接推进乡村振兴补助资金(少数民族发展任务)50 | ||||||",
        "其中:财政拨款 | 中央衔接推进乡村振兴补助资金(少数民族发展任务)50 | |||||||",
        "其他资金 | ||||||||",
        "一级指标 | 二级指标 | 三级指标 | 指标值 | ||||",
        "时效指标 | 开工时限 | 2021年7月 | ||||||",
    ]), encoding="utf-8")
    [project] = _projects(path)
    assert (project.budget.total, project.budget.raw[0]) == (Decimal("50"), "50万")


def test_a_专项_项目_名称_label_names_the_project(tmp_path):
    # http://www.chencang.gov.cn/col8173/col8180/col8789/col9203/202005/t20200529_126007.html (n17, 陈仓区
    # 水利局 2020, 陕西's 省级财政水利发展资金绩效目标表): ``专项(项目)名称``, one cell per line
    path = tmp_path / "n17.txt"
    path.write_text("\n".join([
        "2020年省级财政水利发展资金绩效目标表", "", "(2020)年度", "", "专项(项目)名称", "",
        "农村饮水安全巩固提升工程专项", "", "市级主管部门", "", "宝鸡市水利局", "",
        "一级指标", "", "二级指标", "", "三级指标", "", "指标值", "",
        "产出指标", "", "数量指标", "", "新建水厂", "", "≥2处",
    ]), encoding="utf-8")
    [project] = _projects(path)
    assert project.project == "农村饮水安全巩固提升工程专项"


_TONGXIN_NOTICE = [
    "标 题: | 同心县2025年设施农业技术培训项目绩效目标设定 |",
    "县人民政府:",
    "根据…精神,安排同心县2025年设施农业技术培训资金30万元。项目建设内容:吸纳同心县内300人(户)…现将具体绩效目标设定如下:",
    "一、产出指标", "(一)数量指标", "设施温棚种植人员(县内培训)≧300人;",
    "(三)时效指标", "完成时限,2025年10月底前;",
    "(四)成本指标", "设施农业种植人员(县内培训)≦1000元/人;",
    "二、效益指标", "(一)经济效益指标", "带动村集体及种植户增收致富,增加;",
    "三、满意度指标", "参训学员满意度≥95%。",
    "附件:同心县2025年设施农业技术培训项目绩效目标表",
    "同心县农业农村局",
]


def test_a_notice_listing_its_targets_under_category_headings_reads_as_its_table(tmp_path):
    # https://www.tongxin.gov.cn/zwgk/zfxxgkml/zfwj_54948/202507/t20250707_4954268.html (n15, 同心县
    # 农业农村局 2025; e10 is the same county's notice of 2023): no table, the targets listed under
    # 一、产出指标 / (一)数量指标, one a line, the name before the comparator or the last comma
    path = tmp_path / "n15.txt"
    path.write_text("\n".join(_TONGXIN_NOTICE), encoding="utf-8")
    [project] = _projects(path)
    assert (project.project, project.budget.total, project.year) == ("同心县2025年设施农业技术培训项目", Decimal("30"), 2025)
    assert [(i.level1, i.level2, i.name, i.target.raw) for i in project.indicators][:5] == [
        ("产出指标", "数量指标", "设施温棚种植人员(县内培训)", "≧300人"),
        ("产出指标", "时效指标", "完成时限", "2025年10月底前"),
        ("产出指标", "成本指标", "设施农业种植人员(县内培训)", "≦1000元/人"),
        ("效益指标", "经济效益指标", "带动村集体及种植户增收致富", "增加"),
        ("满意度指标", project.indicators[4].level2, "参训学员满意度", "≥95%"),
    ]
    assert (project.indicators[0].target.comparator, project.indicators[0].target.value) == ("≥", Decimal("300"))
    assert [i.source.line for i in project.indicators] == [6, 8, 10, 13, 15]  # each its own line


def test_a_notice_whose_page_grid_lost_its_cell_bars_takes_its_title_from_the_metadata_line(tmp_path):
    # the same notice (n15) as a web page's text leaves its metadata grid without the cells' bars:
    # ``标 题: 同心县2025年…绩效目标设定`` on one line is still the title that names the project
    lines = ["索 引 号 640324017/2025-00370 发文时间 2025-04-26", "发布机构 同心县农业农村局 文 号 无",
             _TONGXIN_NOTICE[0].replace(" |", "").replace("| ", ""), *_TONGXIN_NOTICE[1:]]
    [project] = _projects_of_lines(tmp_path, "n15_spaced.txt", lines)
    assert (project.project, project.budget.total, project.year) == ("同心县2025年设施农业技术培训项目", Decimal("30"), 2025)
    assert len(project.indicators) == 5


def test_headings_over_lines_that_are_no_targets_make_no_table(tmp_path):
    path = tmp_path / "notice.txt"
    lines = [line for line in _TONGXIN_NOTICE if not line.endswith(("人;", "前;", "/人;", "增加;", "%。"))]
    path.write_text("\n".join(lines + ["一、产出指标", "(一)数量指标", "全面完成培训任务"]), encoding="utf-8")
    assert _projects(path) == []


def test_a_department_table_takes_its_资金总额_not_a_task_amount_of_its_年度履职目标(tmp_path):
    # http://ndfzw.com/ggl/2019-12-31/7211.html (p01, 宁德市委党史和地方志研究室 2019, 部门整体支出绩效目标表):
    # 年度预算安排(万元) wrapped over four lines above 资金总额 / 项目支出 / 基本支出, then a 年度履职目标 grid
    # whose 预算金额(万元) column holds each task's amount
    path = tmp_path / "p01.txt"
    path.write_text("\n".join([
        "部门整体支出绩效目标表", "2019年度)",
        "部门(单位)名称 中共宁德市委党史和地方志研究室 部门预算编码 901001033",
        "年度", "预算", "安排", "(万元)",
        "        资金总额 171.41", "  项目支出 60.8", "  基本支出 110.61",
        "年度", "总体", "目标",
        " 目标1:确保本室各人员工资及福利的发放;",
        "年度", "履职", "目标",
        "部门职能 年度目标任务 支出项目名称 预算金额(万元)",
        "组织、指导、编纂、督促和检查地方志、年鉴、地情工作 保障志鉴地情相关工作开展所需资金,确保完成2019年度任务 地情、市志编纂与年鉴出版经费 49.8",
        "确保本室各人员工资及福利的发放 按时发放2019年人员福利 地情、市志编纂与年鉴出版经费 11",
        "",
        "一级指标 二级指标 三级指标 指标解释 目标值",
        "产出指标 数量指标 志鉴地情相关工作开展所需资金的供应时效 100%(历史标准) 100%",
    ]), encoding="utf-8")
    [project] = _projects(path)
    assert project.budget.total == Decimal("171.41")
    assert project.purpose is None  # 项目支出 60.8 is a share of the budget, not a purpose
    assert project.goals == ("确保本室各人员工资及福利的发放;",)
    assert _rows(project) == [("产出指标", "数量指标", "志鉴地情相关工作开展所需资金的供应时效", "100%")]


def test_a_budget_disclosure_listing_each_categorys_targets_in_one_cell():
    """荆门 2022 (af01, http://jingmen.gov.cn/art/2023/6/20/art_19635_996154.html): no indicator table;
    ``年度绩效总目标 | 产出指标 | 开展文物安全巡查频次8次;编制文物宣传资料数量3个;…`` lists a 一级's
    targets in one cell, each name and target glued, and the lines after them (资金拨付对象, 项目实施进度)
    are no targets. The file was rejected as having no indicator table."""
    [project] = _projects(_one(WILD, "af01_"))
    assert (project.project, project.budget.total, project.money_unit) == ("全市文物保护专项经费", 36, "万元")
    assert [(i.level1, i.name, i.target.raw) for i in project.indicators] == [
        ("产出指标", "开展文物安全巡查频次", "8次"), ("产出指标", "编制文物宣传资料数量", "3个"),
        ("产出指标", "文物保护知识培训次数", "2次"), ("产出指标", "申报省级以上重点文物保护项目数", "3个"),
        ("产出指标", "文物保护项目验收合格率", "≥86%"), ("产出指标", "文物展品安全保障率", "≥96%"),
        ("效益指标", "文物保护宣传覆盖人次", "≥20万人次"), ("效益指标", "文物保护名录和数据库", "基本健全"),
        ("效益指标", "文物保护修缮个数", "≥5个")]
    assert project.indicators[6].target.base_value == 200000


def test_a_transfer_self_evaluation_spaced_with_numbered_names_and_sentence_targets():
    """旺苍 2021 (ag01, https://scgw.gov.cn/Detail.aspx?id=20220601112823798): ``转移(项目)名称`` names the
    project (转移支付 with 支付 left out), and a spaced row opened by a numbered name (`` 指标2:村卫生室实施
    国家基本药物制度 实施基本药物制度补助村卫生室352个。 本年度已完成…``) is a row under the 二级 above it."""
    [project] = _projects(_one(WILD, "ag01_"))
    assert (project.project, project.budget.total, project.year) == ("基本药物制度补助资金", Decimal("2300.67"), 2021)
    assert [(i.level2, i.name, i.target.value, i.target.unit) for i in project.indicators] == [
        ("数量指标", "指标1:政府办基层医疗卫生机构实施国家基本药物制度覆盖率", 37, "个"),
        ("数量指标", "指标2:村卫生室实施国家基本药物制度", 352, "个"),
        ("质量指标", "指标1:基层医疗卫生机构实施基本药物制度补助。", 37, "个")]


def test_a_glued_department_table_whose_header_the_forms_words_lead():
    """祁东疾控 2024 (ag03, http://www.qdx.gov.cn/xxgk/czzj/jxgl/20241211/i3532884.html), glued: the header
    ``部门整体支出 年度绩效指标一级指标二级指标三级指标指标值及单位`` opens with the form's own words (the
    file was rejected as having no indicator table), and ``年度预算申请 (万元)资金总额:952.22`` gives the
    total after its block's heading and money note."""
    [project] = _projects(_one(WILD, "ag03_"))
    assert (project.project, project.budget.total, project.year) == ("祁东县疾病预防控制中心", Decimal("952.22"), 2024)
    assert _rows(project)[1:] == [("产出指标", "数量指标", "免疫规划知识培训次数", "2次以上"),
                                  ("产出指标", "数量指标", "免疫规划知识培训人次", "200人以上")]


def test_a_merged_level2_printed_half_above_and_half_below_its_row_one_cell_a_line():
    """青山区科经局 2021 (ah01, http://www.qingshan.gov.cn/qzfbm/zfgzbm/kjj/czxx/zjxx/202102/t20210208_1632210.shtml),
    one cell a paragraph: ``社会公众或服务`` / ``政策满意度`` / ``≥90%`` / ``对象满意度指标`` is the 二级
    社会公众或服务对象满意度指标 over its row (its row took the 二级 above it)."""
    [project] = _projects(_one(WILD, "ah01_"))
    # its 一级 is printed nowhere: the one above it runs on (效益指标)
    assert _rows(project)[-1] == ("效益指标", "社会公众或服务对象满意度指标", "政策满意度", "≥90%")
    assert _rows(project)[-2][1:] == ("可持续影响指标", "长效管理机制健全性", "健全")


def test_a_notice_naming_its_projects_funds_and_cut_inside_its_list(tmp_path):
    """同心县下马关镇 2022 (af02, https://tongxin.gov.cn/zwgk/zfxxgkml/zdxm/zdxm_54945/202212/t20221215_3889848.html):
    the title names the project's funds (``关于解决…示范村项目资金绩效目标设定的公示``), the text its total
    (``资金总额500万元``), and the page's excerpt ends inside the list (``…10157.6平方米,环``): the project
    is …示范村项目 with 500 万元, and the cut item is reported, not a target in words of its own."""
    [project] = _projects(_one(WILD, "af02_"))
    assert (project.project, project.budget.total, project.year) == (
        "同心县2022年下马关镇上垣、下垣村乡村振兴人居环境综合整治示范村项目", Decimal("500"), 2022)
    assert _rows(project) == [("产出指标", "数量指标", "商业段外立面改造(≥**平方米)", "大于等于10157.6平方米")]
    assert any("'环'" in w.reason and w.line == 7 for w in project.warnings)


def test_a_notice_running_its_headings_and_targets_on_one_line_reads_each_target(tmp_path):
    # https://www.tongxin.gov.cn/zwgk/zfxxgkml/zdxm/zdxm_54945/202309/t20230919_4273316.html (e10, 同心县
    # 下马关镇 2023): headings ``一、 产出指标`` spaced after 、; 二级 names before ``:`` or ``,`` inside the
    # lines; targets ended by ``;``, ``。`` or the comma after a value; 2023 only in the cited notices
    path = tmp_path / "e10.txt"
    path.write_text("\n".join([
        "标 题: | 关于下马关镇设施农业黄金蜜(葡萄)种植项目绩效目标设定的公示 |",
        "根据《关于下达2023年中央财政衔接推进乡村振兴资金预算指标的通知》(同财农(农)指标〔2023〕2-1号)精神,"
        "安排…资金50万元,实施同心县下马关镇设施农业黄金蜜(葡萄)种植项目。现将绩效目标设定如下:",
        "一、 产出指标",
        "数量指标:★补助各类瓜果蔬菜种植数量,黄金蜜(葡萄)种植数量(≥**株)>=17600株;种植作物成活率(≥**%)>=85;"
        "时效指标:完成及时率(≥**%)>=100%。",
        "二、 效益指标",
        "效益指标:经济效益指标:脱贫地区特色产业产值(≥**万元)≥80万元,促使脱贫户、监测户增加收入(≥**万元)≥80万元;"
        "生态效益指标:生态修复功能提高。可持续影响指标,持续发展。",
        "三、 满意度指标",
        "服务对象满意度指标,受益脱贫户满意度(≥**%)≥95%。",
        "附件:下马关镇设施农业黄金蜜(葡萄)种植项目绩效目标设定表.xlsx",
    ]), encoding="utf-8")
    [project] = _projects(path)
    assert (project.project, project.budget.total, project.year) == (
        "下马关镇设施农业黄金蜜(葡萄)种植项目", Decimal("50"), None)
    assert _rows(project) == [
        ("产出指标", "数量指标", "黄金蜜(葡萄)种植数量(≥**株)", ">=17600株"),
        ("产出指标", "数量指标", "种植作物成活率(≥**%)", ">=85"),
        ("产出指标", "时效指标", "完成及时率(≥**%)", ">=100%"),
        ("效益指标", "经济效益指标", "脱贫地区特色产业产值(≥**万元)", "≥80万元"),
        ("效益指标", "经济效益指标", "促使脱贫户、监测户增加收入(≥**万元)", "≥80万元"),
        ("效益指标", "生态效益指标", "生态修复功能提高", "生态修复功能提高"),
        ("效益指标", "可持续影响指标", "持续发展", "持续发展"),
        ("满意度指标", "服务对象满意度指标", "受益脱贫户满意度(≥**%)", "≥95%"),
    ]
    assert [i.source.line for i in project.indicators] == [4, 4, 4, 6, 6, 6, 6, 8]


def test_a_units_listing_of_projects_with_bracketed_category_headings_reads_each_project(tmp_path):
    # https://www.huangshan.gov.cn/zwgk/public/6615714/11798831.html (n11, 黄山市公安局 2025 项目绩效目标和指标):
    # column headings, the unit's and a category's subtotal lines, then per project its code, name and
    # amount, 【项目概况】:…, 【总体目标】, and targets under 【一级-二级】 headings, the value in brackets
    path = tmp_path / "n11.txt"
    lines = [
        "黄山市公安局2025年项目绩效目标和指标", "发文日期: 2025-05-20",
        "单位编码", "单位名称(项目类别", "/支出项目)", "年度预算安排", "项目内容", "绩效目标", " ",
        "黄山市公安局", "92156434", " ", "037001", "黄山市公安局", "27955180", " ", "  其他运转类", "1681680", " ",
        "   037001", "   黄山市雪亮工程市本级机房租赁2024至2027服务采购项目", "1681680",
        "【项目概况】:该项目为市本级雪亮工程后端机房租赁服务,共计77个机柜,租赁周期为36个月。",
        "【总体目标】", "保障雪亮工程机房租赁延续,保障机房内所有设备设施运转",
        "【产出指标-数量指标】", "指标1:机柜数量(≥77台)",
        "【产出指标-时效指标】", "指标1:维护及时性(<24小时)",
        "【效益指标-社会效益指标】", "指标1:服务保障民生(有力保障)",
        "【满意度指标-服务对象满意度指标】", "指标1:提升群众安全感(≥90%)",
        " ", "  本级项目", "26273500", " ", "   037001", "   执法办案费", "100000",
        "【项目概况】:专门用于国保、反恐、禁毒业务,打击违法犯罪,维护社",
    ]
    path.write_text("\n\n".join(lines), encoding="utf-8")
    items = list(kg.extract(path))
    [project] = [i for i in items if isinstance(i, kg.Project)]
    assert (project.project, project.budget.total, project.year, project.unit_name) == (
        "黄山市雪亮工程市本级机房租赁2024至2027服务采购项目", Decimal("1681680"), 2025, "黄山市公安局")
    assert project.purpose.startswith("该项目为市本级雪亮工程后端机房租赁服务")
    assert project.goals == ("保障雪亮工程机房租赁延续,保障机房内所有设备设施运转",)
    assert _rows(project) == [
        ("产出指标", "数量指标", "指标1:机柜数量", "≥77台"),
        ("产出指标", "时效指标", "指标1:维护及时性", "<24小时"),
        ("效益指标", "社会效益指标", "指标1:服务保障民生", "有力保障"),
        ("满意度指标", "服务对象满意度指标", "指标1:提升群众安全感", "≥90%"),
    ]
    # the second project is cut before its targets: reported, not read into the first
    [error] = [i for i in items if isinstance(i, kg.TableError)]
    assert error.line == lines.index("   执法办案费") * 2 + 1


def test_a_sheet_copy_with_merged_first_cells_and_empty_annual_columns_reads_by_column(tmp_path):
    # a sheet copied to text, in the long-term / annual shape of tests/cases/layout5: under a merged
    # 一级 cell a row starts with a tab (an empty first field); a long-term target with no annual one
    # beside it ends in empty fields
    [project] = _projects_of_lines(tmp_path, "sheet.txt", [
        "项目名称\t城区绿化养护\t\t\t\t\t",
        "年度资金总额\t120\t\t\t\t\t",
        "一级指标\t二级指标（长期）\t三级指标（长期）\t指标值（长期）\t二级指标（年度）\t三级指标（年度）\t指标值（年度）",
        "产出指标\t数量指标\t养护面积\t≥50万平方米\t数量指标\t养护面积\t≥50万平方米",
        "\t质量指标\t苗木成活率\t≥95%\t质量指标\t苗木成活率\t≥95%",
        "效益指标\t可持续影响指标\t绿化长效管护\t≥5年\t\t\t",
    ])
    annual = [(i.level1, i.level2, i.name, i.target.raw) for i in project.indicators]
    assert annual[:2] == [("产出指标", "数量指标", "养护面积", "≥50万平方米"),
                          ("产出指标", "质量指标", "苗木成活率", "≥95%")]
    [long_only] = [i for i in project.indicators if i.long_term and i.long_term.name == "绿化长效管护"]
    assert (long_only.long_term.level2, long_only.long_term.target.raw) == ("可持续影响指标", "≥5年")


@pytest.mark.parametrize("folder, prefix", [(DEV, "003_"), (WILD, "e09_"), (WILD, "g01_"), (WILD, "g04_"),
                                             (WILD, "h02_")])
def test_a_table_copied_from_a_sheet_reads_as_its_pipe_dump(tmp_path, folder, prefix):
    # a user pastes the sheet (tab-separated, empty fields kept) rather than the pipe dump: the
    # same projects, budgets and rows come out
    source = _one(folder, prefix)
    copied = tmp_path / source.name
    copied.write_text(sheet_copy(source.read_text(encoding="utf-8")), encoding="utf-8")

    def read(path: Path) -> list[tuple]:
        return [(p.project, p.budget.total, _rows(p)) for p in _projects(path)]

    assert read(copied) == read(source)


def test_a_one_sheet_table_of_two_projects_one_cell_a_line_reads_as_its_pipe_dump(tmp_path):
    # 003 (井研县马踏镇 2023, one sheet: 单位名称 | 项目名称 | 预算数 | 年度目标 | 一级指标 …, a project's
    # cells on its first row): one cell a line, its header's project columns were read as a project's
    # labels with no value, and both projects were lost
    source = _one(DEV, "003_")
    cells = tmp_path / source.name
    cells.write_text(one_cell_a_line(source.read_text(encoding="utf-8")), encoding="utf-8")

    def read(path: Path) -> list[tuple]:
        return [(p.project, p.budget.total, p.goals, _rows(p)) for p in _projects(path)]

    assert [project for project, *_ in read(cells)] == ["村组干部报酬", "基层组织活动经费"]
    assert read(cells) == read(source)


def test_a_glued_funds_grid_in_full_width_digits_is_cut_as_in_ascii(tmp_path):
    # d06 (中江县水利局 2022, a glued .docx self-evaluation) with its digits, ％ and brackets full-width, as a
    # Word file may print them: ``年度资金总额:２０２０１０１００.００％１０`` is cut into 20 / 20 / 10 / 100.00％ / 10
    source = _one(WILD, "d06_")
    wide = str.maketrans({c: chr(ord(c) + 0xFEE0) for c in "0123456789%():"})
    copied = tmp_path / source.name
    copied.write_text(source.read_text(encoding="utf-8").translate(wide), encoding="utf-8")
    [project] = _projects(copied)
    assert (project.budget.total, project.budget.raw[0]) == (Decimal("20"), "２０")


def _read(path: Path) -> list[tuple]:
    return [(p.project, _rows(p)) for p in _projects(path)]


def _read_spaced(tmp_path: Path, source: Path) -> list[tuple]:
    """The projects and rows of ``source`` written with its pipe rows spaced (``spaced``)."""
    copy = tmp_path / source.name
    copy.write_text(spaced(source.read_text(encoding="utf-8")), encoding="utf-8")
    return _read(copy)


@pytest.mark.parametrize("folder, prefix", [(DEV, "016_"), (WILD, "c08_"), (WILD, "u03_")])
def test_rows_spaced_like_a_pdf_with_a_target_after_the_name_read_as_their_pipe_dump(tmp_path, folder, prefix):
    # 016 (浮梁县林业局, ``保障退休职工人数(人) = 81 人 该指标值数据合理``) and c08 (休宁县文物局's self-evaluation,
    # ``指标2:安全事故发生率 <=0% <=0% ——``): a row whose second or third piece is a clean quantity is cut
    # into cells, though none of its pieces is a known word; u03 (黄石 2022): ``2022年全年 ≥360天 ≥360天``,
    # a name that reads as a period before targets only
    source = _one(folder, prefix)
    assert _read_spaced(tmp_path, source) == _read(source)


@pytest.mark.parametrize("prefix", ["d05_", "ac02_", "g04_"])
def test_a_header_word_wrapped_onto_a_line_of_its_own_between_spaced_rows_stays_one_word(tmp_path, prefix):
    # d05 (丽江 古城区 2020, ``一級 指標(biāo) |`` over ``二級指標(biāo) 三級指標(biāo) …``) and ac02 (金寨 2023,
    # ``实际 完成值 |`` between the header's other lines) written spaced as a PDF's text layer: a line of
    # two words that make one column name is that name, not a row of a name and its target in words;
    # g04 (临海 2024): its 二级 spelled its own way (可持续性发展影响指标) is a 二级 where no column says so
    source = _one(WILD, prefix)
    assert _read_spaced(tmp_path, source) == _read(source)


def test_a_table_cut_after_its_header_keeps_its_project_and_budget_with_a_warning(tmp_path):
    # c02's second table (六安市金安区体育局 2025): the page ends right after the indicator header; the
    # project and its budget are the table's all the same, and the cut is said
    path = tmp_path / "c02.txt"
    path.write_text("\n".join([
        "项目支出绩效目标表 |", "(2025年度) |", "项目名称 |", "安徽省常规赛费用 |", "主管部门及代码 |",
        "[042]六安市金安区体育局 |", "年度资金总额: |", "1200.00 |", "其中:财政拨款 |", "1200.00 |",
        "年度", "目标 |", "因财政资金紧张,结转2024年六运会项目资金 |",
        "一级", "指标 |", "二级指标 |", "三级指标 |", "指标值 |", "产出指标 |", "数量指标 |",
    ]), encoding="utf-8")
    items = list(kg.extract(path))
    [project] = [i for i in items if isinstance(i, kg.Project)]
    assert (project.project, project.budget.total, project.indicators) == ("安徽省常规赛费用", Decimal("1200.00"), ())
    assert any("no indicator row could be read" in w.reason for w in project.warnings)


def _one_cell_per_line(text: str) -> str:
    """A pipe dump's rows as a .docx dumped one cell per line gives them, a blank line after each."""
    rows = []
    for line in text.splitlines():
        cells = pipe_cells(line)
        if cells is None:
            rows.append(line)
            continue
        while cells and not cells[-1]:
            cells.pop()
        rows += [part for c in cells for part in (c or " ", "")]
    return "\n".join(rows) + "\n"


def test_a_category_name_left_at_a_cut_pages_end_is_no_target(tmp_path):
    # e04 (原州区自然资源局 2022) one cell per line: the page ends on the 一级 ``满意度指标`` after the last row,
    # whose sentence stands over 三级 and 指标值; that 一级 is no 指标值 of the row before it
    source = _one(WILD, "e04_")
    cells = tmp_path / source.name
    cells.write_text(_one_cell_per_line(source.read_text(encoding="utf-8")), encoding="utf-8")
    [project] = _projects(cells)
    assert "满意度指标" not in [i.target.raw for i in project.indicators]
    assert _rows(project) == _rows(*_projects(source))


def test_a_budget_cell_of_an_amount_then_the_funds_name_gives_the_amount(tmp_path):
    # n16 (武川县民委 2021) spaced as a PDF's text layer prints it: ``年度资金总额:50万 中央衔接…资金(少数民族发展任务)50``,
    # the amount, then the fund it comes from in the same cell
    source = _one(WILD, "n16_")
    copy = tmp_path / source.name
    copy.write_text(spaced(source.read_text(encoding="utf-8")), encoding="utf-8")
    [project] = _projects(copy)
    assert (project.budget.total, project.budget.raw[0]) == (Decimal("50"), "50万")


def test_a_comparator_in_the_value_type_column_and_the_department_budget_label():
    # http://nxjw.nanxian.gov.cn/14890/36191/36261/38621/content_2047266.html (q01, 南县疾控中心 2025,
    # 湖南's 2025 项目支出绩效目标表): 指标值类型 holds ≤ or 定性, 目标值 the number, 度量单位 the unit;
    # the budget is 部门预算 beside 年度本级预算金额 and 该项目支出上级资金 (a label, not the purpose)
    [project] = _projects(_one(WILD, "q01"))
    assert (project.project, project.budget.total, project.money_unit, project.period, project.purpose) == (
        "基本公共卫生服务和应急处理及卫生监督执法专项", Decimal("70.00"), "万元", "2025年", None)
    assert project.goals and project.goals[0].startswith("对全县突发卫生公共事件进行相关人员培训")
    cost = _indicator(project, "疾病预防控制中心经费")
    assert (cost.level1, cost.level2, cost.target.comparator, cost.target.value, cost.target.unit) == (
        "成本指标", "经济成本指标", "≤", Decimal("70"), "万元")
    social = _indicator(project, "实施项目对社会产生的不利影响")
    assert (social.level2, social.target.kind, social.target.raw) == ("社会成本指标", "qualitative", "减少")


def test_a_notice_of_an_evaluation_names_its_project_in_quotes_and_gives_budgeted_and_reached_values():
    # https://swsyzx.nankai.edu.cn/2018/1203/c33136a517692/page.htm (r01, 南开大学 2018): the title
    # 关于“2018生物实验教学中心建设项目” / 预算绩效评价结果的公示 over two lines, columns 预算设定指标值 |
    # 项目完成指标值, then the evaluation's scores, 公示期 and the contact address: no more rows
    [project] = _projects(_one(WILD, "r01_"))
    assert project.project == "2018生物实验教学中心建设项目"
    assert project.unit_code is None  # 2018生物实验… opens the notice's sentence: a year, not a unit code
    assert len(project.indicators) == 9
    first, last = project.indicators[0], project.indicators[-1]
    assert (first.name, first.target.raw, first.actual.raw) == ("购置仪器设备(不计低值小零件和定制产品)", "31", "42")
    assert (last.level1, last.name, last.target.comparator, last.target.value) == (
        "满意度指标", "师生对实验室改造满意度", "≥", Decimal("95"))


def test_another_table_under_the_indicators_ends_them_and_shanxi_names_its_level2_by_its_level1():
    # https://m.bidcenter.com.cn/newsrili-1-299854354.html (r06, 吕梁山护工培训 2021, OCR of an image):
    # 二级 产出数量 / 产出质量 / 产出时效 / 产出成本, and a schools' allocation table after the last
    # indicator (序号 | 学校性质 | 培训机构 | …) whose rows are no indicators
    [project] = _projects(_one(WILD, "r06_"))
    assert [i.level2 for i in project.indicators[:9]] == ["产出数量"] * 2 + ["产出质量"] * 3 + ["产出时效"] * 2 + [
        "产出成本", "经济效益"]
    assert project.indicators[-1].name == "参培学员满意度"
    assert len(project.indicators) == 13


def test_a_category_whose_zhibiao_wrapped_off_stays_one_cellone_cell_a_line():
    # https://gdyinping.com/wwwgdyinpingcom/007329896/0801/201904/fdb5a052be7e4616a3536a4af16269b8.htm
    # (e03, 东莞 2019): the 二级 ``社会、经济、生态效益 指标`` printed on a line of its own, as a
    # table dumped one cell a line gives it, is one 二级, not ``社会、经济、生态效益`` and ``指标``
    from kg.parse import parse_tables
    from kg.records import SourceLine
    texts = ["一级指标", "二级指标", "三级指标", "指标值", "效果指标", "社会、经济、生态效益 指标", "补助款结算争议率", "0%"]
    [table] = list(parse_tables([SourceLine("e03.txt", n, t) for n, t in enumerate(
        ["项目名称", "镇际联网路升级改造工程一期", "年度资金总额", "500", *texts], start=1)]))
    [row] = table.rows
    assert (row.cells["level2"].text, row.cells["name"].text, row.cells["value"].text) == (
        "社会、经济、生态效益 指标", "补助款结算争议率", "0%")


def test_a_jiangsu_whole_process_table_reads_its_decision_rows_and_its_year_and_half_year_targets():
    # https://m.bidcenter.com.cn/newsrili-1-274516967.html (s06, 镇江博物馆 2024, one cell a line):
    # 一级 决策, 二级 项目立项 / 绩效目标 (the evaluation framework's, not the goals' label), columns
    # 半年(程) 指标值 | 全年(程) 指标值, 财政拨款 / 小计 / 80, 中长期目标
    [project] = _projects(_one(WILD, "s06_"))
    assert (project.project, project.budget.total, project.budget.fiscal) == ("赛珍珠文化公园运转经费", Decimal("80"),
                                                                              Decimal("80"))
    assert project.long_term_goals == ("加强对赛珍珠文化公园的管理,加强文化宣传,保证赛珍珠文化 公园免费开放运转。",)
    assert [(i.level1, i.level2, i.name, i.target.raw, i.interim) for i in project.indicators] == [
        ("决策", "项目立项", "立项程序规范性", "规范", "规范"),
        ("决策", "项目立项", "立项依据充分性", "充分", "充分"),
        ("决策", "绩效目标", "绩效指标明确性", "明确", "明确"),
        ("决策", "绩效目标", "绩效目标合理性", "合理", "合理")]


def test_a_self_evaluations_points_where_its_score_column_would_be_named_head_that_column():
    # https://www.scanju.gov.cn/gongkai/show/1e8c35c4e0ae4aaf81ef392897c56b63.html (s01, 安居 2021, one
    # cell a line): … 年度指标值 | 实际完成指标值 | 50, then each row's name, target, result and points
    [project] = _projects(_one(WILD, "s01_"))
    assert len(project.indicators) == 9
    fifth = project.indicators[4]
    assert (fifth.name, fifth.target.raw, fifth.actual.raw, fifth.score) == (
        "指标5:进口冷链食品新冠肺炎疫情应急处置示范演练", "已完成", "已完成", Decimal("3"))
    assert sum(i.score for i in project.indicators) == 34


def test_a_guangxi_head_block_gives_the_years_amount_not_the_projects_total():
    # http://hbyuanfei.com/zwgk_57/xxgk/czxx/t4757859.html (t01, 南宁 2021): 项目总金额(元) |
    # 42,194,984.40 | 本年度项目金额(元) | 14,064,994.80, and 申请单位 | 406013 南宁市不动产登记中心
    [project] = _projects(_one(WILD, "t01_"))
    assert (project.budget.total, project.money_unit) == (Decimal("14064994.80"), "元")
    assert (project.unit_code, project.unit_name) == ("406013", "南宁市不动产登记中心")


def test_a_glued_head_line_of_a_code_then_the_project_name_gives_the_project(tmp_path):
    # the same head (t01) glued as a .docx preview prints it: ``项目编码406-2020-…-0144项目名称外聘人员经费``,
    # the project's name after its code on one line
    [project] = _projects_of_lines(tmp_path, "t01_glued.txt", [
        "项目负责人梁小丽联系电话", "项目编码406-2020-YBXM-1338-01-0144项目名称外聘人员经费",
        "申请单位406013 南宁市不动产登记中心一级预算单位406 南宁市自然资源局",
        "项目总金额(元)42,194,984.40本年度项目金额(元)14,064,994.80",
        "一级指标二级指标三级指标指标值指标解释",
        "产出指标数量指标*外聘人员招聘数量≧240人考察计划招聘的外聘人员是否按计划数量到位"])
    assert (project.project, project.budget.total, project.unit_name) == (
        "外聘人员经费", Decimal("14064994.80"), "南宁市不动产登记中心")


def test_amounts_under_their_headings_broken_one_cell_a_line_are_still_the_budget():
    # https://www.nanyue.gov.cn/nyczj/czysgk/2019njyhndyjs/xcg/qsnxwhdzx/20200723/i2101195.html (t02,
    # 南岳 2020): 专项资金情况 | 本年度预计投入(万元) | 财政资金(万元) | 其他 over 中央 | 省级 | 市级资金
    # | 本级, then ``25 |`` / ``|`` / ``|`` / ``| 25 |``
    [project] = _projects(_one(WILD, "t02_"))
    assert project.budget.total == Decimal("25")


def test_a_caption_names_the_project_and_a_serial_column_is_no_part_of_the_rows():
    # http://www.hbdpf.org.cn/xwzx/hzgw/166877.htm (t03, 湖北省残联 2017, inside a self-evaluation report):
    # 表1:湖北省残疾人事业宣传文化工作经费项目绩效目标, then 序号 | 三级指标 | 年度指标值 one cell a line
    [project] = _projects(_one(WILD, "t03_"))
    assert project.project == "湖北省残疾人事业宣传文化工作经费项目"
    assert [(i.name, i.target.raw) for i in project.indicators[:2]] == [("全国助残日活动次数", "1次"),
                                                                        ("报纸杂志专版专栏", "1个")]
    assert len(project.indicators) == 14


def test_a_period_block_beside_the_years_block_named_shishi_zhouqi_and_dang_niandu():
    # http://www.dgec.org.cn/news_show/1361 (t04, 东莞展览馆 2022): … | 实施周期指标值 | 二级 指标 | 三级 指标 |
    # 当年度指标值: the target is the year's, the period's is the long-term one
    [project] = _projects(_one(WILD, "t04_"))
    second = project.indicators[1]
    assert (second.name, second.target.raw, second.long_term.target.raw) == ("物业管理保障工作合格率", "100%", "100%")


def test_a_name_and_a_target_in_words_between_space_parted_rows_are_a_row():
    # http://zhmail.cnzh.gov.cn/News/Detail/20220301121655505.html (t05, 昭化 2021): ``宣传教育 覆盖全区所有人员``
    # under ``数量指标 每年春节慰问… 32人``; ``服务能力提升 持续加强`` before ``满意度指标 满意度指标 群众幸福感 明显提升``
    [project] = _projects(_one(WILD, "t05_"))
    rows = {(i.level2, i.name): i.target.raw for i in project.indicators}
    assert rows[("数量指标", "宣传教育")] == "覆盖全区所有人员"
    assert rows[("可持续影响指标", "服务能力提升")] == "持续加强"
    assert len(project.indicators) == 12


def test_a_header_whose_cells_wrapped_onto_a_second_line_names_its_columns():
    # https://www.yuan.gov.cn/public/6596881/25080505.html (u04, 裕安区 2022, a PDF's text layer):
    # ``绩效指标 一级指标 二级指标 三级指标 年度 实际 分值 得分 偏差原因…`` over ``指标值 完成值``
    [project] = _projects(_one(WILD, "u04_"))
    second = project.indicators[1]
    assert (second.name, second.target.raw, second.actual.raw, second.score) == (
        "指标2:修缮建筑面积", "6000平方米", "6000平方米", Decimal("7"))
    assert len(project.indicators) == 9


def test_a_bare_level1_and_its_level2_one_cell_a_line_stay_two_cells(tmp_path):
    # t02 (南岳 2020, 一级 printed 产出) one cell a line: ``产出`` / ``数量指标`` is a 一级 and a 二级, not
    # the 二级 产出数量指标 (山西's) broken over two lines; it reads as its pipe dump
    source = _one(WILD, "t02_")
    cells = tmp_path / source.name
    cells.write_text(one_cell_a_line(source.read_text(encoding="utf-8")), encoding="utf-8")
    [project] = _projects(cells)
    [original] = _projects(source)
    assert _rows(project) == _rows(original)
    assert project.indicators[0].level2 == "数量指标"


def test_an_old_fujian_template_with_its_slot_numbers_and_its_years_target_last():
    # http://fjtl.taiwan.cn/zxgg/201707/t20170731_11825756.htm (s02, 福建省台联 2017, space-separated lines):
    # 绩效目标 评价指标 绩效内容 绩效标准 全年绩效目标 over ``投入 成本目标 目标1 发放省直困难、高龄台胞 100%
    # 按实际情况发放`` and ``产出 数量目标 目标1 …``: 目标1 is a slot's number, the last column the target
    [project] = _projects(_one(WILD, "s02_"))
    assert [(i.level1, i.level2, i.name, i.target.raw, i.standard) for i in project.indicators[:3]] == [
        ("投入", "成本目标", "发放省直困难、高龄台胞", "按实际情况发放", "100%"),
        ("投入", "成本目标", "开展丰收节活动、夏令营活动、台胞技能培训、定居台胞困难大学生助学金", "100%", "100%"),
        ("产出", "数量目标", "困难台胞、高龄台胞困难补助受益", "困难台胞432人、高龄台胞1792人、困难学生助学95人、困难台胞技能培训91人",
         "台胞困难户每月每人200元、高龄补贴(没退休金每月每人300元、有退休金200元)")]


def test_a_glued_tianjin_table_gives_its_budget_under_its_unit_and_no_row_from_the_pages_footer():
    # http://www.tjxq.gov.cn/xwzx/ztzl/yjjsgk/bmyjsgk/2020nysgk/202103/t20210304_5374854.html (w02, 西青 2020,
    # every row glued on its line): 主管预算部门西青区财政局项目预算金额 / (万元) / 3360; 补贴期限2020年疫情
    # 期间产生的减免房租; the page's footer (网站标识码:…, 津ICP备…) under the table is no indicator
    [project] = _projects(_one(WILD, "w02_"))
    assert project.budget.total == Decimal("3360")
    rows = {i.name: i.target.raw for i in project.indicators}
    assert rows["补贴期限"] == "2020年疫情期间产生的减免房租"
    assert project.indicators[-1].name == "受益租户满意度"


def test_an_old_hainan_table_reads_its_target_under_jixiao_mubiao_and_its_four_grades_as_standards():
    # http://www.chengjqd.cn/news/2019/0815/911.html (z01, 海南省规划展览馆 2018, a mirror in traditional
    # characters with pinyin): 指標類型 | 績效指標 | 績效目標 | 績效標準 over 優 | 良 | 中 | 差; 績效目標
    # holds the targets here, 績效指標 the names, the best grade is the 绩效标准; ``60萬(wàn)度`` is 60 万度
    [project] = _projects(_one(WILD, "z01_"))
    rows = [(i.level1, i.name, i.target.raw, i.standard) for i in project.indicators]
    assert len(rows) == 6
    assert rows[0] == ("產(chǎn)出指標(biāo)", "指標(biāo)1:物業(yè)管理面積", "6500平方米", "6500平方米以上")
    second = project.indicators[1].target
    assert (second.kind, second.value, second.raw) == ("quantitative", Decimal("60"), "60萬(wàn)度")


def test_a_shanghai_2026_table_after_its_report_reads_its_wrapped_names_its_yuan_and_its_years_amount():
    # https://github.com/zxj6827111-blip/GovBudgetChecker/blob/5888e194d7bc0120430bc97cb04bb3d0dfef2ca9/tests/fixtures/perf_phase_amount_truth_page_data.json
    # (y01, 上海市普陀区 2026, the text of a budget PDF kept as a checker's fixture): the report's
    # 一、项目概述 … above the table is no table; 兰溪路-真南路下立交工 / 程 and 上海市普陀区建设和管 /
    # 理委员会 are wrapped names; 项目资金 / （元）; ``771,325,800.00 年度资金申请总额`` / ``226,145,100.00``
    source = _one(WILD, "y01_")
    items = list(kg.extract(source))
    assert not [i for i in items if isinstance(i, kg.KgError) and not isinstance(i, ParseWarning)]
    [project] = [i for i in items if isinstance(i, kg.Project)]
    assert (project.project, project.unit_name) == ("兰溪路-真南路下立交工程", "上海市普陀区建设和管理委员会")
    assert (project.budget.total, project.money_unit) == (Decimal("226145100.00"), "元")
    rate = project.indicators[2].target
    assert (rate.raw, rate.comparator, rate.value, rate.unit) == ("=100.00(%)", "=", Decimal("100.00"), "%")


def test_a_wrapped_name_is_joined_across_a_blank_line_where_every_line_has_one(tmp_path):
    # y01 again, as a converter that writes a blank line after each line leaves it: 兰溪路-真南路下立交工 /
    # (blank) / 程 is still one name; the wrap is as far from its start as any two cells of the dump
    lines = _one(WILD, "y01_").read_text(encoding="utf-8").splitlines()
    [project] = _projects_of_lines(tmp_path, "doubled.txt", [part for line in lines for part in (line, "")])
    assert (project.project, project.unit_name) == ("兰溪路-真南路下立交工程", "上海市普陀区建设和管理委员会")


def test_a_pdf_text_layers_merged_cells_printed_halfway_down_their_rows_run_over_them():
    # https://github.com/zxj6827111-blip/GovBudgetChecker/blob/c5fdaeae373266e6f1f4318a53e0d04771ebb976/tests/fixtures/chengguan_budget_page_data.json
    # (y04, 上海市普陀区 2026, a budget PDF's text layer, cells parted by spaces): 产出指标 is printed on
    # the middle row of its three (数量指标 … above it), and the header's 绩效 / 指标 lead halfway down
    [project] = _projects(_one(WILD, "y04_"))
    rows = [(i.level1, i.level2, i.name) for i in project.indicators]
    assert rows[1] == ("产出指标", "数量指标", "完成年度拆违计划")
    assert rows[4] == ("效益指标", "社会效益指标", "群众政策知晓度")
    # the last 二级 wrapped around its row: 服务对象满意度 / 满意度指标 群众满意度 ≥90.00(%) / 指标
    last = project.indicators[-1]
    assert (last.level1, last.level2, last.name, last.target.raw) == (
        "满意度指标", "服务对象满意度指标", "群众满意度", "≥90.00(%)")
    assert last.target.value == 90
    # 普陀区城市管理行政执 上海市普陀区城市管理行政执法局执 / 主管部门 实施单位 / 法局执法大队 法大队
    assert (project.unit_name, project.implementing_unit) == (
        "普陀区城市管理行政执法局执法大队", "上海市普陀区城市管理行政执法局执法大队")


def test_a_pdf_text_layer_prints_a_narrow_cells_lines_above_and_below_its_row():
    # https://github.com/zxj6827111-blip/GovBudgetChecker/blob/80b8ed41f612447b033fc4ed3f1dd584eb31b721/tests/fixtures/jianguanwei_budget_page_data.json
    # (y03, 上海市普陀区 2026, pdfplumber's text of the table y01 holds cell by cell): a value or a
    # category that wraps is centred on its row, its first line above the row and its last below
    [project] = _projects(_one(WILD, "y03_"))
    # 兰溪路-真南路下立交工 阶段性项 / 项目名称 项目性质 项目类别 特定目标类 / 程 目
    assert project.project == "兰溪路-真南路下立交工程"
    # 上海市普陀区建设和管 / 主管部门 实施单位 上海市普陀区市政工程建设中心 / 理委员会
    assert (project.unit_name, project.implementing_unit) == ("上海市普陀区建设和管理委员会", "上海市普陀区市政工程建设中心")
    rows = {i.name: (i.level1, i.level2, i.target.raw) for i in project.indicators}
    # 生态环境 / 文明施工情况 可控 / 成本指标: the 二级 around a row of two words
    assert rows["文明施工情况"] == ("成本指标", "生态环境成本指标", "可控")
    assert rows["长效管理制度健全性"] == ("效益指标", "可持续影响指标", "健全")  # 可持续影 / row / 响指标
    # 社会效益 / 指标 around the second of its three rows: the row above it is in its span (not
    # under 时效指标, the row before), as 产出指标 stands on the middle row of its own three
    assert rows["道路安全隐患减少情况"] == ("效益指标", "社会效益指标", "减少")
    assert rows["道路通行能力提升情况"] == ("效益指标", "社会效益指标", "提升")
    # 服务对象 / 满意度指 / 满意度指 居民群众满意度 ≥90.00(%) / 标 / 标: the 一级 and the 二级 both wrapped
    assert rows["居民群众满意度"] == ("满意度指标", "服务对象满意度指标", "≥90.00(%)")


def test_a_level1_printed_one_character_a_line_whose_last_character_opens_a_spaced_row_is_read_whole():
    # https://ah.zhiliaobiaoxun.com/article/88988353 (x02, 黄山市徽州区 2025, a self-evaluation reposted as
    # space-separated lines): ``产`` / ``出`` / ``指`` / ``标 数量指标 维护电影放映设备数量 ≥5套 …``; the
    # word's last character is the first piece of its first row, and ``社会效益`` / ``指标 满`` the same
    [project] = _projects(_one(WILD, "x02_"))
    rows = [(i.level1, i.level2, i.name, i.target.raw) for i in project.indicators]
    assert rows == [("产出指标", "数量指标", "维护电影放映设备数量", "≥5套"),
                    ("产出指标", "质量指标", "提升放映质量", "明显"),
                    ("效益指标", "经济效益指标", "全年影院观影人数", "≥4万人次"),
                    ("效益指标", "经济效益指标", "影院营业收入", "≥150万元")]
    assert project.indicators[0].source.line == 31


@pytest.mark.parametrize("header", [
    # https://m.777doc.com/doc-4336759.html: the marks left empty
    "一级指标二级指标三级指标年初目标值()实际完成值()得分",
    # https://1wenmi.com/doc/330418.html
    "一级指标二级指标三级指标年初目标值(A)实际完成值(B)得分",
])
def test_a_glued_self_evaluation_header_whose_columns_carry_marks_opens_its_table(tmp_path, header):
    # two real self-evaluation headers as doc-sharing sites print them, every cell glued; the
    # rows under them (written here in the template's form) glue target, achieved value and score
    [project] = _projects_of_lines(tmp_path, "glued.txt", [
        "项目支出绩效自评表", "项目名称\t农村饮水安全工程维修养护", "预算数\t50", header,
        "产出指标数量指标维修养护工程处数≥10处12处10",
        "效益指标社会效益指标受益人口≥5000人5200人20",
    ])
    rows = [(i.level2, i.name, i.target.raw, i.actual.raw, i.score) for i in project.indicators]
    assert rows == [("数量指标", "维修养护工程处数", "≥10处", "12处", 10),
                    ("社会效益指标", "受益人口", "≥5000人", "5200人", 20)]


def test_a_glued_header_with_a_column_of_the_units_own_and_the_weight_before_the_target(tmp_path):
    # https://www.wenku365.com/s-60761775.html: 绩效指标一级指标二级指标三级指标分值年度指标值(A)全年实际值(B)
    # 得分计算方法得分未完成原因分析 (计算方法 is no column kg knows); each row's weight comes before its
    # target, ``10100%100%10`` is 10 | 100% | 100% | 10 (rows written in the template's form)
    [project] = _projects_of_lines(tmp_path, "glued.txt", [
        "项目支出绩效自评表", "项目名称\t农村饮水安全工程维修养护", "预算数\t50",
        "绩效指标一级指标二级指标三级指标分值年度指标值(A)全年实际值(B)得分计算方法得分未完成原因分析",
        "产出指标数量指标维修养护工程处数10≥10处12处10",
        "质量指标工程验收合格率10100%100%10",
    ])
    rows = [(i.name, i.weight, i.target.raw, i.actual.raw) for i in project.indicators]
    assert rows == [("维修养护工程处数", 10, "≥10处", "12处"), ("工程验收合格率", 10, "100%", "100%")]


def test_a_glued_lottery_self_evaluation_prints_a_merged_level2_twice_and_compares_with_last_year():
    # v02 (宁夏福彩中心 2023, an OCR'd self-evaluation, rows glued): ``产出指标数量指标数量指标福彩APP系统
    # 改版升级100%100%``; ``…捉升彩票销售量同比2022年销量显著提高显著提高``: 同比 opens the target
    [project] = _projects(_one(WILD, "v02_"))
    first, fifth = project.indicators[0], project.indicators[4]
    assert (first.level2, first.name, first.target.raw) == ("数量指标", "福彩APP系统改版升级", "100%")
    assert (fifth.name, fifth.target.raw, fifth.actual.raw) == (
        "拓展彩票销售渠道,捉升彩票销售量", "同比2022年销量显著提高", "显著提高")


def test_a_hebei_evaluation_table_glues_each_target_to_its_weight():
    # https://www.ningjin.gov.cn/content/26279.html (b02, 宁晋县 2019): 评价指标评价内容指标名称指标说明目标值
    # 分值备注 heads 一级, 二级, …; ``享受资助人数达到预计值210010`` is 2100 and the weight 10, as the
    # other rows, whose weights stand apart (``资金支出率达到目标值95%10``), show; the title
    # ``2019年度宁晋县高中助学金项目绩效评价指标表`` names the project
    [project] = _projects(_one(WILD, "b02_"))
    assert project.project == "宁晋县高中助学金项目"
    rows = {i.name: (i.target.raw, i.weight) for i in project.indicators}
    assert rows["享受资助人数达到预计值"] == ("2100", 10)
    assert rows["资金支出率达到目标值"] == ("95%", 10)
    assert project.year == 2019


def test_the_periods_block_is_known_by_its_name_whichever_side_it_stands(tmp_path):
    # 三级指标 … 年度目标值 … 实施周期目标值 (https://www.dy1993.cn/O0nx.html): the year's targets first;
    # 东莞 2022 (t04) prints 实施周期指标值 first. Each block's 二级 and 三级 go with its own targets.
    [project] = _projects_of_lines(tmp_path, "period_second.txt", [
        "项目支出绩效目标表", "项目名称 | 农村饮水安全工程维修养护 |", "预算数 | 50 |",
        "一级指标 | 二级指标 | 三级指标 | 年度目标值 | 二级指标 | 三级指标 | 实施周期目标值 |",
        "产出指标 | 数量指标 | 维修养护工程处数 | ≥10处 | 数量指标 | 累计维修养护工程处数 | ≥30处 |",
    ])
    [row] = project.indicators
    assert (row.name, row.target.raw) == ("维修养护工程处数", "≥10处")
    assert (row.long_term.name, row.long_term.target.raw) == ("累计维修养护工程处数", "≥30处")
    [dongguan] = _projects(_one(WILD, "t04_"))
    first = dongguan.indicators[0]
    assert (first.long_term.name, first.long_term.level2) == ("物管服务面积", "数量指标")


@pytest.mark.parametrize("header, rows, expected", [
    # https://m.yzwku.com/doc/98587.html (重庆 部门整体 self-evaluation, 2021): the target is the one set at
    # the year's start; 调整指标值 and 是否核心指标 are columns of the unit's own
    ("指标名称 | 计量单位 | 指标性质 | 年初指标值 | 调整指标值 | 全年完成值 | 是否核心指标 |",
     ["维修养护工程处数 | 处 | ≥ | 10 | 12 | 12 | 是 |"], ("", "维修养护工程处数", "10", "≥")),
    # the old 福建 template: http://www.boteman.cn/paper/97320058.html (a mirror, 評價內容績效內容參考標準績效目標值)
    ("评价内容 | 绩效内容 | 参考标准 | 绩效目标值 |", ["产出 | 维修养护工程处数 | 按计划完成 | 10处 |"],
     ("产出", "维修养护工程处数", "10处", "=")),
    # http://gxglmes.com/templets/default/2021yusuan/sqb.files/sheet001.htm: 指标内容(150字内) | 指标值(150字内) | 评分细则(150字内), each a limit on the cell
    ("一级指标 | 二级指标 | 指标内容(150字内) | 指标值(150字内) | 评分细则(150字内) |",
     ["产出指标 | 数量指标 | 维修养护工程处数 | ≥10处 | 完成得满分 |"], ("产出指标", "维修养护工程处数", "≥10处", "≥")),
])
def test_headers_of_other_templates_name_their_target_column_their_own_way(tmp_path, header, rows, expected):
    [project] = _projects_of_lines(tmp_path, "t.txt", [
        "项目支出绩效目标表", "项目名称 | 农村饮水安全工程维修养护 |", "预算数 | 50 |", header, *rows])
    [row] = project.indicators
    assert (row.level1, row.name, row.target.raw, row.target.comparator) == expected


def test_a_district_department_label_names_the_unit():
    # http://www.chencang.gov.cn/…/t20200529_126007.html (n17, 宝鸡市陈仓区 2020): 区级主管部门 | 陈仓区水利局
    [project] = _projects(_one(WILD, "n17_"))
    assert project.unit_name == "陈仓区水利局"


def test_a_special_funds_table_gives_its_amount_under_zijin_edu(tmp_path):
    # https://doc.chddh.cn/archives/8304dj25bbb9v2xg9e6z.html: 专项名称 | 主管部门 | 资金额度 | 年度总体目标 (the
    # amount written here in the template's form)
    [project] = _projects_of_lines(tmp_path, "t.txt", [
        "专项资金绩效目标表", "专项名称 | 农村饮水安全工程维修养护 |", "主管部门 | 某县水利局 |", "资金额度 | 50万元 |",
        "年 度 总 体 目 标 | 完成维修养护工程10处。 |", "一级指标 | 二级指标 | 三级指标 | 指标值 |",
        "产出指标 | 数量指标 | 维修养护工程处数 | ≥10处 |"])
    assert (project.budget.total, project.budget.raw[0]) == (Decimal("50"), "50万元")


def test_a_glued_area_self_evaluation_gives_its_weights_as_shares():
    # w03 (四川 普惠金融发展专项资金 area self-evaluation on an aggregator, one glued line): 指标值 | 完成值 |
    # 权重 | 得分 with the weight a percentage: ``创业担保贷款发放额增长率≥10%115.25%20%20``
    [project] = _projects(_one(WILD, "w03_"))
    rows = [(i.name, i.target.raw, i.actual.raw, i.weight, i.score) for i in project.indicators]
    assert rows[0] == ("创业担保贷款发放额增长率", "≥10%", "115.25%", 20, 20)
    assert rows[-1] == ("申报创业担保贷款贴息小微企业的满意度", "≥80%", "100%", 5, 5)
    assert len(rows) == 9
    # the head: ``年度金额(提前下达):208万元资金使用情况(万元)合计:109.8万元…``, the label's own note kept
    # with it, and the funds as used no purpose
    assert (project.budget.total, project.purpose) == (Decimal("208"), None)


def test_the_tail_of_a_wrapped_level2_never_joins_the_target_above_it(tmp_path):
    # what y04 (上海 2026) read before its wrapped 二级 was put together: the 指标 under the row went
    # onto the row's target, ``≥90.00(%)指标``, a target no longer read as a number
    [project] = _projects_of_lines(tmp_path, "t.txt", [
        "项目支出绩效目标表", "项目名称 农村饮水安全工程维修养护", "预算数 50", "一级指标 二级指标 三级指标 指标值",
        "产出指标 数量指标 维修养护工程处数 ≥10处", "效益指标 社会效益 受益人口 ≥5000人", "指标"])
    last = project.indicators[-1]
    assert (last.name, last.target.raw, last.target.value) == ("受益人口", "≥5000人", 5000)


def test_a_department_self_evaluation_one_cell_a_line_with_its_header_words_broken():
    # http://admin.yzcity.gov.cn:8888/llqlinyj/gknb/202204/cd04d310d5364b2f9983a7843fb6a17d.shtml (ac01, 零陵区林业局
    # 2021, 部门整体支出绩效自评表): 偏差原因 / 分析及 / 改进措施 is one column name over three lines (改进措施
    # alone ended the table, a footer's word); 数量 / 指标 one 二级; the unit's label lost its first
    # character (级预算单位名称), and the heading 2021年林业局部门整体… names the department, no project
    [project] = _projects(_one(WILD, "ac01_"))
    assert project.project == ""
    rows = [(i.level2, i.name, i.target.raw, i.actual.raw, i.score) for i in project.indicators]
    assert rows[0] == ("数量指标", "造林面积", "1.2万亩", "1.2万亩", 10)
    assert rows[-1] == ("社会效益指标", "提高就业率", "显著", "显著", 6)
    assert len(rows) == 10


def test_a_department_cell_names_the_unit_of_a_department_table_but_not_a_glued_line():
    # https://www.ahjinzhai.gov.cn/public/6624963/37545031.html (ac02, 金寨 2023): 部门 | 金寨县茶谷和美丽乡村建设服务中心;
    # c06 (湘西 2023): 部门:505_湘西州教育和体育局金额单位:万元 over its 单位代码 | 单位名称 rows stays as it was
    [jinzhai] = _projects(_one(WILD, "ac02_"))
    assert (jinzhai.project, jinzhai.unit_name) == ("金寨县茶谷和美丽乡村建设服务中心", "金寨县茶谷和美丽乡村建设服务中心")
    xiangxi = _projects(_one(WILD, "c06_"))
    assert [p.unit_name for p in xiangxi] == ["州民族特殊教育学校"]


def test_a_table_with_neither_project_nor_indicators_says_both(tmp_path):
    # x02's aggregator title line opens a table of its own that holds nothing kg can read: the
    # message says what is missing, not the project name alone
    items = list(kg.extract(_one(WILD, "x02_")))
    [error] = [i for i in items if isinstance(i, kg.KgError) and not isinstance(i, ParseWarning)]
    assert "no 项目名称 (project name) and no indicator table" in str(error)
    assert error.line == 1


@pytest.mark.parametrize("rewrite", [
    lambda text: text.replace("年度\n\n指标值", "年度\n\n第 4 页，共 9 页\n\n指标值"),  # a page break inside a word
    lambda text: text.replace("\n", "\n\n"),  # two blank lines between cells where the page had one
], ids=["page-break-in-a-header-word", "blank-lines-doubled"])
def test_words_broken_over_lines_join_however_far_apart_the_dump_prints_its_cells(tmp_path, rewrite):
    # ac01 (零陵 2021) one cell a line, a blank line between: 年度 / 指标值, 偏差原因 / 分析及 / 改进措施 and
    # 数量 / 指标 are each one word; the pieces are as far apart as two cells of the dump are
    text = _one(WILD, "ac01_").read_text(encoding="utf-8")
    assert "年度\n\n指标值" in text
    path = tmp_path / "ac01.txt"
    path.write_text(rewrite(text), encoding="utf-8")
    [project] = _projects(path)
    assert [i.name for i in project.indicators][:3] == ["造林面积", "病虫害防治面积", "森林经营面积"]
    assert len(project.indicators) == 10 and project.indicators[0].level2 == "数量指标"


def test_a_glued_rows_value_on_the_line_under_it_with_blank_lines_between(tmp_path):
    # g03 (澧县 2021, glued rows, each row's 指标值 on the line under it) copied with a blank line after
    # every line, as a web page's paragraphs come out
    path = _one(WILD, "g03_")
    spaced = tmp_path / path.name
    spaced.write_text(path.read_text(encoding="utf-8").replace("\n", "\n\n"), encoding="utf-8")
    [plain], [project] = _projects(path), _projects(spaced)
    assert [(i.name, i.target.raw) for i in project.indicators] == [(i.name, i.target.raw) for i in plain.indicators]
    assert len(plain.indicators) >= 4


@pytest.mark.parametrize("header", [
    # https://taowenge.com/p-72820237.html, a docx preview: the lead spaced out, the names glued (and
    # broken by spaces where the cells wrapped)
    "绩 效 指 标一级 指标二级 指标三级指标年度指标 值全年 完成值未完成原因和 改进措施",
    # g01 (宁河 2020) with its cells glued as such a preview prints them
    "绩 效 指 标一级指标二级指标三级指标指标值",
])
def test_a_glued_header_whose_lead_is_spaced_out_opens_a_glued_table(tmp_path, header):
    [project] = _projects_of_lines(tmp_path, "glued.txt", [
        "项目支出绩效目标表", "项目名称2020年非营利性民办园房租补贴", "项目预算金额(万元)193.8", header,
        "产出指标数量指标补贴非营利性民办幼儿园数量20个", "补贴民办园租用面积26970.7平方米",
        "质量指标补贴覆盖民办幼儿园率≥90.91%"])
    rows = [(i.level2, i.name, i.target.raw) for i in project.indicators]
    assert rows == [("数量指标", "补贴非营利性民办幼儿园数量", "20个"), ("数量指标", "补贴民办园租用面积", "26970.7平方米"),
                    ("质量指标", "补贴覆盖民办幼儿园率", "≥90.91%")]


def test_glued_rows_of_a_midterm_and_an_annual_block_read_the_annual_block(tmp_path):
    # https://nyncj.luan.gov.cn/public/6608321/10480730.html (e09, 六安 2024) with its cells glued as a
    # .docx preview prints them: 二级 | 三级 | 指标值 twice (中期, then 年度), each row both blocks on one
    # line; the annual block's row, left after the first block's target, is a row of its own
    [project] = _projects_of_lines(tmp_path, "glued.txt", [
        "项目支出绩效目标申报表", "( 2024 年度)", "项目名称发展建设类-农产品质检体系建设和“三品一标”发展项目",
        "项目资金 (万元) |", "中期资金总额:68.50年度资金总额:51.35",
        "绩 效 指 标 |", "一级指标二级指标三级指标指标值二级指标三级指标指标值",
        "产出指标数量指标鉴定校准实验室仪器≥57个数量指标鉴定校准实验室仪器≥57个",
        "购买标准试剂≥100个购买标准试剂≥120个",
        "质量指标农产品例行监测合格率≥98%质量指标农产品例行监测合格率≥98%",
        "项目验收合格率≥100%",  # a row that fills the first block only
    ])
    assert [(i.level2, i.name, i.target.raw) for i in project.indicators] == [
        ("数量指标", "鉴定校准实验室仪器", "≥57个"), ("数量指标", "购买标准试剂", "≥120个"),
        ("质量指标", "农产品例行监测合格率", "≥98%"), ("质量指标", "项目验收合格率", "≥100%")]


def test_glued_rows_whose_targets_are_words_seen_in_real_tables_are_cut_before_them(tmp_path):
    # https://m.bidcenter.com.cn/news-6-216464175.html (u02, 金安区 2023) with its cells glued as a .docx
    # preview prints them: 年底前, 不涉及 (words the real tables' hand-read answers hold as targets) end a
    # row the way a quantity does; a row ending in other words stays whole, reported
    items = list(kg.extract(_write(tmp_path, "u02_glued.txt", [
        "项目支出绩效目标表", "(2023年度)", "项目名称金安区土地确权三级业务系统服务器托管服务和确权数据变更及维护",
        "项目资金 (万元)年度资金总额:11.564",
        "绩 效 指 标一级 指标二级指标三级指标指标值",
        "产出指标数量指标提供服务器托管服务台数2台",
        "时效指标土地确权变更业务办理时间年底前",
        "土地确权数据维护时间故障发生后尽快修复",
        "效益指标经济效益指标该指标不适用本项目不涉及",
    ])))
    [project] = [i for i in items if isinstance(i, kg.Project)]
    assert [(i.level2, i.name, i.target.raw) for i in project.indicators] == [
        ("数量指标", "提供服务器托管服务台数", "2台"), ("时效指标", "土地确权变更业务办理时间", "年底前"),
        ("经济效益指标", "该指标不适用本项目", "不涉及")]
    assert any(isinstance(w, ParseWarning) and w.line == 8 for w in items)


def test_a_glued_file_of_tables_reads_each_ones_budget_and_unit(tmp_path):
    # 021 (天津市河北区人民法院 2023, the development set) with its cells glued as a .docx preview prints
    # them: 预算规模及资金用途 heads the amounts' labels on its line, and the next table's unit line ends
    # in its money unit (``207101天津市河北区人民法院单位:万元``), no indicator row
    head = ["207101天津市河北区人民法院单位:万元", "预算规模及资金用途预算数{0}其中:财政 资金{0}其他资金",
            "用于维修审判楼玻璃幕墙等", "一级指标二级指标三级指标绩效指标描述指标值",
            "产出指标数量指标维修面积维修面积≥400平方米"]
    lines = ["项目支出绩效目标表", "(2023年)"]
    for name, amount in (("安全隐患维修", "20.00"), ("办案业务费(陪审员及互联网专线)", "24.00")):
        lines += [head[0], "项目名称" + name, head[1].format(amount), *head[2:]]
    items = list(kg.extract(_write(tmp_path, "021_glued.txt", lines)))
    projects = [i for i in items if isinstance(i, kg.Project)]
    assert [(p.project, p.unit_name, p.budget.total, len(p.indicators)) for p in projects] == [
        ("安全隐患维修", "天津市河北区人民法院", Decimal("20"), 1),
        ("办案业务费(陪审员及互联网专线)", "天津市河北区人民法院", Decimal("24"), 1)]
    assert not [w for w in items if isinstance(w, ParseWarning) and w.field in ("预算数", "指标值")]


def test_a_glued_hunan_special_fund_form_reads_its_heading_project_and_wrapped_level1(tmp_path):
    # https://www.nanyue.gov.cn/nyczj/czysgk/2019njyhndyjs/nyqyg/nyncj/20231227/i3224710.html (c07, 南岳
    # 2023, 专项资金预算绩效目标申报表) glued as a .docx preview prints it: the section's heading before
    # the project's label (专项基本情况专项名称…), the header's lead 专项年度绩效指标, and the 一级 产出 指标
    # wrapped in its cell, its 指标 glued to the row
    [project] = _projects_of_lines(tmp_path, "c07_glued.txt", [
        "雨露计划绩效目标申报表", "(2023年度)", "专项基本情况专项名称2023年雨露计划就学补助项目",
        "主管部门南岳区乡村振兴局专项起止时间2023年1月至12月",
        "专项年度绩效指标一级指标二级指标三级指标内容指标值及单位",
        "产出 指标数量指标年度申请就学补助户数>=101人/次", "质量指标逾期发放率>=100%"])
    assert (project.project, project.unit_name) == ("2023年雨露计划就学补助项目", "南岳区乡村振兴局")
    assert [(i.level1, i.level2, i.name, i.target.raw) for i in project.indicators] == [
        ("产出 指标", "数量指标", "年度申请就学补助户数", ">=101人/次"), ("产出 指标", "质量指标", "逾期发放率", ">=100%")]


def test_a_glued_project_label_line_ending_in_its_money_unit_keeps_the_project(tmp_path):
    # the money unit glued after the project's name (``项目名称绿化养护工程金额单位:万元``, as c06's glued
    # head prints it after the department) is no part of the name
    [project] = _projects_of_lines(tmp_path, "glued.txt", [
        "项目支出绩效目标表", "项目名称绿化养护工程金额单位:万元", "预算数20",
        "绩效指标一级指标二级指标三级指标指标值", "产出指标数量指标养护面积≥400平方米"])
    assert (project.project, project.budget.total, project.money_unit) == ("绿化养护工程", Decimal("20"), "万元")


def test_a_table_in_a_report_takes_its_budget_from_the_sentence_that_names_the_project():
    # t03 (湖北省残联 2017, a self-evaluation report): the table prints no budget; the report's text
    # does, after the project's name: …“湖北省残疾人事业宣传文化工作经费项目”预算资金100万元,…
    items = list(kg.extract(_one(WILD, "t03_")))
    [project] = [i for i in items if isinstance(i, kg.Project)]
    assert (project.budget.total, project.budget.raw[0]) == (Decimal("100"), "100万元")
    said = [w for w in items if isinstance(w, ParseWarning) and w.field == "预算数"]
    assert said and "taken from the text" in str(said[0]) and said[0].line == 12


def test_a_glued_reevaluation_reads_unfinished_as_an_achieved_value():
    # u05 (景东 2022, a re-evaluation's result table glued into a sentence): ``农村低保覆盖率>=95.00%未完成
    # 获补人员条件达标率=100.00%未完成``: 未完成 is the first row's achieved value, the second row's name after it
    projects = _projects(_one(WILD, "u05_"))
    rows = {i.name: (i.target.raw, i.actual.raw) for p in projects for i in p.indicators if i.actual}
    assert rows["农村低保覆盖率"] == (">=95.00%", "未完成")
    assert rows["获补人员条件达标率"] == ("=100.00%", "未完成")


def test_a_glued_rows_category_keeps_the_templates_note(tmp_path):
    # e04 (原州区 2022) prints its 二级 with the template's note, `数量指标 (必填硬性指标)`; glued, as a docx
    # preview leaves the row, the note still goes with the category, not into the indicator's name
    [project] = _projects_of_lines(tmp_path, "glued.txt", [
        "项目支出绩效目标申报表", "项目名称原州区2022年南部水源涵养林建设项目", "项目资金(万元)年度资金总额:6070.00",
        "绩效指标一级指标二级指标三级指标指标值",
        "产出指标数量指标 (必填硬性指标)实施营造林总面积(亩)80000",
        "修建作业道长度(公里)30",
        "质量指标 (必填)苗木成活率(≥**%)85"])  # a row that opens with its 二级: the space is no cell's edge
    rows = [(i.level2, i.name, i.target.raw) for i in project.indicators]
    assert rows == [("数量指标 (必填硬性指标)", "实施营造林总面积(亩)", "80000"),
                    ("数量指标 (必填硬性指标)", "修建作业道长度(公里)", "30"),
                    ("质量指标 (必填)", "苗木成活率(≥**%)", "85")]


def test_a_glued_row_whose_target_is_a_sentence_is_cut_where_the_sentence_opens():
    # http://www.tjxq.gov.cn/xwzx/ztzl/yjjsgk/bmyjsgk/2020nysgk/202103/t20210304_5374854.html (w02, 西青 2020,
    # every row glued on its line): 成本指标补贴标准对国有企业为承租房屋的…予以适当补助 has no quantity at
    # its end; it was skipped, and every row after it read as the one before (its levels shifted)
    [project] = _projects(_one(WILD, "w02_"))
    rows = [(i.level1, i.level2, i.name, i.target.raw) for i in project.indicators]
    assert rows[6] == ("产出指标", "成本指标", "补贴标准",
                       "对国有企业为承租房屋的中小微企业和个体工商户实际减免租金超出3个月的部分予以适当补助")
    assert rows[7][:3] == ("效益指标", "经济效益指标", "扶持国有企业正常运转")
    assert all("cannot split" not in w.reason for w in project.warnings)


def test_glued_rows_of_sentences_dates_and_a_verb_read_as_their_pipe_dump(tmp_path):
    # https://www.tjnh.gov.cn/ztzl1/ztzl/nhczzjzdjc/202108/t20210831_5569479.html (g01, 宁河 2020) glued as a
    # .docx preview prints it: targets that are sentences (显著提升了…, 保障…); the date targets of
    # http://www.wuchuan.gov.cn/zfxxgknew_27916/fdzdgknr/zfwjnew/202112/t20211220_1104864.html (n16, 武川 2021:
    # 开工时限 | 2021年7月, once cut 开工时限2021年 | 7月) and the verb of
    # https://www.tongxin.gov.cn/zwgk/zfxxgkml/zfwj_54948/202507/t20250707_4954268.html (n15, 同心 2025:
    # 培训人员绿色种植意识 | 提高, once cut …意识提 | 高)
    [project] = _projects_of_lines(tmp_path, "glued.txt", [
        "项目支出绩效目标表", "项目名称2020年非营利性民办园房租补贴", "项目预算金额(万元)193.8",
        "绩 效 指 标一级指标二级指标三级指标指标值",
        "产出指标时效指标开工时限2021年7月", "补贴期限2020.1.1-2020.12.31",
        "效益指标社会效益指标提升疫情防控期间民办幼儿园扶持力度显著提升了疫情期间对民办幼儿园的扶持力度,大力支持了民办幼儿园的发展。",
        "培训人员绿色种植意识提高",
        "可持续影响指标非营利性民办园租房受益期限保障疫情期间非营利性民办园房租需求,大力支出民办幼儿园发展",
        "满意度指标服务对象满意度指标受益租户满意度≥95%"])
    assert [(i.level2, i.name, i.target.raw) for i in project.indicators] == [
        ("时效指标", "开工时限", "2021年7月"),
        ("时效指标", "补贴期限", "2020.1.1-2020.12.31"),
        ("社会效益指标", "提升疫情防控期间民办幼儿园扶持力度", "显著提升了疫情期间对民办幼儿园的扶持力度,大力支持了民办幼儿园的发展。"),
        ("社会效益指标", "培训人员绿色种植意识", "提高"),
        ("可持续影响指标", "非营利性民办园租房受益期限", "保障疫情期间非营利性民办园房租需求,大力支出民办幼儿园发展"),
        ("服务对象满意度指标", "受益租户满意度", "≥95%")]


def test_a_glued_name_and_its_explanation_over_the_value_line_is_no_sentence_target():
    # https://www.li-xian.gov.cn/zwgk/public/6616363/1168565791.html (g03, 澧县 2021): 技术指导服务数量对生产
    # 种植企业技术指导服务数量 / 10家: the name, its explanation (对… opens it), the target on the next line
    [project] = _projects(_one(WILD, "g03_"))
    rows = {i.name: i.target.raw for i in project.indicators}
    assert rows["技术指导服务数量"] == "10家"


@pytest.mark.parametrize("line, name, target", [
    # https://gdyinping.com/wwwgdyinpingcom/007329896/0801/201904/fdb5a052be7e4616a3536a4af16269b8.htm (e03,
    # 东莞 2019): ± opens a target as ≥ does (it was cut 补助款结算误差率± | 3%以内)
    ("补助款结算误差率±3%以内", "补助款结算误差率", "±3%以内"),
    # http://admin.yzcity.gov.cn:8888/llqlinyj/gknb/202204/cd04d310d5364b2f9983a7843fb6a17d.shtml (ac01,
    # 零陵 2021): a rate per mu printed before its number (it was cut 造林补助每亩 | 300)
    ("造林补助每亩300", "造林补助", "每亩300"),
    # https://keke.chddh.cn/archives/bqg98jldqdz7y2xm7pe6.html (p02, 稷山 2020): 每年 ends the name
    ("配套资金每人每年75元", "配套资金每人每年", "75元"),
])
def test_a_glued_rows_target_opening_with_plus_minus_or_per_unit_is_cut_before_it(tmp_path, line, name, target):
    [project] = _projects_of_lines(tmp_path, "glued.txt", [
        "项目支出绩效目标表", "项目名称造林补助", "项目预算金额(万元)19.5",
        "绩 效 指 标一级指标二级指标三级指标指标值", "产出指标数量指标" + line])
    assert [(i.name, i.target.raw) for i in project.indicators] == [(name, target)]


def test_a_monitoring_table_exported_with_the_budget_systems_own_column_names_is_read(tmp_path):
    # The Ministry of Finance's budget system (fasp2 pmkpi) exports 监控指标（项目支出） under these columns
    # (its import/export definition, perf_t_impexpsub 'traceprogram', in a public GitHub copy of its SQL):
    # 三级指标名称 was no known column, and a qualitative row's progress (达成, as the header asks) slid
    # into the empty 计量单位 cell before it
    [project] = _projects_of_lines(tmp_path, "monitoring.txt", [
        "项目支出绩效监控表", "项目名称 | 城乡居民医疗救助 |", "年度资金总额 | 120 |",
        "一级指标 | 二级指标 | 三级指标名称 | 计算符号 | 年度指标值 | 计量单位 | "
        "*当前完成值（定量填数字，定性填达成、部分达成、未达成） | *完成可能性分析 | 偏差原因说明 |",
        "产出指标 | 数量指标 | 救助人次 | ≥ | 1200 | 人次 | 640 | 确定能 | |",
        "效益指标 | 社会效益指标 | 困难群众基本医疗保障 | 定性 | 有效保障 | | 达成 | 确定能 | |"])
    rows = [(i.name, i.target.raw, i.target.comparator, i.interim, i.remark) for i in project.indicators]
    assert rows == [("救助人次", "1200", "≥", "640", "确定能"),
                    ("困难群众基本医疗保障", "有效保障", None, "达成", "确定能")]


def test_a_self_evaluation_exported_with_the_budget_systems_own_column_names_is_read(tmp_path):
    # The same system's 自评指标（项目支出） export (perf_t_impexpsub 'selfprogram'): a weight column named
    # with the template's note after a space (*分值 数量(20)、质量(10)…), the score, the deduction and the
    # notes in columns of their own; the achieved value before the unit
    [project] = _projects_of_lines(tmp_path, "self-evaluation.txt", [
        "项目支出绩效自评表", "项目名称 | 城乡居民医疗救助 |", "年度资金总额 | 120 |",
        "一级指标 | 二级指标 | 三级指标名称 | 计算符号 | 指标值 | *实际完成值（定量填数字，定性填达成、部分达成、未达成） | "
        "计量单位 | *分值 数量(20)、质量(10)、时效(10)、成本(10)、效益(30)、满意度(10) | "
        "*指标得分（定量系统自动计算，定性必填，所填值为原指标得分，不包含扣减分数。） | 扣减分数 | "
        "完成情况简要描述（定量选填，定性必填） | 偏差原因及改进措施（指标未完成时必填） |",
        "产出指标 | 数量指标 | 救助人次 | ≥ | 1200 | 1260 | 人次 | 20 | 20 | | | |",
        "效益指标 | 社会效益指标 | 困难群众基本医疗保障 | 定性 | 有效保障 | 达成 | | 30 | 30 | | 全年救助及时 | |"])
    rows = [(i.name, i.target.raw, i.target.unit, i.actual.raw, i.weight, i.score, i.remark)
            for i in project.indicators]
    assert rows == [("救助人次", "1200", "人次", "1260", Decimal("20"), Decimal("20"), None),
                    ("困难群众基本医疗保障", "有效保障", None, "达成", Decimal("30"), Decimal("30"), "全年救助及时")]


def test_a_reports_table_with_its_cells_on_indented_lines_reads_its_rows_and_stops_at_the_text():
    # https://dyxrmt.cn/article-147197-19.html (ad01, 大英 2020, a self-evaluation report split over pages):
    # each cell on a line of its own after ``        | ``, a wrapped cell's rest on an indented line
    # (``社会效益`` / ``       指标``); 实施进度 (已完成100%) is how far the target got, 项目决策 heads the
    # 产出 rows; the report's text after the table (3.分析评价申报内容是否与实际相符,…) is no row. The
    # project is named in the report's prose only: not read (kept as a miss)
    [project] = _projects(_one(WILD, "ad01_"))
    rows = [(i.level1, i.level2, i.name, i.target.raw, i.remark) for i in project.indicators]
    assert rows == [
        ("项目决策", "数量指标", "宣传次数", "至少全年完成2次宣传", "已完成100%"),
        ("项目决策", "质量指标", "创建质量", "按质按量完成", "已完成100%"),
        ("项目决策", "时效指标", "全年", "1-12月", "已完成100%"),
        ("项目决策", "成本指标", "成本", "10万元", "已完成100%"),
        ("项目效益", "社会效益指标", "提升全县消费者维权意识", "不断提升", "已完成100%"),
        ("满意度指标", "满意度指标", "群众满意度", "90%", "已完成100%")]


@pytest.mark.parametrize("value_line, project, budget", [
    # t04 (东莞展览馆 2022) with its cells glued as a .docx preview prints them: the project under a
    # 项目 名称 line of its own, the year's budget label and amount glued after it
    ("物业管理费支出本年度申请市财政预算资金(万元)282.92", "物业管理费支出", Decimal("282.92")),
    # e03 (东莞 交通 2019): the period's budget first, then the year's
    ("镇际联网路升级改造工程一期中期市财政预算(万元)284500.00本年度申请市财政预算资金(万元)919.00",
     "镇际联网路升级改造工程一期", Decimal("919.00")),
])
def test_a_glued_value_line_under_its_label_gives_the_project_and_the_budget(tmp_path, value_line, project, budget):
    # http://www.dgec.org.cn/news_show/1361 (t04) and
    # https://gdyinping.com/wwwgdyinpingcom/007329896/0801/201904/fdb5a052be7e4616a3536a4af16269b8.htm (e03):
    # the 东莞 template, 项目 名称 | value | 本年度申请市财政预算资金(万元) | amount
    [found] = _projects_of_lines(tmp_path, "glued.txt", [
        "东莞市财政项目支出绩效目标表", "( 2022 年度)", "预算单位:东莞展览馆", "项目 名称", value_line,
        "绩效指标一级指标二级指标三级指标指标值", "产出指标数量指标物管服务面积2.6万平方米"])
    assert (found.project, found.budget.total) == (project, budget)


def test_a_glued_row_said_twice_is_a_name_and_the_target_that_repeats_it(tmp_path):
    # https://www.wjbhcs.com/public/6600241/36762723.html (f03, 霍邱 2022: 社会效益指标 | 巩固拓展脱贫攻坚成果 |
    # 巩固拓展脱贫攻坚成果) with its cells glued: the same words twice are the name and its target
    [project] = _projects_of_lines(tmp_path, "glued.txt", [
        "项目支出绩效目标表", "项目名称科技特派员创业行动", "项目预算金额(万元)30",
        "绩 效 指 标一级指标二级指标三级指标指标值",
        "效益指标社会效益指标巩固拓展脱贫攻坚成果巩固拓展脱贫攻坚成果"])
    assert [(i.level2, i.name, i.target.raw) for i in project.indicators] == [
        ("社会效益指标", "巩固拓展脱贫攻坚成果", "巩固拓展脱贫攻坚成果")]
    # a name and its explanation said twice over the value on the next line stay so
    # (https://www.li-xian.gov.cn/zwgk/public/6616363/1168565791.html, g03, 澧县 2021)
    rows = {i.name: i.target.raw for i in _projects(_one(WILD, "g03_"))[0].indicators}
    assert rows["创建食用菌生产基地"] == "2个"


def test_a_glued_rows_category_keeps_its_points(tmp_path):
    # https://chacewang.com/newsdetail/news242266.html (d06, 中江 2022: 产出指标(70分)数量指标安装坡面水标尺…)
    # written a row a line: the points go with the 一级 they follow, as in a pipe row's cell (产出指标(70分)),
    # not with the 二级 after them ((70分)数量指标)
    [project] = _projects_of_lines(tmp_path, "glued.txt", [
        "项目支出绩效自评表", "项目名称中江县农业水价综合改革精准补贴和节水奖励项目", "项目预算金额(万元)20",
        "绩 效 指 标一级指标二级指标三级指标指标值",
        "产出指标(70分)数量指标安装坡面水标尺≥266米", "水标尺宽度≥50厘米"])
    assert [(i.level1, i.level2, i.name, i.target.raw) for i in project.indicators] == [
        ("产出指标(70分)", "数量指标", "安装坡面水标尺", "≥266米"),
        ("产出指标(70分)", "数量指标", "水标尺宽度", "≥50厘米")]


def test_a_glued_rows_benefit_stem_and_a_range_are_cut_as_their_cells(tmp_path):
    # http://www.cixi.gov.cn/art/2023/3/7/art_1229041725_4196529.html (a01, 慈溪 2023, its 二级 printed
    # 社会效益 with no 指标) and https://dyxrmt.cn/article-147197-19.html (ad01, 大英 2020: 全年 | 1-12月) written a row
    # a line with their cells glued: the 效益 stem is the 二级 (社会效益婴幼儿健康管理率, once one name), a
    # range is the target whole (全年1- | 12月 before)
    [project] = _projects_of_lines(tmp_path, "glued.txt", [
        "项目支出绩效目标表", "项目名称婴幼儿照护服务", "项目预算金额(万元)50",
        "绩 效 指 标一级指标二级指标三级指标指标值",
        "产出指标时效指标全年1-12月",
        "效益指标社会效益婴幼儿健康管理率95%", "婴幼儿家长科学育儿知识普及率90%"])
    assert [(i.level2, i.name, i.target.raw) for i in project.indicators] == [
        ("时效指标", "全年", "1-12月"), ("社会效益", "婴幼儿健康管理率", "95%"),
        ("社会效益", "婴幼儿家长科学育儿知识普及率", "90%")]


@pytest.mark.parametrize("line, cells", [
    # https://m.bidcenter.com.cn/newsrili-1-303859372.html (v02, 宁夏福彩 2023): 同比 opens the target a
    # phrase ends, as it does one a figure ends
    ("经济效益指标提升彩票销量,筹集更多彩票公益金同比2022年销量显著提高",
     ["经济效益指标", "提升彩票销量,筹集更多彩票公益金", "同比2022年销量显著提高"]),
    # https://www.linhai.gov.cn/art/2024/6/7/art_1229304929_3933549.html (g04, 临海 2024, no 三级 column):
    # a category and its target alone is no name 3 and a target 75万平方米, nor a name ≥
    ("数量指标375万平方米", None),
    ("服务对象或受益者满意度指标≥95%", None),
])
def test_a_glued_row_is_never_cut_inside_a_figure_and_a_comparison_opens_its_target(line, cells):
    from kg.parse.gluedrow import split_indicator_line
    from kg.parse.vocab import vocabulary
    assert split_indicator_line(line, vocabulary(), sentence=True) == cells


@pytest.mark.parametrize("line, cells", [
    # https://gdyinping.com/wwwgdyinpingcom/007329896/0801/201904/fdb5a052be7e4616a3536a4af16269b8.htm (e03,
    # 东莞 2019): a category with the name it also goes by
    ("数量指标(或建筑规模指标)镇街补助款完成结算项目数3", ["数量指标(或建筑规模指标)", "镇街补助款完成结算项目数", "3"]),
    ("时效指标(工期指标)结算款支付及时性及时", ["时效指标(工期指标)", "结算款支付及时性", "及时"]),
    # http://fjtl.taiwan.cn/zxgg/201707/t20170731_11825756.htm (s02, 福建省台联 2017): the old templates'
    # 目标 for 指标; 绩效目标 (a 决策 framework's 二级) still starts the name 绩效目标合理性 (镇江 2024)
    ("成本目标开展丰收节活动、夏令营活动100%", ["成本目标", "开展丰收节活动、夏令营活动", "100%"]),
    ("绩效目标合理性合理", ["绩效目标合理性", "合理"]),
    # http://www.linyixian.gov.cn/n30334494/n38447929/n38448474/n74342318/n74348867/n74350511/n74350513/c75276936/content.html
    # (e01, 临沂 2025): 值 for 指标
    ("经济效益值经费有效使用情况=100%", ["经济效益值", "经费有效使用情况", "=100%"]),
    # https://m.bidcenter.com.cn/newsrili-1-299854354.html (r06, 吕梁 2021): 产出's four without 指标
    ("产出数量完成2021年吕梁山护工培训任务12500名", ["产出数量", "完成2021年吕梁山护工培训任务", "12500名"]),
    # https://www.xjwq.gov.cn/info/1087/54556.htm (u01, 温泉 2019) and https://www.ningjin.gov.cn/content/26279.html
    # (b02, 宁晋 2019, its 一级 printed 产出):
    # a 一级 without its 指标 right before a 二级 spelled out
    ("项目完成数量指标基本医疗保险参保人数43230人", ["项目完成", "数量指标", "基本医疗保险参保人数", "43230人"]),
    ("产出数量指标享受资助人数2100", ["产出", "数量指标", "享受资助人数", "2100"]),
    # http://www.tyc-yl.com/zwgk_53713/ysgk_59783/czjzxzj/202207/t20220710_5930157.html (d01, 宝坻 2022): a
    # template whose 二级 are the usual 一级 names
    ("实施效果指标产出指标竣工验收合格率100%", ["实施效果指标", "产出指标", "竣工验收合格率", "100%"]),
    # http://cqfj.gov.cn/index/xz_168/ywtjzx/zwxx_61303/gsgg_107031/202402/t20240201_12892054.html (d07, 奉节
    # 2023): a range of points after the 一级
    ("成本指标(0-20)分经济成本指标项目建设成本≤65万元", ["成本指标(0-20)分", "经济成本指标", "项目建设成本", "≤65万元"]),
    # https://www.ahxx.gov.cn/grassroots/279/158998981.html (g05, 萧县 2023): categories spaced out as a wide
    # cell prints them
    ("产 出 指 标 (50分)数量指标其中桃树种植面积1.5亩", ["产 出 指 标 (50分)", "数量指标", "其中桃树种植面积", "1.5亩"]),
    ("效 益 指 标 (30分)社会效益 指标受益人口数量90人", ["效 益 指 标 (30分)", "社会效益 指标", "受益人口数量", "90人"]),
    # https://www.shucheng.gov.cn/public/6598641/36467963.html (c05, 舒城 2023) and
    # http://hssz.hssedu.cn/info/1230/4301.htm (g06, 黄石三中 2023): a template's own 二级 names
    ("过程管理指标项目管理指标项目开工率≥95%", ["过程管理指标", "项目管理指标", "项目开工率", "≥95%"]),
    ("满意度指标具体指标教师满意度≥95%", ["满意度指标", "具体指标", "教师满意度", "≥95%"]),
    # https://keke.chddh.cn/archives/bqg98jldqdz7y2xm7pe6.html (p02, 稷山 2020): a 效益 stem before a name
    # numbered 指标1: (not 社会效益指标 and a name 1:…); https://www.hsslib.org.cn/info/72903.jspx (u03, 黄石
    # 2022): a stem before a name in Latin letters
    ("社会效益指标1:是否解决建档立卡人员看病难贵问题95%", ["社会效益", "指标1:是否解决建档立卡人员看病难贵问题", "95%"]),
    ("环境效益WIFI全覆盖,绿色环保良好", ["环境效益", "WIFI全覆盖,绿色环保", "良好"]),
    # https://www.ahjinzhai.gov.cn/public/6617781/34383152.html (c01, 金寨 2021): a year's whole as the target
    ("时效指标指标1:按时保质完成开发区安置小区物业管理工作2021年全年",
     ["时效指标", "指标1:按时保质完成开发区安置小区物业管理工作", "2021年全年"]),
    # https://m.bidcenter.com.cn/news-6-216464175.html (u02, 金安 2023): a time row's deadline in words
    ("时效指标土地确权数据维护时间故障发生后一周内", ["时效指标", "土地确权数据维护时间", "故障发生后一周内"]),
])
def test_a_glued_rows_category_with_its_other_name_or_spelled_with_mubiao(line, cells):
    from kg.parse.gluedrow import split_indicator_line
    from kg.parse.vocab import vocabulary
    assert split_indicator_line(line, vocabulary(), sentence=True) == cells


@pytest.mark.parametrize("line, cells", [
    # https://www.ahjinzhai.gov.cn/public/6624963/37545031.html (ac02, 金寨 2023): a deadline in months
    ("指标1:完成美丽宜居自然村庄验收时间9月前", ["指标1:完成美丽宜居自然村庄验收时间", "9月前"]),
    # http://www.nanyue.gov.cn/nyczj/czysgk/2018njyqnddbmyjs/xcj/nyqnyzzf/20200211/i951215.html (i01, 南岳 2018)
    ("每年返本分红时间每年12月底前", ["每年返本分红时间", "每年12月底前"]),
    # https://www.hsslib.org.cn/info/72903.jspx (u03, 黄石 2022): a figure and the state it reaches
    ("WIFI布点全覆盖100%覆盖", ["WIFI布点全覆盖", "100%覆盖"]),
    # y01 (上海 2026, https://github.com/zxj6827111-blip/GovBudgetChecker/blob/5888e194d7bc0120430bc97cb04bb3d0dfef2ca9/tests/fixtures/perf_phase_amount_truth_page_data.json):
    # the change asked for, after a measure's name
    ("道路景观提升情况提升", ["道路景观提升情况", "提升"]),
    ("新增违建发生数降低", ["新增违建发生数", "降低"]),
])
def test_a_glued_rows_deadline_state_or_change_is_its_target(line, cells):
    from kg.parse.gluedrow import split_indicator_line
    from kg.parse.vocab import vocabulary
    assert split_indicator_line(line, vocabulary(), sentence=True) == cells


def test_rows_whose_header_a_page_cut_off_are_read_in_the_order_their_categories_lead():
    # https://dyxrmt.cn/article-128100-12.html (s05, 大英县民政局 2020, page 12 of a report split over pages):
    # the page starts inside the grid, | 项目完成指标 | 质量指标 | 改善养老服务基础条件 | 改善条件 | 明显改善 |,
    # no header anywhere; the rows name their columns by their order (一级, 二级, name, target, then a
    # note), and the table says the header was supplied
    [project] = _projects(_one(WILD, "s05_"))
    rows = [(i.level1, i.level2, i.name, i.target.raw, i.remark) for i in project.indicators]
    assert rows[0] == ("项目完成指标", "质量指标", "改善养老服务基础条件", "改善条件", "明显改善")
    assert rows[-1][1:4] == ("服务对象满意度指标", "养老服务对象对养老机构服务质量满意度", "≥90%")
    assert len(rows) == 5
    assert any(w.field == "表头" and "no header" in w.reason for w in project.warnings)


def test_an_indented_pipe_table_keeps_each_row_on_its_own_line(tmp_path):
    # a page that indents its whole table (``  | 产出指标 | 数量指标 | 救助人次 | ≥1200人次 |``) is no row printed a
    # cell a line after indented pipes (大英 2020's ``        | 数量指标``): each line stays a row, with its line
    [project] = _projects_of_lines(tmp_path, "indented.txt", [
        "项目支出绩效目标表", "  | 项目名称 | 城乡居民医疗救助 |", "  | 年度资金总额 | 120 |",
        "  | 一级指标 | 二级指标 | 三级指标 | 指标值 |", "  | 产出指标 | 数量指标 | 救助人次 | ≥1200人次 |",
        "  | 效益指标 | 社会效益指标 | 困难群众基本医疗保障 | 有效保障 |",
        "  | 满意度指标 | 服务对象满意度指标 | 救助对象满意度 | ≥90% |"])
    assert [(i.name, i.target.raw, i.source.line) for i in project.indicators] == [
        ("救助人次", "≥1200人次", 5), ("困难群众基本医疗保障", "有效保障", 6), ("救助对象满意度", "≥90%", 7)]

def test_a_glued_doubled_row_ends_its_first_target_at_its_unit(tmp_path):
    """六安 2024 (e09, https://nyncj.luan.gov.cn/public/6608321/10480730.html), each row's cells glued
    as a .docx preview prints them: 监督抽检批次 | ≥100组 printed twice (中期 and 年度) is
    监督抽检批次≥100组监督抽检批次≥100组; 组 is a unit (as 只, 头, 种, 例, 株, 种次 and 平米: the
    units of real tables' counts), so the first target ends after it and the name after it is whole."""
    from tests.variants import VARIANTS

    raw = next((Path(__file__).parent / "real-wild" / "raw").glob("e09_*.txt")).read_text(encoding="utf-8")
    glued = tmp_path / "e09.txt"
    glued.write_text(VARIANTS["glued"](raw), encoding="utf-8")
    assert "监督抽检批次≥100组监督抽检批次≥100组" in glued.read_text(encoding="utf-8")
    projects = [p for p in kg.extract([glued]) if not isinstance(p, ParseWarning)]
    rows = {i.name: i.target.raw for p in projects for i in p.indicators}
    assert rows.get("监督抽检批次") == "≥100组" and "组监督抽检批次" not in rows


def test_a_glued_sentence_under_its_category_is_a_row_as_in_its_pipe_dump(tmp_path):
    """原州区 2022 (e04, 宁夏) glued as a .docx preview prints it: ``生态效益 指标 (选填)提高森林覆盖率,
    促进生物多样性保护。`` is a sentence in a cell merged over 三级 and 指标值, a row as its pipe dump
    reads it (it was skipped as a row with no target, and the rows after it lost their 二级)."""
    source = _one(WILD, "e04_")
    glued = _glued_copy(tmp_path, source)
    assert "生态效益 指标 (选填)提高森林覆盖率,促进生物多样性保护。\n" in glued.read_text(encoding="utf-8")
    [project] = _projects(glued)
    [pipe] = _projects(source)
    assert [r[1:] for r in _rows(project)][-4:] == [r[1:] for r in _rows(pipe)][-4:] == [
        ("经济效益 指标 (选填)", "增加就业机会,提高农民收入。", "增加就业机会,提高农民收入。"),
        ("社会效益 指标 (必填)", "受益人数(人)", "132"),
        ("生态效益 指标 (选填)", "提高森林覆盖率,促进生物多样性保护。", "提高森林覆盖率,促进生物多样性保护。"),
        ("可持续影响 指标 (必填)", "提高森林生态系统服务功能,显著改善项目区及周边地区的生态环境。",
         "提高森林生态系统服务功能,显著改善项目区及周边地区的生态环境。")]


def test_a_glued_self_evaluations_weight_target_achieved_and_score_are_cut_apart(tmp_path):
    """萧县 2023 (g05, https://www.ahxx.gov.cn/grassroots/279/158998981.html) glued as a .docx preview
    prints it, under 三级指标 | 分值 | 年度指标值 | 全年实际值 | 得分: ``★补助家畜家禽养殖数量10192只192只10``
    is the weight 10, the target 192只 achieved as set, the score 10 (not a target of 10192只)."""
    from tests.variants import VARIANTS

    raw = next((Path(__file__).parent / "real-wild" / "raw").glob("g05_*.txt")).read_text(encoding="utf-8")
    glued = tmp_path / "g05.txt"
    glued.write_text(VARIANTS["glued"](raw), encoding="utf-8")
    assert "★补助家畜家禽养殖数量10192只192只10" in glued.read_text(encoding="utf-8")
    projects = [p for p in kg.extract([glued]) if not isinstance(p, ParseWarning)]
    rows = {i.name: (i.target.raw, i.actual.raw if i.actual else None, i.weight, i.score)
            for p in projects for i in p.indicators}
    assert rows["★补助家畜家禽养殖数量"] == ("192只", "192只", 10, 10)
    assert rows["★补助鱼塘面积"] == ("3亩", "3亩", 10, 10)
    assert rows["★补助各类瓜果蔬菜种植面积"] == ("29.5亩", "29.5亩", 20, 20)
    assert rows["养殖家畜家禽成活率"] == ("95%", "100%", 5, 5)  # achieved otherwise than set: as before


def test_a_glued_rows_required_mark_stays_with_its_二级(tmp_path):
    """南宁 2021 (t01), 广西's form, marks a required 二级 with ``*`` (``数量指标*``); glued as a .docx preview
    gives it (``产出指标数量指标*外聘人员招聘数量≧240人…``) the mark stays with the 二级, not at the start of the
    name, and the rows read as in the pipe dump."""
    source = _one(WILD, "t01_")
    glued = _glued_copy(tmp_path, source)
    assert "产出指标数量指标*外聘人员招聘数量≧240人" in glued.read_text(encoding="utf-8")
    [project] = _projects(glued)
    [pipe] = _projects(source)
    assert _rows(project)[:2] == _rows(pipe)[:2] == [
        ("产出指标", "数量指标*", "外聘人员招聘数量", "≧240人"),
        ("产出指标", "质量指标*", "外聘人员年度考核完成率", "100%")]


def test_a_projects_notice_lists_its_targets_numbered_under_its_categories_in_sentences():
    """A poverty-relief project's notice (项目公告公示) as a mirror copies it, in traditional characters (昌吉 2019:
    http://www.olshare.net/p118/2019nfpzjgk/20200526/185626.html, ai02; and r03, the same mirror): ``(一)、产出指标``,
    then ``1、数量指标:全年资助…学生1606人次,资助金额160.77万元。``, each figure glued to its name, a comma between
    two; the project the text says was carried out, else the title without 计划公告公示; the budget 涉及资金…万元."""
    [school] = _projects(_one(WILD, "ai02_"))
    assert (school.project, school.budget.total) == ("普通高中國家助學(xué)金", Decimal("160.77"))
    assert [(i.level2, i.name, i.target.raw) for i in school.indicators] == [
        ("數(shù)量指標(biāo)", "全年資助普通高中家庭經(jīng)濟困難學(xué)生", "1606人次"),
        ("數(shù)量指標(biāo)", "資助金額", "160.77萬元"),
        ("質(zhì)量指標(biāo)", "資助標(biāo)準(zhǔn)", "100%達標(biāo)"),
        ("時效指標(biāo)", "資助人數(shù)覆蓋率", "100%"),
        ("時效指標(biāo)", "資助經費到位率", "100%達標(biāo)"),
        ("成本指標(biāo)", "資助標(biāo)準(zhǔn)", "每生每年3000元、2000元、1000元3個檔次")]  # 资助标准为…: 为 parts them
    assert {i.level1 for i in school.indicators} == {"產(chǎn)出指標(biāo)"}  # 4、成本指标 is 产出's fourth 二级 here
    assert school.indicators[0].target.value == 1606 and school.indicators[1].target.base_value == 1607700
    [college] = _projects(_one(WILD, "r03_"))
    assert (college.project, college.budget.total) == ("2019年高等職業(yè)院校國(guó)家助學(xué)金資助補(bǔ)助資金項(xiàng)目", Decimal("895.8"))
    assert college.budget.raw[0] == "895.8萬(wàn)元"  # as printed
    assert [i.name for i in college.indicators][-1] == "享受?chē)?guó)家助學(xué)金平均每生每年"


def test_a_table_whose_title_names_no_year_takes_the_year_its_period_lies_in():
    """荆门 2022 (af01, ``起止时间 | 2022年1月—12月``) and 昌吉 2019 (ai02, ``實施期限 2019.1.1-2019.12.31.``) name their
    year nowhere else; a period over two years names none (2023.07-2024.01)."""
    from kg.parse.project import period_year

    assert [p.year for p in _projects(_one(WILD, "af01_"))] == [2022]
    assert [p.year for p in _projects(_one(WILD, "ai02_"))] == [2019]
    assert [period_year(p) for p in ("2023年1月至12月", "2023.07-2024.01", "1年", "3年", None)] == [2023, None, None, None, None]


def test_self_evaluation_rows_a_page_cut_from_their_header_read_by_their_columns_from_the_right():
    # https://dyrmt.com/article-133619-29.html (ak02, 大英 2022): a report split over pages, this one starting
    # inside a self-evaluation's indicators: name | 指标性质 | 指标值 | 度量单位 | 完成值 | 权重 | 得分, the merged
    # 一级 and 二级 printed on a block's first row only; the header is supplied and the table says so
    [project] = _projects(_one(WILD, "ak02_"))
    assert [(i.level1, i.level2, i.name, i.target.comparator, i.target.value, i.target.unit, i.actual.raw, i.score)
            for i in project.indicators if i.target.kind == "quantitative"] == [
        ("", "", "公益性讲座知晓率", "=", 100, "%", "100", 5),
        ("满意度指标", "服务对象满意度指标", "活动参与人员满意度", "≥", 95, "%", "95", 5),
        ("满意度指标", "服务对象满意度指标", "聘用人员满意度", "≥", 95, "%", "95", 5)]
    assert any(w.field == "表头" for w in kg.extract(_one(WILD, "ak02_")) if isinstance(w, ParseWarning))
    # https://dyrmt.com/article-159286-40.html (am01, 大英 2023): 完成值 and 得分 left blank, the row ends in its 分值
    [project] = _projects(_one(WILD, "am01_"))
    assert [(i.name, i.target.comparator, i.target.value, i.target.unit, i.weight) for i in project.indicators][:3] == [
        ("城乡居民医保参保工作经费发放及时率", "=", 100, "%", 5),
        ("城乡居民参保网络宣传成本预算", "≤", 101400, "元", 5),
        ("城乡居民医保参保工作经费发放成本预", "=", 1, "元/人", 5)]


def test_a_department_table_titled_by_the_funds_it_reports_on_names_them_its_project():
    """南岳 2020 (w04, a mirror in traditional characters with pinyin): ``2020年忠烈祠免費開放經(jīng)費236.25萬元部門整體
    支出績效自評表`` reports on 忠烈祠免费开放经费, not on its unit as a whole; a title of the unit alone (祁东 2024,
    ag03: ``2024年祁东县部门整体支出绩效目标表``) keeps the unit as the project."""
    [funds] = _projects(_one(WILD, "w04_"))
    assert (funds.project, funds.unit_name) == ("忠烈祠免費開放經(jīng)費", "南岳區(qū)民族宗教事務(wù)局")
    [unit] = _projects(_one(WILD, "ag03_"))
    assert unit.project == unit.unit_name == "祁东县疾病预防控制中心"


def test_an_evaluation_reports_project_is_the_one_its_prose_quotes():
    # 景东 2022 (u05, an aggregator's copy of a re-evaluation report flattened into one paragraph): the table
    # runs on the line of ``委托…对“2022年农村最低生活保障专项资金项目”进行绩效评价``, which names its project
    [project] = _projects(_one(WILD, "u05_"))
    assert project.project == "2022年农村最低生活保障专项资金项目"
    assert [(i.name, i.target.raw) for i in project.indicators][:2] == [
        ("农村低保发放人数", ">=24500人"), ("补助人群精准率", ">=95.00%")]


def test_a_funds_name_glued_after_its_label_keeps_the_fund_words_inside_it():
    # 阆中 2021 (v01, http://langzhong.gov.cn/zwgk/zdlygk/zxzj/202208/t20220817_1715346.html, a transfer payment's self-evaluation whose page lost its cell
    # bars): ``转移支付(项目)名称车辆购置税收入补助地方资金(普通省道公路建设)`` is one name; 地方资金 inside it, followed
    # by words in brackets and no amount, is no label of a fund's row
    [project] = _projects(_one(WILD, "v01_"))
    assert project.project == "车辆购置税收入补助地方资金(普通省道公路建设)"


def test_a_years_value_an_excerpt_cut_to_a_stub_reads_as_its_period_copy():
    # 亳州 2023 (q02, http://567hw.com/OpennessContent/show/2241786.html, a mirror of the 气象局's table; every row printed in a 中期 and a 年度 block): the excerpt ends
    # inside the 年度 copy of the 质量 row (``解``); its 中期 copy is whole, the same indicator: it is the target,
    # and the row says the 年度 value was cut
    [project] = _projects(_one(WILD, "q02_"))
    row = project.indicators[1]
    assert (row.name, row.target.raw) == ("围绕农业生产、生态环境修复、改善空气质量等需求",
                                          "解决旱情,保障粮食安全,服务农业生产,保持水土涵养,改善空气质量")
    assert any("cut short" in w.reason for w in row.warnings)
    assert project.indicators[0].target.raw == "暂定量按15次作业且总航时不少于30小时测算"  # a whole row: as printed
