"""Stage 7, export: the store → files for other tools, byte-stable for the same content."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Callable

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


def atomic_file(write: Callable[[str], None], path: str | Path) -> None:
    """Let ``write`` fill a temporary file beside ``path``, then rename it into place, so a
    failure leaves no half-written or empty file behind."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent if str(path.parent) else ".")
    os.close(fd)
    try:
        write(tmp)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_atomic(text: str | bytes, path: str | Path) -> None:
    """Write ``text`` (UTF-8) or bytes to ``path`` atomically."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    atomic_file(lambda tmp: Path(tmp).write_bytes(data), path)
