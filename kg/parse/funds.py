"""A self-evaluation's funds grid glued into one line, its digit runs cut by the grid's arithmetic.

``项目资金(万元)全年预算数(A)全年执行数(B)执行率(B/A)年度资金总额194.9194.9100%其中:…资金194.9194.9100%``

The headings (``kg/parse/data/funds.tsv``) say what each row's run holds: amounts, the points
(分值), the execution rate with its ``%``, the score. A run is cut only where exactly one cut
fits: the rate is the executed amount over the budget, a score is no more than its points, no
number but 0 starts with 0, and a row under 其中 is no more than the total. Rows that print
fewer cells (``其中:本年财政拨款2020``: budget and executed only) are tried with the amounts alone.
A run that cannot be cut one way stays one cell, and the table reader says the budget is no amount.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from kg.normalise.numbers import ZEROS, fold
from kg.parse.vocab import Vocabulary, squash
from kg.resources import read_tsv

AMOUNT_ROLES = ("planned", "budget", "executed")
MAX_RUN = 40  # the longest run of one row's digits tried
_BLOCK = re.compile(r"(?:项目资金|资金情况|资金投入)(?:[(（](?:万元|元)[)）])?")
_LETTER = re.compile(r"[(（][A-Za-z/／]{1,5}[)）]")
_RUN = re.compile(r"[\d.,%％．]*")  # ``１９４.９１００％`` too: a Word file's full-width digits
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_SUBROW = re.compile(r"其中\s*[:：][^\d]{1,24}?(?=\d)")
_BUDGET_ROWS = ("budget_total", "budget_fiscal", "budget_other")


@lru_cache(maxsize=1)
def funds_columns() -> dict[str, str]:
    """Heading → role, from ``funds.tsv``."""
    return {heading: role for heading, role in read_tsv("parse", "funds.tsv")}


def is_funds_heading(text: str) -> bool:
    """``全年执行数``, ``执行率(B/A)``: the heading of a funds grid's column (no purpose text)."""
    key = _LETTER.sub("", squash(text))
    return key in funds_columns()


def find_funds_grid(text: str, vocab: Vocabulary) -> tuple[int, int, list[list[str]]] | None:
    """(start, end, rows) of a glued funds grid in ``text``: its heading row, then each row's
    label and cells; None when there is none, or when its first row cannot be cut one way."""
    for block in _BLOCK.finditer(text):
        found = _columns_at(text, block.end())
        if found is None:
            continue
        headings, roles, at = found
        rows = [[block.group()] + headings]
        totals: dict[str, Decimal] | None = None
        while at < len(text):
            label = _row_label(text, at, vocab)
            if label is None:
                break
            at += len(label)
            run = _RUN.match(text, at).group()[:MAX_RUN]
            at += len(run)
            if not run:
                rows.append([label, ""])
                continue
            cells = _cut_printed(run, roles, totals)
            if cells is None:
                if totals is None:
                    return None  # the total's run is not one cut: leave the text to the reader
                rows.append([label, run])
                continue
            if totals is None:
                totals = {role: _number(cell) for role, cell in cells if role in AMOUNT_ROLES}
            rows.append([label] + [cell for _, cell in cells])
        if totals is not None:
            return block.start(), at, rows
    return None


def _columns_at(text: str, at: int) -> tuple[list[str], list[str], int] | None:
    """The headings from ``at`` (two at least, an amount among them), their roles, and the end."""
    headings, roles = [], []
    columns = funds_columns()
    while True:
        heading = next((h for h in sorted(columns, key=len, reverse=True) if text.startswith(h, at)), None)
        if heading is None:
            break
        letter = _LETTER.match(text, at + len(heading))
        end = letter.end() if letter else at + len(heading)
        headings.append(text[at:end])
        roles.append(columns[heading])
        at = end
    if len(roles) < 2 or not set(roles) & {"budget", "planned"}:
        return None
    return headings, roles, at


def _row_label(text: str, at: int, vocab: Vocabulary) -> str | None:
    """A row's label at ``at``: a budget label (年度资金总额, 其他资金…) or ``其中:…`` up to its digits."""
    for size in range(min(16, len(text) - at), 1, -1):
        piece = text[at:at + size]
        if vocab.label(piece) in _BUDGET_ROWS or squash(piece) in {"上年结转资金", "上年结余资金"}:
            colon = re.match(r"\s*[:：]", text[at + size:])
            return piece + (colon.group() if colon else "")
    sub = _SUBROW.match(text, at)
    return sub.group() if sub else None


