"""Exports that other tools take as they are: Elasticsearch/OpenSearch, Gephi, Cytoscape, JSON-LD.

Each test runs the command a user runs and reads the file the way the other tool reads it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli

# The create-index API (Elasticsearch 7+ and OpenSearch: "PUT /<index>") takes a body of these
# keys only; a top-level "index" is refused ("unknown key [index] for create index").
CREATE_INDEX_KEYS = {"aliases", "mappings", "settings"}
FIELD_TYPES = {"text", "keyword", "integer", "long", "double", "float", "scaled_float", "boolean", "date", "object",
               "nested"}
BUILT_IN_ANALYZERS = {"standard", "simple", "whitespace", "stop", "keyword", "pattern", "fingerprint"}
IK_ANALYZERS = {"ik_max_word", "ik_smart"}  # the IK plugin's
# The fields a person reads, by path: searched with IK
PROSE = ["goals", "purpose", "description", "title", "text", "target.note", "project", "unit", "metric",
         "family", "entities.name"]
MONEY = ["budget.total", "budget.fiscal", "budget.other"]


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def bulk(store, tmp_path_factory) -> tuple[dict, list[dict]]:
    """``kg export es-bulk``: the mapping file and the documents of the bulk file."""
    out = tmp_path_factory.mktemp("es") / "bulk.ndjson"
    result = run("export", "es-bulk", "--store", store, "-o", str(out), "--index", "kg-budget")
    assert result.exit_code == 0, result.output
    body = json.loads(out.with_name("bulk.mapping.json").read_text(encoding="utf-8"))
    lines = out.read_text(encoding="utf-8").splitlines()
    return body, [json.loads(line) for line in lines[1::2]]


def _fields(properties: dict, prefix: str = "", *, subfields: bool = True) -> dict[str, dict]:
    """Every mapped field by dotted path, with its sub-fields (``project.raw``) unless told not to."""
    out = {}
    for name, spec in properties.items():
        path = prefix + name
        if "properties" in spec:
            out.update(_fields(spec["properties"], path + ".", subfields=subfields))
            continue
        out[path] = spec
        for sub, sub_spec in spec.get("fields", {}).items() if subfields else ():
            out[f"{path}.{sub}"] = sub_spec
    return out


def _leaves(value, prefix: str = ""):
    """(dotted path, value) of every scalar in a document; list items share their field's path."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, f"{prefix}{key}.")
    elif isinstance(value, list):
        for item in value:
            yield from _leaves(item, prefix)
    else:
        yield prefix[:-1], value


def test_the_mapping_file_is_a_create_index_body(bulk):
    """`curl -XPUT localhost:9200/kg-budget -H 'Content-Type: application/json' -d @bulk.mapping.json`"""
    body, _ = bulk
    assert set(body) == {"settings", "mappings"} and set(body) <= CREATE_INDEX_KEYS
    assert "index" not in body and "index" not in body["settings"]  # the name is in the URL only
    assert set(body["mappings"]) == {"dynamic", "properties"} and body["mappings"]["dynamic"] == "strict"
    for path, spec in _fields(body["mappings"]["properties"]).items():
        assert spec["type"] in FIELD_TYPES, path
        if spec["type"] == "scaled_float":
            assert spec["scaling_factor"] > 0, path


def test_every_analyzer_is_known_and_every_defined_one_is_used(bulk):
    body, _ = bulk
    defined = set(body["settings"].get("analysis", {}).get("analyzer", {}))
    used = {spec[key] for spec in _fields(body["mappings"]["properties"]).values()
            for key in ("analyzer", "search_analyzer") if key in spec}
    assert used <= BUILT_IN_ANALYZERS | IK_ANALYZERS | defined
    assert defined <= used  # no analyzer defined and never used


