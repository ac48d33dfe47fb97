"""Audit findings → a report per unit and project: table, JSON, Markdown or HTML."""

from __future__ import annotations

import html
import json
from collections import Counter
from dataclasses import asdict
from itertools import groupby

from kg.audit.levels import REPORT_FORMATS, SEVERITIES
from kg.audit.rules import Finding
from kg.errors import UsageError



def _by_project(findings: list[Finding]):
    ordered = sorted(findings, key=lambda f: (f.unit_code or "", f.path, f.project, f.line, f.code))
    return groupby(ordered, key=lambda f: (f.unit_code, f.unit_name, f.path, f.project))


def _counts(findings: list[Finding]) -> str:
    counts = Counter(f.severity for f in findings)
    return ", ".join(f"{counts[s]} {s}" for s in SEVERITIES if counts[s])


def render_report(findings: list[Finding], fmt: str) -> str:
    """The whole report in one of :data:`REPORT_FORMATS`."""
    if fmt == "json":
        return json.dumps({"counts": {s: sum(f.severity == s for f in findings) for s in SEVERITIES},
                           "findings": [asdict(f) for f in findings]}, ensure_ascii=False, indent=2) + "\n"
    if fmt == "table":
        return _table(findings)
    if fmt == "md":
        return _markdown(findings)
    if fmt == "html":
        return _html(findings)
    raise UsageError(f"unknown report format {fmt!r}; choose one of {', '.join(REPORT_FORMATS)}")


def _table(findings: list[Finding]) -> str:
    out = []
    for (code, name, _, project), group in _by_project(findings):
        group = list(group)
        out.append(f"{code or ''} {name or ''} · {project} ({_counts(group)})")
        for f in group:
            out.append(f"  {f.path}:{f.line}: {f.severity} {f.code} {f.message_zh} / {f.message_en}")
    out.append(f"{len(findings)} findings: {_counts(findings) or 'none'}")
    return "\n".join(out) + "\n"


def _markdown(findings: list[Finding]) -> str:
    out = ["# 指标质量审核 · Indicator audit", "", f"{len(findings)} findings: {_counts(findings) or 'none'}", ""]
    for (code, name, _, project), group in _by_project(findings):
        group = list(group)
        out += [f"## {code or ''} {name or ''} · {project}", "", f"{_counts(group)}", "",
                "| severity | rule | where | finding |", "| --- | --- | --- | --- |"]
        for f in group:
            text = f"{f.message_zh} / {f.message_en}".replace("|", "\\|")
            out.append(f"| {f.severity} | {f.code} | {f.path}:{f.line} | {text} |")
        out.append("")
    return "\n".join(out)


def _html(findings: list[Finding]) -> str:
    e = html.escape
    parts = ['<!doctype html><html lang="zh"><head><meta charset="utf-8">',
             "<title>指标质量审核 · Indicator audit</title><style>",
             "body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;margin-bottom:2em}",
             "td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}",
             ".error{background:#fdd}.warning{background:#ffd}.ok{background:#dfd}</style></head><body>",
             "<h1>指标质量审核 · Indicator audit</h1>",
             f"<p>{len(findings)} findings: {e(_counts(findings) or 'none')}</p>"]
    for (code, name, _, project), group in _by_project(findings):
        group = list(group)
        parts.append(f"<h2>{e(code or '')} {e(name or '')} · {e(project)}</h2><p>{e(_counts(group))}</p>")
        parts.append("<table><tr><th>severity</th><th>rule</th><th>where</th><th>finding</th></tr>")
        for f in group:
            parts.append(f'<tr class="{e(f.severity)}"><td>{e(f.severity)}</td><td>{e(f.code)}</td>'
                         f"<td>{e(f.path)}:{f.line}</td><td>{e(f.message_zh)}<br>{e(f.message_en)}</td></tr>")
        parts.append("</table>")
    parts.append("</body></html>\n")
    return "\n".join(parts)
