"""Targets and numbers as index words, so a search finds them however they are typed.

SQLite's ``unicode61`` tokenizer drops ``≥`` and ``%`` and keeps ``≥20万人次`` as the one token
``20万人次``, while jieba cuts a query ``20万人次`` into ``20`` / ``万人次``: neither side sees the
other. So the normaliser reads both. Each target in the index also gets words for its value (the
base value, unit and comparator: ``≥20万人次`` is 200000 人次, at least), and each number written
in it; a target in a query becomes the one word that says as much as the query does:

=============  =========================
query          matches targets that are
=============  =========================
``≥20万人次``  ≥ 200000 人次
``20万人次``   200000 人次, any comparator
``20万``       200000 of any unit
``95%``        95 %, any comparator
=============  =========================

The words are letters and digits only (``≥`` and ``%`` spelled as code points), so ``unicode61``
keeps each whole.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

from kg.normalise.numbers import CHINESE_DIGITS, fold
from kg.normalise.targets import grammar, parse_target
from kg.records import Target

CHINESE_NUMERALS = CHINESE_DIGITS + "十百千"
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_DIGIT = re.compile(r"\d")


def _word(*parts: str) -> str:
    """One index word: ``q`` and the parts, any sign written as its code point (``%`` → ``x25x``)."""
    return "q" + "".join(ch if ch.isalnum() else f"x{ord(ch):x}x" for ch in "".join(parts))


def _number(value: Decimal) -> str:
    return format(value.normalize(), "f")


def value_words(target: Target) -> tuple[str, ...]:
    """Every word a quantitative target is found by: its base value, with its unit, with its comparator."""
    if not target.numeric:
        return ()
    value, unit, comparator = _number(target.base_value), target.base_unit or "", target.comparator or "="
    words = [_word("n", value), _word(comparator, value)]
    if unit:
        words += [_word("n", value, unit), _word(comparator, value, unit)]
    return tuple(words)


@lru_cache(maxsize=1 << 16)
def token_words(token: str) -> tuple[str, ...]:
    """The extra index words of one text token: its value words if it reads as a target,
    and each number written in it (12380 in 12380举报网站)."""
    if not _DIGIT.search(token):
        return ()
    written = tuple(_word("n", _number(Decimal(n))) for n in _NUMBER.findall(fold(token)))
    return tuple(dict.fromkeys(value_words(parse_target(token)) + written))


def index_text(tokens: str) -> str:
    """Tokens (joined by spaces) with the words of their targets and numbers added at the end."""
    extra = [w for token in tokens.split() for w in token_words(token)]
    return " ".join([tokens, *dict.fromkeys(extra)]) if extra else tokens


def typed_comparator(text: str) -> bool:
    """Whether ``text`` starts with a comparator (≥, 不低于, …) rather than the number itself."""
    folded = fold(text).strip()
    return any(folded.startswith(spelling) for spelling, _ in grammar().prefixes)


def query_word(text: str) -> str | None:
    """The one word a target typed in a query looks for, as specific as the query
    (see the module's table); None when ``text`` is not a whole target (五年规划 is 5 年 and
    a note: its words are searched for instead)."""
    target = parse_target(text)
    if not target.numeric or target.note:
        return None
    value, unit = _number(target.base_value), target.base_unit or ""
    if typed_comparator(text):
        return _word(target.comparator or "=", value, unit)
    return _word("n", value, unit)


def split_target(piece: str) -> tuple[str, str | None]:
    """``党员满意度≥95%`` → ``("党员满意度", "≥95%")``: a target typed at the end of a word;
    ``(piece, None)`` when there is none. Chinese numerals start a target only as the whole
    piece (二十万人次), since 一 and 十 sit inside many words (统一, 十项行动)."""
    starts = [i for i, ch in enumerate(piece) if ch.isdigit() or typed_comparator(piece[i:])
              or (i == 0 and ch in CHINESE_NUMERALS)]
    for start in starts:
        if query_word(piece[start:]) is not None:
            return piece[:start], piece[start:]
    return piece, None
