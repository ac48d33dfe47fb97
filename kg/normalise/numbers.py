"""Numbers as printed in budget tables: 1,250,000.00, ２０, 二十万, 百分之九十五."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

_TRAILING_BRACKET = re.compile(r"(?<=[\d元万])\((?:[^()]*)\)$")  # a note in brackets after an amount

ARABIC = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"
CHINESE_DIGITS = "零〇一二两三四五六七八九"
CHINESE = rf"[{CHINESE_DIGITS}十百千万亿点]+"
NUMBER_RE = re.compile(rf"(?P<arabic>{ARABIC})|(?P<chinese>{CHINESE})")

_DIGIT = {ch: i for i, ch in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}
_SMALL_UNIT = {"十": 10, "百": 100, "千": 1000}
_BIG_UNIT = {"万": 10_000, "亿": 100_000_000}


# NFKC would turn 300㎡ into 300m2, a number with no unit: area and volume signs stay as printed
_KEPT_SIGNS = re.compile("([㎡㎥²³])")


ZEROS = ("0", "０")  # a zero as printed: a Word file gives its digits full-width as often as not


def fold(text: str) -> str:
    """NFKC form used for matching only: full-width digits, ％ and ＞＝ become ASCII; ㎡, ㎥, ² and ³
    stay (the units table knows them)."""
    if _KEPT_SIGNS.search(text) is None:
        return unicodedata.normalize("NFKC", text)
    return "".join(part if _KEPT_SIGNS.fullmatch(part) else unicodedata.normalize("NFKC", part)
                   for part in _KEPT_SIGNS.split(text))


def parse_arabic(text: str) -> Decimal:
    """``"1,250,000.00"`` → ``Decimal("1250000.00")``."""
    return Decimal(text.replace(",", ""))


def parse_chinese(text: str) -> Decimal | None:
    """Chinese numerals: 二十 → 20, 一百零五 → 105, 二十万 → 200000, 三点五 → 3.5."""
    if "点" in text:
        whole, _, frac = text.partition("点")
        integer = parse_chinese(whole) if whole else Decimal(0)
        if integer is None or not frac or any(ch not in _DIGIT for ch in frac):
            return None
        return integer + Decimal("0." + "".join(str(_DIGIT[ch]) for ch in frac))
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in _DIGIT:
            digit = _DIGIT[ch]
        elif ch in _SMALL_UNIT:
            section += (1 if digit is None else digit) * _SMALL_UNIT[ch]
            digit = None
        elif ch in _BIG_UNIT:
            section += digit or 0
            total = (total + section) * _BIG_UNIT[ch]
            section, digit = 0, None
        else:
            return None
    if digit is not None:
        section += digit
    value = total + section
    if value == 0 and not any(ch in "零〇" for ch in text):
        return None
    return Decimal(value)


YUAN_PER_MONEY_UNIT = {"元": 1, "千元": 1_000, "万元": 10_000, "亿元": 100_000_000}
_AMOUNT_SUFFIX_YUAN = {"元": 1, "千元": 1_000, "万": 10_000, "万元": 10_000,
                       "亿": 100_000_000, "亿元": 100_000_000}
_AMOUNT_RE = re.compile(rf"({ARABIC})(万元|千元|亿元|万|亿|元)?")


def parse_amount(text: str | None, *, money_unit: str = "万元") -> Decimal | None:
    """A money cell, in the table's ``money_unit``: ``80万`` in a 元 table is 800000.

    Returns None for an empty cell; raises ValueError for text that is not an amount.
    """
    if text is None:
        return None
    folded = fold(text).strip().replace(" ", "")
    if folded in ("", "-", "—", "/", "无"):
        return None
    # ``854万(高标准农田建设400万元,…)``: the breakdown in brackets is a note
    folded = _TRAILING_BRACKET.sub("", folded)
    match = _AMOUNT_RE.fullmatch(folded)
    if not match:
        raise ValueError(f"not an amount: {text!r}")
    number = parse_arabic(match.group(1))
    if not match.group(2):
        return number
    yuan = number * _AMOUNT_SUFFIX_YUAN[match.group(2)]
    return _tidy(yuan / YUAN_PER_MONEY_UNIT.get(money_unit, 1))


def _tidy(value: Decimal) -> Decimal:
    """Drop exponent noise from scaling (``Decimal('8.0E+5')`` → ``800000``)."""
    try:
        if value == value.to_integral_value():
            return value.quantize(Decimal(1))
    except InvalidOperation:
        return value
    return value.normalize()
