"""Stage 5, store: the embedded Oxigraph store on disk (``.kg/`` by default).

Each source document is one named graph; loading a document replaces its graph, so
building the same files twice leaves the same quads.
"""

from __future__ import annotations

import os
import queue
import tempfile
import threading
from pathlib import Path
from typing import Iterable, Iterator

import pyoxigraph as ox

from kg.errors import UsageError
from kg.rdf.names import ONTOLOGY_GRAPH
from kg.rdf.names import PREFIXES, TERMS_GRAPH
from kg.resources import ontology_file

DEFAULT_STORE = ".kg"
ONTOLOGY_FILES = ("kg.ttl", "indicator-categories.ttl")
CHUNK_BYTES = 512 * 2**20  # ~2M quads; one chunk loads while the next is written (measured at 100k projects)
LOAD_PARTS = max(2, min(os.cpu_count() or 2, 4))  # the loads side by side at the end (memory grows with them)
MIN_PART_BYTES = 4 * 2**20  # a smaller text loads in the time it would take to cut
SIDE_BY_SIDE_BYTES = 256 * 2**20  # a larger last chunk loads in parts one at a time (BulkLoader._load_rest)
PAIRED_PART_BYTES = 128 * 2**20  # ... or two at a time, in parts this size, before a compaction
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


