"""A build's worker task: one file read, mapped to N-Quads and reduced to the small facts the
corpus-wide passes need (its DocumentResult), in this process or in a pool of them."""

from __future__ import annotations

import multiprocessing
import os
from collections import defaultdict, deque
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator

from kg.errors import KgError, ParseWarning
from kg.pipeline import extract_documents
from kg.rdf import Minter, category_index, document_quads
from kg.read.limits import DEFAULT_LIMITS, ReadLimits

if TYPE_CHECKING:  # the NLP, audit and search stages load when a worker runs
    from kg.build.stats import DocumentFigures

IN_FLIGHT_PER_JOB = 8
# Starting a worker (spaCy, jieba) costs ~2 s: measured on 2 cores, one process builds 2,000
# synthetic projects (2.3 MB) in 6.7 s and two in 7.3 s, 5,000 (5.7 MB) in 11.0 s and 10.9 s,
# 10,000 (12 MB) in 23.3 s and 18.9 s. Workers start to pay from about 6 MB of input.
AUTO_PARALLEL_BYTES = 6 * 2**20
WORKER_NICENESS = 10


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
    # the facts of the corpus-wide passes (O001's peer values, the keywords' term counts), pickled
    # once here: the build keeps them beside the store as they come (kg.build.facts)
    facts: bytes = b""
    search_rows: list[tuple[str, str, str, str]] = field(default_factory=list)
    # per project: IRI, name, its targets and the entities it mentions (for the stats and kg analyze)
    links: list[tuple[str, str, tuple[str, ...], tuple[str, ...]]] = field(default_factory=list)
    # per (一级, 二级) category pair: how many indicators, and the project-years that have them
    category_pairs: dict[tuple[str, str], tuple[int, tuple[str, ...]]] = field(default_factory=dict)
    # its share of the other figures of the stats graph (budgets, costs, mentions, listings' rows)
    figures: DocumentFigures | None = None
    # its rows for the self-evaluation pass (kg.build.evaluated), in a file beside its quads, by
    # project; and the projects that report achieved values
    rows_path: str | None = None
    row_projects: tuple[str, ...] = ()
    self_evaluated: tuple[str, ...] = ()


def document_results(paths: Iterable[Path], encoding: str | None, base_iri: str, nlp: bool, search: bool,
                      jobs: int, spool: str, limits: ReadLimits = DEFAULT_LIMITS,
                      year: int | None = None) -> Iterator[DocumentResult]:
    """Each file read and mapped, in input order, by ``jobs`` processes."""
    tasks = [(str(path), encoding, base_iri, nlp, search, os.path.join(spool, f"{n:06d}.nq"), limits, year)
             for n, path in enumerate(paths)]
    if jobs == 0:  # automatic: starting a worker (spaCy, jieba) costs ~2 s, worth it for many files
        size = sum(_size(task[0]) for task in tasks)
        jobs = (os.cpu_count() or 1) if size >= AUTO_PARALLEL_BYTES else 1
    if jobs <= 1 or len(tasks) <= 1:
        yield from map(document_task, tasks)
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
            window.append(pool.submit(document_task, task))
            if len(window) >= jobs * IN_FLIGHT_PER_JOB:
                yield window.popleft().result()
        while window:
            yield window.popleft().result()


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


def document_task(task: tuple[str, str | None, str, bool, bool, str, ReadLimits, int | None]) -> DocumentResult:
    """One file, read and mapped: everything the build needs of it, nothing it does not. Its
    quads go to a file in the build's spool folder (``output``), not through the pipe."""
    from kg.audit import project_findings
    from kg.audit.rules import peer_values
    from kg.build.evaluated import document_rows, self_evaluated, write_rows
    from kg.build.facts import pack_facts
    from kg.build.stats import document_figures
    from kg.nlp.entities import default_finder
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
    mentions = [m for p in projects for m in default_finder().mentions(p)] if nlp else []
    quads = document_quads(document.path, projects, minter, category_index(), findings=findings,
                           mentions=mentions, family_of=family_key if nlp else None)
    result.projects = len(projects)
    result.indicators = sum(len(p.indicators) for p in projects)
    with open(output, "w", encoding="utf-8") as out:
        out.write(quads.text())
    result.quads_path = output
    described = _described_in(os.path.dirname(output))
    result.terms = {node: "".join(lines) for node, lines in quads.terms.items() if node not in described}
    described.update(result.terms)
    result.category_pairs = {pair: (len(indicators), tuple(sorted(years)))
                             for pair, (indicators, years) in quads.category_pairs.items()}
    result.figures = document_figures(projects, minter, quads)
    rows = document_rows(document.path, projects, quads)
    if rows:
        result.rows_path = output + ".rows"
        write_rows(result.rows_path, rows)
        result.row_projects, result.self_evaluated = tuple(rows), tuple(self_evaluated(rows))
    entities: dict[str, list[str]] = defaultdict(list)
    for m in mentions:
        entities[minter.project_year_of(m.unit_code, m.unit_name, m.project, m.year)].append(
            minter.entity(m.label, m.name))
    minted = list(zip(projects, quads.minted))
    result.links = [(m.iri, p.project, tuple(m.targets), tuple(dict.fromkeys(entities.get(m.iri, ()))))
                    for p, m in minted]
    result.facts = pack_facts([v for p in projects for v in peer_values(p)],
                              [(m.iri, term_counts(p)) for p, m in minted] if nlp else [])
    if search:
        result.search_rows = [row for p, m in minted for row in index_rows(p, m.iri, m.indicators)]
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


def _described_in(build: str) -> set[str]:
    """The shared nodes this process has handed back a description of in this build (``build``:
    its spool folder, one per build).

    A process takes its files in input order, so the copy it skips comes after one it sent,
    and the build, which keeps the first description in input order, gets the same text;
    the shared nodes no longer cross the pipe once per file (750 MB at 100k projects)."""
    global _described
    if _described[0] != build:
        _described = (build, set())
    return _described[1]
