"""What the fast build paths must not change: the stats graph against the full GROUP BY, an
incremental build against a fresh one, and IRIs the store takes whatever the text holds."""

from __future__ import annotations

from pathlib import Path

import pytest

from click.testing import CliRunner

import kg
from kg.cli import cli
from kg.export import rdf_text
from kg.store import open_store
from kg.synth import write_corpus

QUERIES = Path(__file__).parent / "queries"
GROUP_BY = (QUERIES / "shared-targets-groupby.rq").read_text(encoding="utf-8")
FAMILY_GROUP_BY = (QUERIES / "shared-family-targets-groupby.rq").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("synth") / "in"
    write_corpus(out, projects=300, seed=11)
    return out


def test_shared_targets_from_the_stats_graph_equal_the_full_group_by(synthetic, tmp_path):
    store = str(tmp_path / "s")
    kg.build([synthetic], store=store, search=False)
    stats = kg.query("shared-targets", store=store).rows
    assert len(stats) > 20  # Zipf reuse: many shared targets
    assert stats == kg.sparql(GROUP_BY, store=store).rows


def test_shared_family_targets_from_the_stats_graph_equal_the_full_group_by(synthetic, tmp_path):
    store = str(tmp_path / "s")
    kg.build([synthetic], store=store, search=False)
    stats = kg.query("shared-family-targets", store=store).rows
    assert len(stats) > 20
    assert any(" | " in metrics for _, _, _, metrics, _ in stats)  # several spellings of one family
    assert _names_as_lists(stats) == _names_as_lists(kg.sparql(FAMILY_GROUP_BY, store=store).rows)
    assert _names_as_lists(stats) == [(*r[:3], r[3].split(" | "), r[4].split(" | ")) for r in stats]  # code-point order


def _names_as_lists(rows) -> list[tuple]:
    """Rows with the joined metric and project names as sorted lists: GROUP_CONCAT's order
    follows the inner ORDER BY (metric, then project), the stats graph's is code-point order."""
    return [(*row[:3], sorted(row[3].split(" | ")), sorted(row[4].split(" | "))) for row in rows]


@pytest.mark.parametrize("nlp", [False, True])
def test_a_build_in_two_parts_gives_the_same_store_as_one(synthetic, tmp_path, nlp):
    """The second part's stats come from reading the store (the first part's documents are
    there too), its O001 outliers and keywords from the facts the first part kept beside the
    store: every quad must equal the fresh build's."""
    files = sorted(p for p in synthetic.iterdir() if p.suffix == ".txt")
    parts, fresh = str(tmp_path / "parts"), str(tmp_path / "fresh")
    kg.build(files[::2], store=parts, search=False, nlp=nlp)
    second = kg.build(files[1::2], store=parts, search=False, nlp=nlp)
    kg.build(files, store=fresh, search=False, nlp=nlp)
    assert not [w for w in second.warnings if w.field == "keywords, O001"]
    for name in ("shared-targets", "shared-family-targets"):
        assert kg.query(name, store=parts).rows == kg.query(name, store=fresh).rows
    assert (_names_as_lists(kg.query("shared-family-targets", store=parts).rows)
            == _names_as_lists(kg.sparql(FAMILY_GROUP_BY, store=parts).rows))
    corpus_wide = [q for q in _quads(fresh) if "/graph/audit>" in q or "/graph/keywords>" in q]
    assert any("O001" in q for q in corpus_wide) and (any("keyword" in q for q in corpus_wide) or not nlp)
    assert _quads(parts) == _quads(fresh)


def test_adding_a_file_keeps_the_keywords_and_outliers_of_the_others(synthetic, tmp_path):
    """One file built again into a store of them all (the way an analyst adds or corrects a
    file): the corpus-wide graphs stay those of the whole store, not of that one file."""
    files = sorted(p for p in synthetic.iterdir() if p.suffix == ".txt")
    store = str(tmp_path / "s")
    kg.build(files, store=store, search=False)
    before = _quads(store)
    summary = kg.build(files[3:4], store=store, search=False)
    assert summary.documents == 1
    assert _quads(store) == before


