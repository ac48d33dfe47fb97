"""Shared fixtures: the reference corpus and its extracted records."""

from __future__ import annotations

from pathlib import Path

import pytest

import kg

ROOT = Path(__file__).resolve().parent.parent
CORPUS_FILE = ROOT / "corpus" / "tianjin-340105-performance-targets.txt"
CASES = ROOT / "tests" / "cases"


@pytest.fixture
def in_repo(monkeypatch):
    """Run with the repository as working directory, so paths print as users see them."""
    monkeypatch.chdir(ROOT)
    return ROOT


@pytest.fixture(scope="session")
def corpus_bytes() -> bytes:
    return CORPUS_FILE.read_bytes()


@pytest.fixture(scope="session")
def corpus_projects() -> list[kg.Project]:
    items = list(kg.extract(CORPUS_FILE))
    assert all(isinstance(i, kg.Project) for i in items), items
    return items
