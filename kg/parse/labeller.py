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
_MONEY_RE = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^\d+\.\d\d$")
_UNIT_RE = re.compile(r"^\[?\d{3,}|(?:部|局|委|委员会|政府|中心|院|办|办公室|所|站|队|馆|会|处|厅|部门|学校|镇|乡|街道)$")
LEVEL2_AS_NAME = "name:level2"  # a 指标名称 column that holds the 二级 names (no 二级指标 column)
LEADS = ("绩", "绩效", "绩效指标", "年度绩效指标", "本年度绩效指标", "项目绩效指标", "年度绩效目标指标",
         "专项年度绩效指标")  # 湖南 专项资金预算绩效目标申报表 (南岳 2020, 2023: t02, c07)


@lru_cache(maxsize=1)
def directions() -> frozenset[str]:
    """What a 指标性质 / 指标方向 cell prints when it names no comparator (``kg/parse/data/directions.tsv``)."""
    return frozenset(squash(row[0]) for row in read_tsv("parse", "directions.tsv"))


@lru_cache(maxsize=1)
def weights() -> dict[str, float]:
    """The costs of the labelling (``kg/parse/data/fit.tsv``), by name."""
    return {name: float(value) for name, value in read_tsv("parse", "fit.tsv")}


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
    return w.get(f"skip_{role}", w["skip_other"])


def category_like(text: str) -> bool:
    """An unlisted category still reads like one: short, ending in 指标/目标/值, maybe a score band."""
    key = _SCORE_BAND.sub("", squash(text)).removesuffix("指标等") + ("指标" if squash(text).endswith("指标等") else "")
    # 达成预期指标 (an achieved value in a self-evaluation) is a known phrase, not a category
    return 2 <= len(key) <= 14 and key.endswith(("指标", "目标", "产出值", "效益值", "满意度值")) and (
        not is_qualitative_phrase(key))


@lru_cache(maxsize=1 << 16)
def strip_score(text: str) -> str:
    """``产出指标(50分)``, ``数量指标（必填）`` → the category for matching (the cell keeps its text)."""
    key = _SCORE_BAND.sub("", squash(text))
    bare = _TRAILING_NOTE.sub("", key)
    if bare.endswith("指标等"):  # 服务对象满意度指标等: the template's "and so on"
        bare = bare[:-1]
    return bare if len(bare) >= 2 else (key or squash(text))


@lru_cache(maxsize=1 << 16)
def is_lead(text: str) -> bool:
    """The leading 绩效指标 column of a header or of a row (``绩 效 指 标``, ``绩效指标(权重…)``,
    ``专项年度绩效指标``)."""
    key = _TRAILING_NOTE.sub("", squash(text))
    return key in LEADS or (key.endswith("绩效指标") and len(key) <= 10) or (
        "绩效指标" in key and key.endswith(("完成情况", "情况")) and len(key) <= 16)  # 四、年度绩效指标完成情况


@lru_cache(maxsize=1 << 16)
def target_like(text: str) -> float:
    """How much ``text`` reads like a 指标值: 3 a clean quantity or period, 2 a known phrase,
    1.5 a number-led cell, 0 anything else."""
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


@lru_cache(maxsize=1 << 17)
def fit_cost(vocab: Vocabulary, text: str, key: str | None) -> float:
    """Cost of cell text ``text`` in column ``key`` (lower fits better)."""
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
    if role in ("level1", "level2"):
        # 成本指标 and 满意度指标 are both: a name of both levels leans to the 一级 column
        mine, other = (is_l1, is_l2) if role == "level1" else (is_l2, is_l1)
        if mine:
            return -4.0 if not other else (-3.0 if role == "level1" else -3.2)
        if like and not other:
            return -2.5
        return (1.5 if role == "level1" else 2.0) if other else 7.0
    if role in ("name", "description"):
        base = 0.0 if role == "description" else -2.0
        if key == LEVEL2_AS_NAME and (is_l2 or like):
            return -4.0 if is_l2 and not is_l1 else -2.5
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
    if role in ("value", "actual", "area", "interim"):  # an area's column holds that area's 指标值
        if is_l1 or is_l2:
            return 8.0
        if _MONEY_RE.match(fold(text)):
            return -0.5  # 8,827,620.53: an amount of money, the budget more often than a target
        if like:
            return 3.0
        return {3.0: -3.5, 2.5: -3.0, 1.5: -2.5, 1.0: -1.5}.get(target, -0.3)
    if role == "comparator":  # 指标性质 holds the comparator in some templates, 正向/反向 in others
        if is_comparator(text) or squash(text) in ("定量", "定性"):
            return -4.0
        return -3.0 if squash(text) in directions() else 5.0
    if role == "unit":
        t = squash(text)
        if is_qualitative_phrase(t):
            return 5.0  # 有效, 明显: a target in words, never a unit (云南 2022: 有效 | 有效 | 10 | 10)
        return -2.5 if 0 < len(t) <= 6 and not any(ch.isdigit() for ch in t) and not like else 5.0
    if role in ("weight", "score"):
        return -2.0 if _NUMBER_RE.match(fold(text)) else 5.0
    if role == "direction":
        if squash(text) in directions():
            return -3.0
        return -3.0 if is_comparator(text) or squash(text) in ("定量", "定性") else 5.0
    if role == "standard":
        return -3.0 if squash(text).endswith("标准") else 1.0
    if role == "serial":  # 序号: the row's number
        return -3.0 if fold(text).strip().isdigit() else 6.0
    if role == "lead":
        return -3.0 if is_lead(text) else 7.0
    if role == "kind":  # 指标值类型: 定量 / 定性, or the comparator (湖南 2025: ≤ | 70 | 万元)
        return -3.0 if squash(text) in ("定量", "定性") or is_comparator(text) else 5.0
    if role == "field:unit_code":
        return -3.0 if fold(text).strip().isdigit() else 5.0
    if role == "field:budget_total":
        return -3.0 if _AMOUNT_RE.match(fold(text)) else 5.0
    if role in ("field:project", "field:unit", "field:implementing_unit", "field:goals", "field:purpose"):
        if is_l1 or is_l2 or _AMOUNT_RE.match(fold(text)):
            return 5.0
        if role in ("field:unit", "field:implementing_unit"):
            return -1.5 if _UNIT_RE.search(fold(text)) else 1.0
        if len(text) < 3 or squash(text) in ("定量", "定性") or squash(text) in directions():
            return 5.0
        return -1.0
    return 0.5


