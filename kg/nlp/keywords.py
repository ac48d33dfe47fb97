"""Keywords per project: TF-IDF over jieba tokens, with IDF from the corpus when it is large."""

from __future__ import annotations

import math
import re
from collections import Counter
from typing import Iterable

import jieba.analyse

from kg.nlp.segment import segment
from kg.records import Project
from kg.resources import read_words

CORPUS_IDF_MIN_PROJECTS = 50  # below this, jieba's own IDF (from a large general corpus) is better
_WORDLIKE = re.compile(r"^[\u4e00-\u9fff]{2,}$")


def project_text(project: Project) -> str:
    parts = [project.project, project.purpose or "", *project.goals]
    parts += [f"{i.name} {i.description or ''}" for i in project.indicators]
    return "\n".join(parts)


def keywords(projects: Iterable[Project], *, top: int = 5) -> dict[int, tuple[str, ...]]:
    """The ``top`` keywords of each project (by position in ``projects``), deterministic."""
    projects = list(projects)
    stop = frozenset(read_words("nlp", "stop_words.txt"))
    counts = [Counter(t for t in segment(project_text(p)) if _WORDLIKE.match(t) and t not in stop)
              for p in projects]
    if len(projects) >= CORPUS_IDF_MIN_PROJECTS:
        df = Counter(t for c in counts for t in c)
        idf = {t: math.log(len(projects) / n) for t, n in df.items()}
    else:
        table = jieba.analyse.default_tfidf.idf_freq
        median = jieba.analyse.default_tfidf.median_idf
        idf = {t: table.get(t, median) for c in counts for t in c}
    out = {}
    for index, c in enumerate(counts):
        total = sum(c.values()) or 1
        ranked = sorted(c, key=lambda t: (-(c[t] / total) * idf[t], t))
        out[index] = tuple(ranked[:top])
    return out
