"""A build into the embedded store: each document's graph replaced as it comes, then the
corpus-wide graphs, the stats graph, the project view and the search index."""

from __future__ import annotations

import ctypes
import gc
import threading
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

import pyoxigraph as ox

from kg.build.corpus import Corpus, evaluation_quads
from kg.build.evaluated import spooled_rows, store_rows
from kg.build.facts import FACTS_SUFFIX, read_facts
from kg.build.worker import DocumentResult
from kg.errors import ParseWarning
from kg.rdf import Minter
from kg.rdf.namespaces import EVALUATION_GRAPH, STATS_GRAPH
from kg.store import (CHUNK_BYTES, BulkLoader, add_quads, load_ontology, named_graph_iris, prune_terms, replace_graphs,
                      write_lines)
from kg.store.versions import side_path

if TYPE_CHECKING:
    from kg.build.run import BuildSummary

# A build that loads more than one chunk leaves the store in several bulk loads' overlapping files,
# which every query reads through until the store is compacted: at 100k projects (2.5 GB of
# N-Quads) the named queries took 1.5-3.4x as long on the fresh store (bench/results.md)
AUTO_COMPACT_BYTES = CHUNK_BYTES


def build_local(oxi: ox.Store, store: str | Path | None, results: Iterable[DocumentResult], base_iri: str,
                nlp: bool, search: bool, jobs: int, summary: "BuildSummary", progress,
                kept_facts: Path | None = None, spool: str | None = None, compact: bool | None = False) -> None:
    """Load each document's graph as it comes (replacing the old one), then the corpus-wide
    graphs, then the stats; the search index and the documents' facts (kg.build.facts) are
    written alongside. ``kept_facts``: the facts side file of the store's current version, for
    the documents this build does not read; ``spool``: the build's spool folder, where the chunks
    wait for the loader. ``compact`` (None: when the build loaded more than
    :data:`AUTO_COMPACT_BYTES`) compacts the store once the documents are in, while the stats,
    the kept answers and the view are written beside it."""
    from kg.analyze.view import read_view, view_from_links
    from kg.build.search_index import SearchIndexWriter
    from kg.build.stats import (add_finding_counts, add_finding_rows, entity_projects_from_links, family_stats,
                                 kept_answers, query_stats, stats_from, stats_quads, store_select)
    from kg.build.view_file import save_view

    load_ontology(oxi)
    corpus = Corpus(Minter(base_iri), side_path(store, FACTS_SUFFIX) if store is not None else None, spool)
    index = SearchIndexWriter(store) if store is not None and search else None
    existing = set(named_graph_iris(oxi))
    replaced = False
    # lenient: every IRI here was minted valid (kg.rdf.iris) and every literal escaped, so
    # the loader need not check them again
    with BulkLoader(oxi, lenient=True, spool_dir=spool) as loader:
        for result in results:
            if not add_to_summary(result, summary, progress):
                continue
            graph = corpus.minter.document(result.path)
            if graph in existing:
                oxi.remove_graph(ox.NamedNode(graph))
                existing.discard(graph)  # left: graphs of documents this build did not read
                replaced = True
            loader.write_file(result.quads_path)
            loader.write(corpus.add(result))
            if index is not None:
                index.add(corpus.new_rows(result.search_rows))
        # With no other documents in the store, what this build read is the whole store.
        whole_store = not any(is_document(graph, corpus.minter) for graph in existing)
        if not whole_store and not keep_facts(corpus, kept_facts, existing):
            summary.warnings.append(ParseWarning(
                "the store was built by a kg that kept no facts of its documents: keywords and O001 "
                "outliers now describe the files of this build only; build all the files again to "
                "have them over the whole store", path=str(kept_facts or store), field="keywords, O001"))
        # Corpus-wide results compare projects with each other, over every document of the store
        # (what the build did not read, from the facts kept). Their pass takes 0.6 GB for a few
        # seconds at 100k projects; beside a chunk's load (1 GB) it made the build's peak
        # (3.0-3.2 GB against 2.5 GB), so no load runs beside it: what it writes loads at the end.
        loader.hold()
        for graph, texts in corpus.graphs(nlp):
            oxi.remove_graph(ox.NamedNode(graph))
            for text in texts:
                loader.write(text)
        corpus.facts.discard()
        if whole_store:
            # the self-evaluation pass's findings are counted into the stats after the load
            figures = corpus.query_figures()
            add_finding_counts(figures, corpus.outlier_rows)
            oxi.remove_graph(ox.NamedNode(STATS_GRAPH))
            write_lines(loader, stats_from(corpus.links.projects_by_target(), corpus.project_names))
            links, project_names = corpus.links, corpus.project_names
            # the rows of the self-evaluation pass, as the workers wrote them (kg.build.evaluated)
            evaluated_rows, evaluated = spooled_rows(corpus.row_files), corpus.self_evaluated
        del corpus  # its facts are spent: free them before the bulk load needs the memory
        return_freed_memory()
        if index is not None:
            index.close_in_background()
        summary.loaded_bytes = loader.written  # what is left is written: __exit__ loads it
        summary.compacted = store is not None and (
            bool(compact) or (compact is None and summary.loaded_bytes > AUTO_COMPACT_BYTES))
        loader.compacted_after = summary.compacted
    if replaced:
        prune_terms(oxi)
    compaction = Compaction(oxi) if summary.compacted else None
    try:
        # self-evaluations matched to their target tables over the whole store (see evaluation_quads)
        if not whole_store:  # what other builds loaded is read from the store
            evaluated_rows, evaluated = store_rows(oxi), None
        minter = Minter(base_iri)
        evaluations, summary.unmatched_evaluations, findings, pass_listings = evaluation_quads(
            store_select(oxi), minter, evaluated_rows, evaluated)
        replace_graphs(oxi, [(EVALUATION_GRAPH, evaluations)])
        if whole_store:  # family targets group targets by what the terms graph, loaded now, says of them
            add_finding_rows(figures, findings, minter)
            figures.listings.update(pass_listings)  # achievement, soft-targets
            # entities → project-years and targets → projects counted now rather than held through
            # the load's memory peak (0.1 s at 100k)
            figures.projects_by_entity = entity_projects_from_links(links)
            add_quads(oxi, chain(family_stats(store_select(oxi), links.projects_by_target(), project_names),
                                 query_stats(figures)))
        else:
            replace_graphs(oxi, [(STATS_GRAPH, stats_quads(store_select(oxi), pass_listings))])
        add_quads(oxi, kept_answers(oxi))  # they read the stats graph
        if store is not None:  # what kg analyze reads: from this build's facts, or the whole store
            view = (view_from_links(oxi, {p: min(n) for p, n in project_names.items()}, links) if whole_store
                    else read_view(oxi))
            save_view(view, store)
    finally:
        if compaction is not None:  # also when a pass failed: the store must be let go whole
            compaction.wait()
    if compaction is not None:
        compaction.check()
    oxi.flush()
    summary.quads = len(oxi)
    if index is not None:
        summary.search_documents = index.close()