@lru_cache(maxsize=1 << 16)
def _fits(vocab: Vocabulary, text: str, keys: tuple[str | None, ...]) -> tuple[float, ...]:
    return tuple(fit_cost(vocab, text, k) for k in keys)


@dataclass(frozen=True)
class Labelled:
    """One row as labelled: cells by column key, and the line where it starts."""

    cells: dict[str, Cell]
    line: int


def label_rows(cells: Sequence[Cell], keys: Sequence[str | None], vocab: Vocabulary,
               dropped: list[Cell] | None = None) -> list[Labelled]:
    """The best labelling of ``cells`` under header ``keys`` (Viterbi); rows in order. Cells
    that fit no column are left out, and added to ``dropped`` when it is given.

    The labelling depends only on each cell's fit to the columns and on where lines break,
    so tables of one template and shape share it (memoised by that signature).
    """
    if not cells or not keys:
        return []
    keys = tuple(keys)
    actions: list = []
    start = 0
    for end in [*_part_starts(cells, vocab, keys), len(cells)]:
        actions.extend(_best_actions(tuple(_shape(cells[start:end], vocab, keys)), keys))
        start = end
    rows: list[Labelled] = []
    current: dict[str, Cell] | None = None
    line = printed = 0
    for cell, (state, action) in zip(cells, actions):
        if action == DROP:
            if dropped is not None and cell.text and not vocab.match("placeholder", cell.text):
                dropped.append(cell)
            continue
        if action == START or current is None:
            if current is not None:
                rows.append(Labelled(current, printed or line))
            current, line, printed = {}, cell.line, 0
        key = keys[state]
        if key is not None:
            current[key] = cell
            if not printed and cell.text:
                printed = cell.line  # a row is where its first printed cell is
    if current is not None:
        rows.append(Labelled(current, printed or line))
    return rows


def _part_starts(cells: Sequence[Cell], vocab: Vocabulary, keys: tuple[str | None, ...]):
    """Where the cells are cut into parts labelled one by one. Pipe, tab and glued rows: each
    line is one row, labelled on its own (and the lines of one template share their
    labelling). A stream of cells: see :func:`_segment_starts`."""
    rows_of = [c.row for c in cells if c.kind == ""]
    if len(rows_of) == len(cells) and None not in rows_of:
        return [i for i in range(1, len(cells)) if rows_of[i] != rows_of[i - 1]]
    return list(_segment_starts(cells, vocab, keys))


def _segment_starts(cells: Sequence[Cell], vocab: Vocabulary, keys: tuple[str | None, ...]):
    """Where a stream of cells is cut into parts labelled one by one: at a 一级 that can be
    nothing else (产出指标, 效益指标), in a table whose first column is the 一级, after a cell
    that is no category. A row starts there in any labelling, and parts of one template
    repeat, so their labellings are shared."""
    if not keys or keys[0] != "level1":
        return
    previous = None
    for i, cell in enumerate(cells):
        if cell.kind == "sep" or not cell.text:
            continue
        if i and previous is not None and _only_level1(vocab, cell.text) and not _category_word(vocab, previous):
            yield i
        previous = cell.text


@lru_cache(maxsize=1 << 16)
def _only_level1(vocab: Vocabulary, text: str) -> bool:
    plain = strip_score(text)
    return vocab.is_level1(plain) and not vocab.is_level2(plain) and plain.endswith("指标")


