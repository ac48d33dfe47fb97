"""Shared by the benchmarks: the machine line, and replacing one section of bench/results.md."""

from __future__ import annotations

import datetime
import os
import platform
from importlib.metadata import version
from pathlib import Path

import kg

RESULTS = Path(__file__).with_name("results.md")


def machine_line() -> str:
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (f"{datetime.date.today()} · {platform.machine()} · {os.cpu_count()} cores · {memory:.0f} GiB · "
            f"Python {platform.python_version()} · kg {kg.__version__} · pyoxigraph {version('pyoxigraph')} · "
            f"rdflib {version('rdflib')}")


def replace_section(heading: str, section: str, results: Path = RESULTS) -> None:
    """Put ``section`` (which starts with ``heading``) in place of the old one, or append it."""
    text = results.read_text(encoding="utf-8") if results.exists() else "# Benchmarks\n\n"
    start = text.find(heading)
    if start >= 0:
        end = text.find("\n## ", start + 3)
        text = text[:start] + section + (text[end + 1:] if end >= 0 else "")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    results.write_text(text, encoding="utf-8")
