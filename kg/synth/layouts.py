"""Layout writers: the same project specs printed the ways published tables are.

Each writer returns the file's text and, per project, the line of its 预算数 value (a
broken spec puts a non-number there, and the manifest names that line).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from typing import Callable

TEMPLATE_LEVEL2 = {
    "产出指标": ("数量指标", "质量指标", "时效指标", "成本指标"),
    "效益指标": ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"),
    "满意度指标": ("服务对象满意度指标",),
}


@dataclass(frozen=True)
class Row:
    level1: str
    level2: str
    name: str
    description: str
    value: str


@dataclass(frozen=True)
class Spec:
    unit_code: str
    unit_name: str
    project: str
    total: str
    fiscal: str
    other: str
    purpose: str
    goals: tuple[str, ...]
    rows: tuple[Row, ...]
    year: int = 2025  # the fiscal year each layout prints in its title or under it

    def broken(self) -> "Spec":
        """The same table with a 预算数 that is not an amount."""
        return replace(self, total="待定")


@dataclass(frozen=True)
class TableText:
    text: str
    budget_lines: list[int]
    # per project, each indicator row's 指标值 as printed, where a layout prints it otherwise (tianjin's quirks)
    printed: list[list[str]] | None = None
    row_lines: list[list[int]] | None = None  # per project, the line of each indicator row (self-evaluations)


@dataclass(frozen=True)
class Evaluated:
    """One row of a self-evaluation: the 三级指标 as printed there, the achieved value, points and reason."""

    name: str
    actual: str
    weight: int
    score: int
    reason: str


class _Lines:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.marks: list[int] = []

    def add(self, *lines: str) -> None:
        self.lines.extend(lines)

    def mark(self) -> None:
        """The next line added is a 预算数 value."""
        self.marks.append(len(self.lines) + 1)

    def done(self, printed: list[list[str]] | None = None, row_lines: list[list[int]] | None = None) -> TableText:
        return TableText("\n".join(self.lines) + "\n", self.marks, printed, row_lines)


def _glued_repeat(value: str, rng: random.Random) -> str:
    """The sample's flattening damage: ``24小时`` printed as ``2424小时``."""
    digits = len(value) - len(value.lstrip("0123456789"))
    if digits and rng.random() < 0.15:
        return value[:digits] + value
    return value


def tianjin(specs: list[Spec], rng: random.Random) -> TableText:
    """The reference dump: a tab before each cell, blank lines between rows."""
    out = _Lines()
    printed: list[list[str]] = []
    for seq, spec in enumerate(specs, start=1):
        printed.append([])
        out.add(f"{' ' if seq == 1 else ''}{seq}.{spec.project}绩效目标表", f"\t({spec.year}年度)",
                f"\t{spec.unit_code}{spec.unit_name}", "\t单位：万元", "",
                "\t项目名称", f"\t{spec.project}", "", "\t预算规模及资金用途", "\t预算数")
        out.mark()
        out.add(f"\t{spec.total}", "\t其中：财政    资金", f"\t{spec.fiscal}", "\t其他资金",
                f"\t{spec.other}", "", "\t", f"\t{spec.purpose}", "", "\t绩效目标", f"\t1.{spec.goals[0]}")
        for number, goal in enumerate(spec.goals[1:], start=2):
            out.add("", f"{number}.{goal}")  # the sample's later goals lose their tab
        out.add("", "", "\t一级指标", "\t二级指标", "\t三级指标", "\t绩效指标描述", "\t指标值", "")
        previous = None
        for index, row in enumerate(spec.rows):
            out.add(f"\t{row.level1}" if row.level1 != previous else "\t", f"\t{row.level2}", f"\t{row.name}")
            if index == 0 and rng.random() < 0.3:
                out.add("", "")  # blank lines inside the first row, as in the sample
            value = "考生满意度" if row.level1 == "满意度指标" and rng.random() < 0.03 else row.value
            printed[-1].append(_glued_repeat(value, rng))
            out.add(f"\t{row.description}", f"\t{printed[-1][-1]}", "")
            previous = row.level1
        out.add("")
    return out.done(printed)


def cell_per_line(specs: list[Spec], rng: random.Random) -> TableText:
    """One cell per line, a blank line between cells, " " for an empty cell."""
    out = _Lines()

    def cells(*texts: str) -> None:
        for text in texts:
            out.add(text, "")

    for spec in specs:
        cells(f"{spec.unit_name}{spec.year}年项目支出绩效目标表", "项目名称", spec.project, "主管部门",
              f"[{spec.unit_code}]{spec.unit_name}", "项目资金（万元）", "年度资金总额")
        out.mark()
        cells(spec.total, "其中：财政拨款", spec.fiscal, "其他资金", spec.other or " ",
              "年度绩效目标", *[f"{n}.{g}" for n, g in enumerate(spec.goals, start=1)],
              "一级指标", "二级指标", "三级指标", "指标值")
        previous = None
        for row in spec.rows:
            cells(row.level1, row.level2 if row.level2 != previous else " ", row.name, row.value)
            previous = row.level2
    return out.done()


