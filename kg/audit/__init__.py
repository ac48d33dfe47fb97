"""Stage: audit — indicator quality rules over extracted projects, and the report.

The severities and formats load at once; the rules (which read the categories and the
number grammar) when first used.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from kg.audit.levels import REPORT_FORMATS, SEVERITIES

_LAZY = {"render_report": "kg.audit.report", "Finding": "kg.audit.rules", "audit": "kg.audit.rules",
         "outlier_findings": "kg.audit.rules", "project_findings": "kg.audit.rules"}

__all__ = ["REPORT_FORMATS", "SEVERITIES", "Finding", "audit", "outlier_findings", "project_findings",
           "render_report"]


def __getattr__(name: str) -> Any:  # PEP 562
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'kg.audit' has no attribute {name!r}")