def test_a_store_without_facts_says_what_adding_a_file_leaves_out(synthetic, tmp_path):
    files = sorted(p for p in synthetic.iterdir() if p.suffix == ".txt")
    store = tmp_path / "s"
    kg.build(files[:4], store=str(store), search=False)
    for facts in (tmp_path / "s.versions").glob("*.facts"):  # as a kg before the facts left it
        facts.unlink()
    summary = kg.build(files[4:5], store=str(store), search=False)
    assert [w.field for w in summary.warnings if "facts" in str(w)] == ["keywords, O001"]
    assert "build all the files again" in str(summary.warnings[-1])


def _quads(store: str) -> list[str]:
    return rdf_text(open_store(store, read_only=True), "nquads").splitlines()


def test_a_private_use_character_in_a_name_is_percent_encoded(tmp_path, corpus_bytes):
    """GB18030 text decodes some rare hanzi to private-use code points, which an IRI may not hold."""
    source = tmp_path / "t.txt"
    source.write_bytes(corpus_bytes.replace("履职提升".encode(), "履\ue000提升".encode()))
    summary = kg.build([source], store=str(tmp_path / "s"))
    assert (summary.projects, summary.errors) == (5, [])
    rows = kg.sparql("SELECT ?p WHERE { GRAPH ?g { ?p a kg:Project ; rdfs:label ?l FILTER (CONTAINS(?l, '\ue000')) } }",
                     store=str(tmp_path / "s")).rows
    assert rows == [("http://example.org/kg/id/project/340105/市委组织部履%EE%80%80提升项目经费",)]


def test_a_base_iri_that_is_not_an_iri_is_a_usage_error(tmp_path, corpus_bytes):
    source = tmp_path / "t.txt"
    source.write_bytes(corpus_bytes)
    with pytest.raises(kg.UsageError, match="not an absolute IRI"):
        kg.build([source], store=str(tmp_path / "s"), base_iri="no scheme here")


def test_the_analyses_agree_with_sparql_on_a_synthetic_corpus(synthetic, tmp_path):
    from kg.analyze import communities, project_view, shared

    store = str(tmp_path / "s")
    kg.build([synthetic], store=store, search=False)
    view = project_view(store)
    assert shared(view).rows == kg.query("shared-targets", store=store).rows
    family = {(r[0], r[1], r[2], frozenset(r[4].split(" | "))) for r in kg.query("shared-family-targets", store=store).rows}
    assert {(r[0], r[1], r[2], frozenset(r[4].split(" | "))) for r in shared(view, fuzzy=True).rows} == family
    assert sum(row[2] for row in communities(view).rows) == len(view.projects)


def _same_view(a, b) -> bool:
    return ((a.projects, a.project_labels, a.nodes, a.kinds, a.labels, a.metric_of, a.family_of, a.quantity_of)
            == (b.projects, b.project_labels, b.nodes, b.kinds, b.labels, b.metric_of, b.family_of, b.quantity_of)
            and a.matrix.shape == b.matrix.shape and (a.matrix != b.matrix).nnz == 0)


def test_the_view_a_build_saves_is_the_view_read_from_the_store(synthetic, tmp_path):
    from kg.analyze.view import load_view, read_view, view_path

    store = str(tmp_path / "s")
    kg.build([synthetic], store=store, search=False)
    saved = load_view(view_path(store))
    assert saved.matrix.nnz > 1000
    assert _same_view(saved, read_view(open_store(store, read_only=True)))


def test_a_build_in_two_parts_saves_the_same_view(synthetic, tmp_path):
    from kg.analyze.view import load_view, view_path

    files = sorted(p for p in synthetic.iterdir() if p.suffix == ".txt")
    parts, fresh = str(tmp_path / "parts"), str(tmp_path / "fresh")
    kg.build(files[1::2], store=parts, search=False)
    kg.build(files[::2], store=parts, search=False)
    kg.build(files, store=fresh, search=False)
    assert _same_view(load_view(view_path(parts)), load_view(view_path(fresh)))


