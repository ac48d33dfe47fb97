"""Metric families: 任务完成时限, 完成时间 and 完成时限 are one thing written three ways.

A metric's family key is its tokens with synonyms replaced and generic modifiers
dropped (``kg/nlp/data/families.tsv``); a similarity score compares two keys.
"""

from __future__ import annotations

from functools import lru_cache

from kg.nlp.segment import segment
from kg.rdf.iris import key
from kg.resources import read_tsv


@lru_cache(maxsize=1)
def _table() -> tuple[dict[str, str], frozenset[str]]:
    synonyms: dict[str, str] = {}
    drops: set[str] = set()
    for row in read_tsv("nlp", "families.tsv"):
        kind, token = row[0], row[1]
        if kind == "synonym":
            synonyms[token] = row[2]
        elif kind == "drop":
            drops.add(token)
    return synonyms, frozenset(drops)


@lru_cache(maxsize=1 << 16)
def family_key(name: str) -> str:
    """``任务完成时限`` → ``完成时限``; ``完成时间`` → ``完成时限``; ``大讲堂满意率`` → ``大讲堂满意度``."""
    synonyms, drops = _table()
    tokens = [synonyms.get(t, t) for t in segment(key(name)) if t not in drops]
    return "".join(tokens) or key(name)


def similarity(a: str, b: str) -> float:
    """Jaccard similarity of the character bigrams of two family keys (1.0: same family)."""
    ka, kb = family_key(a), family_key(b)
    if ka == kb:
        return 1.0
    grams = lambda s: {s[i:i + 2] for i in range(len(s) - 1)} or {s}  # noqa: E731
    ga, gb = grams(ka), grams(kb)
    return len(ga & gb) / len(ga | gb)
