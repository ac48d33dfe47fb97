"""Stage 6, query: named SPARQL queries and free SPARQL over the store."""

from __future__ import annotations

from pathlib import Path

from kg.query.sparql import (RESULT_FORMATS, NamedQuery, QueryError, QueryNotFound, QueryResult,
                             bind, execute, list_queries, load_query, to_result)
from kg.query.tables import render_table
from kg.store import DEFAULT_STORE, open_store

__all__ = ["RESULT_FORMATS", "NamedQuery", "QueryError", "QueryNotFound", "QueryResult", "list_queries", "load_query",
           "query", "render_table", "sparql"]


def query(name: str, *, store: str | Path = DEFAULT_STORE, **params: str) -> QueryResult:
    """Run the named query ``queries/<name>.rq`` with ``params`` bound; rows as Python values."""
    named = load_query(name)
    return to_result(execute(open_store(store, read_only=True), named.text, bind(named, params)))


def sparql(text: str, *, store: str | Path = DEFAULT_STORE) -> QueryResult:
    """Run free SPARQL (a SELECT) with the standard prefixes known; the default graph is
    the union of all graphs."""
    return to_result(execute(open_store(store, read_only=True), text, union=True))
