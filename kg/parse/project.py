"""RawTable → Project: typed budget, split goals, unit code and name, the fiscal year, and every
target understood by the grammar of kg.normalise."""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal
from functools import lru_cache

from kg.normalise.numbers import fold, parse_amount
from kg.normalise.targets import as_date, from_placeholder, is_comparator, parse_period, parse_target
from kg.parse.cells import Cell
from kg.parse.tables import RawRow, RawTable
from kg.parse.vocab import folded, vocabulary
from kg.records import Budget, Indicator, LongTerm, Problem, Project, SourceSpan, Target

DEFAULT_MONEY_UNIT = "万元"
YEAR_FIELD = "年度"  # the field of the warning on a table that names no fiscal year
_SENTENCE_END = ("。", "；", ";", "！", "!")
CORE_MARK = "★"  # 核心指标 are marked ★ (or ★★★) before their name in some templates
_CATEGORY_POINTS = re.compile(r"(?:[(]|(?<=[\u4e00-\u9fff]))\s*(?P<points>\d+(?:\.\d+)?)\s*分\s*\)?\s*$")
_INLINE_GOAL_BREAK = re.compile(
    r"(?<=[。；;])\s*(?=(?:\d+|[一二三四五六七八九十]+)\s*(?:[.．](?!\d)|、)\s*\S|目标\s*\d+\s*[:：])")


def to_project(raw: RawTable, *, seq: int, year: int | None = None) -> Project:
    """Build a Project from one raw table; what cannot be read becomes a warning on it.
    ``year`` is the fiscal year for a table that names none (``--year``)."""
    money_unit = raw.money_unit or DEFAULT_MONEY_UNIT
    code, name = split_unit(_text(raw.unit))
    problems = [Problem(w.line or raw.line, w.field, w.reason) for w in raw.warnings]
    budget = _budget(raw, money_unit, problems)
    indicators = tuple(_indicator(row, raw.path, money_unit) for row in raw.rows)
    if code is None and raw.fields.get("unit_code") is not None:
        code = _text(raw.fields["unit_code"])
    if code is None and name is None:
        problems.append(Problem(raw.line, "单位", "no 单位 (budget unit) found; the project is filed under 未注明单位"))
    goal_pieces = _goal_pieces(raw.goals)
    problems.extend(_numbering_gaps(goal_pieces))
    year = fiscal_year(raw.year) or period_year(_text(raw.fields.get("period"))) or year
    if year is None:
        problems.append(Problem(raw.line, YEAR_FIELD, "no fiscal year in the title or a heading (2023年度); "
                                                  "the year is left empty (pass --year to give it)"))
    return Project(
        source=SourceSpan(raw.path, raw.line),
        seq=seq,
        title=_text(raw.title).strip() if raw.title else None,
        unit_code=code,
        unit_name=name,
        project=_text(raw.fields.get("project")) or "",
        money_unit=money_unit,
        budget=budget,
        purpose=_text(raw.fields.get("purpose")),
        goals=_goals_of(goal_pieces),
        long_term_goals=split_goals(raw.long_term_goals),
        indicators=indicators,
        implementing_unit=_text(raw.fields.get("implementing_unit")),
        period=_text(raw.fields.get("period")),
        warnings=tuple(problems),
        year=year,
        department=raw.department,
        achieved_goals=split_goals(raw.achieved_goals),
    )


def fiscal_year(cell: Cell | None) -> int | None:
    """The year a title, a ``(2023年度)`` note or a heading names."""
    if cell is None:
        return None
    vocab = vocabulary()
    for pattern in ("year_note", "year_heading", "year_in_title"):
        match = vocab.match(pattern, cell.text)
        if match:
            return int(match.group("year"))
    return None


def period_year(period: str | None) -> int | None:
    """The year a project's period lies in when it lies in one (实施期限 2019.1.1-2019.12.31., 项目期
    2022年1月—12月): the fiscal year of a table whose title and headings name none."""
    span = parse_period(period.strip().rstrip("。.;；")) if period else None
    return int(span[0][:4]) if span and span[0][:4] == span[1][:4] else None


