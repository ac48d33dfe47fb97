"""The named queries that read figures the build counts (stats graph) answer what the plain
GROUP BY over the whole store answers, and a listing's pages put together are its whole answer:
on the sample, on a synthetic corpus, and after one file of it is built again (issue 20)."""

from __future__ import annotations

import importlib
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

import kg
from kg.query.paging import page
from kg.query.sparql import inline_values, load_query, python_value
from kg.store import open_store
from kg.synth import write_corpus

PLAIN = Path(__file__).parent / "queries"
# each query that reads the stats graph, with the ORDER BY of its plain form (rows that tie on it
# may come in any order)
STATS_QUERIES = {
    "entities": lambda r: (r[0], -r[2], r[1]),
    "indicators-by-category": lambda r: (r[0], -r[2], r[1]),
    "budget-by-unit": lambda r: (-r[4], r[0] or ""),
    "cost-vs-budget": lambda r: r[0],
}
LISTINGS = ["projects", "qualitative-targets", "audit-findings", "achievement", "soft-targets"]  # paged by document (# pages:)


def same_answer(ours, plain, order) -> None:
    """The same rows, each list in the plain form's order (ties in any order)."""
    assert sorted(ours, key=repr) == sorted(plain, key=repr)
    for rows in (ours, plain):
        keys = [order(r) for r in rows]
        assert keys == sorted(keys)


def plain(name: str, store: str):
    return kg.sparql((PLAIN / f"{name}-groupby.rq").read_text(encoding="utf-8"), store=store).rows


def pages(name: str, store: str, size: int, **params: str) -> tuple[list, set[int]]:
    """Every page of ``size`` rows put together, and the totals the pages reported."""
    rows, totals, offset = [], set(), 0
    while True:
        found = kg.query(name, store=store, limit=size, offset=offset, **params)
        rows += found.rows
        totals.add(found.total)
        offset += size
        if offset >= found.total:
            return rows, totals


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("synth") / "in"
    write_corpus(out, projects=400, seed=5, second_year_every=4, self_eval_every=5)
    return out


@pytest.fixture(scope="module")
def synthetic_store(synthetic, tmp_path_factory) -> str:
    store = str(tmp_path_factory.mktemp("synth-store") / "s")
    kg.build([synthetic], store=store, search=False)
    return store


@pytest.mark.parametrize("name", sorted(STATS_QUERIES))
def test_the_stats_answer_is_the_plain_group_by_on_the_sample(store, name):
    ours = kg.query(name, store=store).rows
    assert ours  # the sample has entities, categories, a unit and cost targets
    same_answer(ours, plain(name, store), STATS_QUERIES[name])


@pytest.mark.parametrize("name", sorted(STATS_QUERIES))
def test_the_stats_answer_is_the_plain_group_by_on_a_synthetic_corpus(synthetic_store, name):
    ours = kg.query(name, store=synthetic_store).rows
    assert len(ours) >= 5
    same_answer(ours, plain(name, synthetic_store), STATS_QUERIES[name])


def entity_rows(name: str, store: str, entity: str) -> list:
    """projects-by-entity's plain form: every mention of the entity grouped."""
    text = (PLAIN / "projects-by-entity-groupby.rq").read_text(encoding="utf-8")
    return kg.sparql(inline_values(text, {"entity": entity}), store=store).rows


def same_entity_rows(store: str, entities: list[str]) -> None:
    for entity in entities:
        ours = kg.query("projects-by-entity", store=store, entity=entity).rows
        same_answer(ours, entity_rows("projects-by-entity", store, entity), lambda r: r[2:])


def test_projects_by_entity_reads_the_rows_of_the_plain_group_by(store, synthetic_store):
    """The question reads the mention rows the build writes into the stats graph; for every
    entity of the sample and of a synthetic corpus, they are what grouping every mention gives."""
    for where in (store, synthetic_store):
        entities = [row[1] for row in kg.query("entities", store=where).rows]
        assert len(entities) >= 10
        same_entity_rows(where, entities)
    党员 = kg.query("projects-by-entity", store=synthetic_store, entity="党员").rows
    assert {row[3] for row in 党员} == {"project", "goal", "indicator"}


KEPT = ["budget-by-unit", "cost-vs-budget", "indicators-by-category"]  # `# answer: kept`


@pytest.mark.parametrize("name", KEPT)
def test_a_kept_answers_pages_are_read_from_the_build_and_are_its_answer(synthetic_store, store, name):
    """The build keeps these answers in pages of 100 rows; every page size, across those pages,
    gives the query's own answer, and the pages come from what the build kept."""
    from kg.query.paging import kept_page

    oxi = open_store(synthetic_store, read_only=True)
    whole = kg.query(name, store=synthetic_store).rows
    assert len(whole) >= 9
    for size in (1, 7, 100, 130):
        rows, totals = pages(name, synthetic_store, size)
        assert (rows, totals) == (whole, {len(whole)})
    start = 95 if len(whole) > 125 else 3  # across the first two pages of 100 where there are two
    kept = kept_page(oxi, name, 30, start)
    assert kept is not None and kept.total == len(whole)
    assert [tuple(python_value(t) for t in row) for row in kept.rows] == whole[start:start + 30]
    assert pages(name, store, 2)[0] == kg.query(name, store=store).rows


