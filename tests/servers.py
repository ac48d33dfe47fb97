"""Start a server process on a free loopback port and wait until it answers (tests, benchmarks):
any command (`running`), or a throw-away Virtuoso with a user that may load (`virtuoso`)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

VIRTUOSO_INI = Path(__file__).with_name("virtuoso.ini")
# The loading user the Virtuoso fixture creates: SPARQL_UPDATE is the role that lets a user write
# through /sparql-graph-crud-auth (Virtuoso's Graph Store Protocol endpoint with Digest auth).
# A reader (SPARQL_SELECT only) is refused a write: the tests check what kg says then.
LOADER = ("kgload", "kg-test-password")
READER = ("kgread", "kg-read-password")
VIRTUOSO_SETUP = ("DB.DBA.USER_CREATE ('{0[0]}', '{0[1]}'); GRANT SPARQL_UPDATE TO \"{0[0]}\"; "
                  "DB.DBA.USER_CREATE ('{1[0]}', '{1[1]}'); GRANT SPARQL_SELECT TO \"{1[0]}\";")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_until_answers(process: subprocess.Popen, url: str, name: str, wait: float) -> None:
    deadline = time.monotonic() + wait
    while True:
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError(f"{name} did not start: "
                                   + process.stderr.read().decode(errors="replace")) from None
            time.sleep(0.1)


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def running(command: Callable[[int], list[str]], probe: str = "/", *, wait: float = 30) -> Iterator[str]:
    """Run ``command(port)``; yield its base URL once ``probe`` answers; stop it afterwards."""
    port = free_port()
    process = subprocess.Popen(command(port), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_answers(process, base + probe, command(port)[0], wait)
        yield base
    finally:
        _stop(process)


@dataclass(frozen=True)
class Virtuoso:
    """A running Virtuoso: ``base`` is its HTTP root; ``loader`` may write, ``reader`` only read."""

    base: str
    loader: tuple[str, str] = LOADER
    reader: tuple[str, str] = READER

    @property
    def endpoint(self) -> str:
        """The open SPARQL endpoint (reads as the anonymous SPARQL user)."""
        return self.base + "/sparql"

    def graph_store(self, user: tuple[str, str] | None = None) -> str:
        """The Graph Store Protocol URL that asks for a password, with ``user`` in it."""
        user_part = f"{user[0]}:{user[1]}@" if user else ""
        return self.base.replace("http://", f"http://{user_part}") + "/sparql-graph-crud-auth"


def virtuoso_binary() -> str | None:
    """``virtuoso-t`` (Debian's virtuoso-opensource; scripts/system-deps.sh installs it), or None."""
    return shutil.which("virtuoso-t")


@contextmanager
def virtuoso(directory: Path, *, buffers: int = 10_000, max_rows: int = 100_000_000,
             wait: float = 60) -> Iterator[Virtuoso]:
    """A Virtuoso with its database in ``directory`` (new and empty) on free loopback ports, and a
    loading user with the SPARQL_UPDATE role; stopped, and ``directory`` emptied, afterwards.
    ``max_rows``: the most rows /sparql answers (Virtuoso's ResultSetMaxRows)."""
    binary, isql = virtuoso_binary(), shutil.which("isql-vt")
    if not binary or not isql:
        raise FileNotFoundError("virtuoso-t and isql-vt (Debian package virtuoso-opensource)")
    directory.mkdir(parents=True, exist_ok=True)
    http_port, sql_port = free_port(), free_port()
    ini = directory / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.read_text(encoding="utf-8").format(
        dir=directory, http_port=http_port, sql_port=sql_port, buffers=buffers,
        dirty_buffers=buffers * 3 // 4, max_rows=max_rows), encoding="utf-8")
    # -f: in the foreground, so that terminate() reaches the server itself (it checkpoints and exits)
    process = subprocess.Popen([binary, "-f", "-c", str(ini)], cwd=directory,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{http_port}"
    try:
        _wait_until_answers(process, base + "/sparql?query=ASK%7B%7D", "virtuoso-t", wait)
        setup = VIRTUOSO_SETUP.format(LOADER, READER)
        # dba/dba is the password of a new database; the SQL port listens on loopback only
        subprocess.run([isql, f"127.0.0.1:{sql_port}", "dba", "dba", f"exec={setup}"],
                       check=True, capture_output=True, timeout=60)
        yield Virtuoso(base)
    finally:
        _stop(process)
        shutil.rmtree(directory, ignore_errors=True)