def split_unit(text: str | None) -> tuple[str | None, str | None]:
    """``340105中共天津市委组织部`` → ``("340105", "中共天津市委组织部")``; also ``[012003]…``, ``…（012003）``."""
    if not text:
        return None, None
    vocab = vocabulary()
    for pattern in ("unit_code_first", "unit_code_last"):
        match = vocab.match(pattern, text)
        if match:
            start, end = match.span("name")
            return match.group("code"), text[start:end].strip()
    return None, text.strip()


GOAL_NUMBER_REACH = 16  # a goal's number (``1.``, ``（二）``, ``目标1:``) is among its first characters


def _goal_pieces(cells: tuple[Cell, ...]) -> list[tuple[str, Cell, re.Match[str] | None]]:
    """Each line of the goal cells, or each numbered goal run on after another's full stop, with
    its cell and its number (``1.``, ``（二）``, ``目标1:``) if it has one."""
    pattern = vocabulary().patterns["goal_number"]
    # only the head is folded: NFKC of a whole paragraph of goals costs more than the rest of its reading
    return [(piece, cell, pattern.match(fold(piece[:GOAL_NUMBER_REACH])))
            for cell in cells for line in cell.text.splitlines()
            for piece in _goal_breaks(line.strip()) if piece]


def _goal_breaks(line: str) -> list[str]:
    # a numbered goal runs on only after a full stop: without one the line is one piece
    return _INLINE_GOAL_BREAK.split(line) if "。" in line or "；" in line or ";" in line else [line]


def split_goals(cells: tuple[Cell, ...]) -> tuple[str, ...]:
    """Numbered goals, numbering removed; unnumbered wrapped lines join the goal before."""
    return _goals_of(_goal_pieces(cells))


def _goals_of(pieces: list[tuple[str, Cell, re.Match[str] | None]]) -> tuple[str, ...]:
    goals: list[str] = []
    for piece, _, number in pieces:
        text = piece[number.end():].strip() if number else piece.strip()
        if number or not goals or goals[-1].endswith(_SENTENCE_END):
            goals.append(text)
        else:
            goals[-1] += text
    return tuple(g for g in goals if g)


_CHINESE_DIGITS = {ch: n for n, ch in enumerate("一二三四五六七八九十", start=1)}
_GOAL_DIGITS = re.compile(r"\d+|[一二三四五六七八九十]")


def goal_numbering_gaps(cells: tuple[Cell, ...]) -> list[Problem]:
    """Numbered goals that do not count 1, 2, 3… without a gap: a goal line was likely lost."""
    return _numbering_gaps(_goal_pieces(cells))


def _numbering_gaps(pieces: list[tuple[str, Cell, re.Match[str] | None]]) -> list[Problem]:
    numbered = []
    for _, cell, number in pieces:
        digits = _GOAL_DIGITS.search(number.group()) if number else None
        if digits:
            text = digits.group()
            numbered.append((int(text) if text.isdigit() else _CHINESE_DIGITS[text], cell.line))
    numbers = [n for n, _ in numbered]
    if numbers == list(range(1, len(numbers) + 1)):  # a lost last goal cannot be told: one goal 1. is common
        return []
    expected = next((i for i, n in enumerate(numbers, start=1) if n != i), len(numbers))
    return [Problem(numbered[expected - 1][1], "绩效目标",
                    f"the goals are numbered {', '.join(map(str, numbers))}; a goal may be lost")]