class Compaction:
    """Oxigraph's optimize in a thread of its own: it releases the GIL and keeps one core busy
    (14-26 s at 100k projects) while the build's last passes write the stats, the kept answers
    and the view beside it. RocksDB compacts under writes; what is written meanwhile is small."""

    def __init__(self, store: ox.Store):
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(store,), name="kg-compact", daemon=True)
        self._thread.start()

    def _run(self, store: ox.Store) -> None:
        try:
            store.optimize()
        except BaseException as exc:  # raised in the build's thread by check
            self._error = exc

    def wait(self) -> None:
        self._thread.join()

    def check(self) -> None:
        """Raise what the compaction raised, once it is done."""
        if self._error is not None:
            raise self._error


def return_freed_memory() -> None:
    """Give the memory Python has freed back to the system before the last bulk load. glibc keeps
    freed blocks for later; at 100k projects the corpus-wide passes leave 0.8 GB so, which the
    last load then grew past (the build's peak: 1.8 GB held + the load, against 1.0 GB after)."""
    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: nothing to trim, or no such call
        pass


def keep_facts(corpus: Corpus, kept: Path | None, graphs: set[str]) -> bool:
    """Add to the corpus (and so to the new side file) the facts of the store's documents this
    build did not read (``graphs``: the document graphs left as they were); False when the store
    kept none (built by a kg before the facts, or in memory)."""
    if kept is None or not kept.is_file():
        return False
    for path, packed in read_facts(kept):
        if corpus.minter.document(path) in graphs:
            corpus.keep_facts(path, packed)
    return True


def is_document(graph: str, minter: Minter) -> bool:
    return graph.startswith(minter.document(""))


def add_to_summary(result: DocumentResult, summary: "BuildSummary", progress) -> bool:
    """Add one file's counts and errors to the summary; False if it could not be read."""
    summary.errors.extend(result.errors)
    summary.warnings.extend(result.warnings)
    if progress is not None:
        progress(result.path)
    if not result.readable:
        return False
    summary.documents += 1
    summary.projects += result.projects
    summary.indicators += result.indicators
    return True

