"""The only code that chains the stages: read → parse → normalise → rdf → store.

A malformed table becomes a TableError in the stream; the run goes on.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import tempfile
from collections import defaultdict, deque
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Iterator

import pyoxigraph as ox

from kg.errors import InputError, KgError, ParseWarning, TableError
from kg.normalise import normalise
from kg.normalise.project import YEAR_FIELD
from kg.rdf import AUDIT_GRAPH, DEFAULT_BASE_IRI, Minter, category_index, document_quads, finding_quads
from kg.rdf.namespaces import NLP_GRAPH, ONTOLOGY_GRAPH, STATS_GRAPH, TERMS_GRAPH
from kg.rdf.triples import keyword_quads
from kg.resources import ontology_file
from kg.store import (DEFAULT_STORE, ONTOLOGY_FILES, BulkLoader, add_quads, load_ontology, named_graph_iris,
                      open_store, prune_terms, replace_graphs)
from kg.store.versions import staged_version
from kg.store.remote import (graph_store_url, nquads_to_ntriples, post_graph, put_graph, remote_query,
                             remote_select, result_from_json)
from kg.parse import RawTable, parse_rows, parse_tables
from kg.read import read_lines, walk_inputs
from kg.read.text import display_path
from kg.read.documents import TABLE_SUFFIXES, read_rows
from kg.read.limits import DEFAULT_LIMITS, ReadLimits
from kg.records import Project

if TYPE_CHECKING:  # the NLP, audit, analysis and search stages load when a build needs them
    from kg.audit import Finding
    from kg.audit.rules import PeerValue
    from kg.nlp.entities import MentionFinder


@dataclass
class Document:
    """What one input file gave: its projects and the errors of its rejected tables."""

    path: str
    projects: list[Project] = field(default_factory=list)
    errors: list[KgError] = field(default_factory=list)
    readable: bool = True
    warnings: list[ParseWarning] = field(default_factory=list)


@dataclass
class BuildSummary:
    """What ``kg build`` did."""

    store: str
    documents: int = 0
    projects: int = 0
    indicators: int = 0
    quads: int = 0
    search_documents: int = 0
    errors: list[KgError] = field(default_factory=list)
    warnings: list[ParseWarning] = field(default_factory=list)


IN_FLIGHT_PER_JOB = 8
# Starting a worker (spaCy, jieba) costs ~2 s: measured on 2 cores, one process builds 2,000
# synthetic projects (2.3 MB) in 6.7 s and two in 7.3 s, 5,000 (5.7 MB) in 11.0 s and 10.9 s,
# 10,000 (12 MB) in 23.3 s and 18.9 s. Workers start to pay from about 6 MB of input.
AUTO_PARALLEL_BYTES = 6 * 2**20
WORKER_NICENESS = 10
REMOTE_BATCH_CHARS = 32 * 2**20  # terms POSTed to a remote store per request


@dataclass
class DocumentResult:
    """What a worker hands back for one file: counts, errors, its graph as N-Quads text, the
    shared nodes it describes, and the small per-project facts the corpus-wide passes need
    (so the records themselves never cross a process boundary or stay in memory)."""

    path: str
    readable: bool
    errors: list[KgError]
    warnings: list[ParseWarning] = field(default_factory=list)
    projects: int = 0
    indicators: int = 0
    quads_path: str | None = None  # the document graph's N-Quads, written by the worker
    terms: dict[str, str] = field(default_factory=dict)
    peers: list[PeerValue] = field(default_factory=list)
    term_counts: list[tuple[str, dict[str, int]]] = field(default_factory=list)
    search_rows: list[tuple[str, str, str, str]] = field(default_factory=list)
    # per project: IRI, name, its targets and the entities it mentions (for the stats and kg analyze)
    links: list[tuple[str, str, tuple[str, ...], tuple[str, ...]]] = field(default_factory=list)


def extract_documents(paths: Iterable[str | Path] | str | Path, *, encoding: str | None = None,
                      limits: ReadLimits = DEFAULT_LIMITS, year: int | None = None) -> Iterator[Document]:
    """One :class:`Document` per input file, in the order the files are walked; a file over
    one of ``limits`` is an unreadable document with a :class:`~kg.errors.LimitError`.
    ``year`` is the fiscal year of the tables that name none."""
    if isinstance(paths, (str, Path)):
        paths = [paths]
    for path in walk_inputs(paths):
        document = Document(display_path(path))
        try:
            if path.suffix.lower() in TABLE_SUFFIXES:
                items = extract_rows(read_rows(path, encoding=encoding, limits=limits), document.path, year=year)
            else:
                items = extract_lines(read_lines(path, encoding=encoding, limits=limits), document.path, year=year)
        except InputError as error:
            document.errors.append(error)
            document.readable = False
            yield document
            continue
        for item in items:
            if isinstance(item, Project):
                document.projects.append(item)
                document.warnings.extend(project_warnings(item))
            elif isinstance(item, ParseWarning):
                document.warnings.append(item)
            else:
                document.errors.append(item)
        document.warnings = once_per_file(document.warnings)
        yield document


def once_per_file(warnings: list[ParseWarning]) -> list[ParseWarning]:
    """A file that names no fiscal year says so once, at its first table, not once per table."""
    years = [w for w in warnings if w.field == YEAR_FIELD]
    if len(years) <= 1:
        return warnings
    first = years[0]
    said = ParseWarning(f"{first.reason}; the same for all {len(years)} tables of this file",
                        path=first.path, line=first.line, field=first.field)
    return [said if w is first else w for w in warnings if w.field != YEAR_FIELD or w is first]


def project_warnings(project: Project) -> list[ParseWarning]:
    """What was lost or guessed in one project's table, as located warnings in line order."""
    path = project.source.path
    problems = list(project.warnings) + [w for i in project.indicators for w in i.warnings]
    return [ParseWarning(p.reason, path=path, line=p.line, field=p.field)
            for p in sorted(problems, key=lambda p: p.line)]


