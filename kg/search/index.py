"""The embedded search index: SQLite FTS5 over jieba tokens, BM25 ranking.

It lives beside the store (``.kg.search.sqlite`` for ``.kg``) and is rebuilt from the
store by every ``kg build``, so it is always in step with the graph.
"""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.errors import UsageError
from kg.nlp.segment import segment
from kg.search.documents import search_documents
from kg.store import DEFAULT_STORE

# bm25 column weights: the name (metric or project) counts more than the rest of the text.
NAME_WEIGHT, TEXT_WEIGHT = 5.0, 1.0
_WORD = re.compile(r"\w", re.UNICODE)


def index_path(store: str | Path) -> Path:
    path = Path(store)
    return path.with_name(path.name + ".search.sqlite")


def rebuild_index(store: str | Path = DEFAULT_STORE, docs: list[dict[str, Any]] | None = None) -> int:
    """Replace the index with ``docs`` (default: the store's documents); returns how many."""
    docs = search_documents(store) if docs is None else docs
    target = index_path(store)
    tmp = target.with_name(target.name + ".tmp")
    tmp.unlink(missing_ok=True)
    with sqlite3.connect(tmp) as db:
        db.execute("CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, type UNINDEXED, name, text, doc UNINDEXED,"
                   " tokenize = 'unicode61')")
        db.executemany("INSERT INTO docs VALUES (?, ?, ?, ?, ?)", [
            (d["id"], d["type"], d.get("metric_seg") or " ".join(segment(d["project"] or "")), d["text_seg"],
             json.dumps(d, ensure_ascii=False, sort_keys=True)) for d in docs])
    tmp.replace(target)
    return len(docs)


@dataclass(frozen=True)
class Hit:
    score: float
    matched: tuple[str, ...]
    doc: dict[str, Any]


def search(text: str, *, store: str | Path = DEFAULT_STORE, kind: str | None = None, limit: int = 10) -> list[Hit]:
    """Documents matching ``text`` (segmented like the index), best first, with the words that matched."""
    path = index_path(store)
    if not path.is_file():
        raise UsageError(f"no search index for {store}; run `kg build PATH --store {store}` first")
    words = [w for w in dict.fromkeys(segment(text)) if _WORD.search(w)]
    if not words:
        raise UsageError("nothing to search for: the text has no words")
    match = " OR ".join('"' + w.replace('"', '""') + '"' for w in words)
    sql = (f"SELECT doc, bm25(docs, 0, 0, {NAME_WEIGHT}, {TEXT_WEIGHT}, 0) AS rank, name, text FROM docs "
           "WHERE docs MATCH ?" + (" AND type = ?" if kind else "") + " ORDER BY rank, id LIMIT ?")
    params: list[Any] = [match] + ([kind] if kind else []) + [limit]
    with sqlite3.connect(path) as db:
        rows = db.execute(sql, params).fetchall()
    hits = []
    for doc, rank, name, body in rows:
        present = set(name.split()) | set(body.split())
        hits.append(Hit(round(-rank, 4), tuple(w for w in words if w in present), json.loads(doc)))
    return hits
