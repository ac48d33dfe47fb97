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

_NOTE_RE = re.compile(r"^(?P<core>.*?)[(（](?P<note>[^()（）]*)[)）]$")
_YEAR_MONTH = r"(\d{4})\s*[.\-/年]\s*(\d{1,2})\s*月?"
_PERIOD_RE = re.compile(rf"{_YEAR_MONTH}\s*(?:-|—|–|~|～|至|到)\s*{_YEAR_MONTH}")
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
    quantity = read_quantity(core)
    if quantity is None and glued:
        # ``全年12个月工作正常推进``: the number sits inside a sentence; the sentence is the note.
        quantity, note = _quantity_inside(core, glued.number), core
    if quantity is None or (quantity.rest and not quantity.known_unit):
        return Target(raw=raw, kind="qualitative", note=note, repaired=repaired)
    if quantity.rest and note != core:
        # A short tail after a clean number+unit (``12个月均更新``) is a note, not noise.
        note = quantity.rest if note is None else f"{quantity.rest}（{note}）"
    return Target(
        raw=raw, kind="quantitative", comparator=quantity.comparator, value=quantity.value,
        unit=quantity.unit, base_value=quantity.base_value, base_unit=quantity.base_unit,
        note=note, repaired=repaired,
    )


def split_note(text: str) -> tuple[str, str | None]:
    """``≥800条次（更新信息）`` → ``("≥800条次", "更新信息")``."""
    match = _NOTE_RE.match(text)
    if match and match.group("core").strip():
        return match.group("core").strip(), match.group("note").strip() or None
    return text, None


def parse_period(text: str) -> tuple[str, str] | None:
    """``2024.03-2024.12`` → ``("2024-03", "2024-12")``; None if the cell is not a period."""
    match = _PERIOD_RE.fullmatch(fold(text).strip())
    if not match:
        return None
    y1, m1, y2, m2 = match.groups()
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
    match = re.match(r"(\d+)(.+)", folded)
    if not match or len(folded) != len(text):
        return None
    digits, tail = match.groups()
    if _looks_like_year(digits, tail):
        return None
    for cut in range(1, len(digits) + 1):
        number, rest = digits[:cut], digits[cut:] + tail
        if _standalone(number).search(rest):
            return GluedValue(number, text[cut:])
    return None


def _standalone(number: str) -> re.Pattern[str]:
    """``number`` as a whole number, not inside a longer one (12 in 全年12个月, not in 120)."""
    return re.compile(rf"(?<![\d.]){re.escape(number)}(?![\d.])")


def _looks_like_year(digits: str, tail: str) -> bool:
    """``2020年`` is a year, not ``20`` glued to ``20年``."""
    return len(digits) == 4 and digits[:2] in ("19", "20") and tail.startswith("年")


def read_quantity(text: str) -> Quantity | None:
    """Read [comparator] number [magnitude] [unit] [suffix] from the start of ``text``."""
    g = grammar()
    s = re.sub(r"\s+", "", fold(text))
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
        return magnitude_text, None, factor, True, s
    if arabic and _UNKNOWN_UNIT_RE.fullmatch(s):
        return s, s, 1, True, ""
    return None, None, 1, s == "", s


def _per_unit(s: str) -> tuple[str, str]:
    """The ``/年`` of ``次/年`` (or ``每年``), and the text after it."""
    for sep in ("/", "每"):
        if s.startswith(sep):
            second = _longest_unit(s[len(sep):])
            if second:
                return f"/{second}", s[len(sep) + len(second):]
    return "", s


def _longest_unit(s: str) -> str | None:
    units = grammar().units
    for size in range(min(len(s), 5), 0, -1):
        if s[:size] in units:
            return s[:size]
    return None


def _quantity_inside(text: str, number: str) -> Quantity | None:
    """Read the quantity that starts where ``number`` stands inside ``text``."""
    folded = fold(text)
    at = _standalone(number).search(folded)
    found = read_quantity(folded[at.start():]) if at else None
    return replace(found, rest="") if found else None


def is_comparator(text: str) -> bool:
    """True for a 指标性质 cell that is a comparator (≥, ＞＝, 不低于…)."""
    return re.sub(r"\s+", "", fold(text)) in _comparator_spellings()


@lru_cache(maxsize=1)
def _comparator_spellings() -> frozenset[str]:
    return frozenset(spelling for spelling, _ in grammar().prefixes)


def is_qualitative_phrase(text: str) -> bool:
    """True for a known non-numeric target such as 稳步提升 or 不超预算."""
    return fold(text).strip() in grammar().qualitative


def qualitative_phrases() -> tuple[str, ...]:
    """Known qualitative target phrases, longest first."""
    return grammar().qualitative
