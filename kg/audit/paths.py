"""The audit over files: extract them and run every rule."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from kg.audit.rules import Finding, audit
from kg.errors import KgError
from kg.pipeline import extract_documents
from kg.records import Project


def audit_paths(paths: Iterable[str | Path] | str | Path, *,
                encoding: str | None = None) -> tuple[list[Finding], list[KgError]]:
    """Extract ``paths`` and run every audit rule; also return the tables that were rejected."""
    projects: list[Project] = []
    errors: list[KgError] = []
    for document in extract_documents(paths, encoding=encoding):
        projects.extend(document.projects)
        errors.extend(document.errors)
    return audit(projects), errors

