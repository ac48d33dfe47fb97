"""kg build / query / sparql / queries / validate / export, as a user runs them."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from kg.cli import cli

SAMPLE = "corpus/tianjin-340105-performance-targets.txt"


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture
def built(in_repo, tmp_path) -> str:
    store = str(tmp_path / "store")
    result = run("build", "corpus/", "--store", store, "--year", "2025")  # the sample names no year
    assert result.exit_code == 0
    assert result.stdout == (f"built {store}: 1 documents, 5 projects, 32 indicators, "
                             "2624 quads in the store; 0 rejected, 0 warnings\n")
    return store


def test_query_shared_targets_prints_the_headline_table(built):
    result = run("query", "shared-targets", "--store", built)
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "metric        target     count  projects",
        "------------  ---------  -----  -------------------------------------------------------------",
        "服务党员教育  ≥20万人次  2      “天津党建”数字化平台内容维护经费 | 市委组织部履职提升项目经费",
        "(1 row)",
    ]


def test_w3c_result_formats(built):
    as_json = json.loads(run("query", "shared-targets", "--store", built, "--format", "json").stdout)
    assert as_json["head"]["vars"] == ["metric", "target", "count", "projects"]
    assert as_json["results"]["bindings"][0]["count"]["value"] == "2"
    csv_lines = run("query", "shared-targets", "--store", built, "--format", "csv").stdout.splitlines()
    assert csv_lines[0] == "metric,target,count,projects"
    tsv = run("query", "shared-targets", "--store", built, "--format", "tsv").stdout.splitlines()
    assert tsv[0] == "?metric\t?target\t?count\t?projects"


def test_query_parameters_are_bound(built):
    result = run("query", "metric-targets", "--param", "metric=项目实际成本", "--store", built, "--format", "csv")
    assert [line.split(",")[2] for line in result.stdout.splitlines()[1:]] == ["≤356.5万元", "≤95万元", "≤90万元"]


@pytest.mark.parametrize("args, message", [
    (["query", "metric-targets"], "Error: query metric-targets needs --param metric=…"),
    (["query", "shared-targets", "--param", "metric=x"],
     "Error: query shared-targets does not take metric (it takes no parameters)"),
    (["query", "nope"], "Error: no named query 'nope'; known queries: achievement, audit-findings, budget-by-unit, "
                        "cost-vs-budget, "
                        "entities, indicators-by-category, metric-targets, projects, projects-by-entity, "
                        "qualitative-targets, shared-family-targets, shared-targets, soft-targets, target-trend "
                        "(see `kg queries`)"),
    (["sparql", "SELEC ?x"], "Error: SPARQL syntax error:"),
])
def test_query_mistakes_are_usage_errors(built, args, message):
    result = run(*args, "--store", built)
    assert result.exit_code == 2
    assert result.stderr.startswith(message)


def test_a_missing_store_is_named(in_repo, tmp_path):
    result = run("query", "projects", "--store", str(tmp_path / "none"))
    assert result.exit_code == 2
    assert result.stderr == f"Error: no store at {tmp_path / 'none'}; run `kg build PATH --store {tmp_path / 'none'}` first\n"


def test_free_sparql_sees_every_graph(built):
    result = run("sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?i a kg:Indicator }", "--store", built)
    assert result.stdout.splitlines()[2] == "32"


def test_build_of_nothing_touches_no_store(in_repo, tmp_path):
    result = run("build", str(tmp_path / "nope.txt"), "--store", str(tmp_path / "s"))
    assert result.exit_code == 1
    assert result.stderr == f"Error: no such file or folder: {tmp_path / 'nope.txt'}\n"
    assert not (tmp_path / "s").exists()


def test_sparql_from_text_and_file(built, tmp_path):
    text = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?i a kg:Indicator } }"
    assert run("sparql", text, "--store", built).stdout.splitlines()[2] == "32"
    query_file = tmp_path / "count.rq"
    query_file.write_text(text, encoding="utf-8")
    assert run("sparql", str(query_file), "--store", built).stdout.splitlines()[2] == "32"


def test_queries_lists_questions_and_parameters(in_repo):
    out = run("queries").stdout
    assert "metric-targets [--param metric=…]\n    某一指标项在各项目中的目标值。" in out
    assert out.count("\n    ") == 14


def test_validate_and_export(built, tmp_path):
    result = run("validate", "--store", built)
    assert result.exit_code == 0 and "Conforms: True" in result.stdout
    for fmt in ("nquads", "ntriples", "turtle"):
        out = tmp_path / f"graph.{fmt}"
        assert run("export", fmt, "--store", built, "-o", str(out)).exit_code == 0
        assert out.read_text(encoding="utf-8")
    assert len((tmp_path / "graph.nquads").read_text(encoding="utf-8").splitlines()) == 2624


def test_build_reports_rejected_tables_and_still_loads_the_rest(in_repo, tmp_path):
    lines = open(SAMPLE, encoding="utf-8").read().split("\n")
    lines[150] = "\t七十万左右"  # table 3 loses its budget: a warning, the table is kept
    del lines[163:168]  # ... and its indicator header: now the table is rejected
    broken = tmp_path / "broken.txt"
    broken.write_text("\n".join(lines), encoding="utf-8")
    result = run("build", str(broken), "--store", str(tmp_path / "s"), "--year", "2025")
    assert result.exit_code == 1
    assert "4 projects, 26 indicators" in result.stdout
    assert result.stderr.splitlines()[0].startswith(f"Error: {broken}:141: no indicator table found in ")


def test_build_keeps_extraction_warnings_in_the_graph_beside_the_findings(in_repo, tmp_path):
    """Issue 17: a damaged cell is a warning on stderr and an X001 finding in the store."""
    lines = open(SAMPLE, encoding="utf-8").read().split("\n")
    lines[150] = "\t七十万左右"
    damaged = tmp_path / "damaged.txt"
    damaged.write_text("\n".join(lines), encoding="utf-8")
    store = str(tmp_path / "s")
    result = run("build", str(damaged), "--store", store, "--year", "2025")
    assert result.exit_code == 0
    assert "5 projects, 32 indicators" in result.stdout and "0 rejected, 1 warnings" in result.stdout
    assert result.stderr.splitlines()[-1] == f"Warning: {damaged}:151: 预算数: '七十万左右' is not an amount; left out"
    found = run("query", "audit-findings", "--store", store, "--format", "json")
    bindings = json.loads(found.stdout)["results"]["bindings"]
    rows = [r for r in bindings if r["rule"]["value"] == "X001"]
    assert [(int(r["line"]["value"]), r["message_en"]["value"]) for r in rows] == [
        (151, "part of the table was lost or guessed when it was read (预算数): '七十万左右' is not an amount; left out")]
