"""Segmentation with the domain dictionary, memoised: indicator names repeat heavily."""

from __future__ import annotations

from functools import lru_cache
from typing import Iterable

import jieba

from kg.nlp.terms import initialise_jieba
from kg.normalise.targets import parse_target


@lru_cache(maxsize=1 << 17)
def segment(text: str) -> tuple[str, ...]:
    """jieba tokens of ``text`` (precise mode), whitespace tokens dropped."""
    initialise_jieba()
    return tuple(token for token in jieba.cut(text) if token.strip())


def segment_parts(parts: Iterable[str | None]) -> tuple[str, ...]:
    """The tokens of the parts joined by line breaks, cut part by part: jieba cuts at a line
    break anyway, and each part (a goal, a metric name) is then looked up in the memo."""
    return tuple(token for part in parts if part for token in segment(part))


def segment_field(text: str, field: str) -> tuple[str, ...]:
    """Like :func:`segment`, but a target expression (``≥20万人次``) stays one token:
    the normaliser already understands it."""
    if field == "target" and parse_target(text).kind == "quantitative":
        return (text.strip(),)
    return segment(text)