def _cut_printed(run: str, roles: list[str], totals: dict[str, Decimal] | None) -> list[tuple[str, str]] | None:
    """:func:`_cut` of the run's ASCII form (``２０２０１０１００.００％`` → ``2020100100.00%``), each
    cell given back as printed."""
    folded = fold(run)
    if len(folded) != len(run):
        return _cut(run, roles, totals)
    cut = _cut(folded, roles, totals)
    if cut is None:
        return None
    printed, at = [], 0
    for role, cell in cut:
        printed.append((role, run[at:at + len(cell)]))
        at += len(cell)
    return printed


def _cut(run: str, roles: list[str], totals: dict[str, Decimal] | None) -> list[tuple[str, str]] | None:
    """The one way to cut ``run`` into cells of ``roles`` (or, under 其中, of fewer roles)."""
    tries = [roles]
    if totals is not None:
        tries += [[r for r in roles if r not in ("weight", "score")], [r for r in roles if r in AMOUNT_ROLES]]
    for columns in dict.fromkeys(map(tuple, tries)):
        found = [cut for cut in _cuts(run, 0, columns, {}) if _fits(cut, totals)]
        if len(found) > 1:
            found = [cut for cut in found if _scored_by_rate(cut)]
        if len(found) == 1:
            return found[0]
        if found:
            return None  # more than one way: no guess
    return None


def _cuts(run: str, at: int, columns: tuple[str, ...], weight: dict):
    """Every way to read ``columns`` from ``run[at:]`` to its end, as (role, cell) lists."""
    if not columns:
        if at == len(run):
            yield []
        return
    role, rest = columns[0], columns[1:]
    for size in _sizes(run, at, role):
        cell = run[at:at + size]
        if role == "score" and "weight" in weight and Decimal(cell) > weight["weight"]:
            continue
        for tail in _cuts(run, at + size, rest, {**weight, "weight": Decimal(cell)} if role == "weight" else weight):
            yield [(role, cell)] + tail


def _sizes(run: str, at: int, role: str) -> list[int]:
    number = _NUMBER.match(run, at)
    if not number:
        return []
    if role == "rate":  # the rate is the one cell that carries its %
        cell = number.group()
        if run[number.end():number.end() + 1] not in ("%", "％") or (len(cell) > 1 and cell[0] in ZEROS and cell[1] not in ".．"):
            return []
        return [number.end() - at + 1]
    sizes = []
    for end in range(at + 1, number.end() + 1):
        cell = run[at:end]
        if cell.endswith(".") or (len(cell) > 1 and cell[0] in ZEROS and cell[1] not in ".．"):
            continue
        if role in ("weight", "score") and Decimal(cell) > 100:
            continue
        sizes.append(end - at)
    return sizes


def _fits(cut: list[tuple[str, str]], totals: dict[str, Decimal] | None) -> bool:
    """The rate is executed / budget; an amount under 其中 is no more than the total's."""
    try:
        values = {role: _number(cell) for role, cell in cut}
    except InvalidOperation:
        return False
    if "rate" in values and "executed" in values and "budget" in values:
        expected = values["executed"] / values["budget"] * 100 if values["budget"] else Decimal(0)
        # as printed, rounded (or cut) to its last digit: 100% for 99.6 %, 100.00% for 100 %
        if abs(expected - values["rate"]) >= Decimal(1).scaleb(values["rate"].as_tuple().exponent):
            return False
    return totals is None or all(values[r] <= totals[r] for r in values if r in totals)


def _scored_by_rate(cut: list[tuple[str, str]]) -> bool:
    """The template scores the execution as its points times the rate (up to 100 %): between
    cuts the grid allows, the one whose score says so."""
    values = {role: _number(cell) for role, cell in cut}
    if not {"weight", "rate", "score"} <= set(values):
        return True
    return abs(values["weight"] * min(values["rate"], Decimal(100)) / 100 - values["score"]) <= Decimal("0.5")


def _number(cell: str) -> Decimal:
    """A cut cell's value: its % dropped, full-width digits read as digits."""
    return Decimal(fold(cell).rstrip("%"))
