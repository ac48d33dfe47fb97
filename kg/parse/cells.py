"""Lines → cells. Every layout becomes one stream of cells that remember their line.

Line styles, which may mix in one file:

* one cell per line, a leading tab or nothing (the Tianjin dump): a line of only
  whitespace is an empty cell, an empty line separates nothing;
* one cell per line ending in `` |``, a bare ``|`` for an empty cell; a line of two pipes
  or more (``||||``) is where a flattened HTML row ends, kept as a separator cell;
* one cell per line with a bare ``|`` line between cells (a PDF's table turned to text,
  ``项目名称`` / ``|`` / ``国家基本公共卫生服务项目`` / ``|``): there the ``|`` after a cell
  is that cell's end, as `` |`` would be on its line, and only a second ``|`` is an empty cell;
* a pipe row printed a cell a line, each after an indented ``|`` (a county media site's
  report pages): joined into one pipe row on its first line;
* pipe rows ``| a | b |``, also without the leading pipe (``a | b | |``) and with trailing
  runs of empty cells (``| ||||``), and tab-separated rows ``a<TAB>b``: cells of one row
  share a ``row`` number, so later stages can place them by column.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from typing import TYPE_CHECKING, Iterable, NamedTuple, Sequence

from kg.records import SourceLine

if TYPE_CHECKING:
    from kg.parse.vocab import Vocabulary

UNSPLIT = -1  # ``col`` of a glued indicator line that could not be cut into cells
SUPPLIED = "supplied"  # the kind of a header cell no page printed (kg/parse/headerless.py)
_PIPE_RULE = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?$")
_EDGE = " \t\u3000\u00a0"

# an amount as a budget cell prints it (``814``, ``50万``, ``1,200.5 万元``)
AMOUNT = r"\d[\d,]*(?:\.\d+)?\s*(?:万元|元|万)?"
# a cell that is an amount and nothing else
AMOUNT_ONLY = re.compile(rf"^\s*{AMOUNT}\s*$")


# Characters a web page or a Word file leaves that print as a space or as nothing: a browser shows
# ``经济效益&nbsp;指标`` as ``经济效益 指标``, and a space-separated row parted by no-break spaces
# is parted all the same; a zero-width space before a ``|`` would hide the pipe row's cell edge
_INVISIBLE = re.compile("[\u00a0\u2000-\u200d\u2060\u202f\u205f\ufeff]")
_AS_PRINTED = str.maketrans({**{c: " " for c in (0xA0, *range(0x2000, 0x200B), 0x202F, 0x205F)},
                             **{c: None for c in (0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF)}})
# HTML entities a page's text kept undecoded (``&nbsp;``, ``&ge;95%``, ``&#8805;``)
_ENTITY = re.compile(r"&(?:[A-Za-z]{2,8}|#\d{2,6}|#[xX][0-9A-Fa-f]{2,5});")
# a table's column edges drawn other ways: a full-width ``｜`` or a box-drawing ``│``/``┃``
_OTHER_BARS = re.compile("[\uff5c\u2502\u2503]")
_AS_PIPES = str.maketrans("\uff5c\u2502\u2503", "|||")
MIN_DRAWN_ROWS = 3
# a rule between rows drawn in ASCII or box-drawing (``+------+----+``, ``├──┼──┤``)
_RULE = re.compile(r"^\s*[+|\u2500-\u257f]?[-=\u2500\u2501\u2550+|:\u2500-\u257f\s]*$")
_RULE_DASHES = re.compile(r"[-=\u2500\u2501\u2550]{3}")
_DASHED_LINE = re.compile(r"(?m)^[^\n]*[-=\u2500\u2501\u2550]{3}[^\n]*$")
_RULE_JOINTS = re.compile(r"[+|\u251c-\u254b\u250c-\u2518\u2560-\u256c]")
# a cheap look for page furniture (第 2 页, — 3 —, Page 2) before every line is asked
_FURNITURE_HINT = re.compile(r"页|[Pp]age|[-—–‒―]\s*\d{1,4}\s*[-—–‒―]")


def as_printed(text: str) -> str:
    """``text`` with its HTML entities decoded, its no-break and other odd-width spaces as plain
    spaces and its zero-width characters gone: what a reader sees on the page."""
    if "&" in text and _ENTITY.search(text):
        text = html.unescape(text)
    return text.translate(_AS_PRINTED) if _INVISIBLE.search(text) else text


def tidy_lines(lines: Sequence[SourceLine], vocab: "Vocabulary") -> Sequence[SourceLine]:
    """The lines as printed (:func:`as_printed`), a table's other column edges (``｜``, ``│``) as
    pipes, without rules drawn between rows (``+-----+``) or a PDF's page furniture (``第 2 页，
    共 5 页``, ``— 3 —``) on lines of their own, wherever the page break fell, in a row too,
    and a row printed a cell a line after indented pipes as one pipe row. Every kept line keeps
    its number."""
    text = "\n".join(line.text for line in lines)
    odd = _INVISIBLE.search(text) or ("&" in text and _ENTITY.search(text))
    bars = _OTHER_BARS.search(text)
    rules = _RULE_DASHES.search(text) and any(_is_rule(found.group()) for found in _DASHED_LINE.finditer(text))
    furniture = _FURNITURE_HINT.search(text)
    indented = _prints_rows_indented(text)
    if not (odd or bars or rules or furniture):
        return _rows_over_indented_lines(lines) if indented else lines
    # where ``｜`` or ``│`` part the cells of rows, every one of them does (``数量指标 │ …``)
    every_bar = bars and sum(_draws_columns(line.text) for line in lines) >= MIN_DRAWN_ROWS
    kept = []
    for line in lines:
        if odd:
            line = line._replace(text=as_printed(line.text))
        if bars and (_OTHER_BARS.search(line.text) if every_bar else _draws_columns(line.text)):
            line = line._replace(text=line.text.translate(_AS_PIPES))
        if rules and _is_rule(line.text):
            continue
        if furniture and line.text and vocab.match("page_furniture", line.text):
            continue
        kept.append(line)
    if odd or bars or rules:  # &nbsp; indenting a pipe, a ｜ made one, a drawn rule gone: count again
        indented = _prints_rows_indented("\n".join(line.text for line in kept))
    return _rows_over_indented_lines(kept) if indented else kept


# a pipe opening an indented line: a row a page printed with each cell on a line of its own
# (one cell after it at most: an indented line that is a whole row, | a | b |, is a row of its own)
_INDENTED_PIPE = re.compile(r"(?m)^[ \t\u3000\u00a0]{2,}\|[^|\n]*\|*[ \t]*$")


def _prints_rows_indented(text: str) -> bool:
    # most dumps have no indented pipe at all: one search of the whole text says so
    return "|" in text and len(_INDENTED_PIPE.findall(text)) >= MIN_DRAWN_ROWS


def _rows_over_indented_lines(lines: Sequence[SourceLine]) -> list[SourceLine]:
    """A row whose cells a page printed on indented lines, each after a pipe (大英 2020, dyxrmt.cn:
    ``项目决策`` / ``        | 数量指标`` / ``        | 宣传次数`` / … / ``        | |``), as one pipe row
    on its first line: an indented line without a pipe is the wrap of the cell before it
    (``社会效益`` / ``       指标``). A line at the margin starts the next row or is text."""
    out: list[SourceLine] = []
    run: list[SourceLine] = []

    def flush() -> None:
        if len(run) > 1 and any(_INDENTED_PIPE.match(line.text) for line in run[1:]):
            joined = run[0].text.rstrip()
            for line in run[1:]:
                joined += (" " if line.text.lstrip().startswith("|") else "") + line.text.strip()
            out.append(run[0]._replace(text=joined))
        else:
            out.extend(run)
        run.clear()

    for line in lines:
        indented = line.text[:1] in (" ", "\t", "\u3000") and line.text.strip()
        if not indented:
            flush()
        run.append(line)
    flush()
    return out


def _draws_columns(text: str) -> bool:
    """A line whose ``｜`` or ``│`` part cells: two of them, or one at an edge of the line."""
    found = _OTHER_BARS.findall(text)
    stripped = text.strip()
    return len(found) >= 2 or bool(found and (_OTHER_BARS.match(stripped[:1]) or _OTHER_BARS.match(stripped[-1:])))


def _is_rule(text: str) -> bool:
    """``+------+----+`` or ``├──┼──┤``: dashes with joints, no word (a lone ``——`` is an empty cell)."""
    return bool(_RULE.match(text) and _RULE_DASHES.search(text) and _RULE_JOINTS.search(text))


class Cell(NamedTuple):  # a tuple, not a dataclass: a dump has hundreds of thousands of cells
    """One table cell: its exact text (edges trimmed), its line, and its row if known."""

    text: str
    line: int
    row: int | None = None
    col: int | None = None
    # "sep": a line of pipes only, where a flattened row starts or ends; "end": a cell whose
    # line ends in `` |`` (a line before it without one is the same cell, wrapped); "soft":
    # a piece of a space-separated line; "piece": a piece of a line that holds a whole table,
    # read like a line of its own; "bar": an empty cell printed as a bare ``|``
    kind: str = ""


def to_cells(lines: Iterable[SourceLine]) -> list[Cell]:
    """Cut lines into cells; rows are numbered by the line they sit on."""
    cells: list[Cell] = []
    append, extend = cells.append, cells.extend
    for _, line, text in lines:
        if "|" in text or "\t" in text:
            extend(line_cells(text, line))
        elif text:  # the common line: one cell, what line_cells gives it without the checks
            append(_tuple(Cell, (text.strip(_EDGE), line, None, None, "")))
    return _drop_bars_ending_cells(cells) if _bars_end_cells(cells) else cells


_tuple = tuple.__new__  # a cell made without the named tuple's Python-level constructor


def _ends_cell(cells: list[Cell], i: int) -> bool:
    """Whether ``cells[i]`` is a bare ``|`` on the line after a plain one-cell line."""
    if cells[i].kind != "bar" or i == 0:
        return False
    before = cells[i - 1]
    return bool(before.text) and before.kind == "" and before.row is None


def _bars_end_cells(cells: list[Cell]) -> bool:
    """Whether most bare ``|`` lines follow a plain cell: the layout where they end cells.
    Elsewhere a bare ``|`` follows a cell ending in `` |`` or another ``|`` (an empty cell)."""
    bars = ending = 0
    for i, cell in enumerate(cells):
        if cell.kind == "bar":
            bars += 1
            ending += _ends_cell(cells, i)
    return ending >= 3 and 2 * ending > bars


def _drop_bars_ending_cells(cells: list[Cell]) -> list[Cell]:
    return [cell for i, cell in enumerate(cells) if not _ends_cell(cells, i)]


def line_cells(text: str, line: int) -> list[Cell]:
    """The cells one line holds (none for an empty line or a table rule)."""
    if text == "":
        return []
    stripped = text.strip(_EDGE)
    if stripped and not stripped.strip("|" + _EDGE):
        # a bare ``|`` is an empty cell; ``||`` or more ends a flattened row
        return [Cell("", line, kind="bar")] if stripped == "|" else [Cell("", line, kind="sep")]
    if "|" in stripped:
        if _PIPE_RULE.match(stripped):
            return []
        parts = [p.strip(_EDGE) for p in stripped.split("|")]
        if stripped.startswith("|"):
            parts = parts[1:]
        while parts and not parts[-1]:
            parts.pop()  # a trailing run of empty cells pads the row to the sheet's width
        if len(parts) == 1:
            return [Cell(parts[0], line, kind="end" if stripped.endswith("|") else "")]
        return [_tuple(Cell, (p, line, line, i, "")) for i, p in enumerate(parts)]
    body = text.lstrip("\t")
    if "\t" in body.strip(_EDGE):
        parts = body.rstrip("\r\n").split("\t")
        return [_tuple(Cell, (p.strip(_EDGE), line, line, i, "")) for i, p in enumerate(parts)]
    return [_tuple(Cell, (stripped, line, None, None, ""))]


def line_step(cells: list[Cell]) -> int:
    """The lines from one cell to the next in most of a dump (1; 2 with a blank line between
    cells; 4 with three): two pieces of one word are at most two steps apart, a page's number
    or a blank line between them."""
    steps = Counter(b.line - a.line for a, b in zip(cells, cells[1:]) if b.line > a.line)
    step = max(steps, key=lambda n: (steps[n], -n), default=1)
    return min(max(step, 1), MAX_LINE_STEP)


MAX_LINE_STEP = 4
