"""Self-evaluations (绩效自评表) against the target tables (绩效目标表) of the same project.

A unit publishes a project's targets for year Y, and later a self-evaluation of year Y that
prints the targets again beside what was achieved (全年实际值) and the points (得分). Two files,
so these rules need the corpus: which target-table row each self-evaluated row evaluates
(:func:`match`), and the findings that compare the two (:func:`evaluation_findings`):

- E001: a self-evaluated row that matches no row of the year's target table;
- E002 / E003: a target in words with an achieved number, or a number with achieved words;
- S001: a soft target: next year's target asks less than this year's achievement.

The rows come from records (``kg audit FILES``: :func:`evaluation_rows`) or from a built store
(kg.build.corpus reads them back, so that a build sees the files earlier builds loaded); both
give the same :class:`EvaluationRow`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Iterable, Iterator

from kg.audit.rules import Finding, audit_data
from kg.rdf.categories import category_index
from kg.rdf.iris import key
from kg.rdf.names import CATEGORY_NS
from kg.records import Project
from kg.resources import read_tsv, stage_data

AT_LEAST = ("≥", ">")
AT_MOST = ("≤", "<")


@dataclass(frozen=True, slots=True)
class EvaluationRow:
    """One indicator row of a target table or of a self-evaluation: what matching and the
    rules need of it, small enough to keep for the projects that have a self-evaluation."""

    unit_code: str | None
    unit_name: str | None
    project: str
    year: int | None
    path: str
    line: int
    order: int  # 1-based row of the table: the indicator's IRI is minted from path and order
    evaluation: bool  # the row's table is a self-evaluation
    category: str  # the 二级 concept (or the cell's key, where the framework has none)
    name: str  # 三级指标 as printed
    target: str  # 指标值 / 年度指标值 as printed
    comparator: str | None = None  # with value and unit: the target in its base unit; None for words
    value: Decimal | None = None
    unit: str | None = None
    less_is_better: bool = False  # a plain number here is a limit (成本, 时效)
    actual: str | None = None  # 全年实际值 as printed
    actual_value: Decimal | None = None  # in its base unit; None for words
    actual_unit: str | None = None
    iri: str | None = None  # the indicator's IRI, where the rows were read from a store

    @property
    def project_key(self) -> tuple[str, str]:
        """The project across years (as kg:Project is minted: unit + name)."""
        return key(self.unit_code or self.unit_name or "未注明单位"), key(self.project)


@dataclass(frozen=True)
class Match:
    """A self-evaluated row and the target-table row it evaluates (None: the year has no
    target table, or none of its rows is this one; ``table`` says which)."""

    evaluation: EvaluationRow
    target: EvaluationRow | None
    table: bool  # the same project-year has a target table


@dataclass(frozen=True)
class _MatchData:
    trailing: str
    suffixes: tuple[tuple[str, str], ...]
    less_is_better: frozenset[str]


@lru_cache(maxsize=1)
def _match_data() -> _MatchData:
    trailing, suffixes = "", []
    for row in read_tsv("audit", "evaluation-match.tsv"):
        if row[0] == "trailing":
            trailing += row[1]
        elif row[0] == "suffix":
            suffixes.append((row[1], row[2]))
    lines = stage_data("audit", "less-is-better.txt").read_text(encoding="utf-8").splitlines()
    limits = frozenset(CATEGORY_NS + line.strip() for line in lines if line.strip() and not line.startswith("#"))
    return _MatchData(trailing, tuple(suffixes), limits)


@lru_cache(maxsize=1 << 14)
def metric_key(name: str) -> str:
    """A 三级指标 as matching reads it: NFKC, no spaces, no trailing punctuation, and one
    spelling for 率/度 variants that name the same measure (``患者满意率。`` → ``患者满意度``)."""
    data = _match_data()
    text = key(name).rstrip(data.trailing)
    for ending, canonical in data.suffixes:
        if text.endswith(ending):
            return text[: -len(ending)] + canonical
    return text


def _target_key(text: str) -> str:
    return key(text).rstrip(_match_data().trailing)


def is_self_evaluation(project: Project) -> bool:
    """A table with achieved values (全年实际值), or titled as a self-evaluation (自评)."""
    return reads_as_self_evaluation((i.actual for i in project.indicators), project.title)


def reads_as_self_evaluation(actuals: Iterable[object], title: str | None) -> bool:
    """The rule of :func:`is_self_evaluation` on a table's achieved values (None where a row has
    none) and title, for rows read back from the store."""
    return any(actual is not None for actual in actuals) or "自评" in (title or "")


def less_is_better(level1: str | None, level2: str | None) -> bool:
    """Whether a plain number in this 一级/二级 row is a limit (see data/less-is-better.txt)."""
    limits = _match_data().less_is_better
    return level1 in limits or level2 in limits


def evaluation_rows(project: Project) -> list[EvaluationRow]:
    """The project's indicator rows as matching and the rules read them."""
    index = category_index()
    evaluation = is_self_evaluation(project)
    rows = []
    for order, ind in enumerate(project.indicators, start=1):
        level1 = index.level1(ind.level1)
        level2 = index.level2(ind.level2, level1)
        t, a = ind.target, ind.actual
        number = t.numeric
        achieved = a is not None and a.numeric
        rows.append(EvaluationRow(
            project.unit_code, project.unit_name, project.project, project.year, project.source.path,
            ind.source.line, order, evaluation, level2 or key(ind.level2), ind.name, t.raw,
            t.comparator if number else None, t.base_value if number else None, t.base_unit if number else None,
            less_is_better(level1, level2), a.raw if a is not None else None,
            a.base_value if achieved else None, a.base_unit if achieved else None))
    return rows


