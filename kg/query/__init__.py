"""Stage 6, query: named SPARQL queries and free SPARQL over the store."""

from __future__ import annotations

from pathlib import Path

from kg.query.sparql import (RESULT_FORMATS, NamedQuery, QueryError, QueryNotFound, QueryResult,
                             bind, execute, list_queries, load_query, to_result)
from kg.query.paging import page
from kg.query.tables import render_table
from kg.store import DEFAULT_STORE, open_store

__all__ = ["RESULT_FORMATS", "NamedQuery", "QueryError", "QueryNotFound", "QueryResult", "list_queries", "load_query",
           "query", "render_table", "sparql"]


def query(name: str, *, store: str | Path = DEFAULT_STORE, limit: int | None = None, offset: int = 0,
          **params: str) -> QueryResult:
    """Run the named query ``queries/<name>.rq`` with ``params`` bound; rows as Python values.

    With ``limit`` or ``offset``, the rows ``offset`` … ``offset + limit`` of the answer (a page),
    and in ``total`` how many rows the whole answer has (see kg.query.paging).
    """
    named = load_query(name)
    bindings = bind(named, params)
    oxi = open_store(store, read_only=True)
    if limit is None and not offset:
        result = to_result(execute(oxi, named.text, bindings))
        result.total = len(result.rows)
        return result
    return page(oxi, named, bindings, limit=limit, offset=offset)


def sparql(text: str, *, store: str | Path = DEFAULT_STORE) -> QueryResult:
    """Run free SPARQL (a SELECT) with the standard prefixes known; the default graph is
    the union of all graphs."""
    return to_result(execute(open_store(store, read_only=True), text, union=True))
