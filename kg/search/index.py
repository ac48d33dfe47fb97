"""The embedded search index: SQLite FTS5 over jieba tokens, BM25 ranking.

It lives beside the store (``.kg.search.sqlite`` for ``.kg``) and is rewritten by every
``kg build`` (kg.build.search_index) from the same records as the graph, so the two are
always in step; this module only reads it. It keeps
the tokens only: a hit's document is read from the store.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.errors import UsageError
from kg.search.documents import search_documents
from kg.search.query import match_expression, matched, parse_query
from kg.store import DEFAULT_STORE
from kg.store.versions import side_path

# bm25 column weights: the name (metric or project) counts more than the rest of the text.
NAME_WEIGHT, TEXT_WEIGHT = 5.0, 1.0


def index_path(store: str | Path) -> Path:
    """The index of the store's current version (see kg.store.versions)."""
    return side_path(store, ".search.sqlite")


@dataclass(frozen=True)
class Hit:
    score: float
    matched: tuple[str, ...]
    doc: dict[str, Any]


def search(text: str, *, store: str | Path = DEFAULT_STORE, kind: str | None = None, limit: int = 10) -> list[Hit]:
    """Documents matching ``text`` best first, with what each matched. Words are segmented like
    the index and looked for with their synonyms; a target is found as typed (``≥20万人次``,
    ``20万``, ``95%``): see :func:`kg.search.query.parse_query`."""
    path = index_path(store)
    if not path.is_file():
        raise UsageError(f"no search index for {store}; run `kg build PATH --store {store}` first")
    terms = parse_query(text)
    match = match_expression(terms)
    sql = (f"SELECT id, bm25(docs, 0, 0, {NAME_WEIGHT}, {TEXT_WEIGHT}) AS rank, name, text FROM docs "
           "WHERE docs MATCH ?" + (" AND type = ?" if kind else "") + " ORDER BY rank, id LIMIT ?")
    params: list[Any] = [match] + ([kind] if kind else []) + [limit]
    with sqlite3.connect(path) as db:
        rows = db.execute(sql, params).fetchall()
    # the index keeps tokens only; the hits' documents are read from the store
    docs = {d["id"]: d for d in search_documents(store, ids=[row[0] for row in rows])}
    hits = []
    for iri, rank, name, body in rows:
        present = set(name.split()) | set(body.split())
        hits.append(Hit(round(-rank, 4), matched(terms, present), docs[iri]))
    return hits