def match(rows: Iterable[EvaluationRow]) -> list[Match]:
    """Each self-evaluated row (one with an achieved value) and the target-table row of the same
    project-year it evaluates: first by the 三级指标 (:func:`metric_key`), then, for the rows
    left, by 二级 category + target text where exactly one row on each side has them. A
    target-table row is evaluated once; rows are taken in file and row order."""
    years: dict[tuple, tuple[list[EvaluationRow], list[EvaluationRow]]] = defaultdict(lambda: ([], []))
    for row in rows:
        if row.evaluation and row.actual is None:
            continue  # a self-evaluated row with no achieved value evaluates nothing
        years[(*row.project_key, row.year)][0 if row.evaluation else 1].append(row)
    out: list[Match] = []
    for year_key in sorted(years, key=str):
        evaluated, targets = years[year_key]
        if not evaluated:
            continue
        evaluated.sort(key=lambda r: (r.path, r.order))
        targets.sort(key=lambda r: (r.path, r.order))
        pairs: dict[int, EvaluationRow] = {}
        free = list(targets)
        for n, row in enumerate(evaluated):
            name = metric_key(row.name)
            found = next((t for t in free if metric_key(t.name) == name), None)
            if found is not None:
                pairs[n] = found
                free.remove(found)
        left = [n for n in range(len(evaluated)) if n not in pairs]
        by_cell: dict[tuple[str, str], list] = defaultdict(lambda: [[], []])
        for n in left:
            by_cell[(evaluated[n].category, _target_key(evaluated[n].target))][0].append(n)
        for t in free:
            by_cell[(t.category, _target_key(t.target))][1].append(t)
        for ns, ts in by_cell.values():
            if len(ns) == 1 and len(ts) == 1:
                pairs[ns[0]] = ts[0]
        out.extend(Match(row, pairs.get(n), bool(targets)) for n, row in enumerate(evaluated))
    return out


def evaluation_findings(rows: Iterable[EvaluationRow], matches: list[Match] | None = None) -> list[Finding]:
    """E001, E002, E003 and S001 over the rows of a corpus (``matches``: :func:`match`'s, if
    the caller has them already)."""
    rows = list(rows)
    matches = match(rows) if matches is None else matches
    found: list[Finding] = []
    for m in matches:
        e = m.evaluation
        if m.target is None and m.table:
            found.append(_finding("E001", e, name=e.name, target=e.target))
        target = m.target or e
        if target.value is None and e.actual_value is not None:
            found.append(_finding("E002", e, target=target.target, actual=e.actual))
        elif target.value is not None and e.actual_value is None:
            found.append(_finding("E003", e, target=target.target, actual=e.actual))
    found.extend(_soft_targets(rows, matches))
    return found


def _soft_targets(rows: list[EvaluationRow], matches: list[Match]) -> Iterator[Finding]:
    """S001: a target of year Y+1 below what the self-evaluation of year Y says was achieved
    (at least 90% after 92%), or a limit above it (at most 30天 after 25天), for the metric of
    the target the achievement evaluates. One per target row: the first achievement in file
    and row order that it falls short of."""
    achieved: dict[tuple, list[EvaluationRow]] = defaultdict(list)
    for m in matches:
        row = m.evaluation
        if row.actual_value is not None and row.year is not None:
            name = (m.target or row).name
            achieved[(*row.project_key, row.year + 1, metric_key(name), row.actual_unit)].append(row)
    for rs in achieved.values():
        rs.sort(key=lambda r: (r.path, r.order))
    for t in rows:
        if t.evaluation or t.value is None or t.year is None:
            continue
        for before in achieved.get((*t.project_key, t.year, metric_key(t.name), t.unit), ()):
            if _asks_less(t, before.actual_value):
                yield _finding("S001", t, target=t.target, previous_year=before.year, actual=before.actual)
                break


def soft_target_rows(rows: Iterable[EvaluationRow], matches: list[Match]) -> dict[str, int]:
    """The rows the query soft-targets answers, counted by the file of the target they list
    (for its pages): each achieved value in a unit (kg:evaluates) against each target of the
    same project's tables of the next year for the same metric (the 三级指标 as its IRI names
    it, of the row the value evaluates) that is not a self-evaluated row, in that unit, and
    asks less (:func:`_asks_less`). Unlike S001, every such pair is a row."""
    later: dict[tuple, list[EvaluationRow]] = defaultdict(list)
    for row in rows:
        if row.actual is None and row.year is not None and row.value is not None and row.comparator:
            later[(*row.project_key, row.year, key(row.name), row.unit)].append(row)
    counts: dict[str, int] = defaultdict(int)
    for m in matches:
        done, evaluated = m.evaluation, m.target or m.evaluation
        if not done.actual or done.actual_value is None or done.actual_unit is None or evaluated.year is None:
            continue
        for t in later.get((*evaluated.project_key, evaluated.year + 1, key(evaluated.name), done.actual_unit), ()):
            if _asks_less(t, done.actual_value):
                counts[t.path] += 1
    return dict(counts)


def _asks_less(t: EvaluationRow, achieved: Decimal) -> bool:
    """Whether target ``t`` is met by less than ``achieved`` (a plain number is at least, or at
    most in a limit's row, as the queries achievement and soft-targets read it)."""
    at_least = t.comparator in AT_LEAST or (t.comparator == "=" and not t.less_is_better)
    at_most = t.comparator in AT_MOST or (t.comparator == "=" and t.less_is_better)
    return (at_least and t.value < achieved) or (at_most and t.value > achieved)


def _finding(code: str, row: EvaluationRow, **values) -> Finding:
    rule = audit_data().rules[code]
    return Finding(code, rule.severity, rule.zh.format(**values), rule.en.format(**values), row.path, row.line,
                   row.unit_code, row.unit_name, row.project, row.order, row.year)
