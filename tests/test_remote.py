"""A real `oxigraph serve` on loopback: build and every named query give the embedded answers."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import kg
from kg.cli import cli
from kg.query import list_queries
from kg.store import open_store
from kg.query.remote import remote_named_query
from tests.servers import running

ROOT = Path(__file__).resolve().parent.parent
PARAMS = {"metric-targets": {"metric": "服务党员教育"}, "projects-by-entity": {"entity": "党员"},
          "target-trend": {"project": "市委组织部履职提升项目经费"}}


def _oxigraph() -> str:
    found = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    if not Path(found).exists():
        pytest.skip("the oxigraph server is not installed (PyPI package oxigraph, in the test extra)")
    return found


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory):
    location = str(tmp_path_factory.mktemp("oxigraph"))
    with running(lambda port: [_oxigraph(), "serve", "--location", location, "--bind", f"127.0.0.1:{port}"]) as base:
        yield base + "/query"


@pytest.fixture(scope="module")
def built_remote(endpoint):
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(ROOT)
        first = kg.build(["corpus/"], endpoint=endpoint, year=2025)  # as the local sample store
        second = kg.build(["corpus/"], endpoint=endpoint, year=2025)
    return first, second


def _comparable(rows):
    """GROUP_CONCAT lists compared as sets: their order follows each store's internal ids."""
    return [tuple(" | ".join(sorted(v.split(" | "))) if isinstance(v, str) and " | " in v else v for v in row)
            for row in rows]


def test_remote_build_holds_the_same_quads_and_reloads_idempotently(built_remote, store):
    first, second = built_remote
    assert first.quads == second.quads == len(open_store(store, read_only=True))
    assert (first.documents, first.projects, first.indicators, first.errors) == (1, 5, 32, [])


@pytest.mark.parametrize("named", list_queries(), ids=lambda q: q.name)
def test_every_named_query_answers_the_same(built_remote, endpoint, store, named):
    params = PARAMS.get(named.name, {})
    remote = remote_named_query(endpoint, named.name, **params)
    local = kg.query(named.name, store=store, **params)
    assert remote.columns == local.columns
    assert _comparable(remote.rows) == _comparable(local.rows)


def test_cli_over_the_endpoint(built_remote, endpoint):
    result = CliRunner().invoke(cli, ["query", "shared-targets", "--endpoint", endpoint, "--format", "csv"],
                                catch_exceptions=False)
    assert result.stdout.splitlines()[1] == "服务党员教育,≥20万人次,2,“天津党建”数字化平台内容维护经费 | 市委组织部履职提升项目经费"


def test_an_unreachable_endpoint_is_named(monkeypatch):
    monkeypatch.setattr("kg.store.remote.BACKOFF", 0.01)
    with pytest.raises(kg.InputError, match=r"cannot reach http://127\.0\.0\.1:9/store"):
        kg.build([ROOT / "corpus"], endpoint="http://127.0.0.1:9/query")
