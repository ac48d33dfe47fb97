"""Start a server process on a free loopback port and wait until it answers (tests, benchmarks)."""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.request
from contextlib import contextmanager
from typing import Callable, Iterator


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running(command: Callable[[int], list[str]], probe: str = "/", *, wait: float = 30) -> Iterator[str]:
    """Run ``command(port)``; yield its base URL once ``probe`` answers; stop it afterwards."""
    port = free_port()
    process = subprocess.Popen(command(port), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + wait
    try:
        while True:
            try:
                urllib.request.urlopen(base + probe, timeout=1)
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"{command(port)[0]} did not start: "
                                       + process.stderr.read().decode(errors="replace")) from None
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)
