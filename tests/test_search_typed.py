"""Search finds what analysts type: targets and numbers as printed, and the term source's synonyms.

The queries and their expected first hits are a data file (tests/search_queries.tsv) written by
reading the sample corpus.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.search import search

QUERIES = Path(__file__).resolve().parent / "search_queries.tsv"


def _cases() -> list[tuple[str, str, str, str, str]]:
    rows = []
    for line in QUERIES.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append(tuple((line.split("\t") + [""] * 5)[:5]))
    return rows


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.mark.parametrize("query, kind, project, metric, target", _cases(), ids=[c[0] for c in _cases()])
def test_the_first_hit_is_the_one_an_analyst_expects(store, query, kind, project, metric, target):
    hits = search(query, store=store)
    assert hits, f"{query!r} found nothing"
    first = hits[0].doc
    seen = (first["type"], first["project"], first.get("metric") or "", (first.get("target") or {}).get("raw") or "")
    expected = (kind, project or seen[1], metric or seen[2], target or seen[3])
    assert seen == expected


def test_the_query_table_covers_targets_numbers_and_synonyms():
    queries = [c[0] for c in _cases()]
    assert {"≥20万人次", "20万人次", "20万", "≥95%", "95%", "党员满意率"} <= set(queries)
    assert len(queries) >= 30


def test_a_typed_target_finds_every_indicator_that_sets_it_and_those_first(store):
    hits = search("≥95%", store=store, limit=10)
    top = [(h.doc["metric"], h.doc["target"]["raw"]) for h in hits[:4]]
    assert sorted(top) == sorted([("党员满意度", "≥95%"), ("基层党建问题整改落实率", "≥95%"), ("公务员满意度", "≥95%"),
                                 ("公众号宣传受众满意度", "≥95%")])
    assert all(h.matched == ("≥95%",) for h in hits[:4])
    # ≥80% and ≤95万元 are other targets: not before the four that are ≥95%
    assert all(h.doc.get("target", {}).get("raw") not in ("≥80%", "≤95万元") for h in hits[:4])


def test_a_number_with_its_magnitude_finds_the_base_value(store):
    """20万 is 200000: the same target as written ≥20万人次, and as 200000人次."""
    for query in ("20万", "200000人次", "二十万人次"):
        hits = search(query, store=store, limit=2)
        assert [h.doc["target"]["raw"] for h in hits] == ["≥20万人次", "≥20万人次"], query


def test_a_comparator_narrows_the_search(store):
    """≥20万人次 and ≤20万人次 are different targets: the sample has no ≤20万人次."""
    assert search("≥20万人次", store=store)
    assert search("≤20万人次", store=store) == []


def test_a_synonym_of_the_term_source_finds_the_other_spelling(store):
    """满意率 and 满意度 are one term in kg/nlp/data/terms.tsv."""
    hits = search("满意率", store=store, kind="indicator", limit=20)
    metrics = {h.doc["metric"] for h in hits}
    assert {"大讲堂满意率", "党员满意度", "公务员满意度", "公众号宣传受众满意度"} <= metrics
    satisfied = next(h for h in hits if h.doc["metric"] == "党员满意度")
    assert satisfied.matched == ("满意度",)


def test_kg_search_prints_the_target_it_matched(store):
    result = run("search", "≥20万人次", "--store", store, "--limit", "2")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[-1] == "(2 rows)"
    for line in lines[2:4]:
        assert "服务党员教育" in line and line.count("≥20万人次") == 2  # the target column and the matched column


def test_kg_search_json_names_the_synonym_that_matched(store):
    result = run("search", "党员满意率", "--store", store, "--limit", "1", "--format", "json")
    [hit] = json.loads(result.stdout)
    assert (hit["metric"], hit["matched"]) == ("党员满意度", ["党员", "满意度"])


def test_a_query_of_signs_only_is_still_a_usage_error(store):
    result = run("search", "≥ %", "--store", store)
    assert result.exit_code == 2
    assert result.stderr == "Error: nothing to search for: the text has no words\n"
