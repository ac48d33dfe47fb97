"""Stage 5, store: the embedded Oxigraph store on disk (``.kg/`` by default).

Each source document is one named graph; loading a document replaces its graph, so
building the same files twice leaves the same quads.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Iterable

import pyoxigraph as ox

from kg.errors import UsageError
from kg.rdf import ONTOLOGY_GRAPH
from kg.resources import ontology_file

DEFAULT_STORE = ".kg"
ONTOLOGY_FILES = ("kg.ttl", "indicator-categories.ttl")
STORE_IN_USE = "cannot open the store {path}: {reason} (is another kg command using it?)"


def open_store(path: str | Path | None = DEFAULT_STORE, *, read_only: bool = False) -> ox.Store:
    """Open (or create) the store at ``path``; ``None`` gives a store in memory."""
    if path is None:
        return ox.Store()
    try:
        if read_only:
            if not Path(path).is_dir():
                raise UsageError(f"no store at {path}; run `kg build PATH --store {path}` first")
            return ox.Store.read_only(str(path))
        return ox.Store(str(path))
    except OSError as exc:
        raise UsageError(STORE_IN_USE.format(path=path, reason=exc)) from None


def replace_graphs(store: ox.Store, graphs: Iterable[tuple[str, list[str]]]) -> None:
    """Replace each named graph by its new quads.

    The quads are spooled to a temporary N-Quads file and bulk-loaded from it in one
    go, so memory holds one document's quads at a time, not the whole corpus.
    """
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", suffix=".nq", delete=False) as spool:
        for graph, lines in graphs:
            store.remove_graph(ox.NamedNode(graph))
            spool.writelines(lines)
    try:
        if os.path.getsize(spool.name):
            store.bulk_load(path=spool.name, format=ox.RdfFormat.N_QUADS)
    finally:
        os.unlink(spool.name)


def load_ontology(store: ox.Store) -> None:
    """The ontology and category scheme, in their own graph, refreshed on every build."""
    graph = ox.NamedNode(ONTOLOGY_GRAPH)
    store.remove_graph(graph)
    for name in ONTOLOGY_FILES:
        store.load(path=str(ontology_file(name)), format=ox.RdfFormat.TURTLE, to_graph=graph)


def dump_nquads(store: ox.Store) -> str:
    """The store's quads as sorted N-Quads (byte-stable for the same content)."""
    text = store.dump(format=ox.RdfFormat.N_QUADS).decode("utf-8")
    return "".join(sorted(text.splitlines(keepends=True)))


def open_graph(path: str | Path = DEFAULT_STORE):
    """The store as an rdflib ``Dataset`` (through oxrdflib), for scripts written against rdflib.

    Close it (``dataset.close()``) before running another kg command on the same store.
    """
    import rdflib  # noqa: PLC0415

    if not Path(path).is_dir():
        raise UsageError(f"no store at {path}; run `kg build PATH --store {path}` first")
    dataset = rdflib.Dataset(store="Oxigraph")
    dataset.open(str(path))
    return dataset