def test_every_text_field_is_analysed_by_ik(bulk):
    body, _ = bulk
    fields = _fields(body["mappings"]["properties"])
    for path in PROSE + ["target.raw.text"]:
        assert fields[path]["type"] == "text", path
        assert (fields[path]["analyzer"], fields[path]["search_analyzer"]) == ("ik_max_word", "ik_smart"), path
    # the only other text fields are kg's own jieba tokens, cut at spaces
    others = {p for p, s in fields.items() if s["type"] == "text" and s.get("analyzer") != "ik_max_word"}
    assert others == {"text_seg", "metric_seg"}
    assert {fields[p]["analyzer"] for p in others} == {"whitespace"}


def test_money_and_values_are_decimal_numbers(bulk):
    """62.5 stays 62.5 in a range query: no field a number lands in is a long."""
    body, docs = bulk
    fields = _fields(body["mappings"]["properties"])
    for path in MONEY:
        assert fields[path]["type"] in ("scaled_float", "double"), path
    assert fields["target.value"]["type"] == fields["target.base_value"]["type"] == "double"
    assert 62.5 in {d["budget"]["total"] for d in docs if d["type"] == "project"}


def test_every_field_of_every_document_is_mapped_with_a_type_that_fits(bulk):
    body, docs = bulk
    fields = _fields(body["mappings"]["properties"])
    fits = {"text": str, "keyword": str, "integer": int, "double": (int, float), "scaled_float": (int, float)}
    seen = set()
    for doc in docs:
        for path, value in _leaves(doc):
            assert path in fields, f"{doc['id']}: {path} is not mapped"
            seen.add(path)
            if value is not None:
                assert isinstance(value, fits[fields[path]["type"]]), (path, value)
                assert not isinstance(value, bool), path
    # and every mapped field occurs in some document (no dead mapping)
    assert set(_fields(body["mappings"]["properties"], subfields=False)) == seen


# --- Gephi, yEd, Cytoscape -------------------------------------------------------------------

PROJECT = "http://example.org/kg/id/project/340105/市委组织部履职提升项目经费/2025"  # the project-year node (store built with --year 2025)
TARGET = "http://example.org/kg/id/target/服务党员教育/ge/200000/人次"


@pytest.mark.parametrize("fmt, read", [("gexf", "read_gexf"), ("graphml", "read_graphml")])
def test_budget_and_target_values_are_numbers_with_their_unit(store, tmp_path, fmt, read):
    """Gephi sizes nodes by a numeric attribute: the budget is 451.5 (万元), not "451.5 万元"."""
    import networkx as nx

    out = tmp_path / f"g.{fmt}"
    assert run("export", fmt, "--store", store, "-o", str(out)).exit_code == 0
    back = getattr(nx, read)(out)
    project = next(d for _, d in back.nodes(data=True) if d["label"] == "市委组织部履职提升项目经费")
    assert (project["budget"], project["budget_unit"]) == (451.5, "万元")
    target = next(d for _, d in back.nodes(data=True) if d["label"] == "≥20万人次")
    assert (target["comparator"], target["value"], target["value_unit"]) == ("≥", 200000.0, "人次")
    declared = out.read_text(encoding="utf-8")
    assert ('title="budget" type="double"' in declared) or ('attr.name="budget" attr.type="double"' in declared)


@pytest.mark.parametrize("fmt", ["gexf", "graphml", "cytoscape"])
def test_the_same_graph_gives_the_same_bytes_on_another_day(store, tmp_path, monkeypatch, fmt):
    import time

    today = tmp_path / "today"
    assert run("export", fmt, "--store", store, "-o", str(today)).exit_code == 0
    monkeypatch.setattr(time, "strftime", lambda fmt_, *t: "2031-02-03")  # networkx dates GEXF with it
    tomorrow = tmp_path / "tomorrow"
    assert run("export", fmt, "--store", store, "-o", str(tomorrow)).exit_code == 0
    assert today.read_bytes() == tomorrow.read_bytes()
    assert b"lastmodifieddate" not in today.read_bytes()


