"""The 指标值 grammar: ``≥20万人次`` → Target("≥", 20, "万人次", 200000, "人次").

Read a cell as [comparator] number [magnitude] [unit] [comparator suffix] [note].
Everything that does not fit is a qualitative target, kept with its text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache

from kg.normalise.numbers import NUMBER_RE, _tidy, fold, parse_arabic, parse_chinese
from kg.records import Target
from kg.resources import read_tsv, stage_data

_DIGITS_THEN_REST = re.compile(r"(\d+)(.+)")
_SPACES = re.compile(r"\s+")
_YEAR_ONLY = re.compile(r"(?:19|20)\d{2}")

_NOTE_RE = re.compile(r"^(?P<core>.*?)[(（](?P<note>[^()（）]*)[)）]$")
# ``2021年1月``, ``2024.03``, and with a day: ``2020.1.1``, ``2021年1月1日``
_YEAR_MONTH = r"(\d{4})\s*[.\-/年]\s*(\d{1,2})\s*月?(?:\s*\d{1,2}\s*日|[.\-/]\d{1,2}(?!\d))?"
_TO = r"\s*(?:-{1,2}|—{1,2}|–|~|～|至|到)\s*"  # 2020年1月--2020年11月 (天津 2020): a doubled dash too
_PERIOD_RE = re.compile(rf"{_YEAR_MONTH}{_TO}{_YEAR_MONTH}")
# ``2021年1月-12月``: the year written once
_SAME_YEAR_RE = re.compile(rf"(\d{{4}})\s*年\s*(\d{{1,2}})\s*月(?:\s*\d{{1,2}}\s*日)?{_TO}(\d{{1,2}})\s*月(?:\s*\d{{1,2}}\s*日)?")
# ``90%-95%``, ``90-95%``: two bounds
_RANGE_RE = re.compile(r"^(?P<low>\d+(?:\.\d+)?)\s*(?P<unit1>[^\d\s~～\-—–至到]{0,4})\s*(?:-|—|–|~|～|至|到)\s*"
                       r"(?P<high>\d+(?:\.\d+)?)\s*(?P<unit>[^\d\s]{0,6})$")
_UNKNOWN_UNIT_RE = re.compile(r"[^\d\s,.;:!?，。；：、()（）]{1,2}")


@dataclass(frozen=True)
class Grammar:
    """The data tables the normaliser reads: comparators, magnitudes, units, phrases."""

    prefixes: tuple[tuple[str, str], ...]
    suffixes: tuple[tuple[str, str], ...]
    magnitudes: tuple[tuple[str, int], ...]
    units: dict[str, tuple[str, int]]
    qualitative: tuple[str, ...]


@lru_cache(maxsize=1)
def grammar() -> Grammar:
    """Load ``kg/normalise/data/*`` once; longest spellings first so they win."""
    comparators = read_tsv("normalise", "comparators.tsv")
    by_length = lambda pair: (-len(pair[0]), pair[0])  # noqa: E731
    prefixes = sorted(((fold(s), c) for s, c, where in comparators if where == "prefix"), key=by_length)
    suffixes = sorted(((fold(s), c) for s, c, where in comparators if where == "suffix"), key=by_length)
    magnitudes = sorted(((m, int(f)) for m, f in read_tsv("normalise", "magnitudes.tsv")), key=by_length)
    units = {fold(u): (b, int(f)) for u, b, f in read_tsv("normalise", "units.tsv")}
    phrases = [line.strip() for line in stage_data("normalise", "qualitative.txt")
               .read_text(encoding="utf-8").splitlines() if line.strip() and not line.startswith("#")]
    return Grammar(tuple(prefixes), tuple(suffixes), tuple(magnitudes), units,
                   tuple(sorted(phrases, key=lambda p: (-len(p), p))))


@dataclass(frozen=True)
class Quantity:
    """The parsed numeric part of a cell, and what was left after it."""

    comparator: str
    value: Decimal
    unit: str | None
    base_value: Decimal
    base_unit: str | None
    rest: str
    known_unit: bool


@lru_cache(maxsize=1 << 16)  # target cells repeat heavily across a corpus; Target is frozen
def parse_target(raw: str) -> Target:
    """Understand one 指标值 cell; the raw text is always kept."""
    text = raw.strip()
    glued = repair_glued_value(text)
    work = glued.text if glued else text
    repaired = glued.text if glued else None
    period = parse_period(work)
    if period:
        return Target(raw=raw, kind="qualitative", repaired=repaired, period=period)
    core, note = split_note(work)
    if note is not None and (unit_in_brackets := _unit_in_brackets(core, note)) is not None:
        core, note = unit_in_brackets, None  # ``=100.00(%)`` (上海 2026): the brackets hold the unit
    bounds = read_range(core)
    if bounds is not None:
        low, high = bounds
        return Target(raw=raw, kind="quantitative", comparator="≥", value=low.value, unit=low.unit,
                      base_value=low.base_value, base_unit=low.base_unit, note=note, repaired=repaired,
                      upper=high.value, upper_base=high.base_value)
    quantity = read_quantity(core)
    if quantity is None and glued:
        # ``全年12个月工作正常推进``: the number sits inside a sentence; the sentence is the note.
        quantity, note = _quantity_inside(core, glued.number), core
    if quantity is None or (quantity.rest and not quantity.known_unit):
        led = _after_words(core)
        if led is not None:
            # ``补助资金及时到位100%``: the metric's words, then its target
            words, quantity = led
            unit, base_unit = quantity.unit, quantity.base_unit
            if _PER_WORDS.fullmatch(words) and unit and unit not in _DATE_UNITS:
                # 每亩300元 (零陵 2021): 300 元/亩, as 300元/亩 reads; not a date (每年12月底前)
                chain = "".join("/" + part for part in _PER_PART.findall(words))
                unit, base_unit = unit + chain, (base_unit or "") + chain
            elif _PER_WORDS.fullmatch(words) and not unit:
                # 每亩300 (零陵 2021, under 成本指标, no unit printed): 300 a 亩, what of it unsaid
                unit = base_unit = words
            else:
                note = words if note is None else f"{words}（{note}）"
            return Target(raw=raw, kind="quantitative", comparator=quantity.comparator, value=quantity.value,
                          unit=unit, base_value=quantity.base_value, base_unit=base_unit, note=note,
                          repaired=repaired)
        return Target(raw=raw, kind="qualitative", note=note, repaired=repaired)
    if quantity.rest and note != core:
        # A short tail after a clean number+unit (``12个月均更新``) is a note, not noise.
        note = quantity.rest if note is None else f"{quantity.rest}（{note}）"
    return Target(
        raw=raw, kind="quantitative", comparator=quantity.comparator, value=quantity.value,
        unit=quantity.unit, base_value=quantity.base_value, base_unit=quantity.base_unit,
        note=note, repaired=repaired,
    )


# a few words, then a target at the end of the cell: 补助资金及时到位100%, 满意度≥90%
_WORDS_THEN_TARGET = re.compile(r"^(?P<words>[\u4e00-\u9fff、,，]{2,16}?)(?P<target>(?:[≥≤><=≧≦]|不低于|不少于|不高于|"
                                r"不超过|达到|大于|小于|高于|低于)?\s*\d[\d.,]*\s*[^\d\s]{0,6})$")
# a target per unit written before its number: 每亩, 每人每年
_PER_WORDS = re.compile(r"(?:每[\u4e00-\u9fff]{1,2}?)+")
_PER_PART = re.compile(r"每([\u4e00-\u9fff]{1,2}?)(?=每|$)")
_DATE_UNITS = ("年", "月", "日", "号")
# words that make the number a change, not a level (较上年提高5%, 成本节约10%): those stay words
_CHANGE_WORDS = ("提高", "提升", "缩短", "节约", "节省", "上升", "较", "比", "约", "超", "增", "降", "减")


def _after_words(text: str) -> tuple[str, Quantity] | None:
    """(the words, the target) of a cell that names its metric before its target, else None."""
    found = _WORDS_THEN_TARGET.match(_SPACES.sub("", fold(text)))
    if found is None or any(word in found.group("words") for word in _CHANGE_WORDS):
        return None
    quantity = read_quantity(found.group("target"))
    if quantity is None or (quantity.rest and not quantity.known_unit):
        return None
    return found.group("words"), quantity


def _unit_in_brackets(core: str, note: str) -> str | None:
    """``=100.00`` and ``%``: the number and its unit as one (``=100.00%``), when the bracket holds
    nothing but a unit the grammar knows; else None."""
    bare = read_quantity(core)
    if bare is None or bare.unit is not None or bare.rest:
        return None
    unit = fold(note).strip()
    if unit not in ("%", "‰") and not any(unit.endswith(known) for known in grammar().units):
        return None  # 100（含）: a note, not a unit
    whole = read_quantity(core + note)
    return core + note if whole is not None and whole.unit is not None and not whole.rest else None


def read_range(text: str) -> tuple[Quantity, Quantity] | None:
    """``90%-95%`` or ``90-95%`` → the two bounds, each with the unit; None otherwise."""
    match = _RANGE_RE.match(_SPACES.sub("", fold(text)))
    if not match or match.group("unit1") not in ("", match.group("unit")):
        return None
    unit = match.group("unit")
    low, high = read_quantity(match.group("low") + unit), read_quantity(match.group("high") + unit)
    if low is None or high is None or low.rest or high.rest or low.comparator != "=" or low.value >= high.value:
        return None
    return low, high


def split_note(text: str) -> tuple[str, str | None]:
    """``≥800条次（更新信息）`` → ``("≥800条次", "更新信息")``."""
    match = _NOTE_RE.match(text)
    if match and match.group("core").strip():
        return match.group("core").strip(), match.group("note").strip() or None
    return text, None


def parse_period(text: str) -> tuple[str, str] | None:
    """``2024.03-2024.12``, ``2021年1月-12月`` → ``("2021-01", "2021-12")``; None if the cell
    is not a period."""
    folded = fold(text).strip()
    match = _PERIOD_RE.fullmatch(folded)
    if match:
        y1, m1, y2, m2 = match.groups()
    else:
        same = _SAME_YEAR_RE.fullmatch(folded)
        if not same:
            return None
        y1, m1, m2 = same.groups()
        y2 = y1
    if not (1 <= int(m1) <= 12 and 1 <= int(m2) <= 12):
        return None
    return f"{y1}-{int(m1):02d}", f"{y2}-{int(m2):02d}"


@dataclass(frozen=True)
class GluedValue:
    """A value cell that printed its number twice: ``number`` + ``text``."""

    number: str
    text: str


def repair_glued_value(text: str) -> GluedValue | None:
    """Undo a flattened value cell that printed its number twice.

    PDF-to-text glues a short value column onto the full value: ``2424小时`` was
    ``24`` + ``24小时``, ``12全年12个月工作正常推进`` was ``12`` + ``全年12个月…``.
    Returns None when the cell is not of that shape.
    """
    folded = fold(text)
    match = _DIGITS_THEN_REST.match(folded)
    if not match or len(folded) != len(text):
        return None
    digits, tail = match.groups()
    if _looks_like_year(digits, tail):
        return None
    # a repeat of two digits or more: 99% and 11个 are values as printed, not 9 + 9% (the glued
    # cells of real tables repeat 12 and 24; a doubled digit is far more often the number itself)
    for cut in range(2, len(digits) + 1):
        number, rest = digits[:cut], digits[cut:] + tail
        if _standalone_at(rest, number) >= 0:
            return GluedValue(number, text[cut:])
    return None


def _standalone_at(text: str, number: str) -> int:
    """Where ``number`` first stands in ``text`` as a whole number, not inside a longer one (12 in
    全年12个月, not in 120); -1 if nowhere. (A pattern compiled per number missed re's cache.)"""
    at = text.find(number)
    while at >= 0:
        end = at + len(number)
        if not (at and _in_a_number(text[at - 1])) and not (end < len(text) and _in_a_number(text[end])):
            return at
        at = text.find(number, at + 1)
    return -1


def _in_a_number(ch: str) -> bool:
    return ch == "." or ch.isdecimal()  # what the \d of a str pattern matches


def _looks_like_year(digits: str, tail: str) -> bool:
    """``2020年`` is a year, not ``20`` glued to ``20年``."""
    return len(digits) == 4 and digits[:2] in ("19", "20") and tail.startswith("年")


def read_quantity(text: str) -> Quantity | None:
    """Read [comparator] number [magnitude] [unit] [suffix] from the start of ``text``."""
    g = grammar()
    s = _SPACES.sub("", fold(text))
    comparator = None
    for spelling, canonical in g.prefixes:
        if s.startswith(spelling):
            comparator, s = canonical, s[len(spelling):]
            break
    percent_words = s.startswith("百分之")
    if percent_words:
        s = s[len("百分之"):]
    number = NUMBER_RE.match(s)
    if not number:
        return None
    magnitude_text = ""
    if number.group("arabic"):
        value = parse_arabic(number.group("arabic"))
        s = s[number.end():]
    else:
        chinese = number.group("chinese")
        if chinese[-1] in "万亿" and len(chinese) > 1:
            chinese, magnitude_text = chinese[:-1], chinese[-1]
        parsed = parse_chinese(chinese)
        if parsed is None:
            return None
        value, s = parsed, s[number.end():]
    if percent_words:
        unit, base_unit, factor, known = "%", "%", 1, True
    else:
        unit, base_unit, factor, known, s = _read_unit(s, magnitude_text, arabic=bool(number.group("arabic")))
        if unit is None and number.group("chinese") and not s == "":
            return None
        if number.group("chinese") and s.startswith("性"):  # 一次性 (one-off), 一致性: a word, not 1 次
            return None
    for spelling, canonical in g.suffixes:
        if s.startswith(spelling):
            comparator = comparator or canonical
            s = s[len(spelling):]
            break
    return Quantity(comparator or "=", value, unit, _tidy(value * factor), base_unit, s, known)


def _read_unit(s: str, magnitude_text: str, *, arabic: bool):
    """Unit after the number: a known unit, magnitude + unit, or a short unknown word.

    Returns (unit, base unit, factor to base, unit understood?, text left over).
    """
    g = grammar()
    factor = dict(g.magnitudes)[magnitude_text] if magnitude_text else 1
    unit = _longest_unit(s)  # before magnitudes, so 万元 and 千米 stay whole
    if unit is None and not magnitude_text:
        for prefix, magnitude in g.magnitudes:
            if s.startswith(prefix):
                magnitude_text, factor, s = prefix, magnitude, s[len(prefix):]
                unit = _longest_unit(s)
                break
    if unit:
        base, unit_factor = g.units[unit]
        per, s = _per_unit(s[len(unit):])
        return magnitude_text + unit + per, base + per, factor * unit_factor, True, s
    if magnitude_text:
        per, s = _per_unit(s)  # 3万/月
        return magnitude_text + per, per or None, factor, True, s
    if arabic and _UNKNOWN_UNIT_RE.fullmatch(s):
        return s, s, 1, True, ""
    return None, None, 1, s == "", s


_PER_WORD = re.compile(r"[\u4e00-\u9fff]{1,2}")
_TIME_WORDS = "天日月年次"


def _per_unit(s: str) -> tuple[str, str]:
    """The ``/年`` of ``次/年`` (or ``每年``), chained (``元/生/年``, ``元/人*月``, ``元每人每月``), and the
    text after it. The part after ``/`` may be any word (``元/亩``, ``元/生``)."""
    out, last = "", None
    while s:
        sep = next((p for p in ("/", "每", "*", "·", "×", ".") if s.startswith(p)), None)
        if sep is None and out and s[:1] == "、" and s[1:2] in _TIME_WORDS:
            sep = "、"  # 元/人、天 (遂宁 2021): per person and day, as 元/人·天
        if sep is None or (sep == "每" and out and last != "每"):  # 元每人每月 (湛江 2024): 元/人/月
            break
        last = sep
        rest = s[len(sep):]
        second = _longest_unit(rest)
        if second is None:
            word = _PER_WORD.match(rest)
            if not word or sep == "每":
                break
            second = word.group(0)
            if len(second) == 2 and _longest_unit(second[1:]) is None and not out:
                second = second  # 元/人次: both characters
        out += ("/" if sep in ("/", "每") else sep) + second
        s = rest[len(second):]
    return out, s


def _longest_unit(s: str) -> str | None:
    units = grammar().units
    for size in range(min(len(s), 5), 0, -1):
        if s[:size] in units:
            return s[:size]
    return None


def _quantity_inside(text: str, number: str) -> Quantity | None:
    """Read the quantity that starts where ``number`` stands inside ``text``."""
    folded = fold(text)
    at = _standalone_at(folded, number)
    found = read_quantity(folded[at:]) if at >= 0 else None
    return replace(found, rest="") if found else None


_PLACEHOLDER_RE = re.compile(r"[(（]\s*(?P<op>>=|<=|≥|≤|≧|≦|>|<)\s*\*+\s*(?P<unit>[^()（）*\d]{0,6})\s*[)）]")
_SERIAL_RE = re.compile(r"^\d{2},?\d{3}$")
FIRST_SERIAL, LAST_SERIAL = 36526, 54789  # 2000-01-01 … 2049-12-31 as spreadsheet day numbers


def from_placeholder(target: Target, name: str) -> Target:
    """``苗木成活率(≥**%)`` with ``95``: the template's placeholder in a 三级 name gives the
    comparator and unit that a bare number in its 指标值 cell leaves out."""
    match = _PLACEHOLDER_RE.search(fold(name))
    if not match:
        return target
    unit = match.group("unit").strip() if target.unit is None else ""
    completed = parse_target(f"{match.group('op')}{target.raw.strip()}{unit}")
    if completed.kind != "quantitative":
        return target
    return replace(completed, raw=target.raw)


def as_date(target: Target) -> Target:
    """A 时效 cell that is a year (``2021``) or a spreadsheet day number (``44,561``) is a
    date, not the quantity ``= 2021``."""
    if target.kind != "quantitative" or target.comparator != "=" or target.unit or target.value is None:
        return target
    text = fold(target.raw).strip()
    if _YEAR_ONLY.fullmatch(text):
        return Target(raw=target.raw, kind="qualitative", period=(f"{text}-01", f"{text}-12"))
    if _SERIAL_RE.fullmatch(text) and FIRST_SERIAL <= int(text.replace(",", "")) <= LAST_SERIAL:
        from datetime import date, timedelta  # noqa: PLC0415
        day = date(1899, 12, 30) + timedelta(days=int(text.replace(",", "")))
        return Target(raw=target.raw, kind="qualitative", period=(f"{day:%Y-%m}", f"{day:%Y-%m}"),
                      note=day.isoformat())
    return target


@lru_cache(maxsize=1 << 12)  # asked of every row's 指标性质 cell, mostly empty or one of a few words
def is_comparator(text: str) -> bool:
    """True for a 指标性质 cell that is a comparator (≥, ＞＝, 不低于…)."""
    return _SPACES.sub("", fold(text)) in _comparator_spellings()


@lru_cache(maxsize=1 << 14)  # asked of each glued row's and each target's text, several times
def comparator_prefixes(text: str) -> tuple[int, ...]:
    """The lengths of the comparators ``text`` opens with (``≥``, ``>=``, ``不低于``), longest first."""
    return tuple(n for n in range(min(len(text), 5), 0, -1) if is_comparator(text[:n]))


@lru_cache(maxsize=1)
def _comparator_spellings() -> frozenset[str]:
    return frozenset(spelling for spelling, _ in grammar().prefixes)


def is_qualitative_phrase(text: str) -> bool:
    """True for a known non-numeric target such as 稳步提升 or 不超预算."""
    return fold(text).strip() in grammar().qualitative


def qualitative_phrases() -> tuple[str, ...]:
    """Known qualitative target phrases, longest first."""
    return grammar().qualitative