class BulkLoader:
    """Bulk-loads N-Quads text into the store in chunks, in a background thread.

    Oxigraph's bulk load releases the GIL, so while one chunk is indexed the caller goes on
    reading and mapping the next files. One load at a time while the caller works: two side
    by side took no less time on two cores and twice the memory. Chunks wait on disk, one at
    most. Use it as a context manager: leaving the block loads the rest and waits; the caller
    has nothing left to do then, so a small last chunk is cut into one part per core, loaded
    side by side (a bulk load keeps one core busy: the last chunk of a build loaded alone was
    its longest wait, 8.5 s of 20 s at 10k projects).
    """

    def __init__(self, store: ox.Store, *, chunk_bytes: int = CHUNK_BYTES, lenient: bool = False,
                 spool_dir: str | None = None):
        self.store = store
        self.chunk_bytes = chunk_bytes
        self.lenient = lenient
        # where the chunks wait (the temp folder by default): a build gives its own spool folder,
        # beside the store's new version, which the next build removes if this one is killed
        self.spool_dir = spool_dir
        self._queue: queue.Queue[str | None] = queue.Queue(maxsize=1)  # one chunk waits, one loads
        self._threads = [threading.Thread(target=self._load_chunks, name="kg-bulk-load", daemon=True)]
        self._spool = None
        self._size = 0
        self.written = 0  # bytes of N-Quads handed to the loader in all
        self._error: BaseException | None = None
        self._holding = False  # see hold
        # the store is compacted after the load (kg build's compact): the last chunk may then load
        # in more, smaller parts two at a time, which leave more files for the compaction to merge
        self.compacted_after = False
        for thread in self._threads:
            thread.start()

    def write(self, text: str) -> None:
        if not text:
            return
        self._open_spool()
        data = text.encode("utf-8")
        self._spool.write(data)
        self._size += len(text)
        self.written += len(data)
        self._ship_when_full()

    def wait(self) -> None:
        """Wait for the chunks handed to the loader thread to be in the store (not the one being
        written)."""
        self._queue.join()
        if self._error is not None:
            raise self._error

    def hold(self) -> None:
        """Wait for the chunks handed over, and keep what is written from now on for the end
        (where a large rest loads in parts): for work that needs memory, so that no load runs
        beside it."""
        self.wait()
        self._holding = True

    def _open_spool(self) -> None:
        if self._spool is None:
            self._spool = tempfile.NamedTemporaryFile("wb", suffix=".nq", delete=False, dir=self.spool_dir)
            self._size = 0

    def write_file(self, path: str) -> None:
        """Append an N-Quads file (a worker's output) to the chunk, then delete it. The kernel
        copies it: the text never passes through Python."""
        self._open_spool()
        self._spool.flush()
        with open(path, "rb") as source:
            size = os.fstat(source.fileno()).st_size
            _copy_into(source.fileno(), self._spool.fileno(), 0, size)
        os.unlink(path)
        self._size += size
        self.written += size
        self._ship_when_full()

    def _ship_when_full(self) -> None:
        if self._size >= self.chunk_bytes and not self._holding:
            self._ship()

    def _ship(self) -> None:
        if self._spool is not None:
            self._spool.close()
            self._queue.put(self._spool.name)
            self._spool = None
        if self._error is not None:
            raise self._error

    def _load_chunks(self) -> None:
        while (path := self._queue.get()) is not None:
            self._load(path)
            self._queue.task_done()
        self._queue.task_done()

    def _load(self, path: str) -> None:
        try:
            if self._error is None:
                self.store.bulk_load(path=path, format=ox.RdfFormat.N_QUADS, lenient=self.lenient)
        except BaseException as exc:  # handed to the caller's thread by _ship / __exit__
            self._error = exc
        finally:
            os.unlink(path)

    def _load_rest(self) -> None:
        """The last chunk: a small one cut into one part per core, loaded side by side once the
        chunks before it are in; a large one cut into parts of at most 256 MB loaded one after
        the other, or, when the store is compacted after the load, into parts of 128 MB loaded
        two at a time. A load's memory grows with its text up to about 1M quads (246 MB of text:
        0.9 GB) and with the cores it has free: at 100k projects the last 493 MB loaded whole,
        alone on the machine, took 1.6 GB (0.5 GB more than each chunk before it, which loaded
        beside the workers), and in two parts side by side 1.9 GB: either was the build's peak."""
        if self._spool is None:
            return
        self._spool.close()
        last, self._spool = self._spool.name, None
        size = os.path.getsize(last)
        if size < MIN_PART_BYTES * 2:
            self._queue.put(last)
            return
        if size > SIDE_BY_SIDE_BYTES and not self.compacted_after:
            for part in split_lines(last, -(-size // SIDE_BY_SIDE_BYTES)):
                self._queue.put(part)  # one after the other, as the chunks before them
            return
        self.wait()
        if size > SIDE_BY_SIDE_BYTES:
            # 128 MB parts two at a time: at 100k projects 8.8 s and +1.0 GB for the last 512 MB,
            # against 18.1 s and +0.9 GB in two halves one after the other
            self._load_side_by_side(split_lines(last, -(-size // PAIRED_PART_BYTES)), 2)
        else:
            self._load_side_by_side(split_lines(last, LOAD_PARTS), LOAD_PARTS)

    def _load_side_by_side(self, parts: list[str], loads: int) -> None:
        """Load ``parts``, ``loads`` at a time."""
        pending = list(reversed(parts))

        def load_pending() -> None:
            while pending:
                try:
                    part = pending.pop()
                except IndexError:  # another thread took the last one
                    return
                self._load(part)

        helpers = [threading.Thread(target=load_pending, name="kg-bulk-load-part", daemon=True)
                   for _ in range(min(loads, len(parts)) - 1)]
        for helper in helpers:
            helper.start()
        load_pending()
        for helper in helpers:
            helper.join()

    def __enter__(self) -> "BulkLoader":
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is not None and self._spool is not None:
            self._spool.close()
            os.unlink(self._spool.name)
            self._spool = None
        try:
            if exc_type is None:
                self._load_rest()
        finally:
            for thread in self._threads:
                self._queue.put(None)
            for thread in self._threads:
                thread.join()
            # the threads hold this object (a cycle); let go of the store now, not at the next
            # garbage collection, or a read-only reader may open it while its files still change
            self._threads = []
            self.store = None
        if exc_type is None and self._error is not None:
            raise self._error


def split_lines(path: str, parts: int) -> list[str]:
    """Cut a file of lines into ``parts`` files of about the same size at line ends: the
    first keeps the file's name and its first part, the others are new files beside it."""
    size = os.path.getsize(path)
    cuts = [0]
    with open(path, "rb") as source:
        for k in range(1, parts):
            source.seek(max(size * k // parts, cuts[-1]))
            if source.tell() > 0:
                source.readline()  # to the end of the line the cut falls in
            cuts.append(source.tell())
    cuts.append(size)
    files = [path]
    with open(path, "rb") as source:
        for start, end in zip(cuts[1:-1], cuts[2:]):
            if end <= start:
                continue
            part = tempfile.NamedTemporaryFile("wb", suffix=".nq", delete=False, dir=os.path.dirname(path))
            with part:
                _copy_into(source.fileno(), part.fileno(), start, end - start)
            files.append(part.name)
    os.truncate(path, cuts[1])
    return files


def _copy_into(source: int, target: int, start: int, size: int) -> None:
    """Append ``size`` bytes of ``source`` from offset ``start`` to ``target`` (descriptors)."""
    copied = 0
    try:
        while copied < size:
            done = os.copy_file_range(source, target, size - copied, start + copied)
            if done == 0:
                break
            copied += done
    except (AttributeError, OSError):  # not Linux, or a file system without it
        os.lseek(source, start + copied, os.SEEK_SET)
        while copied < size and (chunk := os.read(source, min(1 << 20, size - copied))):
            os.write(target, chunk)
            copied += len(chunk)


def replace_graphs(store: ox.Store, graphs: Iterable[tuple[str, Iterable[str]]]) -> None:
    """Replace each named graph by its new quads (small builds and corpus-wide graphs)."""
    with BulkLoader(store) as loader:
        for graph, lines in graphs:
            store.remove_graph(ox.NamedNode(graph))
            write_lines(loader, lines)


def add_quads(store: ox.Store, lines: Iterable[str]) -> None:
    """Add quads to whatever graphs they name, leaving what is there."""
    with BulkLoader(store) as loader:
        write_lines(loader, lines)


WRITE_BATCH = 1 << 16  # lines


def write_lines(loader: BulkLoader, lines: Iterable[str]) -> None:
    """Hand lines to the loader a batch at a time: joined whole, a national year's stats graph
    (millions of lines) stands three times in memory at once, as lines, as one text and as its
    bytes."""
    batch: list[str] = []
    for line in lines:
        batch.append(line)
        if len(batch) >= WRITE_BATCH:
            loader.write("".join(batch))
            batch.clear()
    loader.write("".join(batch))


# Shared nodes no document names any more (after a changed file replaced its graph),
# then the families of the metrics that went with them.
_PRUNE_NODES = """
DELETE { GRAPH <%(terms)s> { ?n ?p ?o } } WHERE {
  GRAPH <%(terms)s> { ?n a ?type . VALUES ?type { kg:BudgetUnit kg:Project kg:Metric kg:Target kg:Entity skos:Concept } ?n ?p ?o }
  FILTER NOT EXISTS { GRAPH ?g { ?x ?r ?n } FILTER (?g != <%(terms)s>) } }"""
_PRUNE_FAMILIES = """
DELETE { GRAPH <%(terms)s> { ?f ?p ?o } } WHERE {
  GRAPH <%(terms)s> { ?f a kg:MetricFamily ; ?p ?o FILTER NOT EXISTS { ?m kg:family ?f } } }"""


def prune_terms(store: ox.Store) -> None:
    """Remove the shared nodes that no document graph refers to any more."""
    prologue = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
    for update in (_PRUNE_NODES, _PRUNE_FAMILIES):
        store.update(prologue + update % {"terms": TERMS_GRAPH})


def load_ontology(store: ox.Store) -> None:
    """The ontology and category scheme, in their own graph, refreshed on every build."""
    graph = ox.NamedNode(ONTOLOGY_GRAPH)
    store.remove_graph(graph)
    for name in ONTOLOGY_FILES:
        store.load(path=str(ontology_file(name)), format=ox.RdfFormat.TURTLE, to_graph=graph)


def dump_nquads(store: ox.Store) -> str:
    """The store's quads as N-Quads, byte-stable for the same content (see ``nquads_by_graph``)."""
    return "".join(text for _, text in nquads_by_graph(store))


def nquads_by_graph(store: ox.Store) -> Iterator[tuple[str, str]]:
    """Each graph's quads as sorted N-Quads lines: the default graph first, then the named
    graphs in IRI order. One graph at a time, so that a large export streams and can show
    its progress."""
    for graph in ["", *named_graph_iris(store)]:
        source = ox.NamedNode(graph) if graph else ox.DefaultGraph()
        # split on newlines only: str.splitlines would also cut at U+2028 inside a literal
        lines = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=source).decode("utf-8").split("\n")[:-1]
        if graph:  # an N-Triples line ends " ." : the graph name goes before the dot
            suffix = f" <{graph}> .\n"
            lines = [line[:-2] + suffix for line in lines]
        else:
            lines = [line + "\n" for line in lines]
        yield graph, "".join(sorted(lines))


def graph_count(store: ox.Store) -> int:
    """The default graph and the named graphs: what ``nquads_by_graph`` walks through."""
    return 1 + len(named_graph_iris(store))


def named_graph_iris(store: ox.Store) -> list[str]:
    """The IRIs of the store's named graphs, in order (blank-node graph names left out)."""
    return sorted(g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode))


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
