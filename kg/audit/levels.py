"""The audit's severities (worst first) and report formats: what the CLI offers before any rule loads."""

from __future__ import annotations

SEVERITIES = ("error", "warning", "info", "ok")
REPORT_FORMATS = ("table", "json", "md", "html")
