"""Stage 7, export: the store → files for other tools, byte-stable for the same content."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Callable

import pyoxigraph as ox

from kg.errors import UsageError
from kg.rdf.names import PREFIXES
from kg.store import dump_nquads, graph_count, nquads_by_graph

RDF_FORMATS = ("nquads", "ntriples", "turtle")


def rdf_text(store: ox.Store, fmt: str) -> str:
    """N-Quads (named graphs kept), N-Triples or Turtle (graphs merged), sorted."""
    from kg.rdf.shapes import UNION_TRIPLES, union_graph  # noqa: PLC0415 - rdflib only for these two

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


def write_rdf(store: ox.Store, fmt: str, path: str | Path,
              progress: Callable[[int], None] | None = None) -> int:
    """Write the graph as ``fmt`` to ``path`` atomically; return the bytes written. N-Quads
    stream one graph at a time (``progress`` is told of each), so a large store never sits
    in memory as one text."""
    if fmt != "nquads":
        data = rdf_text(store, fmt).encode("utf-8")
        write_atomic(data, path)
        return len(data)
    written = 0

    def write(tmp: str) -> None:
        nonlocal written
        with open(tmp, "wb") as out:
            for _, text in nquads_by_graph(store):
                written += out.write(text.encode("utf-8"))
                if progress is not None:
                    progress(1)
    atomic_file(write, path)
    return written


def rdf_parts(store: ox.Store, fmt: str) -> int:
    """How many steps ``write_rdf`` reports for ``fmt``: the graphs for N-Quads, else one."""
    return graph_count(store) if fmt == "nquads" else 1


def check_writable(path: str | Path) -> Path:
    """The folder a file ``path`` goes into; a missing one is a usage error, said before any work."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if str(path) != "-" and not path.exists() and not folder.is_dir():
        raise UsageError(f"cannot write {path}: the folder {folder} does not exist")
    return folder


def atomic_file(write: Callable[[str], None], path: str | Path) -> None:
    """Let ``write`` fill a temporary file beside ``path``, then rename it into place, so a
    failure leaves no half-written or empty file behind."""
    if str(path) == "-":  # `-o -`: standard output, written once the whole file is made
        _copied_out(write, None)
        return
    path = Path(path)
    if path.exists() and not path.is_file():  # /dev/null, a FIFO: written into, never replaced
        _copied_out(write, path)
        return
    folder = check_writable(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
    os.close(fd)
    try:
        write(tmp)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; a report is as readable as any file
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _copied_out(write: Callable[[str], None], path: Path | None) -> None:
    """Let ``write`` fill a temporary file, then copy it into ``path`` (a device or FIFO,
    never replaced) or, for None, to standard output."""
    import shutil
    import sys

    fd, tmp = tempfile.mkstemp(prefix=".kg-out.")
    os.close(fd)
    try:
        write(tmp)
        with open(tmp, "rb") as made:
            if path is None:
                sys.stdout.flush()
                shutil.copyfileobj(made, sys.stdout.buffer)
                sys.stdout.buffer.flush()
            else:
                with open(path, "wb") as target:
                    shutil.copyfileobj(made, target)
    finally:
        Path(tmp).unlink(missing_ok=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(text: str | bytes, path: str | Path) -> None:
    """Write ``text`` (UTF-8) or bytes to ``path`` atomically."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    atomic_file(lambda tmp: Path(tmp).write_bytes(data), path)
