"""Accuracy on the real tables written other ways: how their text arrives from other tools.

Each variant rewrites the pipe rows of every real table (``tests/real-tables`` and
``tests/real-wild``) and scores the copies against the same hand-written answers
(``tests/accuracy.py``). Lines that are not pipe rows stay as printed.

    python -m tests.variants [--misses] [VARIANT ...]    (default: every variant)

spaces   cells joined by one space, empty cells left out (a PDF's text layer)
glued    cells joined with nothing between them (a .docx preview on a sharing site)
cells    one cell a line, a blank line after each, empty cells too (a sheet saved as text)
blank    every line break doubled
tabs     cells parted by tabs, empty ones kept (a sheet copied as text)
box      cells drawn with ``│``, CRLF line ends
pairs    not a file: each answer's row glued into one text (三级 and 指标值; 二级 before them; 一级 and
         二级 before them) and cut again by the glued row reader (``补贴标准对国有企业…`` → 补贴标准 |
         对国有企业…): right, wrong, left uncut

``tests/test_real_layouts.py`` writes single real tables with the same functions.

The README's figures for "the same tables written other ways" come from here.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path
from typing import Callable

from tests import accuracy


def pipe_cells(line: str) -> list[str] | None:
    """A pipe dump's line as its cells (empty ones kept), or None for a line without pipes."""
    return [c.strip() for c in line.strip().strip("|").split("|")] if "|" in line else None


def _rows_rewritten(text: str, rewrite: Callable[[list[str]], list[str]]) -> str:
    """``text`` with each pipe row replaced by the lines ``rewrite`` makes of its cells."""
    lines: list[str] = []
    for line in text.splitlines():
        cells = pipe_cells(line)
        lines += [line] if cells is None else rewrite(cells)
    return "\n".join(lines) + "\n"


def spaced(text: str) -> str:
    """A pipe dump's rows with single spaces between the cells, as a PDF's text layer gives them."""
    return _rows_rewritten(text, lambda cells: [" ".join(c for c in cells if c)])


def sheet_copy(text: str) -> str:
    """A pipe dump's rows as a sheet copied to text gives them: cells between tabs, the empty ones
    (merged cells, padding) kept as empty fields."""
    return _rows_rewritten(text, lambda cells: ["\t".join(cells)])


def one_cell_a_line(text: str) -> str:
    """A pipe dump's rows one cell a line, a blank line after each, as a sheet saved as text by some
    converters prints them (the empty cells of a row's end are blank lines too)."""
    return _rows_rewritten(text, lambda cells: [part for c in cells for part in (c, "")])


VARIANTS: dict[str, Callable[[str], str]] = {
    "spaces": spaced,
    "glued": lambda text: _rows_rewritten(text, lambda cells: ["".join(cells)]),
    "cells": one_cell_a_line,
    "blank": lambda text: "\n\n".join(text.split("\n")),
    "tabs": sheet_copy,
    "box": lambda text: _rows_rewritten(text, lambda cells: ["│" + "│".join(cells) + "│"]).replace("\n", "\r\n"),
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


def score_glued_pairs(show_misses: bool = False) -> dict[str, int]:
    """Every answer's row glued into one text and cut again by the glued row reader: its name and
    target, then with its 二级 before them, then with its 一级 and 二级."""
    from kg.parse.gluedrow import split_indicator_line
    from kg.parse.vocab import vocabulary

    vocab, counts = vocabulary(), {"right": 0, "wrong": 0, "uncut": 0}
    for set_dir in accuracy.SETS.values():
        for key, entry in accuracy.gold_entries(set_dir).items():
            for row in entry.get("indicators", []):
                name, raw = row.get("name"), row.get("raw")
                if not name or not raw:
                    continue
                level1, level2 = (row.get("level1_any") or [None])[0], row.get("level2")
                forms = [[name, raw]] + ([[level2, name, raw]] if level2 else []) + (
                    [[level1, level2, name, raw]] if level1 and level2 else [])
                for cells in forms:
                    cut = split_indicator_line("".join(cells), vocab, sentence=True)
                    verdict = "uncut" if cut is None else "right" if cut[-len(cells):] == cells else "wrong"
                    counts[verdict] += 1
                    if show_misses and verdict != "right":
                        print(f"      {verdict}: {key.split('_')[0]} {' | '.join(cells)} → {cut}")
    print("glued rows: " + ", ".join(f"{n} {verdict}" for verdict, n in counts.items()))
    return counts


if __name__ == "__main__":
    names = [a for a in sys.argv[1:] if not a.startswith("--")] or [*VARIANTS, "pairs"]
    for variant in names:
        if variant == "pairs":
            score_glued_pairs(show_misses="--misses" in sys.argv)
        else:
            score_variant(variant, show_misses="--misses" in sys.argv)