def build(paths: Iterable[str | Path] | str | Path, *, store: str | Path | None = DEFAULT_STORE,
          base_iri: str = DEFAULT_BASE_IRI, encoding: str | None = None, nlp: bool = True,
          search: bool = True, endpoint: str | None = None, graph_store: str | None = None,
          jobs: int = 0, progress: Callable[[str], None] | None = None,
          limits: ReadLimits = DEFAULT_LIMITS, year: int | None = None) -> BuildSummary:
    """Extract ``paths`` and load them into the store, one named graph per document.

    With ``nlp`` (the default) entities, metric families and keywords are added; with
    ``search`` the embedded search index beside the store is rebuilt from it. With
    ``endpoint`` the graphs go to a remote store instead (Graph Store Protocol PUT). ``jobs``
    worker processes read and map the files (0: one per core for 6 MB of input or more); the
    result is the same as with one. ``progress``
    is called with each file's path once it is read. A file over one of ``limits`` is reported
    and left out. ``year`` is the fiscal year of the tables that name none.

    A document that was read replaces its graph (rejected tables leave it); an
    unreadable file leaves the store as it was. ``store=None`` builds in memory.
    """
    paths = [paths] if isinstance(paths, (str, Path)) else list(paths)
    if not any(Path(p).exists() for p in paths):
        # Nothing to read: say so before a store is created or touched.
        raise InputError("no such file or folder: " + ", ".join(str(p) for p in paths))
    summary = BuildSummary(store=endpoint or (str(store) if store is not None else ":memory:"))
    if endpoint or store is None:
        with tempfile.TemporaryDirectory(prefix="kg-build-") as spool:
            results = _document_results(walk_inputs(paths), encoding, base_iri, nlp, search, jobs, spool, limits,
                                        year)
            if endpoint:
                _build_remote(endpoint, graph_store_url(endpoint, graph_store), results, base_iri, nlp, summary,
                              progress)
            else:
                _build_local(open_store(None), None, results, base_iri, nlp, search, jobs, summary, progress)
        return summary
    # all or nothing: the build writes a new version and the store switches to it at the end; its
    # spool sits beside the version, so what a killed build leaves is removed by the next one
    with staged_version(store, keep_side_files=() if search else (".search.sqlite",)) as stage, \
            tempfile.TemporaryDirectory(prefix=f"{stage.name}.spool-", dir=stage.parent) as spool:
        results = _document_results(walk_inputs(paths), encoding, base_iri, nlp, search, jobs, spool, limits,
                                    year)
        _build_local(open_store(stage), stage, results, base_iri, nlp, search, jobs, summary, progress)
        gc.collect()  # let go of the new version's store before the switch
    return summary


