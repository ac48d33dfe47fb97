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
def store(tmp_path_factory) -> str:
    """The sample corpus built once into a store; the tests that use it only read it."""
    path = str(tmp_path_factory.mktemp("sample") / "store")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(ROOT)
        summary = kg.build(["corpus/"], store=path, year=2025)  # the sample's titles name no year
    assert (summary.documents, summary.projects, summary.indicators, summary.errors) == (1, 5, 32, [])
    return path


@pytest.fixture(scope="session")
def graph(store):
    """The networkx view of the sample store."""
    from kg.analyze import to_networkx

    return to_networkx(store)


@pytest.fixture(scope="session")
def view(store):
    """The sparse project view of the sample store (what kg analyze reads)."""
    from kg.analyze import project_view

    return project_view(store)


@pytest.fixture
def rebuilt_after_edit(tmp_path, corpus_bytes):
    """Build a copy of the sample, replace ``old`` by ``new`` in it, build again; the store's path."""
    def rebuild(old: str, new: str) -> str:
        source = tmp_path / "t.txt"
        source.write_bytes(corpus_bytes)
        store = str(tmp_path / "s")
        kg.build([source], store=store, year=2025)
        source.write_bytes(corpus_bytes.replace(old.encode(), new.encode()))
        kg.build([source], store=store, year=2025)
        return store
    return rebuild


@pytest.fixture(scope="session")
def corpus_projects() -> list[kg.Project]:
    items = list(kg.extract(CORPUS_FILE))
    assert all(isinstance(i, kg.Project) for i in items), items
    return items
