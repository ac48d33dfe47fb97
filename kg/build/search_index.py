"""The search index a build writes beside its store version (what kg search reads)."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from kg.nlp.segment import segment
from kg.search.documents import search_documents
from kg.search.index import index_path
from kg.search.typed import index_text
from kg.store import DEFAULT_STORE


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
