"""The domain term source (``kg/nlp/data/terms.tsv``) and what is made from it:
the jieba dictionary, spaCy entity patterns, and dictionaries for other systems."""

from __future__ import annotations

import json
import logging
import os
import re
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path


from kg.errors import UsageError
from kg.resources import read_tsv

ENTITY_TYPES = ("ORG", "PLATFORM", "PUBLICATION", "POPULATION", "ACTIVITY")
DICT_FORMATS = ("jieba", "ik", "spacy-patterns")


@dataclass(frozen=True)
class Term:
    text: str
    type: str
    frequency: int | None
    synonyms: tuple[str, ...]
    canonical: str  # the term a synonym stands for; the term itself otherwise


@lru_cache(maxsize=1)
def terms() -> tuple[Term, ...]:
    """Every term of the source, its synonyms as terms of the same type."""
    out: list[Term] = []
    for row in read_tsv("nlp", "terms.tsv"):
        text, kind, freq, synonyms = (row + ["", "", ""])[:4]
        synonym_list = tuple(s.strip() for s in synonyms.split("|") if s.strip())
        head = text.strip()
        out.append(Term(head, kind.strip(), int(freq) if freq.strip() else None, synonym_list, head))
        out.extend(Term(s, kind.strip(), None, (), head) for s in synonym_list)
    return tuple(out)


_initialised = False


def initialise_jieba() -> None:
    """Load the terms into jieba's default tokenizer, once per process.

    Guards against jieba's user-dictionary traps: no file is read (so no BOM or CRLF
    can leak into a word), a missing frequency is computed with ``suggest_freq`` so
    the term stays whole, and a term jieba already knows never gets a lower frequency.
    """
    global _initialised
    if _initialised:
        return
    import jieba  # noqa: PLC0415 - loaded by the commands that segment, not by the CLI's start

    quiet_jieba()
    jieba.initialize()
    for term in terms():
        jieba.add_word(term.text, freq=_frequency(term))
    _initialised = True


def quiet_jieba() -> None:
    """jieba logs its dictionary loading at DEBUG to stderr; kg's output stays clean. Its
    dictionary cache goes to kg's cache folder, not the system temp folder: jieba writes it
    through a temporary file there, which a build killed at that moment would leave behind
    (a leftover is removed the next time)."""
    import jieba  # noqa: PLC0415

    jieba.setLogLevel(logging.WARNING)
    if jieba.dt.tmp_dir is None:
        jieba.dt.tmp_dir = jieba_cache_folder()


def jieba_cache_folder() -> str | None:
    """``$XDG_CACHE_HOME/kg`` (``~/.cache/kg``) without jieba's leftovers, or None (the system
    temp folder) where it cannot be made."""
    folder = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "kg"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for left in folder.glob("tmp*"):  # jieba's temporary cache files (tempfile.mkstemp)
            if time.time() - left.stat().st_mtime > STALE_SECONDS:  # not one another process writes now
                left.unlink(missing_ok=True)
    except OSError:
        return None
    return str(folder)


STALE_SECONDS = 600


def _frequency(term: Term) -> int:
    """Enough for the term to beat every split of itself, in context too.

    ``suggest_freq`` only keeps the term whole on its own: 部机关 got 6, and 保障部机关
    still split as 保障部 / 机关. The weakest of the term's own component words is a
    frequency at which no split of the term can win.
    """
    import jieba  # noqa: PLC0415

    known = jieba.dt.FREQ.get(term.text) or 0
    needed = jieba.suggest_freq(term.text, tune=False)
    parts = [p for p in jieba.dt.cut(term.text, HMM=False) if p != term.text]
    weakest = min((jieba.dt.FREQ.get(p) or 1 for p in parts), default=0)
    return max(known, needed, weakest, term.frequency or 0)


def export_dictionary(fmt: str) -> str:
    """The term source for another system: jieba user dict, IK ext_dict, spaCy patterns."""
    initialise_jieba()
    unique = list(dict.fromkeys((t.text, t.type) for t in terms()))
    if fmt == "jieba":
        # "word freq tag": tag = the entity type, lower-cased, so jieba.posseg keeps it
        by_text = {t.text: t for t in terms()}
        return "".join(f"{text} {_frequency(by_text[text])} {kind.lower()}\n" for text, kind in unique)
    if fmt == "ik":
        return "".join(f"{text}\n" for text, _ in unique)
    if fmt == "spacy-patterns":
        return "".join(json.dumps({"label": kind, "pattern": text, "id": canonical_name(text)}, ensure_ascii=False) + "\n"
                       for text, kind in unique if kind in ENTITY_TYPES)
    raise UsageError(f"unknown dictionary format {fmt!r}; choose one of {', '.join(DICT_FORMATS)}")


@lru_cache(maxsize=1)
def canonical_names() -> dict[str, str]:
    """A synonym's canonical term (教育培训 → 培训); the first listing wins."""
    out: dict[str, str] = {}
    for term in terms():
        if term.text != term.canonical:
            out.setdefault(term.text, term.canonical)
    return out


_QUOTES = re.compile(r"[“”「」『』\"']")


def entity_name(text: str) -> str:
    """An entity's name: its canonical term, quotes dropped, so synonyms and quoted spellings
    are one entity (教育培训 → 培训; “天津党建”数字化平台 → 天津党建数字化平台)."""
    return _QUOTES.sub("", canonical_name(text))


@lru_cache(maxsize=1)
def synonym_groups() -> dict[str, tuple[str, ...]]:
    """Each term that has synonyms → the term and all its synonyms, canonical first
    (培训 and 教育培训 → ``("培训", "教育培训")``): what a search for one of them also looks for."""
    members: dict[str, list[str]] = {}
    for term in terms():
        members.setdefault(term.canonical, [])
        if term.text not in members[term.canonical]:
            members[term.canonical].append(term.text)
    return {text: tuple(group) for group in members.values() if len(group) > 1 for text in group}


def canonical_name(text: str) -> str:
    """The term a synonym stands for (教育培训 → 培训); other text unchanged."""
    return canonical_names().get(text, text)
