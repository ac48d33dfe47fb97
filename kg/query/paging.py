"""Pages of a named query's answer: ``limit`` rows from ``offset``, with the whole answer's row count.

A listing read in source order names its document variable in its header (``# pages: g``).
Its rows come document by document, so a page is the answer over the few documents it covers:
the build counts each document's rows into the stats graph (kg.build.stats.listing_quads), and
the query runs once per covered document with that document in place of the variable (one
document's rows take milliseconds where the whole store's take seconds). Any other query is
run whole and its rows counted as they stream, only the page's kept.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import pyoxigraph as ox

from kg.errors import UsageError
from kg.query.sparql import (NamedQuery, QueryResult, execute, inline_values, internal_query, python_value,
                             with_iri)
from kg.rdf.iris import LISTING_BUCKET, listing_iri
from kg.rdf.names import STATS_GRAPH  # plain strings: kg.rdf.namespaces loads rdflib
from kg.resources import queries_dir

MAX_LIMIT = 10_000  # rows one page may ask for; the whole answer is had without --limit


def check_page(limit: int | None, offset: int) -> None:
    """Refuse a page that cannot be: a negative offset, a limit below 1 or above MAX_LIMIT."""
    if offset < 0:
        raise UsageError(f"--offset must be 0 or more, not {offset}")
    if limit is not None and not 1 <= limit <= MAX_LIMIT:
        raise UsageError(f"--limit must be between 1 and {MAX_LIMIT}, not {limit}")


@dataclass
class TermPage:
    """A page as Oxigraph terms (None for unbound), for writers of W3C results documents."""

    columns: list[str]
    rows: list[list[Any]]
    total: int


def page(store: ox.Store, named: NamedQuery, bindings: dict[str, str], *, limit: int | None,
         offset: int = 0) -> QueryResult:
    """The rows ``offset`` … ``offset + limit`` of the named query's answer (to the end when
    ``limit`` is None) as Python values, and in ``total`` the whole answer's row count."""
    found = page_terms(store, named, bindings, limit=limit, offset=offset)
    return QueryResult(found.columns, [tuple(python_value(t) for t in row) for row in found.rows], found.total)


def page_terms(store: ox.Store, named: NamedQuery, bindings: dict[str, str], *, limit: int | None,
               offset: int = 0) -> TermPage:
    """:func:`page` with the rows as Oxigraph terms."""
    check_page(limit, offset)
    # the values written in once (see inline_values), so that the queries derived from the text
    # below (one per document) need none
    per_document = inline_values(document_text(named), bindings) if named.pages else None
    named = replace(named, text=inline_values(named.text, bindings))
    bindings = {}
    if per_document is not None:
        parts = _listing_parts(store, named.name, offset, limit)
        if parts is not None:
            return _paged_by_document(store, replace(named, text=per_document), bindings, parts, limit, offset)
    # one pass, every row decoded and counted: a COUNT beside an OFFSET/LIMIT query evaluates the
    # joins twice, which was slower for each such named query at 100k projects
    return sliced(execute(store, named.text, bindings), limit, offset)


def sliced(solutions, limit: int | None, offset: int) -> TermPage:
    """Stream the solutions, keep the page's rows and count them all."""
    if not isinstance(solutions, ox.QuerySolutions):
        raise UsageError("only SELECT queries can be paged")
    columns = [v.value for v in solutions.variables]
    end = None if limit is None else offset + limit
    rows, total = [], 0
    for total, solution in enumerate(solutions, 1):
        if total > offset and (end is None or total <= end):
            rows.append([solution[c] for c in columns])
    return TermPage(columns, rows, total)


class _Parts:
    def __init__(self, total: int, documents: list[tuple[str, int, int]]):
        self.total, self.documents = total, documents  # (document, rows before it, its rows)


def _listing_parts(store: ox.Store, name: str, offset: int, limit: int | None) -> _Parts | None:
    """The listing's row count and the documents that hold rows ``offset`` … ``offset + limit``,
    found through the buckets of rows they are part of; None when the store has no such counts
    (built by a kg before them)."""
    listing = listing_iri(STATS_GRAPH, name)
    totals = [s["n"] for s in execute(store, with_iri(internal_query("listing-total"), "listing", listing))]
    if not totals:
        return None
    total = int(totals[0].value)
    end = min(offset + limit if limit is not None else total, total)
    found: dict[str, tuple[int, int]] = {}
    for row in range(offset - offset % LISTING_BUCKET, end, LISTING_BUCKET):
        text = with_iri(internal_query("listing-bucket"), "bucket", listing_iri(STATS_GRAPH, name, bucket=row))
        for s in execute(store, text):
            before, rows = int(s["before"].value), int(s["n"].value)
            if before < end and before + rows > offset:
                found[s["g"].value] = (before, rows)
    documents = sorted(found.items(), key=lambda item: item[1][0])
    return _Parts(total, [(g, before, rows) for g, (before, rows) in documents])


def _paged_by_document(store: ox.Store, named: NamedQuery, bindings: dict[str, str], parts: _Parts,
                       limit: int | None, offset: int) -> TermPage:
    rows: list[list[Any]] = []
    columns: list[str] = []
    skip = offset - parts.documents[0][1] if parts.documents else 0
    for document, _, _ in parts.documents:
        solutions = execute(store, for_document(named.text, named.pages, document), bindings)
        columns = [v.value for v in solutions.variables]
        rows.extend([s[c] for c in columns] for s in solutions)
    if not columns:  # no document covers the page: the columns from the query's projection
        columns = _projected(store, named, bindings)
    kept = rows[skip:] if limit is None else rows[skip:skip + limit]
    return TermPage(columns, kept, parts.total)


def _projected(store: ox.Store, named: NamedQuery, bindings: dict[str, str]) -> list[str]:
    """The query's columns, from an answer over a document that cannot exist."""
    nowhere = "urn:kg:no-document"
    return [v.value for v in execute(store, for_document(named.text, named.pages, nowhere), bindings).variables]


def document_text(named: NamedQuery) -> str:
    """The text a listing's page runs once per document: ``queries/internal/page-<name>.rq`` where
    the listing has one (the same patterns, the document's first: Oxigraph joins in the order
    written, and the order that is fastest over the whole store reads all of it for one
    document), else the query's own."""
    path = queries_dir() / "internal" / f"page-{named.name}.rq"
    return path.read_text(encoding="utf-8") if path.is_file() else named.text


def for_document(text: str, variable: str, document: str) -> str:
    """The query with one document's IRI in place of its document variable (``?g`` → ``<…>``):
    Oxigraph then reads that document's graph alone."""
    return with_iri(text, variable, document)
