"""The knowledge graph of the sample: identity, provenance, named queries, determinism."""

from __future__ import annotations

from decimal import Decimal


import pyoxigraph as ox
import pytest

import kg
from kg.export import rdf_parts, rdf_text, write_rdf
from kg.query import list_queries
from kg.rdf.iris import document_key
from kg.rdf.shapes import union_graph, validate_graph
from kg.store import dump_nquads, open_store

SAMPLE = "corpus/tianjin-340105-performance-targets.txt"
ID = "http://example.org/kg/id/"
SAMPLE_KEY = document_key(SAMPLE)  # an indicator's IRI names its project-year (2025: the store fixture gives --year) and its file
SELF_EVALUATION_QUERIES = ("achievement", "soft-targets")
PARAMS = {"metric-targets": {"metric": "服务党员教育"}, "projects-by-entity": {"entity": "党员"},
          "target-trend": {"project": "市委组织部履职提升项目经费"}}


def test_the_headline_question_is_one_row(store):
    result = kg.query("shared-targets", store=store)
    assert result.columns == ["metric", "target", "count", "projects"]
    assert result.rows == [("服务党员教育", "≥20万人次", 2,
                            "“天津党建”数字化平台内容维护经费 | 市委组织部履职提升项目经费")]


@pytest.mark.parametrize("named", list_queries(), ids=lambda q: q.name)
def test_every_named_query_parses_and_runs_on_the_sample(store, named):
    assert named.question, f"{named.name}.rq has no '# question:' header"
    result = kg.query(named.name, store=store, **PARAMS.get(named.name, {}))
    if named.name in SELF_EVALUATION_QUERIES:  # the sample holds no self-evaluation: tests/test_years.py
        assert result.rows == []
    else:
        assert result.rows, f"{named.name} returned nothing on the sample"


def test_metric_targets_lists_each_project_with_its_source_line(store):
    rows = kg.query("metric-targets", store=store, metric="服务党员教育").dicts()
    assert [(r["project"], r["target"], r["base_value"], r["base_unit"], r["line"]) for r in rows] == [
        ("“天津党建”数字化平台内容维护经费", "≥20万人次", Decimal(200000), "人次", 334),
        ("市委组织部履职提升项目经费", "≥20万人次", Decimal(200000), "人次", 62),
    ]


def test_cost_targets_against_budgets(store):
    rows = {r["project"]: r for r in kg.query("cost-vs-budget", store=store).dicts()}
    assert rows["市委组织部履职提升项目经费"]["cost_targets"] == Decimal("451.5")
    assert rows["市委组织部履职提升项目经费"]["status"] == "equals"
    assert rows["“天津党建”数字化平台内容维护经费"]["status"] == "equals"


def test_shared_target_is_one_node_with_readable_iri(store):
    oxi = open_store(store, read_only=True)
    target = ox.NamedNode(f"{ID}target/服务党员教育/ge/200000/人次")
    users = {str(q.subject.value) for q in oxi.quads_for_pattern(None, ox.NamedNode(str(kg.rdf.KG.target)), target)}
    assert users == {f"{ID}project/340105/市委组织部履职提升项目经费/2025/indicator/{SAMPLE_KEY}/6",
                     f"{ID}project/340105/“天津党建”数字化平台内容维护经费/2025/indicator/{SAMPLE_KEY}/6"}


def test_provenance_down_to_the_indicator_row(store):
    rows = kg.sparql(f"""
        SELECT ?source ?line WHERE {{ GRAPH ?g {{
          <{ID}project/340105/市委组织部履职提升项目经费/2025/indicator/{SAMPLE_KEY}/1> kg:sourceLine ?line .
          ?g kg:sourcePath ?source }} }}""", store=store).rows
    assert rows == [("corpus/tianjin-340105-performance-targets.txt", 30)]


def test_two_builds_give_identical_sorted_exports(tmp_path, in_repo):
    kg.build([SAMPLE], store=str(tmp_path / "a"))
    kg.build([SAMPLE], store=str(tmp_path / "b"))
    a, b = open_store(tmp_path / "a", read_only=True), open_store(tmp_path / "b", read_only=True)
    for fmt in ("nquads", "ntriples", "turtle"):
        assert rdf_text(a, fmt) == rdf_text(b, fmt), fmt