@pytest.mark.parametrize("fmt", ["gexf", "graphml", "cytoscape", "dot"])
def test_file_formats_for_large_graphs_are_not_capped(store, graph, tmp_path, fmt):
    out = tmp_path / f"g.{fmt}"
    result = run("export", fmt, "--store", store, "-o", str(out), "--max-nodes", "10")
    assert result.exit_code == 0
    n = graph.number_of_nodes()
    assert result.stderr == f"wrote {out} ({fmt}, {n} nodes, {graph.number_of_edges()} edges)\n"


@pytest.mark.parametrize("fmt", ["html", "png", "svg"])
def test_views_kg_draws_keep_the_cap(store, graph, tmp_path, fmt):
    result = run("export", fmt, "--store", store, "-o", str(tmp_path / f"g.{fmt}"), "--max-nodes", "10")
    assert result.exit_code == 2
    assert result.stderr == (f"Error: the view has {graph.number_of_nodes()} nodes, more than --max-nodes 10; focus "
                             "it with --project NAME or --metric NAME (and --depth), or raise --max-nodes\n")
    assert not (tmp_path / f"g.{fmt}").exists()


def test_cytoscape_names_nodes_by_their_chinese_label(store, tmp_path):
    """Cytoscape shows data.name on a node: the label, with the IRI in data.id and data.iri."""
    out = tmp_path / "g.cyjs"
    assert run("export", "cytoscape", "--store", store, "-o", str(out)).exit_code == 0
    nodes = {n["data"]["id"]: n for n in json.loads(out.read_text(encoding="utf-8"))["elements"]["nodes"]}
    assert nodes[PROJECT]["data"]["name"] == "市委组织部履职提升项目经费"
    assert nodes[PROJECT]["data"]["iri"] == PROJECT and nodes[PROJECT]["data"]["budget"] == 451.5
    assert nodes[TARGET]["data"]["name"] == "≥20万人次"
    assert all(not n["data"]["name"].startswith("http") for n in nodes.values())
    assert all("position" in n for n in nodes.values())


def test_a_large_cytoscape_file_leaves_the_layout_to_cytoscape(store, graph, tmp_path, monkeypatch):
    import kg.export.network as network

    monkeypatch.setattr(network, "LAYOUT_MAX_NODES", 10)
    out = tmp_path / "g.cyjs"
    assert run("export", "cytoscape", "--store", store, "-o", str(out)).exit_code == 0
    nodes = json.loads(out.read_text(encoding="utf-8"))["elements"]["nodes"]
    assert len(nodes) == graph.number_of_nodes() and not any("position" in n for n in nodes)


# --- JSON-LD ----------------------------------------------------------------------------------

def test_jsonld_keeps_one_named_graph_per_source_document(tmp_path, in_repo):
    store = str(tmp_path / "store")
    assert run("build", "corpus/", "tests/cases/layout1-cell-per-line.txt", "--store", store).exit_code == 0
    out = tmp_path / "graph.jsonld"
    assert run("export", "jsonld", "--store", store, "-o", str(out)).exit_code == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    graphs = {g["@id"]: g["@graph"] for g in doc["@graph"]}
    assert all(set(g) == {"@id", "@graph"} for g in doc["@graph"])
    documents = sorted(name for name in graphs if "/id/doc/" in name)
    assert documents == ["http://example.org/kg/id/doc/corpus/tianjin-340105-performance-targets.txt",
                         "http://example.org/kg/id/doc/tests/cases/layout1-cell-per-line.txt"]
    projects = {name: {n["label"] for n in graphs[name] if n.get("type") == "kg:ProjectYear"} for name in documents}
    assert "市委组织部履职提升项目经费" in projects[documents[0]]
    assert "市委组织部履职提升项目经费" not in projects[documents[1]] and projects[documents[1]]
    assert "http://example.org/kg/graph/terms" in graphs  # the shared nodes: their own graph
