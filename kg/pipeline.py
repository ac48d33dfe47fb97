"""The only code that chains the stages: read → parse → normalise → rdf → store.

A malformed table becomes a TableError in the stream; the run goes on.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, Iterator

from kg.errors import InputError, KgError, TableError
from kg.nlp.entities import MentionFinder
from kg.nlp.families import family_key
from kg.nlp.keywords import keywords
from kg.nlp.pipeline import default_nlp
from kg.normalise import normalise
from kg.audit import Finding, audit, outlier_findings, project_findings
from kg.rdf import AUDIT_GRAPH, DEFAULT_BASE_IRI, Minter, category_index, document_quads, finding_quads
from kg.rdf.namespaces import NLP_GRAPH
from kg.rdf.triples import keyword_quads, language_quads
from kg.search.documents import documents_from_records
from kg.search.index import rebuild_index
from kg.rdf.namespaces import ONTOLOGY_GRAPH
from kg.resources import ontology_file
from kg.store import DEFAULT_STORE, ONTOLOGY_FILES, load_ontology, open_store, replace_graphs
from kg.store.remote import graph_store_url, nquads_to_ntriples, put_graph, remote_query, result_from_json
from kg.parse import RawTable, parse_rows, parse_tables
from kg.read import read_lines, walk_inputs
from kg.read.documents import TABLE_SUFFIXES, read_rows
from kg.records import Project


@dataclass
class Document:
    """What one input file gave: its projects and the errors of its rejected tables."""

    path: str
    projects: list[Project] = field(default_factory=list)
    errors: list[KgError] = field(default_factory=list)
    readable: bool = True


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


def extract_documents(paths: Iterable[str | Path] | str | Path, *,
                      encoding: str | None = None) -> Iterator[Document]:
    """One :class:`Document` per input file, in the order the files are walked."""
    if isinstance(paths, (str, Path)):
        paths = [paths]
    for path in walk_inputs(paths):
        document = Document(str(path))
        try:
            if path.suffix.lower() in TABLE_SUFFIXES:
                items = extract_rows(read_rows(path, encoding=encoding))
            else:
                items = extract_lines(read_lines(path, encoding=encoding))
        except InputError as error:
            document.errors.append(error)
            document.readable = False
            yield document
            continue
        for item in items:
            (document.projects if isinstance(item, Project) else document.errors).append(item)
        yield document


def build(paths: Iterable[str | Path] | str | Path, *, store: str | Path | None = DEFAULT_STORE,
          base_iri: str = DEFAULT_BASE_IRI, encoding: str | None = None, nlp: bool = True,
          search: bool = True, endpoint: str | None = None, graph_store: str | None = None,
          jobs: int = 1, progress: Callable[[str], None] | None = None) -> BuildSummary:
    """Extract ``paths`` and load them into the store, one named graph per document.

    With ``nlp`` (the default) entities, metric families and keywords are added; with
    ``search`` the embedded search index beside the store is rebuilt from it. With
    ``endpoint`` the graphs go to a remote store instead (Graph Store Protocol PUT). ``jobs``
    worker processes read and map the files; the result is the same as with one. ``progress``
    is called with each file's path once it is read.

    A document that was read replaces its graph (rejected tables leave it); an
    unreadable file leaves the store as it was. ``store=None`` builds in memory.
    """
    paths = [paths] if isinstance(paths, (str, Path)) else list(paths)
    if not any(Path(p).exists() for p in paths):
        # Nothing to read: say so before a store is created or touched.
        raise InputError("no such file or folder: " + ", ".join(str(p) for p in paths))
    minter = Minter(base_iri)
    summary = BuildSummary(store=endpoint or (str(store) if store is not None else ":memory:"))
    oxi = None if endpoint else open_store(store)

    built: list[Project] = []
    mentions: list = []
    keywords_by_project: dict[str, tuple[str, ...]] = {}

    def graphs() -> Iterator[tuple[str, list[str]]]:
        for document, quads, found in _documents_with_quads(walk_inputs(paths), encoding, base_iri, nlp, jobs):
            summary.errors.extend(document.errors)
            if progress is not None:
                progress(document.path)
            if not document.readable:
                continue
            summary.documents += 1
            summary.projects += len(document.projects)
            summary.indicators += sum(len(p.indicators) for p in document.projects)
            yield minter.document(document.path), quads
            built.extend(document.projects)
            mentions.extend(found)
        # Corpus-wide results compare projects with each other, so they are the last build's.
        yield AUDIT_GRAPH, finding_quads(outlier_findings(built), minter, AUDIT_GRAPH)
        words = keywords(built) if nlp else {}
        keywords_by_project.update((minter.project(p), words[i]) for i, p in enumerate(built) if i in words)
        yield NLP_GRAPH, keyword_quads(keywords_by_project, NLP_GRAPH)

    if endpoint:
        _build_remote(endpoint, graph_store_url(endpoint, graph_store), graphs(), summary)
        return summary
    load_ontology(oxi)
    replace_graphs(oxi, graphs())
    oxi.flush()
    summary.quads = len(oxi)
    if store is not None and search:
        docs = documents_from_records(built, mentions, keywords_by_project, minter, families=nlp)
        summary.search_documents = rebuild_index(store, docs)
    return summary


def audit_paths(paths: Iterable[str | Path] | str | Path, *,
                encoding: str | None = None) -> tuple[list[Finding], list[KgError]]:
    """Extract ``paths`` and run every audit rule; also return the tables that were rejected."""
    projects: list[Project] = []
    errors: list[KgError] = []
    for document in extract_documents(paths, encoding=encoding):
        projects.extend(document.projects)
        errors.extend(document.errors)
    return audit(projects), errors


def _documents_with_quads(paths: Iterable[Path], encoding: str | None, base_iri: str, nlp: bool,
                          jobs: int) -> Iterator[tuple[Document, list[str], list]]:
    """Each file read and mapped to its graph's quads, in input order, by ``jobs`` processes."""
    tasks = [(str(path), encoding, base_iri, nlp) for path in paths]
    if jobs <= 1 or len(tasks) <= 1:
        yield from map(_document_task, tasks)
        return
    # spawn, not fork: each worker starts clean and loads the dictionary once (works on every OS)
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        yield from pool.map(_document_task, tasks, chunksize=max(1, len(tasks) // (jobs * 8)))


def _document_task(task: tuple[str, str | None, str, bool]) -> tuple[Document, list[str], list]:
    """One file: its projects and errors, its graph's quads (tables, findings, language), and
    its entity mentions (for the search index)."""
    path, encoding, base_iri, nlp = task
    document = next(extract_documents([path], encoding=encoding))
    mentions: list = []
    if not document.readable:
        return document, [], mentions
    minter = Minter(base_iri)
    graph = minter.document(document.path)
    findings = [f for p in document.projects for f in project_findings(p)]
    quads = (document_quads(document.path, document.projects, minter, category_index())
             + finding_quads(findings, minter, graph, graph))
    if nlp:
        finder = _finder()
        mentions = [m for p in document.projects for m in finder.mentions(p)]
        quads += language_quads(document.path, document.projects, mentions, minter, graph, family_key)
    return document, quads, mentions


@lru_cache(maxsize=1)
def _finder() -> MentionFinder:
    """One mention finder per process: its cache of texts is what makes the NLP stage cheap."""
    return MentionFinder(default_nlp())


def _build_remote(endpoint: str, store_url: str, graphs, summary: BuildSummary) -> None:
    """PUT the ontology and each document's graph to the remote store; count its quads."""
    ontology = "".join(ontology_file(name).read_text(encoding="utf-8") + "\n" for name in ONTOLOGY_FILES)
    put_graph(store_url, ONTOLOGY_GRAPH, ontology, "text/turtle")
    for graph, lines in graphs:
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


def extract(paths: Iterable[str | Path] | str | Path, *,
            encoding: str | None = None) -> Iterator[Project | KgError]:
    """Yield every project in ``paths`` (files or folders), and an error for each table
    or file that could not be read. Errors are yielded, never raised, so one bad table
    never stops the run; a usage error (an unknown encoding) is raised.
    """
    for document in extract_documents(paths, encoding=encoding):
        yield from document.projects
        yield from document.errors


def extract_rows(rows) -> list[Project | KgError]:
    """Parse and normalise the tables of a table document; sources name their table and row."""
    parts = {row.line: row.part for row in rows}
    where = lambda span: replace(span, part=parts.get(span.line))  # noqa: E731
    out: list[Project | KgError] = []
    for item in _extract(parse_rows(rows), rows[0].path if rows else "", bool(rows)):
        if isinstance(item, Project):
            item = replace(item, source=where(item.source),
                           indicators=tuple(replace(i, source=where(i.source)) for i in item.indicators))
        elif item.line in parts:
            item.reason = f"{item.reason} ({parts[item.line]})"
        out.append(item)
    return out


def extract_lines(lines) -> Iterator[Project | KgError]:
    """Parse and normalise the tables of one file's lines."""
    yield from _extract(parse_tables(lines), lines[0].path if lines else "", bool(lines))


def _extract(tables, path: str, nonempty: bool) -> Iterator[Project | KgError]:
    seq = 0
    found = False
    for item in tables:
        found = True
        seq += 1  # rejected tables keep their place, so seq is the table's position
        if isinstance(item, TableError):
            yield item
            continue
        assert isinstance(item, RawTable)
        try:
            yield normalise(item, seq=seq)
        except TableError as error:
            yield error
    if not found and nonempty:
        yield InputError("no 绩效目标表 found (looked for a title ending in 绩效目标表, "
                         "a 项目名称 cell and an indicator header 一级指标 / 二级指标 / 三级指标 / 指标值)",
                         path=path, line=1)
