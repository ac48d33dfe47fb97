"""Stage 7, export: the store → files for other tools, byte-stable for the same content."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pyoxigraph as ox

from kg.errors import UsageError
from kg.rdf import PREFIXES
from kg.rdf.shapes import UNION_TRIPLES, union_graph
from kg.store import dump_nquads

RDF_FORMATS = ("nquads", "ntriples", "turtle")


def rdf_text(store: ox.Store, fmt: str) -> str:
    """N-Quads (named graphs kept), N-Triples or Turtle (graphs merged), sorted."""
    if fmt == "nquads":
        return dump_nquads(store)
    if fmt == "ntriples":
        data = ox.serialize(store.query(UNION_TRIPLES), format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
        return "".join(sorted(set(data.splitlines(keepends=True))))
    if fmt == "turtle":
        graph = union_graph(store)
        for prefix, namespace in PREFIXES.items():
            graph.bind(prefix, namespace, override=True)
        return graph.serialize(format="turtle")
    raise UsageError(f"unknown export format {fmt!r}; choose one of {', '.join(RDF_FORMATS)}")


def write_atomic(text: str | bytes, path: str | Path) -> None:
    """Write to a temporary file beside ``path`` and rename, so no half file is left."""
    path = Path(path)
    data = text.encode("utf-8") if isinstance(text, str) else text
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent if str(path.parent) else ".")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
