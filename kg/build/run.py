"""``kg build``: extract the files and write everything the graph holds of them, all or nothing."""

from __future__ import annotations

import gc
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from kg.build.facts import FACTS_SUFFIX
from kg.build.local import build_local
from kg.build.remote import build_remote
from kg.build.worker import document_results
from kg.errors import InputError, KgError, ParseWarning, UsageError
from kg.rdf import DEFAULT_BASE_IRI
from kg.read import walk_inputs
from kg.read.limits import DEFAULT_LIMITS, ReadLimits
from kg.store import DEFAULT_STORE, open_store
from kg.store.remote import graph_store_url
from kg.store.versions import SIDE_FILES, current_version, staged_version

@dataclass
class BuildSummary:
    """What ``kg build`` did."""

    store: str
    documents: int = 0
    projects: int = 0
    indicators: int = 0
    quads: int = 0
    search_documents: int = 0
    unmatched_evaluations: int = 0  # self-evaluated rows that match no row of their year's target table (E001)
    loaded_bytes: int = 0  # N-Quads this build bulk-loaded into the embedded store
    compacted: bool = False  # whether the build compacted the store (see build's ``compact``)
    errors: list[KgError] = field(default_factory=list)
    warnings: list[ParseWarning] = field(default_factory=list)


def build(paths: Iterable[str | Path] | str | Path, *, store: str | Path | None = DEFAULT_STORE,
          base_iri: str = DEFAULT_BASE_IRI, encoding: str | None = None, nlp: bool = True,
          search: bool = True, endpoint: str | None = None, graph_store: str | None = None,
          jobs: int = 0, progress: Callable[[str], None] | None = None,
          limits: ReadLimits = DEFAULT_LIMITS, year: int | None = None, compact: bool | None = None) -> BuildSummary:
    """Extract ``paths`` and load them into the store, one named graph per document.

    With ``nlp`` (the default) entities, metric families and keywords are added; with
    ``search`` the embedded search index beside the store is rebuilt from it. With
    ``endpoint`` the graphs go to a remote store instead (Graph Store Protocol PUT). ``jobs``
    worker processes read and map the files (0: one per core for 6 MB of input or more); the
    result is the same as with one. ``progress``
    is called with each file's path once it is read. A file over one of ``limits`` is reported
    and left out. ``year`` is the fiscal year of the tables that name none. ``compact``
    compacts the embedded store once it is loaded (Oxigraph's optimize, as :func:`compact` does
    later: about 20 s at 100k projects, the store a sixth smaller and its queries 1.5-3x faster
    than on the fresh store); None (the default) compacts when the build loaded more than one
    chunk of N-Quads (:data:`kg.build.local.AUTO_COMPACT_BYTES`), where the bulk loads' overlapping files slow
    the queries down, and not for a few files added to a store.

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
            results = document_results(walk_inputs(paths), encoding, base_iri, nlp, search, jobs, spool, limits,
                                        year)
            if endpoint:
                build_remote(endpoint, graph_store_url(endpoint, graph_store), results, base_iri, nlp, summary,
                              progress)
            else:
                build_local(open_store(None), None, results, base_iri, nlp, search, jobs, summary, progress,
                            spool=spool)
        return summary
    # all or nothing: the build writes a new version and the store switches to it at the end; its
    # spool sits beside the version, so what a killed build leaves is removed by the next one
    with staged_version(store, keep_side_files=() if search else (".search.sqlite",)) as stage, \
            tempfile.TemporaryDirectory(prefix=f"{stage.name}.spool-", dir=stage.parent) as spool:
        results = document_results(walk_inputs(paths), encoding, base_iri, nlp, search, jobs, spool, limits,
                                    year)
        oxi = open_store(stage)
        current = current_version(store)  # the version readers see until the switch
        kept = current.with_name(current.name + FACTS_SUFFIX) if current is not None else None
        build_local(oxi, stage, results, base_iri, nlp, search, jobs, summary, progress, kept, spool, compact)
        del oxi
        gc.collect()  # let go of the new version's store before the switch
    return summary


def compact(store: str | Path = DEFAULT_STORE) -> int:
    """Compact a built store (Oxigraph's optimize) as a new version, all or nothing as a build is:
    readers see the store as it was until the switch. A store fresh from a build keeps the
    overlapping files of its bulk loads until something writes to it, and ``kg query`` only reads:
    at 100k projects its queries took 1.5-3.4x as long as on the compacted store. Returns the
    number of bytes of the new version's store."""
    if current_version(store) is None and not Path(store).is_dir():
        raise UsageError(f"no store at {store}; run `kg build PATH --store {store}` first")
    with staged_version(store, keep_side_files=SIDE_FILES) as stage:
        oxi = open_store(stage)
        oxi.optimize()
        del oxi
        gc.collect()  # let go of the new version's store before the switch
        return sum(f.stat().st_size for f in stage.iterdir() if f.is_file())
