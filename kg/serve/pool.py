"""A bounded pool of query worker processes (kg.serve.worker) that can really be stopped.

A query that runs past its timeout, or grows past its memory cap, has its worker killed
(SIGKILL frees CPU and memory at once) and a fresh worker takes its place; a worker that
crashes (Oxigraph overflowing its stack) costs only its own query. Requests beyond the
workers wait in a bounded queue; when that is full, or a request waited a whole timeout
for a worker, the answer is a :class:`QueryProblem` 503 with Retry-After.

``run`` blocks: call it from a thread. Threads are bounded by ``size + queue``.
"""

from __future__ import annotations

import json
import os
import queue
import select
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator

from kg.serve.worker import read_frame, write_frame

STARTUP_TIMEOUT = 120.0  # seconds a new worker may take to open a large store
POLL = 0.05              # seconds between checks of a running query's memory
_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


class QueryProblem(Exception):
    """A request answered with an error status and a one-line message: a query that timed out,
    went over its memory or crashed its worker here, a client's mistake in kg.serve.app."""

    def __init__(self, status: int, message: str, retry_after: int | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.retry_after = retry_after


@dataclass(frozen=True)
class Answer:
    status: int
    media_type: str
    body: bytes
    truncated: bool
    message: str = ""
    total: int | None = None  # for a page of a named query: the whole answer's row count


def rss_bytes(pid: int) -> int:
    """Resident memory of ``pid`` (Linux /proc; 0 where there is none)."""
    try:
        with open(f"/proc/{pid}/statm") as statm:
            return int(statm.read().split()[1]) * _PAGE
    except (OSError, IndexError, ValueError):
        return 0


class _Worker:
    def __init__(self, store: str):
        self.process = subprocess.Popen([sys.executable, "-m", "kg.serve.worker", str(store)],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.ready = False

    @property
    def pid(self) -> int:
        return self.process.pid

    def wait_ready(self) -> None:
        if self.ready:
            return
        self._wait_readable(time.monotonic() + STARTUP_TIMEOUT, None, what="start")
        frame = read_frame(self.process.stdout)
        hello = json.loads(frame) if frame else {"ready": False, "message": "the worker ended while starting"}
        if not hello.get("ready"):
            raise QueryProblem(500, f"a query worker could not start: {hello.get('message')}")
        self.ready = True

    def call(self, request: dict, timeout: float, max_memory: int | None) -> Answer:
        try:
            write_frame(self.process.stdin, json.dumps(request).encode("utf-8"))
            self.process.stdin.flush()
        except OSError:  # the worker died between two queries
            raise self._crashed() from None
        self._wait_readable(time.monotonic() + timeout, max_memory, what="query", timeout=timeout)
        header, body = read_frame(self.process.stdout), read_frame(self.process.stdout)
        if header is None or body is None:
            raise self._crashed()
        head = json.loads(header)
        return Answer(head["status"], head.get("media_type", "text/plain; charset=utf-8"), body,
                      head.get("truncated", False), head.get("message", ""), head.get("total"))

    def _wait_readable(self, deadline: float, max_memory: int | None, *, what: str, timeout: float = 0) -> None:
        fd = self.process.stdout.fileno()
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise QueryProblem(503, f"query timed out after {timeout:g} s" if what == "query"
                                  else "a query worker took too long to start", retry_after=1)
            readable, _, _ = select.select([fd], [], [], min(left, POLL))
            if readable:
                return
            if max_memory and rss_bytes(self.pid) > max_memory:
                raise QueryProblem(503, f"query stopped: it needed more than {max_memory // 2**20} MB",
                                  retry_after=1)

    def _crashed(self) -> QueryProblem:
        code = self.process.wait(timeout=5)
        how = f"signal {-code}" if code < 0 else f"exit {code}"
        return QueryProblem(500, f"the query crashed its worker ({how}); the server goes on")

    def kill(self) -> None:
        """SIGKILL and reap: the query's CPU and memory are free when this returns."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        for stream in (self.process.stdin, self.process.stdout):
            try:
                stream.close()
            except OSError:
                pass


class WorkerPool:
    """``size`` worker processes over ``store``; see the module docstring."""

    def __init__(self, store: str, *, size: int, queue_size: int, timeout: float,
                 max_memory: int | None = None, recycle_memory: int | None = None):
        self.store, self.size, self.queue_size, self.timeout = str(store), size, queue_size, timeout
        self.max_memory, self.recycle_memory = max_memory, recycle_memory
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._inflight = 0
        self.restarts = 0
        for _ in range(size):
            self._add()

    def _add(self) -> None:
        worker = _Worker(self.store)
        with self._lock:
            self._all.add(worker)
        self._idle.put(worker)

    def _replace(self, worker: _Worker) -> None:
        worker.kill()
        with self._lock:
            self._all.discard(worker)
            self.restarts += 1
        self._add()

    @contextmanager
    def admit(self) -> Iterator[None]:
        """A place among the running and waiting requests, or QueryProblem(503) when all are taken."""
        with self._lock:
            if self._inflight >= self.size + self.queue_size:
                raise QueryProblem(503, f"the server is busy ({self.size} queries running, {self.queue_size} "
                                       "waiting); try again shortly", retry_after=1)
            self._inflight += 1
        try:
            yield
        finally:
            with self._lock:
                self._inflight -= 1

    def run(self, request: dict) -> Answer:
        """Answer ``request`` in a worker (blocking)."""
        try:
            worker = self._idle.get(timeout=self.timeout)
        except queue.Empty:
            raise QueryProblem(503, f"the server is busy: no query worker was free for {self.timeout:g} s",
                              retry_after=1) from None
        try:
            worker.wait_ready()
            answer = worker.call(request, self.timeout, self.max_memory)
        except BaseException:
            self._replace(worker)
            raise
        if self.recycle_memory and rss_bytes(worker.pid) > self.recycle_memory:
            self._replace(worker)  # give back what a large answer left in the worker's heap
        else:
            self._idle.put(worker)
        return answer

    def pids(self) -> list[int]:
        with self._lock:
            return sorted(w.pid for w in self._all)

    def close(self) -> None:
        with self._lock:
            workers, self._all = list(self._all), set()
        for worker in workers:
            worker.kill()
