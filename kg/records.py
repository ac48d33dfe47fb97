"""Frozen records passed between the stages.

Text fields keep the source text exactly; normalised values live in extra
fields beside them (``Target.raw`` next to ``Target.value``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal, NamedTuple


@dataclass(frozen=True)
class SourceSpan:
    """Where something came from: a file path and a 1-based line number.

    For a table format (DOCX, XLSX, PDF, HTML, CSV) ``line`` counts table rows through
    the file and ``part`` says where that row is (``table 2, row 5``).
    """

    path: str
    line: int
    part: str | None = None


@dataclass(frozen=True)
class SourceRow:
    """One row of a table document, or one paragraph (``explicit`` False) outside a table."""

    path: str
    line: int
    part: str
    cells: tuple[str, ...]
    explicit: bool = True


class SourceLine(NamedTuple):  # a tuple: a dump is read as one per line, so they must be cheap
    """One decoded line of an input file, without its line terminator."""

    path: str
    line: int
    text: str


@dataclass(frozen=True)
class Problem:
    """A damaged part of a table that was left out or guessed at: where, which field, why."""

    line: int
    field: str | None
    reason: str


@dataclass(frozen=True)
class Target:
    """A 指标值 cell, understood.

    ``raw`` is the cell exactly as printed. ``repaired`` is set when the cell was
    damaged by flattening (``2424小时`` → ``24小时``) and shows what was parsed.
    """

    raw: str
    kind: Literal["quantitative", "qualitative"]
    comparator: str | None = None
    value: Decimal | None = None
    unit: str | None = None
    base_value: Decimal | None = None
    base_unit: str | None = None
    note: str | None = None
    repaired: str | None = None
    period: tuple[str, str] | None = None
    upper: Decimal | None = None  # the upper bound of a range (90%-95%: value 90, upper 95)
    upper_base: Decimal | None = None

    @property
    def numeric(self) -> bool:
        """A number in a base unit: what the graph keeps as a kg:QuantitativeTarget, and what the
        audit, the search and the self-evaluation pass compare."""
        return self.kind == "quantitative" and self.base_value is not None


@dataclass(frozen=True)
class LongTerm:
    """The 长期/实施期 columns of a row, in templates that have them beside the annual ones."""

    level2: str | None
    name: str | None
    target: Target


@dataclass(frozen=True)
class Indicator:
    """One row of a project's indicator table (一级 / 二级 / 三级 / 描述 / 指标值)."""

    level1: str
    level2: str
    name: str
    description: str | None
    target: Target
    source: SourceSpan
    weight: Decimal | None = None
    direction: str | None = None
    remark: str | None = None
    standard: str | None = None
    long_term: LongTerm | None = None
    interim: str | None = None  # 江苏's 半年(程) 指标值, the half year's target, as printed
    warnings: tuple[Problem, ...] = ()
    actual: Target | None = None  # a self-evaluation's 全年实际值, read with the target grammar
    score: Decimal | None = None  # a self-evaluation's 得分
    core: bool = False  # the name is marked ★ (★★★): a core indicator of its template; the name keeps the marks
    level1_points: Decimal | None = None  # the points its 一级 carries (产出指标(50分) → 50)


@dataclass(frozen=True)
class Budget:
    """预算数 and its split, in the table's money unit; ``raw`` keeps the cells."""

    total: Decimal | None
    fiscal: Decimal | None
    other: Decimal | None
    raw: tuple[str | None, str | None, str | None] = (None, None, None)


@dataclass(frozen=True)
class Project:
    """One 项目支出绩效目标表: the project, its budget, goals and indicators."""

    source: SourceSpan
    seq: int
    title: str | None
    unit_code: str | None
    unit_name: str | None
    project: str
    money_unit: str
    budget: Budget
    purpose: str | None
    goals: tuple[str, ...]
    indicators: tuple[Indicator, ...]
    implementing_unit: str | None = None
    period: str | None = None
    long_term_goals: tuple[str, ...] = field(default=())
    warnings: tuple[Problem, ...] = field(default=())
    year: int | None = None  # the fiscal year (2023 for 2023年度), from the table, its heading or --year
    department: bool = False  # 部门整体(支出)绩效目标表: the unit's own targets for the year, not a project's
    achieved_goals: tuple[str, ...] = field(default=())  # a self-evaluation's 实际完成情况 of its goals
