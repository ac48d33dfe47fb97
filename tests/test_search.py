"""Feeding search systems: JSON-LD, flat documents, bulk NDJSON, and the embedded index."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Dataset

from kg.cli import cli
from kg.export.jsonld import data_graphs, jsonld_text
from kg.export.search_docs import bulk_parts, document_id, write_bulk
from kg.search import search, search_documents
from kg.store import open_store

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.mark.parametrize("keys", ["en", "zh"])
def test_jsonld_parses_back_into_the_same_quads(store, keys):
    oxi = open_store(store, read_only=True)
    parsed = Dataset().parse(data=jsonld_text(oxi, keys=keys), format="json-ld")
    quads = {(s, p, o, str(graph.identifier)) for graph in parsed.graphs() for s, p, o in graph}
    assert quads == {(s, p, o, name) for name, graph in data_graphs(oxi).items() for s, p, o in graph}


def test_jsonld_is_framed_per_project_with_readable_keys(store):
    doc = json.loads(jsonld_text(open_store(store, read_only=True), keys="zh"))
    [document] = [g for g in doc["@graph"] if g["@id"].endswith("/tianjin-340105-performance-targets.txt")]
    projects = [n for n in document["@graph"] if n.get("type") == "kg:ProjectYear"]
    assert len(projects) == 5
    first = next(p for p in projects if p["名称"] == "市委组织部履职提升项目经费")
    assert first["预算数"] == "451.5" and len(first["绩效指标"]) == 7
    assert first["绩效指标"][5]["指标值原文"] == "≥20万人次"
    assert doc["@context"]["预算数"] == {"@id": "kg:budgetTotal", "@type": "xsd:decimal"}


def test_one_document_per_project_and_indicator(store):
    docs = search_documents(store)
    assert [d["type"] for d in docs].count("project") == 5
    assert [d["type"] for d in docs].count("indicator") == 32
    serve = next(d for d in docs if d["type"] == "indicator" and d["metric"] == "服务党员教育"
                 and d["project"] == "市委组织部履职提升项目经费")
    assert serve["target"] == {"raw": "≥20万人次", "comparator": "≥", "value": 20, "unit": "万人次",
                               "base_value": 200000, "base_unit": "人次", "note": None, "kind": "quantitative"}
    assert serve["category"] == ["效益指标", "社会效益指标"] and serve["family"] == "服务党员教育"
    assert serve["source"] == {"path": "corpus/tianjin-340105-performance-targets.txt", "line": 62}
    assert serve["metric_seg"] == "服务 党员 教育" and serve["budget"] == {"total": 451.5, "money_unit": "万元"}
    assert {"name": "党员", "type": "POPULATION"} in serve["entities"]


def test_bulk_lines_are_action_and_document_pairs(store, tmp_path):
    out = tmp_path / "bulk.ndjson"
    assert run("export", "es-bulk", "--store", store, "-o", str(out), "--index", "kg-budget").exit_code == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2 * 37
    ids = []
    for action, document in zip(lines[::2], lines[1::2]):
        meta = json.loads(action)["index"]
        doc = json.loads(document)
        assert meta["_index"] == "kg-budget" and meta["_id"] == document_id(doc["id"])
        ids.append(meta["_id"])
    assert len(set(ids)) == len(ids)
    mapping = json.loads((tmp_path / "bulk.mapping.json").read_text(encoding="utf-8"))
    assert mapping["mappings"]["properties"]["text"]["analyzer"] == "ik_max_word"


def test_chunks_add_up_to_the_whole(store, tmp_path):
    run("export", "es-bulk", "--store", store, "-o", str(tmp_path / "all.ndjson"), "--index", "i")
    run("export", "es-bulk", "--store", store, "-o", str(tmp_path / "part.ndjson"), "--index", "i", "--chunk-size", "10")
    parts = sorted(tmp_path.glob("part-*.ndjson"))
    assert [p.name for p in parts] == ["part-00001.ndjson", "part-00002.ndjson", "part-00003.ndjson", "part-00004.ndjson"]
    assert "".join(p.read_text(encoding="utf-8") for p in parts) == (tmp_path / "all.ndjson").read_text(encoding="utf-8")


def test_the_bulk_progress_counts_every_file_written(store, tmp_path):
    docs = search_documents(store)
    steps = []
    files = write_bulk(docs, "i", tmp_path / "part.ndjson", chunk=10, progress=steps.append)
    assert len(steps) == len(files) == bulk_parts(len(docs), 10) == 4


def test_two_exports_are_byte_identical(store, tmp_path):
    for name, args in [("docs", ["export", "docs"]), ("jsonld", ["export", "jsonld"]),
                       ("bulk", ["export", "es-bulk", "--index", "i"])]:
        run(*args, "--store", store, "-o", str(tmp_path / f"{name}-1"))
        run(*args, "--store", store, "-o", str(tmp_path / f"{name}-2"))
        assert (tmp_path / f"{name}-1").read_bytes() == (tmp_path / f"{name}-2").read_bytes(), name


def test_search_ranks_the_two_party_education_indicators_first(store):
    hits = search("党员教育", store=store)
    top = [(h.doc["metric"], h.doc["project"]) for h in hits[:2]]
    assert sorted(top) == [("服务党员教育", "“天津党建”数字化平台内容维护经费"), ("服务党员教育", "市委组织部履职提升项目经费")]
    assert hits[0].matched == ("党员", "教育")


def test_search_finds_the_satisfaction_indicators(store):
    hits = search("满意度", store=store, kind="indicator", limit=20)
    metrics = {h.doc["metric"] for h in hits}
    assert {"党员满意度", "公务员满意度", "社会服务对象满意度", "公众号宣传受众满意度"} <= metrics
    assert all(h.doc["type"] == "indicator" for h in hits)


def test_rebuilding_keeps_the_index_in_step(rebuilt_after_edit):
    store = rebuilt_after_edit("服务党员教育", "服务离退休干部")
    assert [h.doc["metric"] for h in search("离退休", store=store)][:2] == ["服务离退休干部", "服务离退休干部"]
    assert "服务党员教育" not in {h.doc.get("metric") for h in search("党员教育", store=store)}


def test_search_cli_and_its_errors(store, tmp_path):
    out = run("search", "党员教育", "--store", store, "--limit", "2").stdout.splitlines()
    assert out[0].split() == ["score", "type", "project", "metric", "target", "matched", "source"]
    assert "服务党员教育" in out[2] and out[-1] == "(2 rows)"
    missing = run("search", "党员", "--store", str(tmp_path / "none"))
    assert missing.exit_code == 2
    assert missing.stderr == f"Error: no search index for {tmp_path / 'none'}; run `kg build PATH --store {tmp_path / 'none'}` first\n"


def test_build_time_index_rows_equal_the_stores_documents(store):
    """kg build indexes tokens made from the records; kg export docs reads the store: the same tokens."""
    from kg.pipeline import extract_documents
    from kg.rdf import Minter
    from kg.rdf.namespaces import DEFAULT_BASE_IRI
    from kg.search.documents import index_rows, tokens

    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(ROOT)
        projects = [p for d in extract_documents(["corpus/"], year=2025) for p in d.projects]  # as the store
    minter = Minter(DEFAULT_BASE_IRI)
    made = sorted(row[:4] for p in projects for iri in [minter.project_year(p)]
                  for row in index_rows(p, iri, [minter.indicator(iri, p.source.path, n)
                                                 for n in range(1, len(p.indicators) + 1)]))
    from_store = sorted((d["id"], d["type"], d.get("metric_seg") or tokens(d["project"]), d["text_seg"])
                        for d in search_documents(store))
    assert made == from_store


def test_a_hit_is_the_same_document_as_the_export(store):
    hits = search("党员教育", store=store, limit=5)
    exported = {d["id"]: d for d in search_documents(store)}
    assert [h.doc for h in hits] == [exported[h.doc["id"]] for h in hits]


def test_target_expressions_stay_one_token_in_search_text(store):
    serve = next(d for d in search_documents(store) if d["type"] == "indicator" and d["metric"] == "服务党员教育")
    assert serve["text_seg"].endswith(" ≥20万人次")
