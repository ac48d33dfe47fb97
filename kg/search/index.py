"""The embedded search index: SQLite FTS5 over jieba tokens, BM25 ranking.

It lives beside the store (``.kg.search.sqlite`` for ``.kg``) and is rewritten by every
``kg build`` from the same records as the graph, so the two are always in step. It keeps
the tokens only: a hit's document is read from the store.
"""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.errors import UsageError
from kg.nlp.segment import segment
from kg.search.documents import search_documents
from kg.search.query import match_expression, matched, parse_query
from kg.search.typed import index_text
from kg.store import DEFAULT_STORE
from kg.store.versions import side_path

# bm25 column weights: the name (metric or project) counts more than the rest of the text.
NAME_WEIGHT, TEXT_WEIGHT = 5.0, 1.0


def index_path(store: str | Path) -> Path:
    """The index of the store's current version (see kg.store.versions)."""
    return side_path(store, ".search.sqlite")


class SearchIndexWriter:
    """Writes a new index beside the store during a build; ``close`` puts it in place of the
    old one at once, so a failed build leaves the old index.

    Rows go to a plain table first (cheap inserts while the files are read); the full-text
    index is made from it in one statement, which SQLite runs without holding Python's GIL,
    so :meth:`close_in_background` overlaps it with the store's bulk load.
    """

    def __init__(self, store: str | Path = DEFAULT_STORE):
        self.target = index_path(store)
        self.tmp = self.target.with_name(self.target.name + ".tmp")
        self.tmp.unlink(missing_ok=True)
        self.staging = self.target.with_name(self.target.name + ".staging")
        self.staging.unlink(missing_ok=True)
        self.db = sqlite3.connect(self.tmp, check_same_thread=False)
        self.db.execute("PRAGMA journal_mode = OFF")  # a half-written index is thrown away anyway
        self.db.execute("PRAGMA synchronous = OFF")
        self.db.execute("ATTACH DATABASE ? AS staging", (str(self.staging),))
        self.db.execute("PRAGMA staging.journal_mode = OFF")
        self.db.execute("PRAGMA staging.synchronous = OFF")
        self.db.execute("CREATE TABLE staging.staged (id, type, name, text)")
        self.count = 0
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None

    def add(self, rows) -> None:
        """Rows of (id, type, name tokens, text tokens, …): see :func:`kg.search.documents.index_rows`.
        The text gets the words of its targets and numbers (kg.search.typed)."""
        self.db.executemany("INSERT INTO staged VALUES (?, ?, ?, ?)",
                            [(row[0], row[1], row[2], index_text(row[3])) for row in rows])
        self.count += len(rows)

    def _index(self) -> None:
        try:
            self.db.execute("CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, type UNINDEXED, name, text,"
                            " tokenize = 'unicode61')")
            self.db.execute("INSERT INTO docs SELECT id, type, name, text FROM staging.staged")
            self.db.commit()
            self.db.execute("DETACH DATABASE staging")
        except BaseException as exc:  # handed to close()
            self._error = exc

    def close_in_background(self) -> None:
        self._thread = threading.Thread(target=self._index, name="kg-search-index", daemon=True)
        self._thread.start()

    def close(self) -> int:
        if self._thread is None:
            self._index()
        else:
            self._thread.join()
        self.db.close()
        self.staging.unlink(missing_ok=True)
        if self._error is not None:
            raise self._error
        self.tmp.replace(self.target)
        return self.count


def rebuild_index(store: str | Path = DEFAULT_STORE) -> int:
    """Rebuild the index from the store's documents; returns how many."""
    writer = SearchIndexWriter(store)
    writer.add([(d["id"], d["type"], d.get("metric_seg") or " ".join(segment(d["project"] or "")), d["text_seg"])
                for d in search_documents(store)])
    return writer.close()


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