def test_two_files_with_one_project_give_two_sets_of_indicators(tmp_path, corpus_bytes):
    # the same unit's tables printed twice, as a department and its unit both publish them
    for name in ("department/340105.txt", "unit/340105.txt"):
        (tmp_path / name).parent.mkdir()
        (tmp_path / name).write_bytes(corpus_bytes)
    store = str(tmp_path / "store")
    kg.build([tmp_path / "department", tmp_path / "unit"], store=store)
    rows = kg.sparql("""SELECT ?p (COUNT(DISTINCT ?i) AS ?n) (COUNT(DISTINCT ?t) AS ?targets) WHERE {
        GRAPH ?g { ?p a kg:ProjectYear ; rdfs:label "市委组织部履职提升项目经费" ; kg:hasIndicator ?i . ?i kg:target ?t } }
        GROUP BY ?p""", store=store).rows
    assert [(n, targets) for _, n, targets in rows] == [(2 * 7, 7)]  # one project, 7 rows from each file
    assert kg.validate(store=store).conforms


@pytest.mark.parametrize("kernel_copy", [True, False], ids=["copy_file_range", "read-write"])
def test_the_last_chunk_cut_into_parts_keeps_every_line(tmp_path, monkeypatch, kernel_copy):
    from kg.store import split_lines

    if not kernel_copy:  # another OS, or a file system without it: the parts are copied by reading
        def unsupported(*args, **kwargs):
            raise OSError("copy_file_range not supported")
        monkeypatch.setattr("os.copy_file_range", unsupported)

    text = "".join(f"<urn:s{n}> <urn:p> \"{'值' * (n % 7)}\" <urn:g> .\n" for n in range(1000))
    path = tmp_path / "chunk.nq"
    path.write_text(text, encoding="utf-8")
    parts = split_lines(str(path), 3)
    assert len(parts) == 3
    pieces = [Path(p).read_text(encoding="utf-8") for p in parts]
    assert "".join(pieces) == text  # in order, none lost, none twice
    assert all(piece.endswith(" .\n") for piece in pieces)  # cut at line ends


