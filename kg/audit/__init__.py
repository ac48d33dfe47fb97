"""Stage: audit — indicator quality rules over extracted projects, and the report."""

from __future__ import annotations

from kg.audit.report import REPORT_FORMATS, render_report
from kg.audit.rules import SEVERITIES, Finding, audit, outlier_findings, project_findings

__all__ = ["REPORT_FORMATS", "SEVERITIES", "Finding", "audit", "outlier_findings", "project_findings",
           "render_report"]