def test_a_kept_answers_pages_of_fewer_rows_are_crossed_as_one_answer(synthetic, tmp_path, monkeypatch):
    """Kept in pages of 10 rows instead of 100, the answers' pages (of any size, from any row)
    still put together the answer, read across the kept pages."""
    for module in ("kg.build.stats", "kg.query.paging"):
        monkeypatch.setattr(importlib.import_module(module), "LISTING_BUCKET", 10)
    store = str(tmp_path / "s")
    kg.build([synthetic], store=store, search=False, nlp=False)
    for name in KEPT:
        whole = kg.query(name, store=store).rows
        assert len(whole) > 30 or name == "indicators-by-category"
        for size in (3, 10, 17):
            assert pages(name, store, size) == (whole, {len(whole)})


def test_budgets_keep_their_decimals(synthetic_store):
    rows = kg.query("budget-by-unit", store=synthetic_store).rows
    assert any(isinstance(r[4], Decimal) and r[4] != r[4].to_integral_value() for r in rows)


@pytest.mark.parametrize("name", LISTINGS)
def test_a_listings_pages_are_its_answer_on_a_synthetic_corpus(synthetic_store, name):
    whole = kg.query(name, store=synthetic_store).rows
    assert len(whole) > (20 if name == "soft-targets" else 50)  # a soft target needs two years and a self-evaluation
    for size in (1, 7, 100):
        rows, totals = pages(name, synthetic_store, size)
        assert totals == {len(whole)}
        assert rows == whole


@pytest.mark.parametrize("name", LISTINGS)
def test_a_listings_pages_are_its_answer_on_the_sample(store, name):
    whole = kg.query(name, store=store).rows
    rows, totals = pages(name, store, 2)
    assert (rows, totals) == (whole, {len(whole)})


@pytest.mark.parametrize("metric", ["服务党员教育", "服务对象满意度", "公共服务水平"])  # numbers; both; text
@pytest.mark.parametrize("size", [1, 5, 64])
def test_a_metrics_targets_paged_by_target_and_indicator_are_its_answer(synthetic_store, metric, size):
    """metric-targets (``# keys: ?t ?i``): the pages sort the metric's targets and indicators
    alone, as the whole answer's ORDER BY sorts them; pages across two targets included."""
    whole = kg.query("metric-targets", store=synthetic_store, metric=metric).rows
    assert len({row[2] for row in whole}) >= 2 and len(whole) > 40  # several targets, several pages
    rows, totals = pages("metric-targets", synthetic_store, size, metric=metric)
    assert (rows, totals) == (whole, {len(whole)})


def metric_groups(store: str, query: str, metric: str) -> set:
    """A metric's groups (target, comparator, base value, rows) as ``query`` gives them."""
    from kg.query.sparql import internal_query

    text = inline_values(internal_query(query), {"metric": metric})
    return {row[:4] for row in kg.sparql(text, store=store).rows}


@pytest.fixture(scope="module")
def groups_kept_store(synthetic, tmp_path_factory) -> str:
    """The synthetic corpus built with the groups of every metric kept (by default only those of
    a metric printed on 2,000 indicators or more), one file printing 服务党员教育 as 服务党员 教育:
    the same metric and targets (one key), two names, so its targets have two groups each."""
    folder = tmp_path_factory.mktemp("groups-kept")
    corpus = folder / "in"
    shutil.copytree(synthetic, corpus)
    spaced = next(p for p in sorted(corpus.glob("*-pipe.txt")) if "| 服务党员教育 |" in p.read_text(encoding="utf-8"))
    spaced.write_text(spaced.read_text(encoding="utf-8").replace("| 服务党员教育 |", "| 服务党员 教育 |"),
                      encoding="utf-8")
    store = str(folder / "s")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(importlib.import_module("kg.build.stats"), "TARGET_GROUPS_MIN_ROWS", 1)
        kg.build([corpus], store=store, search=False, nlp=False)
    return store


