"""Stage: search — flat documents for search systems, and an embedded BM25 index."""

from __future__ import annotations

from kg.search.documents import search_documents
from kg.search.index import Hit, index_path, search

__all__ = ["Hit", "index_path", "search", "search_documents"]