@pytest.mark.parametrize("last", ["side by side", "one after the other", "two at a time before a compaction"])
def test_a_store_loaded_in_many_chunks_and_parts_equals_one_load(synthetic, tmp_path, monkeypatch, last):
    """A build's loads: chunks in the background, the last one cut into parts: side by side when
    it is small, one after the other when it is large, smaller parts two at a time when the
    build compacts the store afterwards."""
    import pyoxigraph as ox

    import kg.store
    from kg.store import BulkLoader

    monkeypatch.setattr(kg.store, "MIN_PART_BYTES", 1000)  # cut this small store's last chunk too
    if last != "side by side":
        monkeypatch.setattr(kg.store, "SIDE_BY_SIDE_BYTES", 20_000)
        monkeypatch.setattr(kg.store, "PAIRED_PART_BYTES", 7_000)
    text = rdf_text(open_store(_built(synthetic, tmp_path), read_only=True), "nquads")
    one, many = open_store(None), open_store(None)
    one.bulk_load(text.encode("utf-8"), format=ox.RdfFormat.N_QUADS)
    with BulkLoader(many, chunk_bytes=len(text) // 5) as loader:
        loader.compacted_after = last == "two at a time before a compaction"
        for line in text.splitlines(keepends=True):
            loader.write(line)
    assert len(many) == len(one) > 10_000
    assert rdf_text(many, "nquads") == rdf_text(one, "nquads")


def test_what_is_written_after_hold_loads_at_the_end(synthetic, tmp_path):
    """The build's corpus-wide pass holds the loader: no chunk loads beside it, its text loads last."""
    import pyoxigraph as ox

    from kg.store import BulkLoader

    text = rdf_text(open_store(_built(synthetic, tmp_path), read_only=True), "nquads")
    lines = text.splitlines(keepends=True)
    one, many = open_store(None), open_store(None)
    one.bulk_load(text.encode("utf-8"), format=ox.RdfFormat.N_QUADS)
    with BulkLoader(many, chunk_bytes=len(text) // 8) as loader:
        for line in lines[:len(lines) // 2]:
            loader.write(line)
        loader.hold()
        loaded = len(many)
        assert 0 < loaded < len(one)  # the chunks handed over before are in
        for line in lines[len(lines) // 2:]:
            loader.write(line)  # four chunks' worth, none of it shipped
        assert len(many) == loaded
    assert rdf_text(many, "nquads") == rdf_text(one, "nquads")


def _built(corpus: Path, tmp_path: Path) -> str:
    store = str(tmp_path / "built")
    kg.build([corpus], store=store, search=False, nlp=False)
    return store


def test_a_compacted_store_holds_the_same_graph_and_answers(synthetic, tmp_path):
    plain, compacted = str(tmp_path / "plain"), str(tmp_path / "compacted")
    kg.build([synthetic], store=plain, search=False)
    kg.build([synthetic], store=compacted, search=False, compact=True)
    assert (rdf_text(open_store(compacted, read_only=True), "nquads")
            == rdf_text(open_store(plain, read_only=True), "nquads"))
    for name, params in (("metric-targets", {"metric": "服务党员教育"}), ("projects-by-entity", {"entity": "党员"})):
        assert kg.query(name, store=compacted, **params).rows == kg.query(name, store=plain, **params).rows


def test_a_build_that_loads_many_chunks_compacts_the_store_and_a_few_files_added_do_not(synthetic, tmp_path,
                                                                                      monkeypatch):
    """Left uncompacted, a store of several bulk loads answers 1.5-3x slower: a build that loads
    more than a chunk compacts it, unless told not to; a file added to a store is no reason to."""
    import importlib

    local = importlib.import_module("kg.build.local")
    store = str(tmp_path / "s")
    whole = kg.build([synthetic], store=store, search=False)
    assert not whole.compacted and whole.loaded_bytes > 100_000  # a few MB: under the 512 MB
    monkeypatch.setattr(local, "AUTO_COMPACT_BYTES", whole.loaded_bytes // 2)
    again = kg.build([synthetic], store=store, search=False)
    assert again.compacted
    one_file = kg.build([sorted(synthetic.glob("*.txt"))[0]], store=store, search=False)
    assert not one_file.compacted and 0 < one_file.loaded_bytes < whole.loaded_bytes // 2
    assert not kg.build([synthetic], store=store, search=False, compact=False).compacted
    assert kg.query("projects", store=store).total == whole.projects


def test_compacting_a_built_store_keeps_its_graph_side_files_and_answers(synthetic, tmp_path):
    """`kg compact` on a store a build left: a new version with the same quads, its project
    view, search index and facts carried over, the same answers; the old version gone."""
    import os

    from kg.search.index import search
    from kg.store.versions import side_path

    store = str(tmp_path / "s")
    kg.build([synthetic], store=store)
    before, version = _quads(store), os.path.realpath(store)
    answers = [kg.query(name, store=store, **params).rows for name, params in
               (("metric-targets", {"metric": "服务党员教育"}), ("budget-by-unit", {}))]
    hits = search("党员教育", store=store)
    result = CliRunner().invoke(cli, ["compact", "--store", store])
    assert result.exit_code == 0 and result.output.startswith(f"compacted {store}: ")
    assert os.path.realpath(store) != version and not os.path.exists(version)
    assert _quads(store) == before
    assert all(side_path(store, suffix).is_file() for suffix in (".view.npz", ".search.sqlite", ".facts"))
    assert [kg.query(name, store=store, **params).rows for name, params in
            (("metric-targets", {"metric": "服务党员教育"}), ("budget-by-unit", {}))] == answers
    assert hits and search("党员教育", store=store) == hits


def test_compacting_no_store_says_so(tmp_path):
    result = CliRunner().invoke(cli, ["compact", "--store", str(tmp_path / "none")])
    assert result.exit_code == 2
    assert f"no store at {tmp_path / 'none'}; run `kg build PATH --store" in result.output
    assert not (tmp_path / "none.versions").exists()


def test_a_build_in_memory_that_fails_leaves_nothing_in_the_temp_folder(synthetic, tmp_path, monkeypatch):
    """Its spool (the workers' quads, the chunks, the facts of the corpus-wide passes) is one
    temporary folder, removed when the build stops, however it stops."""
    import tempfile

    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    read: list[str] = []

    def stop_after_three(path: str) -> None:
        read.append(path)
        if len(read) == 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        kg.build([synthetic], store=None, search=False, jobs=1, progress=stop_after_three)
    assert len(read) == 3
    assert [p.name for p in temp.iterdir() if p.name != "jieba.cache"] == []