def _build_local(oxi: ox.Store, store: str | Path | None, results: Iterable[DocumentResult], base_iri: str,
                 nlp: bool, search: bool, jobs: int, summary: BuildSummary, progress) -> None:
    """Load each document's graph as it comes (replacing the old one), then the corpus-wide
    graphs, then the stats; the search index is written alongside."""
    from kg.analyze.view import read_view, save_view, view_from_links
    from kg.query.stats import family_stats, stats_from, stats_quads, store_select
    from kg.search.index import SearchIndexWriter

    load_ontology(oxi)
    corpus = _Corpus(Minter(base_iri))
    index = SearchIndexWriter(store) if store is not None and search else None
    existing = set(named_graph_iris(oxi))
    replaced = False
    # lenient: every IRI here was minted valid (kg.rdf.iris) and every literal escaped, so
    # the loader need not check them again
    with BulkLoader(oxi, lenient=True) as loader:
        for result in results:
            if not _count(result, summary, progress):
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
        # Corpus-wide results compare projects with each other, so they are the last build's;
        # they load while the last documents still do.
        for graph, lines in corpus.graphs(nlp):
            oxi.remove_graph(ox.NamedNode(graph))
            loader.write("".join(lines))
        # With no other documents in the store, what this build read is the whole store.
        whole_store = not any(_is_document(graph, corpus.minter) for graph in existing)
        if whole_store:
            oxi.remove_graph(ox.NamedNode(STATS_GRAPH))
            loader.write("".join(stats_from(corpus.links.projects_by_target(), corpus.project_names)))
            links, project_names = corpus.links, corpus.project_names
        del corpus  # its facts are spent: free them before the bulk load needs the memory
        if index is not None:
            index.close_in_background()
    if replaced:
        prune_terms(oxi)
    if whole_store:  # family targets group targets by what the terms graph, loaded now, says of them
        # targets → projects again (0.1 s at 100k) rather than held through the load's memory peak
        add_quads(oxi, family_stats(store_select(oxi), links.projects_by_target(), project_names))
    else:
        replace_graphs(oxi, [(STATS_GRAPH, stats_quads(store_select(oxi)))])
    if store is not None:  # what kg analyze reads: from this build's facts, or the whole store
        view = (view_from_links(oxi, {p: min(n) for p, n in project_names.items()}, links) if whole_store
                else read_view(oxi))
        save_view(view, store)
    oxi.flush()
    summary.quads = len(oxi)
    if index is not None:
        summary.search_documents = index.close()


def _is_document(graph: str, minter: Minter) -> bool:
    return graph.startswith(minter.document(""))


def _count(result: DocumentResult, summary: BuildSummary, progress) -> bool:
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