def _budget(raw: RawTable, money_unit: str, problems: list[Problem]) -> Budget:
    """预算数 / 财政资金 / 其他资金; a cell that is not an amount is left out with a warning,
    and a missing total is the sum of its parts when they are printed."""
    cells = [raw.fields.get(k) for k in ("budget_total", "budget_fiscal", "budget_other")]
    values = []
    for key, cell in zip(("预算数", "财政资金", "其他资金"), cells):
        try:
            # read in its matching form: a mirror's 895.8萬(wàn)元 is 895.8万元
            values.append(parse_amount(folded(cell.text), money_unit=money_unit) if cell else None)
        except ValueError:
            problems.append(Problem(cell.line, key, f"{cell.text!r} is not an amount; left out"))
            values.append(None)
    total, fiscal, other = values
    if cells[0] is None and fiscal is not None:  # no total printed: the sum of its parts
        total = fiscal + (other or 0)
        problems.append(Problem(raw.fields["budget_fiscal"].line, "预算数",
                                "no 预算数 cell; the total is 财政资金 + 其他资金"))
    elif total == 0 and (fiscal or 0) + (other or 0) > 0:
        # 年度资金总额 0 over 本年财政拨款 202.64: the template's sum was never computed
        total = (fiscal or 0) + (other or 0)
        problems.append(Problem(cells[0].line, "预算数",
                                f"预算数 is printed as {cells[0].text!r} but its parts are not 0; "
                                "the total is 财政资金 + 其他资金"))
    return Budget(total, fiscal, other, raw=tuple(cell.text if cell else None for cell in cells))


def _indicator(row: RawRow, path: str, money_unit: str) -> Indicator:
    cells = row.cells
    problems: list[Problem] = []
    cells = _annual_copy_cut(cells, problems)
    target = _in_context(_target(cells, ""), cells)
    return Indicator(
        level1=_text(cells.get("level1")) or "",
        level2=_text(cells.get("level2")) or _text(cells.get("level2:long_term")) or "",
        name=_text(cells.get("name")) or _text(cells.get("name:long_term")) or "",
        description=_text(cells.get("description")),
        target=target,
        source=SourceSpan(path, row.line),
        weight=_points(cells.get("weight"), problems, "权重"),
        direction=_text(cells.get("direction")),
        remark=_text(cells.get("remark")),
        standard=_text(cells.get("standard")),
        long_term=_long_term(cells),
        interim=_text(cells.get("interim")),
        warnings=tuple(problems),
        actual=_actual(cells.get("actual"), cells, target),
        score=_points(cells.get("score"), problems, "得分"),
        core=(_text(cells.get("name")) or "").lstrip().startswith(CORE_MARK),
        level1_points=category_points(_text(cells.get("level1"))),
    )


MAX_CUT_STUB = 2  # the characters of a value an excerpt cut inside its first word


def _annual_copy_cut(cells: dict[str, Cell], problems: list[Problem]) -> dict[str, Cell]:
    """A row printed in a 中期 and a 年度 block with the same indicator, whose 年度 value an excerpt
    cut to a stub of its 中期 copy (亳州 2023: ``解决旱情,保障粮食安全,…`` and ``解``): the year's target is
    the copy printed whole, and the row says so."""
    value, whole = cells.get("value"), cells.get("value:long_term")
    if value is None or whole is None or _text(cells.get("name")) != _text(cells.get("name:long_term")):
        return cells
    stub, printed = value.text.strip(), whole.text.strip()
    if not 0 < len(stub) <= MAX_CUT_STUB or any(ch.isdigit() for ch in stub) or printed == stub \
            or not printed.startswith(stub):
        return cells
    problems.append(Problem(value.line, "指标值", f"the 年度 value {stub!r} is cut short; read as its 中期 copy {printed[:20]!r}"))
    return {**cells, "value": whole}


@lru_cache(maxsize=1 << 12)  # a table's few category cells repeat on every row
def category_points(text: str | None) -> Decimal | None:
    """The points a category cell carries: ``产出指标(50分)``, ``效益指标（30分）``, ``满意度指标10分)``."""
    match = _CATEGORY_POINTS.search(fold(text)) if text else None
    return Decimal(match.group("points")) if match else None