def test_the_groups_of_a_metrics_targets_kept_by_the_build_are_those_counted_over_the_store(
        groups_kept_store, synthetic_store):
    """The build counts a big metric's indicators by target into the stats graph (the first page of
    服务党员教育 at 1M projects counted 372,809 indicators); for every metric, the kept groups are
    the groups the store's own count gives. A small metric keeps none: they are counted at once."""
    metrics = [m for m, in kg.sparql("SELECT DISTINCT ?m WHERE { GRAPH ?g { ?i kg:metricLabel ?m } }",
                                     store=groups_kept_store).rows]
    assert len(metrics) >= 10
    for metric in metrics:
        kept = metric_groups(groups_kept_store, "groups-metric-targets", metric)
        assert kept and kept == metric_groups(groups_kept_store, "groups-metric-targets-counted", metric)
        assert metric_groups(synthetic_store, "groups-metric-targets", metric) == set()


def test_a_group_that_is_its_targets_only_one_reads_its_members_from_the_target_alone(groups_kept_store):
    """A kept group marked whole (every indicator of its target prints the metric's name) is read
    without checking each indicator's name: the same indicators as with the check."""
    from kg.query.sparql import internal_query, with_iri

    def members(query: str, metric: str, target: str) -> list:
        text = with_iri(inline_values(internal_query(query), {"metric": metric}), "t", target)
        return sorted(kg.sparql(text, store=groups_kept_store).rows)

    for metric in ("服务对象满意度", "服务党员教育"):
        groups = kg.sparql(inline_values(internal_query("groups-metric-targets"), {"metric": metric}),
                           store=groups_kept_store).rows
        whole = [row[0] for row in groups if row[4] == "true"]
        # 服务党员教育: targets the file that spaced its name sets have two groups, the others one
        assert whole and (len(whole) < len(groups)) == (metric == "服务党员教育")
        read = [members("members-metric-targets", metric, target) for target in whole]
        assert read == [members("members-metric-targets-whole", metric, target) for target in whole]
        assert sum(map(len, read)) > 10


@pytest.mark.parametrize("metric", ["服务党员教育", "服务对象满意度", "公共服务水平"])
def test_a_metrics_targets_pages_from_the_kept_groups_are_its_answer(groups_kept_store, metric):
    whole = kg.query("metric-targets", store=groups_kept_store, metric=metric).rows
    assert len(whole) > 40
    assert pages("metric-targets", groups_kept_store, 9, metric=metric) == (whole, {len(whole)})


def test_a_metrics_targets_are_paged_in_a_store_built_before_the_groups_were_kept(groups_kept_store, tmp_path):
    """A store whose stats graph has no target groups (an older kg built it): the pages count the
    groups over the store, and are still the whole answer."""
    old = str(tmp_path / "old")
    shutil.copytree(groups_kept_store, old)
    oxi = open_store(old)
    oxi.update("DELETE { GRAPH <http://example.org/kg/graph/stats> { ?s ?p ?o } } WHERE { "
               "GRAPH <http://example.org/kg/graph/stats> { ?s a <http://example.org/kg/ontology#TargetGroup> ; ?p ?o } }")
    oxi.flush()
    del oxi
    assert metric_groups(old, "groups-metric-targets", "服务党员教育") == set()
    whole = kg.query("metric-targets", store=old, metric="服务党员教育").rows
    assert len(whole) > 40 and whole == kg.query("metric-targets", store=groups_kept_store, metric="服务党员教育").rows
    assert pages("metric-targets", old, 9, metric="服务党员教育") == (whole, {len(whole)})


def test_a_metrics_targets_text_targets_come_first_then_the_largest(synthetic_store):
    rows = kg.query("metric-targets", store=synthetic_store, metric="服务对象满意度", limit=10_000).dicts()
    kinds = [r["kind"] for r in rows]
    assert "qualitative" in kinds and kinds == sorted(kinds, key=lambda kind: kind != "qualitative")
    values = [r["base_value"] for r in rows if r["kind"] == "quantitative"]
    assert len(set(values)) >= 2 and values == sorted(values, reverse=True)


def test_a_page_past_the_end_is_empty_with_the_total(synthetic_store):
    whole = kg.query("projects", store=synthetic_store).rows
    found = kg.query("projects", store=synthetic_store, limit=10, offset=len(whole) + 5)
    assert (found.rows, found.total) == ([], len(whole))
    assert found.columns == kg.query("projects", store=synthetic_store, limit=1).columns


def test_any_named_query_can_be_paged(synthetic_store):
    whole = kg.query("metric-targets", store=synthetic_store, metric="服务党员教育").rows
    assert len(whole) > 10
    found = kg.query("metric-targets", store=synthetic_store, metric="服务党员教育", limit=4, offset=3)
    assert (found.rows, found.total) == (whole[3:7], len(whole))


def test_a_page_of_a_store_without_counts_is_read_from_the_whole_answer(synthetic_store):
    """A store built before the listings' counts existed: the page comes from the whole answer."""
    oxi = open_store(synthetic_store, read_only=True)
    named = load_query("projects")
    whole = kg.query("projects", store=synthetic_store).rows
    unknown = type(named)(named.name + "-unknown", named.question, named.params, named.text, named.path, named.pages)
    found = page(oxi, unknown, {}, limit=5, offset=2)
    assert (found.rows, found.total) == (whole[2:7], len(whole))


