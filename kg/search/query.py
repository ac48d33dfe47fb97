"""A search text → the terms it looks for: words with their synonyms, and targets as typed."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.errors import UsageError
from kg.nlp.segment import segment
from kg.nlp.terms import synonym_groups
from kg.search.typed import query_word, split_target

_WORD = re.compile(r"\w", re.UNICODE)


@dataclass(frozen=True)
class QueryTerm:
    """One thing the user asked for: ``shown`` as they typed it, found by any of ``words``."""

    shown: str
    words: tuple[str, ...]
    target: bool = False


def parse_query(text: str) -> list[QueryTerm]:
    """The terms of a search text: a target (``≥20万人次``, ``20万``, ``95%``) is one term, read
    by the normaliser; the rest is segmented like the index, each word with its synonyms
    from the term source (满意率 also looks for 满意度)."""
    terms: list[QueryTerm] = []
    for piece in text.split():
        words, target = split_target(piece)
        for word in segment(words) if words else ():
            if _WORD.search(word):
                terms.append(QueryTerm(word, synonym_groups().get(word, (word,))))
        if target is not None:
            terms.append(QueryTerm(target, (query_word(target),), target=True))
    unique = list(dict.fromkeys(terms))
    if not unique:
        raise UsageError("nothing to search for: the text has no words")
    return unique


def match_expression(terms: list[QueryTerm]) -> str:
    """The FTS5 MATCH text: any term, a term by any of its words."""
    def quoted(word: str) -> str:
        return '"' + word.replace('"', '""') + '"'
    return " OR ".join("(" + " OR ".join(quoted(w) for w in term.words) + ")" for term in terms)


def matched(terms: list[QueryTerm], present: set[str]) -> tuple[str, ...]:
    """What a hit matched, for the user: a target as they typed it, a word as the hit has it
    (满意度 for a search for 满意率)."""
    out: list[str] = []
    for term in terms:
        found = [w for w in term.words if w in present]
        if found:
            out.extend([term.shown] if term.target else found)
    return tuple(dict.fromkeys(out))
