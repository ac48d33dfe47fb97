"""Indicator quality rules (财预〔2021〕101号 and the provincial rules after it).

Each rule reads records only; codes, severities, messages and thresholds are data
in ``kg/audit/data/``.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Iterable, Iterator, NamedTuple

from kg.audit.levels import SEVERITIES
from kg.normalise.numbers import YUAN_PER_MONEY_UNIT, fold
from kg.rdf.categories import category_index
from kg.rdf.iris import decimal_text, key
from kg.records import Indicator, Project
from kg.resources import read_tsv, stage_data

QUANTITATIVE_CATEGORIES = ("数量", "质量", "时效", "成本", "满意度")
_QUESTION = re.compile(r"是否|[?？]$")


@dataclass(frozen=True)
class Rule:
    code: str
    severity: str
    zh: str
    en: str


@dataclass(frozen=True)
class Finding:
    """One rule's verdict on a project or one of its indicators, with its source line."""

    code: str
    severity: str
    message_zh: str
    message_en: str
    path: str
    line: int
    unit_code: str | None
    unit_name: str | None
    project: str
    indicator: int | None = None  # 1-based row of the project's indicator table
    year: int | None = None  # the project's fiscal year: which kg:ProjectYear the finding is about


@dataclass(frozen=True)
class AuditData:
    rules: dict[str, Rule]
    thresholds: dict[str, Decimal]
    skip_units: frozenset[str]
    peer_groups: tuple[tuple[str, str], ...]
    required_level1: tuple[str, ...]


@lru_cache(maxsize=1)
def audit_data() -> AuditData:
    """Load ``kg/audit/data/*`` once."""
    rules = {code: Rule(code, sev, zh, en) for code, sev, zh, en in read_tsv("audit", "rules.tsv")}
    raw = dict(read_tsv("audit", "thresholds.tsv"))
    skip_units = frozenset(u.strip() for u in raw.pop("outlier_skip_units", "").split(",") if u.strip())
    thresholds = {name: Decimal(value) for name, value in raw.items()}
    peer_groups = tuple((fold(p), g) for p, g in read_tsv("audit", "peer-groups.tsv"))
    required = tuple(line.strip() for line in stage_data("audit", "required-level1.txt")
                     .read_text(encoding="utf-8").splitlines() if line.strip() and not line.startswith("#"))
    return AuditData(rules, thresholds, skip_units, peer_groups, required)


@lru_cache(maxsize=1 << 14)  # metric names repeat from project to project; the patterns are many
def peer_group(name: str) -> str:
    """Which targets a metric's target is compared with: a peer-group pattern, else its metric family."""
    folded = key(name)
    for pattern, group in audit_data().peer_groups:
        if pattern in folded:
            return group
    from kg.nlp.families import family_key  # jieba loads when peers are compared, not with the CLI

    return family_key(name)


def _finding(code: str, project: Project, line: int, order: int | None = None, **values) -> Finding:
    rule = audit_data().rules[code]
    return Finding(code, rule.severity, rule.zh.format(**values), rule.en.format(**values),
                   project.source.path, line, project.unit_code, project.unit_name, project.project, order,
                   project.year)


def project_findings(project: Project) -> list[Finding]:
    """Every rule that looks at one project alone."""
    found: list[Finding] = [_finding("X001", project, w.line, field=w.field or "", message=w.reason)
                             for w in project.warnings]  # what extraction lost, beside the findings
    seen: set[tuple[str, str, str]] = set()
    for order, ind in enumerate(project.indicators, start=1):
        found.extend(_finding("X001", project, w.line, order, field=w.field or "", message=w.reason)
                     for w in ind.warnings)
        found.extend(_indicator_findings(project, order, ind))
        row_key = (key(ind.level2), key(ind.name), key(ind.target.raw))
        if row_key in seen:
            found.append(_finding("D001", project, ind.source.line, order, name=ind.name, target=ind.target.raw))
        seen.add(row_key)
    found.extend(_cost_findings(project))
    found.extend(_missing_level1(project))
    return found


def _indicator_findings(project: Project, order: int, ind: Indicator) -> Iterator[Finding]:
    target = ind.target
    line = ind.source.line
    if _QUESTION.search(target.raw.strip()):
        yield _finding("Q002", project, line, order, target=target.raw)
    elif target.kind == "qualitative" and target.period is None and any(c in ind.level2 for c in QUANTITATIVE_CATEGORIES):
        yield _finding("Q001", project, line, order, level2=ind.level2, target=target.raw)
    if ind.description and key(ind.description) == key(ind.name):
        yield _finding("D002", project, line, order, name=ind.name)
    if target.repaired is not None:
        yield _finding("G001", project, line, order, raw=target.raw, repaired=target.repaired)
    index = category_index()
    level1 = index.level1(ind.level1)
    # A 二级 name the framework knows, but not under this 一级.
    if level1 and index.level2(ind.level2, None) and (level1, key(ind.level2)) not in index.narrower:
        yield _finding("K001", project, line, order, level1=ind.level1, level2=ind.level2)