def _actual(cell: Cell | None, cells: dict[str, Cell], target: Target) -> Target | None:
    """A self-evaluation's 全年实际值 (``98%``, ``1个月``, ``0``, ``未完成展陈建设``): the same grammar as
    the target; a bare number takes the target's unit (``98`` against ``≥95%`` is 98%)."""
    text = _text(cell)
    if not text or text.strip("—-－ ") == "":
        return None
    actual = _in_context(parse_target(text), cells)
    if (actual.kind == "quantitative" and actual.unit is None and actual.base_unit is None
            and target.kind == "quantitative" and target.base_unit is not None and target.value is not None
            and target.value == target.base_value):
        actual = replace(actual, unit=target.unit, base_unit=target.base_unit)
    return actual


def _in_context(target: Target, cells: dict[str, Cell]) -> Target:
    """What the row around a target says of it: money in a 成本 row, a date in a 时效 row,
    the comparator of a placeholder in the 三级 name."""
    target = _money_implied(target, cells)
    if "时效" in (_text(cells.get("level2")) or ""):
        target = as_date(target)
    name = _text(cells.get("name")) or ""
    if target.kind == "quantitative" and target.comparator == "=" and not _text(cells.get("comparator")) \
            and not fold(target.raw).lstrip().startswith("="):
        target = from_placeholder(target, name)
    return target


def _money_implied(target: Target, cells: dict[str, Cell]) -> Target:
    """``≤80万`` in a 成本 row is money: the table leaves 元 implied after the 万."""
    is_cost = any("成本" in (_text(cells.get(k)) or "") for k in ("level1", "level2"))
    if target.kind == "quantitative" and target.base_unit is None and is_cost:
        return replace(target, base_unit="元")
    return target


def _long_term(cells: dict[str, Cell]) -> LongTerm | None:
    """The 长期 columns, kept when the row fills them."""
    if not _text(cells.get("value:long_term")):
        return None
    return LongTerm(level2=_text(cells.get("level2:long_term")),
                    name=_text(cells.get("name:long_term")),
                    target=_target(cells, ":long_term"))


def _target(cells: dict[str, Cell], variant: str) -> Target:
    """The target of a row; split 指标性质 / 指标值 / 度量单位 columns are read as one.

    ``raw`` stays the 指标值 cell. A 指标性质 of 定量/定性 (not a comparator) is not read.
    """
    value = _text(cells.get("value" + variant)) or ""
    if not value and not variant and _text(cells.get("value:long_term")) and not _text(cells.get("name")):
        variant, value = ":long_term", _text(cells.get("value:long_term")) or ""
    comparator = _text(cells.get("comparator" + variant)) or ""
    unit = _text(cells.get("unit" + variant)) or ""
    if not is_comparator(comparator):
        # a 指标值类型 column holds the comparator in some templates (湖南 2025: ≤ | 70 | 万元)
        kind = _text(cells.get("kind" + variant)) or ""
        comparator = kind if is_comparator(kind) else ""
    if not (comparator or unit):
        return _as_mirrored(value) or parse_target(value)
    parsed = parse_target(f"{comparator}{value}{unit}")
    return replace(parsed, raw=value)


def _as_mirrored(value: str) -> Target | None:
    """A mirror's target in traditional characters, with pinyin or without (``60萬(wàn)度``, ``160.77萬元``),
    read in its plain form (``60万度``: 600000 度), its raw text kept as printed; None for any other target."""
    if value.isascii():
        return None
    plain = folded(value)
    return replace(parse_target(plain), raw=value) if plain != fold(value) else None



def _points(cell: Cell | None, problems: list[Problem], field: str) -> Decimal | None:
    """A 权重 / 分值 / 得分 cell as a number (``20``, ``20分``, ``20%``); anything else is a warning."""
    if cell is None or not cell.text.strip():
        return None
    try:
        return parse_amount(cell.text.strip().rstrip("%％分"))
    except ValueError:
        problems.append(Problem(cell.line, field, f"{cell.text!r} is not a number; left out"))
        return None


def _text(cell: Cell | None) -> str | None:
    """A cell's text; a line break inside a cell of a table document is a wrap, not a space."""
    if cell is None or not cell.text:
        return None
    return "".join(line.strip() for line in cell.text.splitlines()) if "\n" in cell.text else cell.text
