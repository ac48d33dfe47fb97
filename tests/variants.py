"""Accuracy on the real tables written other ways: how their text arrives from other tools.

Each variant rewrites the pipe rows of every real table (``tests/real-tables`` and
``tests/real-wild``) and scores the copies against the same hand-written answers
(``tests/accuracy.py``). Lines that are not pipe rows stay as printed.

    python -m tests.variants [--misses] [VARIANT ...]    (default: every variant)

spaces   cells joined by one space, empty cells left out (a PDF's text layer)
glued    cells joined with nothing between them (a .docx preview on a sharing site)
cells    one cell a line, a blank line after each (a web page's table as text)
blank    every line break doubled
tabs     cells parted by tabs (a sheet copied as text)
box      cells drawn with ``│``, CRLF line ends

The README's figures for "the same tables written other ways" come from here.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path
from typing import Callable

from tests import accuracy


def _pipe_cells(line: str) -> list[str] | None:
    text = line.strip()
    return [c.strip() for c in text.strip("|").split("|")] if text.count("|") >= 2 else None


def _rows_joined(join: Callable[[list[str]], str]) -> Callable[[str], str]:
    def rewrite(text: str) -> str:
        return "\n".join(line if (cells := _pipe_cells(line)) is None else join(cells) for line in text.split("\n"))
    return rewrite


def _one_cell_a_line(text: str) -> str:
    out: list[str] = []
    for line in text.split("\n"):
        cells = _pipe_cells(line)
        out.extend([line] if cells is None else [part for c in cells if c for part in (c, "")])
    return "\n".join(out)


VARIANTS: dict[str, Callable[[str], str]] = {
    "spaces": _rows_joined(lambda cells: " ".join(c for c in cells if c)),
    "glued": _rows_joined("".join),
    "cells": _one_cell_a_line,
    "blank": lambda text: "\n\n".join(text.split("\n")),
    "tabs": _rows_joined(lambda cells: "\t".join(cells).rstrip("\t")),
    "box": lambda text: _rows_joined(lambda cells: "│" + "│".join(cells) + "│")(text).replace("\n", "\r\n"),
}


def score_variant(name: str, show_misses: bool = False) -> dict[str, dict[str, accuracy.Tally]]:
    """Write every real table the variant's way, score it and print the totals per set."""
    rewrite = VARIANTS[name]
    result = {}
    with tempfile.TemporaryDirectory() as tmp:
        for set_name, set_dir in accuracy.SETS.items():
            copy = Path(tmp) / set_name
            shutil.copytree(set_dir, copy, ignore=shutil.ignore_patterns("raw"))
            (copy / "raw").mkdir()
            for raw in sorted((set_dir / "raw").iterdir()):
                (copy / "raw" / raw.name).write_text(rewrite(raw.read_text(encoding="utf-8")), encoding="utf-8")
            scores = accuracy.score_set(copy)
            for score in scores if show_misses else ():
                for miss in score.misses:
                    print(f"      miss: {miss}")
            result[set_name] = accuracy.totals(scores)
            print(f"{name} {set_name}: " + ", ".join(f"{tier} {t.exact}/{t.rows} rows ({t.found}/{t.tables} tables "
                                                     f"with budget)" for tier, t in result[set_name].items()))
    return result


if __name__ == "__main__":
    names = [a for a in sys.argv[1:] if not a.startswith("--")] or list(VARIANTS)
    for variant in names:
        score_variant(variant, show_misses="--misses" in sys.argv)