def _cost_findings(project: Project) -> Iterator[Finding]:
    """成本 targets in 元, summed, against 预算数 in the table's money unit."""
    costs = [ind.target.base_value for ind in project.indicators
             if "成本" in ind.level1 + ind.level2 and ind.target.base_unit == "元"
             and ind.target.base_value is not None and ind.target.comparator in ("≤", "<", "=")]
    budget = project.budget.total
    if not costs or budget is None:
        return
    per_unit = Decimal(YUAN_PER_MONEY_UNIT.get(project.money_unit, 1))
    total = sum(costs, Decimal(0)) / per_unit
    code = "C001" if total > budget else "C002" if total == budget else "C003"
    yield _finding(code, project, project.source.line, cost=decimal_text(total),
                   budget=decimal_text(budget), unit=project.money_unit)


def _missing_level1(project: Project) -> Iterator[Finding]:
    index = category_index()
    present = {index.level1(ind.level1) for ind in project.indicators}
    missing = [name for name in audit_data().required_level1 if index.level1(name) not in present]
    if missing:
        yield _finding("K002", project, project.source.line, missing="、".join(missing))


class PeerValue(NamedTuple):
    """What O001 needs of one quantitative indicator: small enough to keep for a whole corpus
    (a named tuple: a build pickles 400k of them at 100k projects, kg.build.facts)."""

    group: tuple[str, str, str]  # peer group, base unit, comparator direction
    value: Decimal
    raw: str
    path: str
    line: int
    unit_code: str | None
    unit_name: str | None
    project: str
    order: int
    year: int | None = None


def peer_values(project: Project) -> list[PeerValue]:
    """The project's targets that O001 compares with their peers'."""
    skip = audit_data().skip_units
    out = []
    for order, ind in enumerate(project.indicators, start=1):
        t = ind.target
        if t.numeric and t.base_unit and t.base_unit not in skip:
            direction = {"≥": "ge", ">": "ge", "≤": "le", "<": "le"}.get(t.comparator, "eq")
            out.append(PeerValue((peer_group(ind.name), t.base_unit, direction), t.base_value, t.raw,
                                 project.source.path, ind.source.line, project.unit_code, project.unit_name,
                                 project.project, order, project.year))
    return out


def outlier_findings(projects: Iterable[Project]) -> list[Finding]:
    """O001: a target far from its peer group's median (same base unit and comparator direction)."""
    return outliers(v for project in projects for v in peer_values(project))


def outliers(values: Iterable[PeerValue]) -> list[Finding]:
    """O001 over the peer values of a corpus (see :func:`peer_values`), by peer group."""
    groups: dict[tuple, list[PeerValue]] = defaultdict(list)
    for value in values:
        groups[value.group].append(value)
    medians = peer_medians(v for members in groups.values() for v in members)
    return [f for group in sorted(groups) for m in groups[group] if (f := outlier(m, medians))]


def peer_medians(values: Iterable[PeerValue]) -> dict[tuple, tuple[int, Decimal]]:
    """Each peer group with enough members for O001: its size and median. Kept as counts of
    distinct values, so that a build streams its corpus's peer values through it (at 1M projects
    the values themselves took gigabytes)."""
    counts: dict[tuple, Counter] = defaultdict(Counter)
    for value in values:
        counts[value.group][value.value] += 1
    least = audit_data().thresholds["outlier_min_peers"]
    return {group: (size, _median(c)) for group, c in counts.items() if (size := sum(c.values())) >= least}


def _median(counts: Counter) -> Decimal:
    """statistics.median of the values counted, as it computes it (the mean of the two middle
    values of an even count)."""
    size = sum(counts.values())
    wanted = [(size - 1) // 2, size // 2]
    middle, seen = [], 0
    for value in sorted(counts):
        seen += counts[value]
        while wanted and wanted[0] < seen:
            middle.append(value)
            wanted.pop(0)
        if not wanted:
            break
    return Decimal(middle[0] if size % 2 else (middle[0] + middle[1]) / 2)


def outlier(m: PeerValue, medians: dict[tuple, tuple[int, Decimal]]) -> Finding | None:
    """O001 for one peer value: a finding when it lies far from its group's median."""
    if m.group not in medians:
        return None
    data = audit_data()
    peers, median = medians[m.group]
    unit = m.group[1]
    if not _far(m.value, median, unit, data.thresholds):
        return None
    rule = data.rules["O001"]
    values = {"target": m.raw, "median": decimal_text(median), "unit": unit, "peers": peers - 1}
    return Finding("O001", rule.severity, rule.zh.format(**values), rule.en.format(**values),
                   m.path, m.line, m.unit_code, m.unit_name, m.project, m.order, m.year)


def _far(value: Decimal, median: Decimal, unit: str, thresholds: dict[str, Decimal]) -> bool:
    if unit in ("%", "‰"):
        return abs(value - median) >= thresholds["outlier_percent_points"]
    if value <= 0 or median <= 0:
        return value != median
    ratio = thresholds["outlier_ratio"]
    return value / median >= ratio or median / value >= ratio


def audit(projects: Iterable[Project]) -> list[Finding]:
    """All findings for ``projects``, in source order."""
    from kg.audit.evaluations import evaluation_findings, evaluation_rows  # it builds on this module

    projects = list(projects)
    found = [f for p in projects for f in project_findings(p)] + outlier_findings(projects)
    found += evaluation_findings(row for p in projects for row in evaluation_rows(p))
    return sorted(found, key=lambda f: (f.path, f.line, f.indicator or 0, f.code))
