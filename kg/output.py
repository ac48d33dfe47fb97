"""Records → the JSON and CSV contract of ``kg extract`` (documented in the README)."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from typing import Any, Iterable

from kg.errors import KgError, UsageError
from kg.records import Indicator, Project, Target

FORMATS = ("jsonl", "json", "csv")
CSV_PROJECT_COLUMNS = ("path", "project_line", "seq", "year", "unit_code", "unit_name", "project",
                       "money_unit", "budget_total", "budget_fiscal", "budget_other")
CSV_INDICATOR_COLUMNS = ("indicator_line", "level1", "level2", "name", "description",
                         "target_raw", "kind", "comparator", "value", "unit", "base_value",
                         "base_unit", "note")


def number(value: Any) -> Any:
    """A Decimal as JSON shows it (451.50 → 451.5, 200000 → 200000); other values unchanged."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def target_dict(target: Target) -> dict[str, Any]:
    out = {
        "raw": target.raw, "kind": target.kind, "comparator": target.comparator,
        "value": number(target.value), "unit": target.unit,
        "base_value": number(target.base_value), "base_unit": target.base_unit,
        "note": target.note,
    }
    if target.repaired is not None:
        out["repaired"] = target.repaired
    if target.period is not None:
        out["period"] = {"start": target.period[0], "end": target.period[1]}
    if target.upper is not None:
        out["upper"] = number(target.upper)
        out["upper_base"] = number(target.upper_base)
    return out


def indicator_dict(indicator: Indicator) -> dict[str, Any]:
    out: dict[str, Any] = {
        "level1": indicator.level1, "level2": indicator.level2, "name": indicator.name,
        "description": indicator.description,
        "source": _source(indicator.source),
        "target": target_dict(indicator.target),
    }
    if indicator.weight is not None:
        out["weight"] = number(indicator.weight)
    if indicator.direction is not None:
        out["direction"] = indicator.direction
    if indicator.remark is not None:
        out["remark"] = indicator.remark
    if indicator.standard is not None:
        out["standard"] = indicator.standard
    if indicator.interim is not None:
        out["interim"] = indicator.interim
    if indicator.warnings:
        out["warnings"] = [_problem(w) for w in indicator.warnings]
    if indicator.actual is not None:
        out["actual"] = target_dict(indicator.actual)
    if indicator.score is not None:
        out["score"] = number(indicator.score)
    if indicator.core:
        out["core"] = True
    if indicator.level1_points is not None:
        out["level1_points"] = number(indicator.level1_points)
    if indicator.long_term is not None:
        out["long_term"] = {"level2": indicator.long_term.level2, "name": indicator.long_term.name,
                            "target": target_dict(indicator.long_term.target)}
    return out


def project_dict(project: Project) -> dict[str, Any]:
    """One project in the JSON contract; optional keys appear only when the table has them."""
    out: dict[str, Any] = {
        "source": _source(project.source),
        "seq": project.seq,
        "title": project.title,
        "year": project.year,
        "unit_code": project.unit_code,
        "unit_name": project.unit_name,
        "project": project.project,
        "money_unit": project.money_unit,
        "budget_total": number(project.budget.total),
        "budget_fiscal": number(project.budget.fiscal),
        "budget_other": number(project.budget.other),
        "budget_raw": dict(zip(("total", "fiscal", "other"), project.budget.raw)),
        "purpose": project.purpose,
        "goals": list(project.goals),
        "indicators": [indicator_dict(i) for i in project.indicators],
    }
    for key in ("implementing_unit", "period"):
        if getattr(project, key) is not None:
            out[key] = getattr(project, key)
    if project.long_term_goals:
        out["long_term_goals"] = list(project.long_term_goals)
    if project.department:
        out["department"] = True
    if project.achieved_goals:
        out["achieved_goals"] = list(project.achieved_goals)
    if project.warnings:
        out["warnings"] = [_problem(w) for w in project.warnings]
    return out


def _problem(problem) -> dict[str, Any]:
    return {"line": problem.line, "field": problem.field, "message": problem.reason}


def _source(span) -> dict[str, Any]:
    out: dict[str, Any] = {"path": span.path, "line": span.line}
    if span.part is not None:
        out["part"] = span.part
    return out


def error_dict(error: KgError) -> dict[str, Any]:
    """An error or warning of a run: its kind, where (path, line), why, and the line kg printed."""
    return {"type": type(error).__name__, "path": error.path, "line": error.line, "reason": error.reason,
            "message": str(error)}


def build_summary_dict(summary) -> dict[str, Any]:
    """What ``kg build --format json`` prints: the counts of a :class:`kg.build.BuildSummary`,
    and every rejected file or table and every warning."""
    counts = ("store", "documents", "projects", "indicators", "quads", "search_documents")
    return {**{name: getattr(summary, name) for name in counts},
            "rejected": [error_dict(e) for e in summary.errors],
            "warnings": [error_dict(w) for w in summary.warnings]}


def render(projects: Iterable[Project], fmt: str) -> str:
    """The whole output of ``kg extract`` in one of :data:`FORMATS`."""
    if fmt == "jsonl":
        return "".join(json.dumps(project_dict(p), ensure_ascii=False) + "\n" for p in projects)
    if fmt == "json":
        return json.dumps([project_dict(p) for p in projects], ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        return _csv(projects)
    raise UsageError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


def _csv(projects: Iterable[Project]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_PROJECT_COLUMNS + CSV_INDICATOR_COLUMNS)
    for project in projects:
        head = (project.source.path, project.source.line, project.seq, project.year, project.unit_code,
                project.unit_name, project.project, project.money_unit,
                number(project.budget.total), number(project.budget.fiscal),
                number(project.budget.other))
        for ind in project.indicators:
            t = ind.target
            writer.writerow(head + (ind.source.line, ind.level1, ind.level2, ind.name,
                                    ind.description, t.raw, t.kind, t.comparator,
                                    number(t.value), t.unit, number(t.base_value),
                                    t.base_unit, t.note))
    return buffer.getvalue()