class _Corpus:
    """What one build keeps across documents: the shared nodes written so far, and the
    facts for the corpus-wide passes (O001 outliers, keywords)."""

    def __init__(self, minter: Minter):
        self.minter = minter
        self.described: set[str] = set()
        self.peers: list[PeerValue] = []
        self.term_counts: dict[str, dict[str, int]] = {}
        self.indexed: set[str] = set()
        self.project_names: dict[str, set[str]] = defaultdict(set)
        from kg.analyze.view import Links

        self.links = Links()
        self._words: dict[str, str] = {}

    def add(self, result: DocumentResult) -> str:
        """Keep the document's facts; return the shared nodes it describes first."""
        self.peers.extend(result.peers)
        for project, name, targets, entities in result.links:
            self.project_names[project].add(name)
            self.links.add(project, targets, entities)
        for project, counts in result.term_counts:
            # the same project in two files is one node: its last file's words count
            self.term_counts.pop(project, None)
            self.term_counts[project] = {self._words.setdefault(w, w): n for w, n in counts.items()}
        new = [node for node in result.terms if node not in self.described]
        self.described.update(new)
        return "".join(result.terms[node] for node in new)

    def new_rows(self, rows):
        """Search rows of projects not indexed yet (a project in two files is indexed once)."""
        fresh = [row for row in rows if row[4] not in self.indexed]
        self.indexed.update(row[4] for row in fresh if row[1] == "project")
        return fresh

    def graphs(self, nlp: bool) -> list[tuple[str, list[str]]]:
        from kg.audit.rules import outliers
        from kg.nlp.keywords import top_keywords

        out = [(AUDIT_GRAPH, finding_quads(outliers(self.peers), self.minter, AUDIT_GRAPH))]
        if nlp:
            iris = list(self.term_counts)
            words = top_keywords([self.term_counts[i] for i in iris])
            out.append((NLP_GRAPH, keyword_quads({iri: words[n] for n, iri in enumerate(iris)}, NLP_GRAPH)))
        else:
            out.append((NLP_GRAPH, []))
        return out


def audit_paths(paths: Iterable[str | Path] | str | Path, *,
                encoding: str | None = None) -> tuple[list[Finding], list[KgError]]:
    """Extract ``paths`` and run every audit rule; also return the tables that were rejected."""
    from kg.audit import audit

    projects: list[Project] = []
    errors: list[KgError] = []
    for document in extract_documents(paths, encoding=encoding):
        projects.extend(document.projects)
        errors.extend(document.errors)
    return audit(projects), errors


def _document_results(paths: Iterable[Path], encoding: str | None, base_iri: str, nlp: bool, search: bool,
                      jobs: int, spool: str, limits: ReadLimits = DEFAULT_LIMITS,
                      year: int | None = None) -> Iterator[DocumentResult]:
    """Each file read and mapped, in input order, by ``jobs`` processes."""
    tasks = [(str(path), encoding, base_iri, nlp, search, os.path.join(spool, f"{n:06d}.nq"), limits, year)
             for n, path in enumerate(paths)]
    if jobs == 0:  # automatic: starting a worker (spaCy, jieba) costs ~2 s, worth it for many files
        size = sum(_size(task[0]) for task in tasks)
        jobs = (os.cpu_count() or 1) if size >= AUTO_PARALLEL_BYTES else 1
    if jobs <= 1 or len(tasks) <= 1:
        yield from map(_document_task, tasks)
        return
    # spawn, not fork: each worker starts clean and loads the dictionary once (works on every OS)
    context = multiprocessing.get_context("spawn")
    # The workers yield the CPU to the store's loader: a load left for the end runs alone on
    # cores the finished workers leave idle.
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_lower_priority,
                             initargs=(os.getpid(),)) as pool:
        # a bounded window of files in flight: results wait in memory only while the store
        # catches up, never the whole corpus's
        window: deque = deque()
        for task in tasks:
            window.append(pool.submit(_document_task, task))
            if len(window) >= jobs * IN_FLIGHT_PER_JOB:
                yield window.popleft().result()
        while window:
            yield window.popleft().result()


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


