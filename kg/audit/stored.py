"""Findings read back from the graph (written there by ``kg build``)."""

from __future__ import annotations

from pathlib import Path

from kg.audit.rules import Finding
from kg.query import query
from kg.store import DEFAULT_STORE


def stored_findings(store: str | Path = DEFAULT_STORE) -> list[Finding]:
    """The findings of the named query ``audit-findings``, as :class:`Finding` records."""
    rows = query("audit-findings", store=store).dicts()
    return [Finding(r["rule"], r["severity"], r["message_zh"], r["message_en"], r["source"], r["line"],
                    r["unit_code"], r["unit"], r["project"], r["indicator"], r["year"]) for r in rows]
