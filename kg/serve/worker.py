"""One query worker of ``kg serve``: a process that opens the store read-only and answers queries
sent down its standard input, one at a time (run as ``python -m kg.serve.worker STORE``).

A worker is a process so that the server can really stop a query: killing it frees its CPU
and memory at once, and a crash inside Oxigraph costs this process, not the server.

Frames on both pipes are a 4-byte big-endian length and that many bytes. A request is one
JSON frame; an answer is a JSON header frame and a body frame. The first frame a worker
writes says it is ready.
"""

from __future__ import annotations

import json
import os
import signal
import struct
import sys
import threading
import time
from typing import BinaryIO

_LENGTH = struct.Struct("!I")


def write_frame(stream: BinaryIO, data: bytes) -> None:
    stream.write(_LENGTH.pack(len(data)) + data)


def read_frame(stream: BinaryIO) -> bytes | None:
    """The next frame, or None at the end of the stream."""
    head = _read_exactly(stream, _LENGTH.size)
    if head is None:
        return None
    return _read_exactly(stream, _LENGTH.unpack(head)[0])


def _read_exactly(stream: BinaryIO, size: int) -> bytes | None:
    data = b""
    while len(data) < size:
        chunk = stream.read(size - len(data))
        if not chunk:
            return None
        data += chunk
    return data


class _Store:
    """The store's current version, reopened when a build switches ``.kg`` to a new one."""

    def __init__(self, path: str):
        from kg.store import open_store

        self.path, self._open = path, open_store
        self.version = os.path.realpath(path)
        self.store = open_store(path, read_only=True)

    def get(self):
        version = os.path.realpath(self.path)
        if version != self.version:
            self.store, self.version = self._open(self.path, read_only=True), version
        return self.store


def answer(store, request: dict) -> tuple[dict, bytes]:
    """Run one request; the header says status, media type and whether the answer was cut short."""
    import pyoxigraph as ox

    from kg.query.sparql import inline_values
    from kg.rdf import PREFIXES
    from kg.serve.results import (GRAPH_SYNTAXES, MEDIA_TYPES, row_size, serialize_ask, serialize_graph,
                                  serialize_select, take, triple_size)

    fmt, max_rows, max_bytes = request["fmt"], request["max_rows"], request["max_bytes"]
    if request.get("page"):
        return _page(store, request)
    try:
        # a named query's values written in (kg.query.sparql.inline_values), as Oxigraph joins substitutions late
        result = store.query(inline_values(request["query"], request.get("bindings")), prefixes=PREFIXES,
                             use_default_graph_as_union=request.get("union", True))
        if isinstance(result, ox.QuerySolutions):
            variables = [v.value for v in result.variables]
            rows, truncated = take(([s[v] for v in variables] for s in result), row_size, max_rows, max_bytes)
            fmt = fmt if fmt in MEDIA_TYPES else "json"
            return _ok(MEDIA_TYPES[fmt], truncated), serialize_select(variables, rows, fmt).encode("utf-8")
        if isinstance(result, ox.QueryBoolean):
            fmt = "xml" if fmt == "xml" else "json"
            return _ok(MEDIA_TYPES[fmt], False), serialize_ask(bool(result), fmt).encode("utf-8")
        triples, truncated = take(result, triple_size, max_rows, max_bytes)
        fmt = fmt if fmt in GRAPH_SYNTAXES else "turtle"
        return _ok(GRAPH_SYNTAXES[fmt].media_type, truncated), serialize_graph(triples, fmt)
    except SyntaxError as error:
        return {"status": 400, "message": f"SPARQL syntax error: {error}"}, b""
    except OSError as error:  # a SERVICE that failed, or the store could not be read
        status = 502 if request.get("services") else 500
        return {"status": status, "message": f"query failed: {error}"}, b""


def _page(store, request: dict) -> tuple[dict, bytes]:
    """A page of a named query (``request["page"]``: its name, limit and offset), as SPARQL JSON
    results with the whole answer's row count in ``total``."""
    from kg.query.paging import page_terms
    from kg.query.sparql import QueryError, load_query
    from kg.serve.results import serialize_select

    wanted = request["page"]
    try:
        found = page_terms(store, load_query(wanted["name"]), request.get("bindings") or {},
                           limit=min(wanted["limit"], request["max_rows"]), offset=wanted["offset"])
    except QueryError as error:
        return {"status": 400, "message": str(error)}, b""
    header = _ok(MEDIA_TYPES_JSON, False)
    header["total"] = found.total
    # the SPARQL JSON results document, with the whole answer's row count beside head and results
    body = serialize_select(found.columns, found.rows, "json")
    return header, (f'{{"total": {found.total}, ' + body[1:]).encode("utf-8")


MEDIA_TYPES_JSON = "application/sparql-results+json"


def _ok(media_type: str, truncated: bool) -> dict:
    return {"status": 200, "media_type": media_type, "truncated": truncated}


def _die_with_parent() -> None:
    """A server killed with SIGKILL cannot stop its workers, so each watches its parent. Not
    PR_SET_PDEATHSIG: that follows the parent *thread*, and workers are started from threads
    that come and go."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="kg-parent-watch", daemon=True).start()


def main(store_path: str) -> None:
    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C goes to the server, which stops its workers
    # The frames own the real standard output; anything a library prints goes to stderr.
    out = os.fdopen(os.dup(1), "wb", buffering=0)
    os.dup2(2, 1)
    requests = sys.stdin.buffer
    try:
        store = _Store(store_path)
    except Exception as error:  # noqa: BLE001 - reported to the server, which shows it
        write_frame(out, json.dumps({"ready": False, "message": str(error)}).encode())
        return
    write_frame(out, json.dumps({"ready": True}).encode())
    while (frame := read_frame(requests)) is not None:
        try:
            header, body = answer(store.get(), json.loads(frame))
        except Exception as error:  # noqa: BLE001 - one bad query must not end the worker
            header, body = {"status": 500, "message": f"internal error: {error.__class__.__name__}: {error}"}, b""
        write_frame(out, json.dumps(header).encode())
        write_frame(out, body)


if __name__ == "__main__":
    main(sys.argv[1])