def _document_task(task: tuple[str, str | None, str, bool, bool, str, ReadLimits, int | None]) -> DocumentResult:
    """One file, read and mapped: everything the build needs of it, nothing it does not. Its
    quads go to a file in the build's spool folder (``output``), not through the pipe."""
    from kg.audit import project_findings
    from kg.audit.rules import peer_values
    from kg.nlp.families import family_key
    from kg.nlp.keywords import term_counts
    from kg.search.documents import index_rows

    path, encoding, base_iri, nlp, search, output, limits, year = task
    document = next(extract_documents([path], encoding=encoding, limits=limits, year=year))
    result = DocumentResult(document.path, document.readable, document.errors, document.warnings)
    if not document.readable:
        return result
    projects = document.projects
    minter = Minter(base_iri)
    findings = [f for p in projects for f in project_findings(p)]
    mentions = [m for p in projects for m in _finder().mentions(p)] if nlp else []
    quads = document_quads(document.path, projects, minter, category_index(), findings=findings,
                           mentions=mentions, family_of=family_key if nlp else None)
    result.projects = len(projects)
    result.indicators = sum(len(p.indicators) for p in projects)
    with open(output, "w", encoding="utf-8") as out:
        out.write(quads.text())
    result.quads_path = output
    result.terms = {node: "".join(lines) for node, lines in quads.terms.items() if _first_time(output, node)}
    result.peers = [v for p in projects for v in peer_values(p)]
    entities: dict[str, list[str]] = defaultdict(list)
    for m in mentions:
        entities[minter.project_year_of(m.unit_code, m.unit_name, m.project, m.year)].append(
            minter.entity(m.label, m.name))
    result.links = [(iri, p.project, tuple(minter.target(i.name, i.target) for i in p.indicators),
                     tuple(dict.fromkeys(entities.get(iri, ()))))
                    for p in projects for iri in [minter.project_year(p)]]
    if nlp:
        result.term_counts = [(minter.project_year(p), term_counts(p)) for p in projects]
    if search:
        result.search_rows = [row for p in projects for row in index_rows(p, minter.project_year(p), minter)]
    return result


def _lower_priority(parent: int) -> None:
    """A worker's start: a lower priority than the loader's, and an end with its parent."""
    try:
        os.nice(WORKER_NICENESS)
    except (AttributeError, OSError):  # not POSIX, or not allowed: run at the usual priority
        pass
    _die_with_parent(parent)


def _die_with_parent(parent: int) -> None:
    """A build killed with SIGKILL cannot stop its workers: ask Linux to stop them when their
    parent ends (PR_SET_PDEATHSIG), and elsewhere watch the parent from a thread."""
    import signal
    import threading

    try:
        import ctypes

        if ctypes.CDLL(None).prctl(1, signal.SIGTERM) == 0:  # 1 = PR_SET_PDEATHSIG
            if os.getppid() != parent:  # the build died while this worker was starting
                os._exit(1)
            return
    except (OSError, AttributeError):
        pass

    def watch() -> None:
        while os.getppid() == parent:
            threading.Event().wait(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="kg-parent-watch", daemon=True).start()


_described: tuple[str, set[str]] = ("", set())


def _first_time(output: str, node: str) -> bool:
    """Whether this process has not yet handed back ``node``'s description in this build.

    A process takes its files in input order, so the copy it skips comes after one it sent,
    and the build, which keeps the first description in input order, gets the same text;
    the shared nodes no longer cross the pipe once per file (750 MB at 100k projects)."""
    global _described
    build = os.path.dirname(output)  # the spool folder: one per build
    if _described[0] != build:
        _described = (build, set())
    if node in _described[1]:
        return False
    _described[1].add(node)
    return True


@lru_cache(maxsize=1)
def _finder() -> MentionFinder:
    """One mention finder per process: its cache of texts is what makes the NLP stage cheap."""
    from kg.nlp.entities import MentionFinder
    from kg.nlp.pipeline import default_nlp

    return MentionFinder(default_nlp())


