"""Keywords per project: TF-IDF over jieba tokens, with IDF from the corpus when it is large."""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache
from typing import Callable, Iterable

import jieba.analyse

from kg.nlp.segment import segment_parts
from kg.records import Project
from kg.resources import read_words

CORPUS_IDF_MIN_PROJECTS = 50  # below this, jieba's own IDF (from a large general corpus) is better
_WORDLIKE = re.compile(r"^[\u4e00-\u9fff]{2,}$")


def project_parts(project: Project) -> list[str]:
    """The project's texts that keywords are drawn from: name, purpose, goals, indicators."""
    parts = [project.project, project.purpose or "", *project.goals]
    parts += [f"{i.name} {i.description or ''}" for i in project.indicators]
    return parts


def term_counts(project: Project) -> dict[str, int]:
    """How often each candidate keyword occurs in the project's text (the TF of TF-IDF)."""
    stop = _stop_words()
    return dict(Counter(t for t in segment_parts(project_parts(project)) if t not in stop and _WORDLIKE.match(t)))


def keywords(projects: Iterable[Project], *, top: int = 5) -> dict[int, tuple[str, ...]]:
    """The ``top`` keywords of each project (by position in ``projects``), deterministic."""
    return top_keywords([term_counts(p) for p in projects], top=top)


def top_keywords(counts: list[dict[str, int]], *, top: int = 5) -> dict[int, tuple[str, ...]]:
    """The ``top`` keywords of each project from its term counts, with the corpus's IDF once
    there are enough projects, jieba's otherwise."""
    idf = keyword_idf(Counter(t for c in counts for t in c), len(counts))
    return {index: top_words(c, idf, top=top) for index, c in enumerate(counts)}


def keyword_idf(document_frequency: Counter, projects: int) -> Callable[[str], float]:
    """The IDF of a word: from the corpus (``projects`` projects, ``document_frequency``: how many
    of them use each word) once there are enough projects, from jieba's table otherwise."""
    if projects >= CORPUS_IDF_MIN_PROJECTS:
        return {t: math.log(projects / n) for t, n in document_frequency.items()}.__getitem__
    table = jieba.analyse.default_tfidf.idf_freq
    median = jieba.analyse.default_tfidf.median_idf
    return lambda t: table.get(t, median)


def top_words(counts: dict[str, int], idf: Callable[[str], float], *, top: int = 5) -> tuple[str, ...]:
    """One project's ``top`` keywords by TF-IDF, ties by the word: deterministic."""
    total = sum(counts.values()) or 1
    return tuple(sorted(counts, key=lambda t: (-(counts[t] / total) * idf(t), t))[:top])


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    return frozenset(read_words("nlp", "stop_words.txt"))
