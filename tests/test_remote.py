"""Real SPARQL servers on loopback, started here: `oxigraph serve` and Virtuoso (Debian's
virtuoso-opensource, loaded through its Graph Store Protocol endpoint that asks for a password).
`kg build` loads the sample corpus and the multi-year fixtures into each, and every named query
answers there as the embedded store answers."""

from __future__ import annotations

import csv
import io
import json
import shutil
import sys
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

import kg
from kg.cli import cli
from kg.query import list_queries
from kg.query.remote import remote_named_query
from kg.store import open_store
from kg.store.remote import put_graph, remote_query
from tests.servers import running, virtuoso, virtuoso_binary

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ["corpus/", "tests/years/"]  # the years fixtures give achievement and soft-targets rows
PARAMS = {"metric-targets": {"metric": "服务党员教育"}, "projects-by-entity": {"entity": "党员"},
          "target-trend": {"project": "市委组织部履职提升项目经费"}}


@dataclass(frozen=True)
class Remote:
    """A server under test: where kg queries it, and where it loads (credentials in the URL)."""

    name: str
    endpoint: str
    graph_store: str | None = None  # None: derived from the endpoint
    refused: str | None = None  # a graph store URL whose user may not write
    signed_endpoint: str | None = None  # a query URL with the loader in it, its graph store derived


def _oxigraph() -> str:
    found = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    if not Path(found).exists():
        pytest.skip("the oxigraph server is not installed (PyPI package oxigraph, in the test extra)")
    return found


@pytest.fixture(scope="module", params=["oxigraph", "virtuoso"])
def server(request, tmp_path_factory):
    directory = tmp_path_factory.mktemp(request.param)
    if request.param == "oxigraph":
        command = _oxigraph()
        with running(lambda port: [command, "serve", "--location", str(directory), "--bind", f"127.0.0.1:{port}"]) as base:
            yield Remote("oxigraph", base + "/query")
        return
    if not virtuoso_binary():
        pytest.skip("Virtuoso is not installed (Debian package virtuoso-opensource; scripts/system-deps.sh)")
    with virtuoso(directory / "db") as server:
        signed = server.graph_store(server.loader).replace("/sparql-graph-crud-auth", "/sparql-auth")
        yield Remote("virtuoso", server.endpoint, server.graph_store(server.loader), server.graph_store(server.reader),
                     signed)


@pytest.fixture(scope="module")
def embedded(tmp_path_factory):
    """The same sources built into an embedded store: its summary, and the store's path."""
    path = str(tmp_path_factory.mktemp("embedded") / "store")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(ROOT)
        return kg.build(SOURCES, store=path, year=2025), path


@pytest.fixture(scope="module")
def local(embedded) -> str:
    return embedded[1]


def _build_args(server: Remote, second: bool) -> list[str]:
    """The first build names the graph store; the second (on Virtuoso) gives only the query URL
    that asks for a password, with the user in it, and the graph store is derived."""
    if second and server.signed_endpoint:
        where = ["--endpoint", server.signed_endpoint]
    else:
        where = ["--endpoint", server.endpoint, *(["--graph-store", server.graph_store] if server.graph_store else [])]
    return ["build", *SOURCES, "--year", "2025", *where, "--format", "json"]