def _build_remote(endpoint: str, store_url: str, results: Iterable[DocumentResult], base_iri: str, nlp: bool,
                  summary: BuildSummary, progress) -> None:
    """PUT the ontology and each document's graph to the remote store, add the new shared
    nodes to its terms graph (POST merges), then the corpus-wide graphs; count its quads."""
    from kg.query.stats import stats_quads

    ontology = "".join(ontology_file(name).read_text(encoding="utf-8") + "\n" for name in ONTOLOGY_FILES)
    put_graph(store_url, ONTOLOGY_GRAPH, ontology, "text/turtle")
    corpus = _Corpus(Minter(base_iri))
    terms: list[str] = []
    for result in results:
        if not _count(result, summary, progress):
            continue
        graph = corpus.minter.document(result.path)
        with open(result.quads_path, encoding="utf-8") as quads:
            put_graph(store_url, graph, nquads_to_ntriples(quads.readlines(), graph))
        terms.append(corpus.add(result))
        if sum(map(len, terms)) >= REMOTE_BATCH_CHARS:
            post_graph(store_url, TERMS_GRAPH, nquads_to_ntriples("".join(terms).splitlines(keepends=True), TERMS_GRAPH))
            terms = []
    if terms:
        post_graph(store_url, TERMS_GRAPH, nquads_to_ntriples("".join(terms).splitlines(keepends=True), TERMS_GRAPH))
    for graph, lines in [*corpus.graphs(nlp), (STATS_GRAPH, stats_quads(remote_select(endpoint)))]:
        put_graph(store_url, graph, nquads_to_ntriples(lines, graph))
    count = result_from_json(remote_query(endpoint, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"))
    summary.quads = count.rows[0][0]


def find_mentions(paths: Iterable[str | Path] | str | Path, *,
                  encoding: str | None = None) -> tuple[list, list[KgError]]:
    """Extract ``paths`` and find the entity mentions in every project's text."""
    finder = _finder()
    mentions: list = []
    errors: list[KgError] = []
    for document in extract_documents(paths, encoding=encoding):
        errors.extend(document.errors)
        for project in document.projects:
            mentions.extend(finder.mentions(project))
    return mentions, errors


def extract(paths: Iterable[str | Path] | str | Path, *, encoding: str | None = None,
            limits: ReadLimits = DEFAULT_LIMITS, year: int | None = None) -> Iterator[Project | KgError]:
    """Yield every project in ``paths`` (files or folders), and an error for each table
    or file that could not be read (a file over one of ``limits`` among them). Errors are
    yielded, never raised, so one bad table never stops the run; a usage error (an unknown
    encoding) is raised. ``year`` is the fiscal year of the tables that name none.
    """
    for document in extract_documents(paths, encoding=encoding, limits=limits, year=year):
        yield from document.projects
        yield from document.errors
        yield from document.warnings


def extract_rows(rows, path: str | None = None, *, year: int | None = None) -> list[Project | KgError]:
    """Parse and normalise the tables of a table document; sources name their table and row
    (``path`` names a file with no rows)."""
    parts = {row.line: row.part for row in rows}
    where = lambda span: replace(span, part=parts.get(span.line))  # noqa: E731
    out: list[Project | KgError] = []
    for item in _extract(parse_rows(rows), rows[0].path if rows else (path or ""), bool(rows), year):
        if isinstance(item, Project):
            item = replace(item, source=where(item.source),
                           indicators=tuple(replace(i, source=where(i.source)) for i in item.indicators))
        elif item.line in parts:
            item.reason = f"{item.reason} ({parts[item.line]})"
        out.append(item)
    return out


def extract_lines(lines, path: str | None = None, *, year: int | None = None) -> Iterator[Project | KgError]:
    """Parse and normalise the tables of one file's lines (``path`` names an empty file)."""
    yield from _extract(parse_tables(lines), lines[0].path if lines else (path or ""), bool(lines), year)


def _extract(tables, path: str, nonempty: bool, year: int | None = None) -> Iterator[Project | KgError]:
    seq = 0
    found = False
    for item in tables:
        if isinstance(item, ParseWarning):  # a lost row of a table that was rejected as a whole
            yield item
            continue
        found = True
        seq += 1  # rejected tables keep their place, so seq is the table's position
        if isinstance(item, TableError):
            yield item
            continue
        assert isinstance(item, RawTable)
        try:
            yield normalise(item, seq=seq, year=year)
        except TableError as error:
            yield error
    if not found and nonempty:
        yield InputError("no 绩效目标表 found (looked for a title ending in 绩效目标表, "
                         "a 项目名称 cell and an indicator header 一级指标 / 二级指标 / 三级指标 / 指标值)",
                         path=path, line=1)
    elif not found:
        yield InputError("the file is empty: no table in it", path=path)
