"""Place indicator cells by what they are: one labelling of a table's cells, found by Viterbi.

Every layout (cell per line, pipe, tab, space-separated, glued, the rows of DOCX/XLSX/PDF/
HTML) reaches this module as one sequence of cells under a header. Each cell is given a
column of the header (一级, 二级, 三级, 指标值, 权重, …) or dropped as noise; a row is a run of
cells in increasing column order. The best labelling minimises a cost made of

* how well each cell fits its column (category words in 一级/二级, the target grammar in
  指标值, a comparator in 指标性质, …: :func:`fit_cost`),
* the columns a row leaves out (a merged 一级/二级 cell costs little, a missing 三级 or 指标值
  much: :data:`SKIP_COST`), and
* where rows start (a new line in an explicit row layout starts a row; a new row in the
  middle of one line is dear).

The header's columns are a guide, not fixed positions: a short row, a row shifted left, a
trailing run of empty cells or a lost merged cell all find their place by content.
The weights are data in ``kg/parse/data/fit.tsv``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

from kg.normalise.numbers import fold
from kg.normalise.targets import is_comparator, is_qualitative_phrase, parse_period, read_quantity, split_note
from kg.parse.cells import Cell
from kg.parse.vocab import Vocabulary, squash
from kg.resources import read_tsv

_NUMBER_RE = re.compile(r"^\s*\d+(?:\.\d+)?\s*(?:分|%|％)?\s*$")
_AMOUNT_RE = re.compile(r"^\s*\d{1,3}(?:,\d{3})*(?:\.\d+)?\s*(?:万元|元|万)?\s*$|^\s*\d+(?:\.\d+)?\s*(?:万元|元|万)?\s*$")
_DATE_RE = re.compile(r"\d{4}\s*[年.\-/]|\d{1,2}\s*月(?:底|末|份|前|内)?|年底|年末|月底|季度|全年|当年")
_SCORE_BAND = re.compile(r"[(（]\s*\d+(?:\s*[-—~]\s*\d+)?\s*[)）]?\s*分?\s*[)）]?$|\d+分[)）]?$")
_TRAILING_NOTE = re.compile(r"[(（][^()（）]*[)）]$")
_MONEY_RE = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
_UNIT_RE = re.compile(r"^\[?\d{3,}|(?:部|局|委|委员会|政府|中心|院|办|办公室|所|站|队|馆|会|处|厅|部门|学校|镇|乡|街道)$")
DIRECTIONS = ("正向", "反向", "逆向", "中性", "正向指标", "反向指标", "逆向指标", "中性指标")
LEADS = ("绩", "绩效", "绩效指标", "年度绩效指标", "本年度绩效指标", "项目绩效指标", "年度绩效目标指标")


@dataclass(frozen=True)
class Weights:
    """The costs of the labelling (``kg/parse/data/fit.tsv``)."""

    values: dict[str, float]

    def __getitem__(self, key: str) -> float:
        return self.values[key]


@lru_cache(maxsize=1)
def weights() -> Weights:
    return Weights({name: float(value) for name, value in read_tsv("parse", "fit.tsv")})


def base_role(key: str | None) -> str | None:
    """``value:long_term`` → ``value``; ``field:project`` stays."""
    if key is None:
        return None
    return key.split(":", 1)[0] if not key.startswith("field:") else key


def skip_cost(key: str | None) -> float:
    """What a row pays for leaving column ``key`` out."""
    w = weights()
    role = base_role(key)
    if key is not None and key.endswith(":long_term") and role in ("name", "value"):
        return w["skip_long_term"]
    if role is not None and role.startswith("field:"):
        return w["skip_level1"]
    return w.values.get(f"skip_{role}", w["skip_other"])


def category_like(text: str) -> bool:
    """An unlisted category still reads like one: short, ending in 指标/目标/值, maybe a score band."""
    key = _SCORE_BAND.sub("", squash(text))
    return 2 <= len(key) <= 14 and key.endswith(("指标", "目标", "产出值", "效益值", "满意度值"))


def strip_score(text: str) -> str:
    """``产出指标(50分)``, ``数量指标（必填）`` → the category for matching (the cell keeps its text)."""
    key = _SCORE_BAND.sub("", squash(text))
    bare = _TRAILING_NOTE.sub("", key)
    return bare if len(bare) >= 2 else (key or squash(text))


def is_lead(text: str) -> bool:
    """The leading 绩效指标 column of a header or of a row (``绩 效 指 标``, ``绩效指标(权重…)``,
    ``专项年度绩效指标``)."""
    key = _TRAILING_NOTE.sub("", squash(text))
    return key in LEADS or (key.endswith("绩效指标") and len(key) <= 10)


def target_like(text: str) -> float:
    """How much ``text`` reads like a 指标值: 3 a clean quantity or period, 2 a known phrase,
    1.5 a number-led cell, 0 anything else."""
    return _target_like(text)


@lru_cache(maxsize=1 << 16)
def _target_like(text: str) -> float:
    t = fold(text).strip()
    if not t:
        return 0.0
    if parse_period(t):
        return 3.0
    core, _ = split_note(t)
    q = read_quantity(core)
    if q is not None and (q.rest == "" or q.known_unit and len(q.rest) <= 4):
        return 3.0
    if is_qualitative_phrase(t):
        return 2.5
    if _DATE_RE.search(t) and len(t) <= 16:
        return 2.5
    if t[:1].isdigit() or t[:1] in "≥≤><=≧≦*":
        return 1.5
    if len(t) <= 6 and not category_like(t):
        return 1.0  # short words such as 较高, 优良, 影响程度明显 are values more often than names
    return 0.0


def fit_cost(vocab: Vocabulary, text: str, key: str | None) -> float:
    """Cost of cell text ``text`` in column ``key`` (lower fits better)."""
    return _fit_cost(vocab, text, key)


@lru_cache(maxsize=1 << 17)
def _fit_cost(vocab: Vocabulary, text: str, key: str | None) -> float:
    w = weights()
    role = base_role(key)
    if not text:
        return w["empty_in_required"] if role in ("name", "value") else 0.0
    plain = strip_score(text)
    is_l1 = vocab.is_level1(plain)
    is_l2 = vocab.is_level2(plain)
    like = category_like(text)
    if (is_l1 or is_l2) and not plain.endswith(("指标", "值", "目标")):
        # a bare stem (社会效益, 社会公众满意度) is a category in some tables and a 三级 name in others
        if role in ("level1", "level2"):
            return (-2.5 if (is_l1 if role == "level1" else is_l2) else 1.5)
        if role in ("name", "description"):
            return -1.0 if role == "name" else 0.5
    target = target_like(text)
    if role == "level1":
        if is_l1:
            return -4.0 if not is_l2 else -3.0
        if like and not is_l2:
            return -2.5
        return 1.5 if is_l2 else 7.0
    if role == "level2":
        if is_l2:
            return -4.0 if not is_l1 else -3.2
        if like and not is_l1:
            return -2.5
        return 2.0 if is_l1 else 7.0
    if role in ("name", "description"):
        base = 0.0 if role == "description" else -2.0
        if is_l1 or is_l2:
            return 4.0
        if _UNIT_RE.search(fold(text)):
            return base + 2.5
        if like:
            return 2.0
        if target >= 3.0:
            return base + 3.5
        if target >= 2.0:
            return base + 2.5
        return base
    if role == "value" or role == "actual":
        if is_l1 or is_l2:
            return 6.0
        if _MONEY_RE.match(fold(text)):
            return -0.5  # 8,827,620.53: an amount of money, the budget more often than a target
        if like:
            return 3.0
        return {3.0: -3.5, 2.5: -3.0, 1.5: -2.5, 1.0: -1.5}.get(target, -0.3)
    if role == "comparator":  # 指标性质 holds the comparator in some templates, 正向/反向 in others
        if is_comparator(text) or squash(text) in ("定量", "定性"):
            return -4.0
        return -3.0 if squash(text) in DIRECTIONS else 5.0
    if role == "unit":
        t = squash(text)
        return -2.5 if 0 < len(t) <= 6 and not any(ch.isdigit() for ch in t) and not like else 5.0
    if role in ("weight", "score"):
        return -2.0 if _NUMBER_RE.match(fold(text)) else 5.0
    if role == "direction":
        if squash(text) in DIRECTIONS:
            return -3.0
        return -3.0 if is_comparator(text) or squash(text) in ("定量", "定性") else 5.0
    if role == "standard":
        return -3.0 if squash(text).endswith("标准") else 1.0
    if role == "lead":
        return -3.0 if is_lead(text) else 7.0
    if role == "field:budget_total":
        return -3.0 if _AMOUNT_RE.match(fold(text)) else 5.0
    if role in ("field:project", "field:unit", "field:implementing_unit", "field:goals", "field:purpose"):
        if is_l1 or is_l2 or _AMOUNT_RE.match(fold(text)):
            return 5.0
        if role in ("field:unit", "field:implementing_unit"):
            return -1.5 if _UNIT_RE.search(fold(text)) else 1.0
        return -1.0
    return 0.5


@dataclass(frozen=True)
class Labelled:
    """One row as labelled: cells by column key, and the line where it starts."""

    cells: dict[str, Cell]
    line: int


def label_rows(cells: Sequence[Cell], keys: Sequence[str | None], vocab: Vocabulary) -> list[Labelled]:
    """The best labelling of ``cells`` under header ``keys`` (Viterbi); rows in order."""
    m = len(keys)
    if not cells or m == 0:
        return []
    w = weights()
    skip = [skip_cost(k) for k in keys]
    before = [0.0] * (m + 1)  # before[j] = cost of leaving out columns 0..j-1
    for j in range(m):
        before[j + 1] = before[j] + skip[j]
    total = before[m]
    row_start, drop_cost, drop_empty = w["row_start"], w["drop"], w["drop_empty"]
    inf = float("inf")
    # state j = the last column filled in the open row; -1 (index m) = no row open yet
    cost = [inf] * m + [0.0]
    back: list[list[tuple[int, int] | None]] = []  # per cell, per state: (previous state, action)
    prev_cell: Cell | None = None
    sep_since = False
    for cell in cells:
        if cell.kind == "sep":
            sep_since = True
            back.append([(j, 2) for j in range(m + 1)])  # a separator is dropped, state kept
            continue
        same_line = prev_cell is not None and prev_cell.line == cell.line and not sep_since
        hard_break = prev_cell is not None and not same_line and (
            sep_since or cell.row is not None or prev_cell.row is not None)
        soft = hard_break and not sep_since and (cell.kind == "soft" or prev_cell.kind == "soft")
        cont_pen = w["continue_after_soft_break"] if soft else w["continue_after_break"] if hard_break else 0.0
        new_pen = w["new_row_same_line"] if same_line else 0.0
        fits = [fit_cost(vocab, cell.text, k) for k in keys]
        new = [inf] * (m + 1)
        ptr: list[tuple[int, int] | None] = [None] * (m + 1)
        dropped = drop_empty if not cell.text else drop_cost
        for state in range(m + 1):  # drop the cell, keep the state
            c = cost[state] + dropped
            if c < new[state]:
                new[state], ptr[state] = c, (state, 2)
        # the cheapest way to close the open row, whatever it is
        best_close, best_close_state = inf, m
        for state in range(m + 1):
            if cost[state] == inf:
                continue
            close = cost[state] + (0.0 if state == m else total - before[state + 1])
            if close < best_close:
                best_close, best_close_state = close, state
        for j in range(m):
            # start a new row at column j
            c = best_close + row_start + new_pen + before[j] + fits[j]
            if c < new[j]:
                new[j], ptr[j] = c, (best_close_state, 1)
            # continue the open row at column j
            for state in range(j):
                if cost[state] == inf:
                    continue
                c = cost[state] + cont_pen + before[j] - before[state + 1] + fits[j]
                if c < new[j]:
                    new[j], ptr[j] = c, (state, 0)
        cost = new
        back.append(ptr)
        prev_cell = cell
        sep_since = False
    # close the last row
    end_state = min(range(m + 1), key=lambda s: (cost[s] + (0.0 if s == m else total - before[s + 1]), s))
    # walk back
    actions: list[tuple[int, int]] = []
    state = end_state
    for i in range(len(cells) - 1, -1, -1):
        prev, action = back[i][state]
        actions.append((state, action))
        state = prev
    actions.reverse()
    rows: list[Labelled] = []
    current: dict[str, Cell] | None = None
    for cell, (state, action) in zip(cells, actions):
        if action == 2:
            continue
        if action == 1 or current is None:
            current = {}
            rows.append(Labelled(current, cell.line))
        key = keys[state]
        if key is not None:
            current[key] = cell
    return [Labelled(r.cells, next((c.line for c in r.cells.values() if c.text), r.line)) for r in rows]