@pytest.fixture(scope="module")
def built_remote(server):
    """`kg build` into the server twice (the second must replace, not add)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(ROOT)
        runs = [CliRunner().invoke(cli, _build_args(server, second), catch_exceptions=False) for second in (False, True)]
    assert [run.exit_code for run in runs] == [0, 0], [run.output for run in runs]
    return [json.loads(run.stdout) for run in runs]


def _value(value):
    """Numbers by value (a server may write 2.0 where another writes 2, or a longer decimal),
    GROUP_CONCAT lists as sets (their order follows each store's internal ids)."""
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return ("number", round(float(value), 6))
    if isinstance(value, str) and " | " in value:
        return ("list", tuple(sorted(value.split(" | "))))
    return (type(value).__name__, value)


def _comparable(rows):
    return sorted((tuple(_value(v) for v in row) for row in rows), key=repr)


def _without_kept_answers(store: str) -> int:
    import pyoxigraph as ox

    from kg.rdf.iris import stats_node_iri
    from kg.rdf.names import STATS_GRAPH

    oxi = open_store(store, read_only=True)
    kept = stats_node_iri(STATS_GRAPH, "answer") + "/"
    pages = sum(1 for q in oxi.quads_for_pattern(None, None, None, ox.NamedNode(STATS_GRAPH))
                if q.subject.value.startswith(kept))
    assert pages > 0
    return len(oxi) - pages


def test_remote_build_holds_the_same_quads_and_reloads_idempotently(built_remote, embedded):
    first, second = built_remote
    summary, local = embedded
    # the same quads but for the answers the embedded build keeps for paging (`# answer: kept`),
    # which a remote store answers by running the query
    assert first["quads"] == second["quads"] == _without_kept_answers(local)
    assert first["documents"] == 4 and first["rejected"] == []
    assert "kg-test-password" not in json.dumps(second)  # the summary names the server, never the password
    assert (first["projects"], first["indicators"]) == (summary.projects, summary.indicators)


@pytest.mark.parametrize("named", list_queries(), ids=lambda q: q.name)
def test_every_named_query_answers_the_same(built_remote, server, local, named):
    params = PARAMS.get(named.name, {})
    remote = remote_named_query(server.endpoint, named.name, **params)
    embedded = kg.query(named.name, store=local, **params)
    assert embedded.rows, "each query has an answer on these sources, or the comparison says nothing"
    assert remote.columns == embedded.columns
    assert _comparable(remote.rows) == _comparable(embedded.rows)


def _cli_query(server: Remote, fmt: str) -> str:
    result = CliRunner().invoke(cli, ["query", "metric-targets", "--param", "metric=服务党员教育",
                                      "--endpoint", server.endpoint, "--format", fmt], catch_exceptions=False)
    return result.stdout


def test_cli_over_the_endpoint(built_remote, server):
    document = json.loads(_cli_query(server, "json"))
    rows = [{name: value["value"] for name, value in binding.items()} for binding in document["results"]["bindings"]]
    assert [row["metric"] for row in rows] == ["服务党员教育"] * 2  # the two projects that set it, no other metric
    assert "≥20万人次" in [row["target"] for row in rows]


def test_cli_csv_and_tsv_over_the_endpoint(built_remote, server):
    # kg writes CSV and TSV itself from the server's JSON: Virtuoso 7.2.5's own CSV and TSV write a
    # literal of the query text (the bound parameter) as "?" per character
    header, *rows = csv.reader(io.StringIO(_cli_query(server, "csv")))
    assert header[:3] == ["metric", "project", "target"]
    assert [row[0] for row in rows] == ["服务党员教育"] * 2
    header, *lines = _cli_query(server, "tsv").splitlines()
    assert header.split("\t")[:3] == ["?metric", "?project", "?target"]
    assert [line.split("\t")[0] for line in lines] == ['"服务党员教育"'] * 2


def _build_error(server: Remote, graph_store: str) -> tuple[int, str]:
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(ROOT)
        result = CliRunner().invoke(cli, ["build", "corpus/", "--year", "2025", "--endpoint", server.endpoint,
                                          "--graph-store", graph_store])
    return result.exit_code, result.output


def test_a_wrong_password_is_one_line_that_names_the_user_and_not_the_password(built_remote, server):
    if server.graph_store is None:
        pytest.skip(f"{server.name} asks for no password")
    wrong = server.graph_store.replace(":kg-test-password@", ":not-the-password@")
    code, output = _build_error(server, wrong)
    bare = server.graph_store.replace("kgload:kg-test-password@", "")
    assert (code, output) == (2, f"Error: {bare} refused the password of user 'kgload' (401): "
                                 "check the user name and password in the URL\n")


def test_no_password_and_a_user_who_may_not_write_are_told_apart(built_remote, server):
    if server.graph_store is None:
        pytest.skip(f"{server.name} asks for no password")
    bare = server.graph_store.replace("kgload:kg-test-password@", "")
    code, output = _build_error(server, bare)
    assert (code, output) == (2, f"Error: {bare} asks for a user name and password (401): give them in the URL, "
                                 "as http://USER:PASSWORD@HOST/PATH\n")
    code, output = _build_error(server, server.refused)
    assert code == 2 and len(output.splitlines()) == 1 and "kg-read-password" not in output
    assert output.startswith(f"Error: {bare} does not let user 'kgread' do this (403): the user needs write access")


def test_an_unreachable_endpoint_is_named(monkeypatch):
    monkeypatch.setattr("kg.store.remote.BACKOFF", 0.01)
    with pytest.raises(kg.InputError, match=r"cannot reach http://127\.0\.0\.1:9/store"):
        kg.build([ROOT / "corpus"], endpoint="http://127.0.0.1:9/query")


def test_a_large_graph_loads_through_a_password(built_remote, server):
    """Sent unsigned, a body of megabytes meets a server that answers 401 and closes the
    connection before reading it (Virtuoso): a broken pipe, where a signed request loads."""
    if server.graph_store is None:
        pytest.skip(f"{server.name} asks for no password")
    graph = "http://example.org/kg/test/large"
    lines = "".join(f"<http://example.org/kg/test/s{i}> <http://example.org/kg/test/p> \"{i}\" .\n"
                    for i in range(60_000))  # 5 MB
    put_graph(server.graph_store, graph, lines)
    count = remote_query(server.endpoint, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
    assert json.loads(count)["results"]["bindings"][0]["n"]["value"] == "60000"


def test_an_answer_the_server_cut_short_is_an_error_not_a_part(tmp_path):
    """Virtuoso stops at ResultSetMaxRows (10,000 in Debian's ini) and answers 200 with the rows so
    far: a listing that long would look whole. A new database holds 2,000 quads of its own."""
    if not virtuoso_binary():
        pytest.skip("Virtuoso is not installed (Debian package virtuoso-opensource; scripts/system-deps.sh)")
    with virtuoso(tmp_path / "db", max_rows=5) as server:
        whole = json.loads(remote_query(server.endpoint, "SELECT ?s WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 4"))
        assert len(whole["results"]["bindings"]) == 4  # below the limit is a whole answer
        with pytest.raises(kg.InputError, match=r"/sparql stopped at its limit of 5 result rows, so the answer may "
                                                r"be cut: raise the limit \(on Virtuoso, ResultSetMaxRows"):
            remote_query(server.endpoint, "SELECT ?s WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 6")
