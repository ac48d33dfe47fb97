"""The synthetic corpus is deterministic and extracts exactly as its manifest says."""

from __future__ import annotations

import json
from collections import Counter
from decimal import Decimal

import pytest
from click.testing import CliRunner

import kg
from kg.cli import cli
from kg.errors import ParseWarning
from kg.normalise import parse_target
from kg.normalise.targets import is_qualitative_phrase
from kg.resources import read_tsv
from kg.synth import LAYOUTS, write_corpus


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    out = tmp_path_factory.mktemp("synth")
    manifest = write_corpus(out, projects=400, seed=3, broken_every=41)
    return out, manifest


def test_every_layout_is_written(corpus):
    _, manifest = corpus
    assert {f["layout"] for f in manifest.by_file} == set(LAYOUTS)


def test_extraction_finds_exactly_what_the_manifest_says(corpus):
    out, manifest = corpus
    indicators: Counter[str] = Counter()
    projects = 0
    warnings, errors = [], []
    for item in kg.extract(out):
        if isinstance(item, kg.Project):
            projects += 1
            indicators[item.source.path] += len(item.indicators)
        elif isinstance(item, ParseWarning):
            warnings.append({"path": item.path, "line": item.line, "field": item.field, "reason": item.reason})
        else:
            errors.append(item)
    assert errors == []
    assert projects == manifest.projects
    assert {f["path"]: f["indicators"] for f in manifest.by_file if f["indicators"]} == dict(indicators)
    assert sorted(warnings, key=str) == sorted(manifest.warnings, key=str)
    assert len(manifest.warnings) == 400 // 41


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path):
    a = write_corpus(tmp_path / "a", projects=60, seed=5)
    b = write_corpus(tmp_path / "b", projects=60, seed=5)
    write_corpus(tmp_path / "c", projects=60, seed=6)
    files = lambda d: {p.name: p.read_bytes() for p in sorted(d.glob("*.txt"))}  # noqa: E731
    assert files(tmp_path / "a") == files(tmp_path / "b")
    assert files(tmp_path / "a") != files(tmp_path / "c")
    assert a.indicators == b.indicators


def test_metrics_reuse_targets_so_some_are_shared(corpus):
    out, _ = corpus
    pairs: Counter[tuple[str, str]] = Counter()
    for item in kg.extract(out):
        if isinstance(item, kg.Project):
            for indicator in item.indicators:
                pairs[(indicator.name, indicator.target.raw)] += 1
    assert pairs.most_common(1)[0][1] >= 20


def test_every_synthetic_value_is_understood():
    for *_, values in read_tsv("synth", "metrics.tsv"):
        for value in values.split("|"):
            assert parse_target(value).kind == "quantitative" or is_qualitative_phrase(value), value


def test_kg_synth_command(tmp_path):
    result = CliRunner().invoke(cli, ["synth", "--projects", "30", "--seed", "1", "--layout", "glued",
                                      "--layout", "pipe", "-o", str(tmp_path / "s")], catch_exceptions=False)
    assert result.exit_code == 0
    manifest = json.loads((tmp_path / "s" / "manifest.json").read_text(encoding="utf-8"))
    assert result.stdout == (f"wrote 30 tables in {manifest['files']} files to {tmp_path / 's'} "
                             "(0 with a deliberately damaged budget cell)\n")
    assert {f["layout"] for f in manifest["by_file"]} == {"glued", "pipe"}


def test_a_parallel_build_gives_the_same_graph(tmp_path):
    """--jobs 2 (spawned worker processes) writes exactly what one process writes."""
    from kg.export import rdf_text
    from kg.store import open_store

    write_corpus(tmp_path / "in", projects=40, seed=9)
    one = kg.build([tmp_path / "in"], store=str(tmp_path / "one"), search=False)
    two = kg.build([tmp_path / "in"], store=str(tmp_path / "two"), search=False, jobs=2)
    assert (one.projects, one.indicators, len(one.errors)) == (two.projects, two.indicators, len(two.errors))
    assert rdf_text(open_store(tmp_path / "one", read_only=True), "nquads") == \
        rdf_text(open_store(tmp_path / "two", read_only=True), "nquads")


def test_build_reports_progress_per_file(tmp_path):
    manifest = write_corpus(tmp_path / "in", projects=25, seed=2)
    seen: list[str] = []
    kg.build([tmp_path / "in"], store=str(tmp_path / "s"), search=False, nlp=False, progress=seen.append)
    assert len(seen) == manifest.files and all(p.endswith(".txt") for p in seen)


def test_a_second_year_is_one_project_with_two_project_years(tmp_path):
    manifest = write_corpus(tmp_path / "c", projects=120, seed=5, second_year_every=2)
    later = [f for f in manifest.by_file if f["year"] == 2026]
    assert later and sum(f["projects"] for f in manifest.by_file) == manifest.projects == 120
    years = {}
    for item in kg.extract(tmp_path / "c"):
        if isinstance(item, kg.Project):
            years.setdefault(item.source.path, set()).add(item.year)
    assert {path: {f["year"]} for path, f in ((f["path"], f) for f in manifest.by_file)} == years
    store = str(tmp_path / "s")
    kg.build([tmp_path / "c"], store=store, nlp=False, search=False)
    count = kg.sparql("""SELECT (COUNT(DISTINCT ?p) AS ?projects) (COUNT(DISTINCT ?py) AS ?years)
                         WHERE { GRAPH ?g { ?py a kg:ProjectYear ; kg:project ?p } }""", store=store).rows[0]
    assert count == (120 - sum(f["projects"] for f in later), 120)


def test_self_evaluations_give_the_achievements_the_manifest_plans(tmp_path):
    """kg synth --self-eval-every: the achieved values and outcomes come from the synth's own plan
    (a value drawn above or below each target); kg must read and judge every one of them."""
    manifest = write_corpus(tmp_path / "c", projects=150, seed=7, self_eval_every=2, second_year_every=3)
    planned = manifest.achievements
    assert Counter(a["met"] for a in planned).keys() == {"yes", "no", None}  # some met, some not, some words
    assert any(a["name"] != a["metric"] for a in planned)  # spelled otherwise in the self-evaluation
    indicators: Counter[str] = Counter()
    for item in kg.extract(tmp_path / "c"):
        if isinstance(item, kg.Project):
            indicators[item.source.path] += len(item.indicators)
    assert {f["path"]: f["indicators"] for f in manifest.by_file} == dict(indicators)
    store = str(tmp_path / "s")
    summary = kg.build([tmp_path / "c"], store=store, nlp=False, search=False)
    assert summary.unmatched_evaluations == 0
    rows = kg.query("achievement", store=store).dicts()
    got = sorted((r["source"], r["line"], r["project"], r["year"], r["metric"], r["target"], r["actual"], r["met"],
                  r["score"]) for r in rows)
    want = sorted((a["path"], a["line"], a["project"], a["year"], a["metric"], a["target"], a["actual"], a["met"],
                   Decimal(a["score"])) for a in planned)
    assert got == want