def test_rebuilding_leaves_the_same_triples(tmp_path, in_repo):
    path = str(tmp_path / "s")
    first = kg.build([SAMPLE], store=path).quads
    before = dump_nquads(open_store(path, read_only=True))
    second = kg.build(["corpus/"], store=path).quads
    assert first == second
    assert dump_nquads(open_store(path, read_only=True)) == before


def test_rebuilding_a_changed_document_replaces_its_graph(rebuilt_after_edit):
    path = rebuilt_after_edit("≥20万人次", "≥30万人次")
    assert kg.query("shared-targets", store=path).rows[0][:3] == ("服务党员教育", "≥30万人次", 2)
    labels = {r[0] for r in kg.sparql("SELECT ?l WHERE { GRAPH ?g { ?t a kg:Target ; rdfs:label ?l } }",
                                      store=path).rows}
    assert "≥20万人次" not in labels


def test_the_sample_conforms_to_the_shapes(store):
    assert kg.validate(store=store).conforms


@pytest.mark.parametrize("damage, message", [
    ("DELETE WHERE { GRAPH ?g { ?i kg:metric ?m } }", "each indicator has one metric"),
    ("DELETE { GRAPH ?g { ?p kg:budgetTotal ?b } } INSERT { GRAPH ?g { ?p kg:budgetTotal -1.0 } } "
     "WHERE { GRAPH ?g { ?p kg:budgetTotal ?b } }", "budgets are non-negative"),
    ("DELETE WHERE { GRAPH ?g { ?t kg:comparator ?c } }", "a quantitative target has a comparator"),
])
def test_a_broken_graph_does_not_conform(tmp_path, in_repo, damage, message):
    path = str(tmp_path / "s")
    kg.build([SAMPLE], store=path)
    oxi = open_store(path)
    oxi.update(damage, prefixes=kg.rdf.PREFIXES)
    result = validate_graph(union_graph(oxi))
    assert not result.conforms
    assert message in result.report


def test_open_graph_gives_rdflib_the_same_quads(store):
    expected = len(open_store(store, read_only=True))  # before a writer holds the store
    dataset = kg.open_graph(store)
    try:
        assert len(list(dataset.quads((None, None, None, None)))) == expected
    finally:
        dataset.close()


def test_rows_as_a_dataframe_or_a_clear_message(store):
    result = kg.query("projects", store=store)
    try:
        import pandas  # noqa: F401  (only whether it is installed matters)
    except ImportError:
        with pytest.raises(kg.UsageError, match=r"to_df\(\) needs pandas: pip install pandas"):
            result.to_df()
    else:
        frame = result.to_df()
        assert list(frame.columns) == result.columns and len(frame) == 5


def test_nquads_export_streams_graph_by_graph_and_loads_back(store, tmp_path):
    oxi = open_store(store, read_only=True)
    steps = []
    out = tmp_path / "graph.nq"
    write_rdf(oxi, "nquads", out, progress=steps.append)
    assert len(steps) == rdf_parts(oxi, "nquads") == 1 + len(list(oxi.named_graphs()))
    loaded = ox.Store()
    loaded.bulk_load(path=str(out), format=ox.RdfFormat.N_QUADS)
    assert set(loaded) == set(oxi)


def test_a_line_separator_inside_a_literal_stays_in_its_line():
    oxi = ox.Store()
    graph = ox.NamedNode(f"{ID}doc/a.txt")
    oxi.add(ox.Quad(ox.NamedNode(f"{ID}project/1"), ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
                    ox.Literal("第一段\u2028第二段"), graph))
    text = dump_nquads(oxi)
    assert text.count("\n") == 1 and "第一段\u2028第二段" in text
    assert list(ox.parse(text, format=ox.RdfFormat.N_QUADS))[0].graph_name == graph


def test_kg_build_stays_callable_once_the_build_stage_is_imported(tmp_path, in_repo):
    import kg.build.worker  # noqa: F401 - what `kg build` on the command line does first

    assert kg.build(["corpus/"], store=str(tmp_path / "s"), nlp=False, search=False).projects == 5