@pytest.mark.parametrize(("limit", "offset", "message"), [
    (0, 0, "--limit must be between 1 and 10000, not 0"),
    (None, -1, "--offset must be 0 or more, not -1"),
])
def test_an_impossible_page_is_a_usage_error(store, limit, offset, message):
    with pytest.raises(kg.UsageError, match=message):
        kg.query("projects", store=store, limit=limit, offset=offset)


def test_a_rebuilt_file_keeps_the_counts_right(synthetic, tmp_path, monkeypatch):
    """Build the corpus, then change one file (a project and its indicators dropped, a budget
    changed) and build that file alone: the counts are read again from the whole store."""
    monkeypatch.setattr(importlib.import_module("kg.build.stats"), "TARGET_GROUPS_MIN_ROWS", 1)  # every metric's groups kept
    store = str(tmp_path / "s")
    files = sorted(p for p in synthetic.iterdir() if p.suffix == ".txt")
    changed = tmp_path / "in"
    changed.mkdir()
    for path in files:
        (changed / path.name).write_bytes(path.read_bytes())
    kg.build([changed], store=store, search=False)
    victim = changed / files[0].name
    text = victim.read_text(encoding="utf-8")
    victim.write_text(text[: len(text) // 2], encoding="utf-8")  # the file's second half is gone
    before = kg.query("projects", store=store).total
    kg.build([victim], store=store, search=False)
    assert kg.query("projects", store=store).total < before
    for name, order in STATS_QUERIES.items():
        same_answer(kg.query(name, store=store).rows, plain(name, store), order)
    same_entity_rows(store, [row[1] for row in kg.query("entities", store=store).rows])
    for name in LISTINGS + KEPT:
        whole = kg.query(name, store=store).rows
        rows, totals = pages(name, store, 50)
        assert (rows, totals) == (whole, {len(whole)})
    for metric in ("服务党员教育", "服务对象满意度", "公共服务水平"):
        kept = metric_groups(store, "groups-metric-targets", metric)
        assert kept and kept == metric_groups(store, "groups-metric-targets-counted", metric)
        whole = kg.query("metric-targets", store=store, metric=metric).rows
        assert pages("metric-targets", store, 50, metric=metric) == (whole, {len(whole)})


PARAMS = {"metric": "服务党员教育", "entity": "党员", "project": "党员教育培训项目经费"}  # synthetic
SAMPLE_PARAMS = {**PARAMS, "project": "市委组织部履职提升项目经费"}


def _substituted(store: str, name: str, params: dict[str, str]) -> list[tuple]:
    """The named query's answer with its values substituted by Oxigraph, not written in."""
    import pyoxigraph as ox

    from kg.query.sparql import to_result
    from kg.rdf import PREFIXES

    named = load_query(name)
    values = {ox.Variable(p): ox.Literal(params[p]) for p in named.params}
    return to_result(open_store(store, read_only=True).query(named.text, prefixes=PREFIXES,
                                                             substitutions=values)).rows


@pytest.mark.parametrize("name", ["metric-targets", "projects-by-entity", "target-trend"])
def test_values_written_into_a_query_answer_as_substituted_ones(synthetic_store, store, name):
    for where, params in ((synthetic_store, PARAMS), (store, SAMPLE_PARAMS)):
        ours = kg.query(name, store=where, **{p: params[p] for p in load_query(name).params}).rows
        assert ours  # each store has each value
        assert sorted(ours, key=repr) == sorted(_substituted(where, name, params), key=repr)


def test_a_value_with_quotes_and_braces_is_a_value(store):
    """A value is written in as an escaped literal: it matches nothing, and changes no query."""
    for value in ['党员" } UNION { ?s ?p ?o', "x\\\n}", "?entity"]:
        assert kg.query("projects-by-entity", store=store, entity=value).rows == []


def test_a_project_kept_without_indicators_is_listed_with_none(tmp_path):
    # c02 (六安市金安区体育局 2025): its second table is cut after the indicator header; the project is
    # kept, and the projects listing shows it with 0 indicators, whole and paged
    [source] = sorted((Path(__file__).parent / "real-wild" / "raw").glob("c02_*"))
    store = str(tmp_path / "store")
    kg.build([source], store=store, nlp=False, search=False)
    whole = kg.query("projects", store=store)
    assert [(row["project"], row["indicators"]) for row in whole.dicts()] == [
        ("2025金安国际网球公开赛(国际系列赛事)", 11), ("安徽省常规赛费用", 0)]
    second = kg.query("projects", store=store, limit=1, offset=1)
    assert (second.total, [row["project"] for row in second.dicts()]) == (2, ["安徽省常规赛费用"])