@lru_cache(maxsize=1 << 16)
def _category_word(vocab: Vocabulary, text: str) -> bool:
    plain = strip_score(text)
    return vocab.is_level1(plain) or vocab.is_level2(plain) or category_like(text)


CONTINUE, START, DROP = 0, 1, 2
SAME_LINE, STREAM_LINE, SOFT_BREAK, HARD_BREAK = 0, 1, 2, 3


def _shape(cells: Sequence[Cell], vocab: Vocabulary, keys: tuple[str | None, ...]) -> list:
    """Per cell: its fits, whether it is empty, and the break before it; None for a separator."""
    out: list = []
    prev_line, prev_row, prev_soft = None, None, False
    sep_since = False
    for text, line, row, _, kind in cells:
        if kind == "sep":
            sep_since = True
            out.append(None)
            continue
        if prev_line is None:
            brk = STREAM_LINE
        elif prev_line == line and not sep_since and kind != "piece":
            brk = SAME_LINE
        elif sep_since or row is not None or prev_row is not None:
            brk = SOFT_BREAK if not sep_since and (kind == "soft" or prev_soft) else HARD_BREAK
        else:
            brk = STREAM_LINE
        # an empty cell: 0 printed text, 1 empty, 2 an empty cell printed as a bare ``|``
        if text and vocab.match("placeholder", text):
            text = ""  # 指标2, ……: a cell of the template's empty row, as good as empty
        out.append((_fits(vocab, text, keys), (2 if kind == "bar" else 1) if not text else 0, brk))
        prev_line, prev_row, prev_soft = line, row, kind == "soft"
        sep_since = False
    return out


@lru_cache(maxsize=1 << 12)
def _best_actions(signature: tuple, keys: tuple[str | None, ...]) -> tuple[tuple[int, int], ...]:
    """Viterbi over the cells' shapes: per cell, (column index, CONTINUE | START | DROP)."""
    m = len(keys)
    w = weights()
    before = [0.0] * (m + 1)  # before[j] = cost of leaving out columns 0..j-1
    for j, key in enumerate(keys):
        before[j + 1] = before[j] + skip_cost(key)
    # what closing the open row costs from each state (the columns after it left out); a row
    # that ends among a one-sheet table's project columns (项目名称, 预算数) is a project's or
    # a department's own row, which has no indicator to leave out
    fields = [j for j, key in enumerate(keys) if key and key.startswith("field:")]
    last_field = fields[-1] if fields else -1
    close_cost = [(before[last_field + 1] - before[state + 1]) if state <= last_field
                  else (before[m] - before[state + 1]) for state in range(m)] + [0.0]
    row_start = w["row_start"]
    drops = (w["drop"], w["drop_empty"], w["drop_bar"])
    pen_continue = (0.0, 0.0, w["continue_after_soft_break"], w["continue_after_break"])
    pen_new = (w["new_row_same_line"], 0.0, 0.0, 0.0)
    inf = float("inf")
    states = range(m + 1)
    # state j = the last column filled in the open row; m = no row open yet
    cost = [inf] * m + [0.0]
    back_state: list[list[int]] = []  # per cell, per state: the previous state …
    back_action: list[list[int]] = []  # … and how the cell was taken
    keep_state, keep_action = list(states), [DROP] * (m + 1)
    before_m = before[:m]
    for shape in signature:
        if shape is None:  # a separator is dropped, the state kept
            back_state.append(keep_state)
            back_action.append(keep_action)
            continue
        fits, empty, brk = shape
        cont_pen, new_pen = pen_continue[brk], pen_new[brk]
        dropped = drops[empty]
        new = [c + dropped for c in cost]  # drop the cell, keep the state
        prev, action = keep_state[:], keep_action[:]
        closes = [c + k for c, k in zip(cost, close_cost)]  # the cheapest way to close the open row
        best_close = min(closes)
        best_close_state = closes.index(best_close)
        opened = best_close + row_start + new_pen
        run_min, run_state = inf, -1  # min over states < j of cost[state] - before[state + 1]
        for j, (b, fit) in enumerate(zip(before_m, fits)):
            if j:
                v = cost[j - 1] - b
                if v < run_min:
                    run_min, run_state = v, j - 1
            base = b + fit
            c = opened + base  # start a new row at column j
            if c < new[j]:
                new[j], prev[j], action[j] = c, best_close_state, START
            if run_state >= 0:  # continue the open row at column j
                c = run_min + cont_pen + base
                if c < new[j]:
                    new[j], prev[j], action[j] = c, run_state, CONTINUE
        cost = new
        back_state.append(prev)
        back_action.append(action)
    closes = [c + k for c, k in zip(cost, close_cost)]  # close the last row
    state = closes.index(min(closes))
    actions: list[tuple[int, int]] = []
    for i in range(len(signature) - 1, -1, -1):
        actions.append((state, back_action[i][state]))
        state = back_state[i][state]
    actions.reverse()
    return tuple(actions)