def glued(specs: list[Spec], rng: random.Random) -> TableText:
    """Cells glued on one line; continuation rows leave out 一级 and 二级."""
    out = _Lines()
    for spec in specs:
        out.add(f"{spec.year}年{spec.project}绩效目标表", f"项目支出名称{spec.project}",
                f"主管部门及编码{spec.unit_code}-{spec.unit_name}", "金额单位：万元")
        out.mark()
        out.add(f"年度资金总额{spec.total}", f"其中：财政拨款{spec.fiscal}")
        if spec.other:
            out.add(f"其他资金{spec.other}")
        out.add("年度目标" + "".join(f"{n}.{g}" for n, g in enumerate(spec.goals, start=1)),
                "一级指标二级指标三级指标指标值")
        level1 = level2 = None
        for row in spec.rows:
            lead = (row.level1 if row.level1 != level1 else "") + \
                   (row.level2 if (row.level1, row.level2) != (level1, level2) else "")
            out.add(f"{lead}{row.name}{row.value}")
            level1, level2 = row.level1, row.level2
        out.add("")
    return out.done()


def pipe(specs: list[Spec], rng: random.Random) -> TableText:
    """One pipe table for the unit's projects, each with its own budget rows."""
    out = _Lines()
    first = specs[0]
    out.add(f"| {first.unit_name}{first.year}年部门项目支出绩效目标表 | | | | |", "|---|---|---|---|---|",
            f"| 主管部门及代码 | [{first.unit_code}]{first.unit_name} | | 单位：万元 | |")
    for spec in specs:
        out.add(f"| 项目名称 | {spec.project} | | | |")
        out.mark()
        out.add(f"| 项目资金 | 年度资金总额 | {spec.total} | 其中：财政拨款 | {spec.fiscal} |")
        if spec.other:
            out.add(f"| | 其他资金 | {spec.other} | | |")
        out.add(f"| 年度绩效目标 | {''.join(f'{n}.{g}' for n, g in enumerate(spec.goals, start=1))} | | | |",
                "| 一级指标 | 二级指标 | 三级指标 | 指标值 | 备注 |")
        level1 = level2 = None
        for row in spec.rows:
            if row.level1 == level1 and row.level2 == level2 and rng.random() < 0.5:
                out.add(f"| {row.name} | {row.value} | |")  # spanned leading cells left out
            else:
                out.add(f"| {row.level1 if row.level1 != level1 else ''} | "
                        f"{row.level2 if (row.level1, row.level2) != (level1, level2) else ''} | "
                        f"{row.name} | {row.value} | |")
            level1, level2 = row.level1, row.level2
    return out.done()


def trailing_pipe(specs: list[Spec], rng: random.Random) -> TableText:
    """One cell per line ending in " |"; every template 二级 row, unused ones empty."""
    out = _Lines()

    def cells(*texts: str) -> None:
        out.add(*(f"{t} |" for t in texts))

    for spec in specs:
        cells(f"{spec.project}绩效目标表（{spec.year}年度）", "项目名称", spec.project, "预算部门",
              f"{spec.unit_name}（{spec.unit_code}）", "金额单位：万元", "预算数")
        out.mark()
        cells(spec.total, "其中：财政资金", spec.fiscal, "其他资金", spec.other, "项目概况", spec.purpose,
              "本年度绩效目标", *[f"{n}.{g}" for n, g in enumerate(spec.goals, start=1)],
              "一级指标", "二级指标", "三级指标", "指标值")
        for level1, level2s in TEMPLATE_LEVEL2.items():
            shown = False
            for level2 in level2s:
                rows = [r for r in spec.rows if (r.level1, r.level2) == (level1, level2)] or [None]
                for k, row in enumerate(rows):
                    cells(level1 if not shown else "", level2 if k == 0 else "",
                          row.name if row else "", row.value if row else "")
                    shown = True
    return out.done()


def self_evaluation(specs: list[Spec], evaluated: list[list[Evaluated]]) -> TableText:
    """The unit's self-evaluations of its projects' year (项目支出绩效自评表) as one pipe table:
    年度指标值 / 全年实际值 / 分值 / 得分 / 偏差原因及改进措施 beside each indicator."""
    out = _Lines()
    first = specs[0]
    empty = " |" * 6  # the cells a label + value row leaves empty in 8 columns
    out.add(f"| {first.unit_name}{first.year}年部门项目支出绩效自评表 |{empty} |", "|---" * 8 + "|",
            f"| 主管部门及代码 | [{first.unit_code}]{first.unit_name} | | 单位：万元 | | | | |")
    lines: list[list[int]] = []
    for spec, rows in zip(specs, evaluated):
        out.add(f"| 项目名称 | {spec.project} |{empty}")
        out.mark()
        out.add(f"| 项目资金 | 年度资金总额 | {spec.total} | 其中：财政拨款 | {spec.fiscal} | | | |",
                f"| 年度绩效目标 | {''.join(f'{n}.{g}' for n, g in enumerate(spec.goals, start=1))} |{empty}",
                "| 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 全年实际值 | 分值 | 得分 | 偏差原因及改进措施 |")
        lines.append([])
        level1 = level2 = None
        for row, done in zip(spec.rows, rows):
            out.add(f"| {row.level1 if row.level1 != level1 else ''} | "
                    f"{row.level2 if (row.level1, row.level2) != (level1, level2) else ''} | "
                    f"{done.name} | {row.value} | {done.actual} | {done.weight} | {done.score} | {done.reason} |")
            lines[-1].append(len(out.lines))
            level1, level2 = row.level1, row.level2
    return out.done(row_lines=lines)


WRITERS: dict[str, Callable[[list[Spec], random.Random], TableText]] = {
    "tianjin": tianjin,
    "cell-per-line": cell_per_line,
    "glued": glued,
    "pipe": pipe,
    "trailing-pipe": trailing_pipe,
}
