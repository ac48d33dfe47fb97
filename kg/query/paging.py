"""Pages of a named query's answer: ``limit`` rows from ``offset``, with the whole answer's row count.

A listing read in source order names its document variable in its header (``# pages: g``).
Its rows come document by document, so a page is the answer over the few documents it covers:
the build counts each document's rows into the stats graph (kg.build.stats.listing_quads), and
the query runs once per covered document with that document in place of the variable (one
document's rows take milliseconds where the whole store's take seconds).

A listing that takes a parameter cannot be counted ahead. One whose rows come in groups of a
node, each row named by another (``# keys: ?t ?i``: metric-targets' rows, target by target,
each an indicator) is paged from its keys: ``queries/internal/groups-<name>.rq`` gives the groups
with the values the ORDER BY sorts them on and their sizes, ``members-<name>.rq`` the nodes of
one group; they are sorted here as SPARQL sorts them (the ORDER BY ends on the text of the two
IRIs), and the query runs for the page's nodes alone. The keys take a fraction of the time the
columns of every row would (a row is a dozen lookups).

A query without parameters whose answer sorts whole-store figures (``# answer: kept``:
budget-by-unit, cost-vs-budget) is run once by every build, which keeps its answer in the stats
graph, 100 rows a page (a W3C SPARQL JSON results document each); a page of it reads the one or two pages it covers,
at any size of store (at a million projects budget-by-unit's answer took 11 s).

Any other query is run whole and its rows counted as they stream, only the page's kept.
"""

from __future__ import annotations

import heapq
import json
import re
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

import pyoxigraph as ox

from kg.errors import UsageError
from kg.query.sparql import (_WHERE, NamedQuery, QueryResult, execute, inline_values, internal_query,
                             python_value, with_iri)
from kg.rdf.iris import LISTING_BUCKET, answer_iri, listing_iri
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
    if named.keys and limit is not None:
        return _paged_by_keys(store, named, bindings, limit, offset)
    if named.kept and (kept := kept_page(store, named.name, limit, offset)) is not None:
        return kept
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
        columns = _columns(store, named.text, named.pages, bindings)
    kept = rows[skip:] if limit is None else rows[skip:skip + limit]
    return TermPage(columns, kept, parts.total)


def _columns(store: ox.Store, text: str, variable: str, bindings: dict[str, str] | None = None) -> list[str]:
    """The query's columns, from its answer with no value for ``variable`` (an empty VALUES opening
    the WHERE clause: Oxigraph reads nothing, where with the variable a node that cannot exist it
    still read every row of the other patterns, 2 s at 1M projects for achievement's empty page)."""
    return [v.value for v in execute(store, with_values(text, variable, []), bindings).variables]


def _paged_by_keys(store: ox.Store, named: NamedQuery, bindings: dict[str, str], limit: int,
                   offset: int) -> TermPage:
    """A page of a listing whose rows come in groups (``# keys: ?group ?node``): the groups
    in order with their sizes, the nodes of the groups the page covers sorted, then the rows of
    the page's nodes alone, read with those nodes given first (a VALUES block opening the WHERE
    clause: Oxigraph starts from them)."""
    group, node = named.keys
    order = order_of(named.text)[:-1]  # the last: the text of the group's and the node's IRIs
    # each group: its node, its sort keys, whether it holds all its node's members, its rows
    groups = [[s[group], *(sparql_order(s[v]) for v, _ in order), _is_true(s, "whole"), int(s["rows"].value)]
              for s in _groups(store, named.name, bindings)]
    groups.sort(key=lambda found: found[0].value)
    sort_on_keys(groups, [desc for _, desc in order], start=1)
    members = inline_values(internal_query(f"members-{named.name}"), bindings)
    whole = inline_values(internal_query(f"members-{named.name}-whole"), bindings) if any(
        found[-2] for found in groups) else None
    text = inline_values(named.text, bindings)
    keys: list = []  # one per row of the groups the page covers, from the answer's row `start` on
    start = before = 0
    for found in groups:
        rows = found[-1]
        if before + rows > offset and before < offset + limit:
            start = start if keys else before
            found_members = (s[node] for s in execute(store, with_iri(whole if found[-2] else members, group,
                                                                        found[0].value)))
            wanted = offset + limit - before  # the group's rows up to the page's end
            # the page ends inside the group: its first rows only (the first page of 211,519 rows at
            # 1M projects: 0.31 s to sort them all)
            keys += (heapq.nsmallest(wanted, found_members, key=_text) if wanted < rows
                     else sorted(found_members, key=_text))
        before += rows
    first = offset - start  # the page's first row in keys
    if not keys[first:first + limit]:
        return TermPage(_columns(store, text, node), [], before)
    nodes = list(dict.fromkeys(keys[first:first + limit]))
    top = first
    while top > 0 and keys[top - 1] == nodes[0]:  # a node's rows are next to each other
        top -= 1
    solutions = execute(store, with_values(text, node, nodes))
    columns = [v.value for v in solutions.variables]
    rows = [[s[c] for c in columns] for s in solutions]
    return TermPage(columns, rows[first - top:first - top + limit], before)


def _text(term) -> str:
    return term.value


def _is_true(solution, variable: str) -> bool:
    """Whether the solution binds ``variable`` to true (a query without it: false)."""
    try:
        term = solution[variable]
    except KeyError:
        return False
    return term is not None and term.value == "true"


def _groups(store: ox.Store, name: str, bindings: dict[str, str]) -> list:
    """A keyed listing's groups as the build kept them in the stats graph (metric-targets: a metric
    printed on many indicators, kg.build.stats.kept_target_groups), else counted now
    (``groups-<name>-counted.rq``: a smaller metric, or a store built before the groups were kept)."""
    kept = list(execute(store, inline_values(internal_query(f"groups-{name}"), bindings)))
    return kept or list(execute(store, inline_values(internal_query(f"groups-{name}-counted"), bindings)))


_ORDER_BY = re.compile(r"\bORDER\s+BY\s+(.*?)\s*(?:\bLIMIT\b|\bOFFSET\b|$)", re.IGNORECASE | re.DOTALL)
_ORDER_TERM = re.compile(r"(ASC|DESC)?\s*\(?\s*[?$](\w+)\s*\)?", re.IGNORECASE)


def order_of(text: str) -> list[tuple[str, bool]]:
    """The variables of a query's ORDER BY and whether each sorts descending."""
    found = _ORDER_BY.search(text)
    if found is None:
        return []
    return [(name, (direction or "").upper() == "DESC") for direction, name in _ORDER_TERM.findall(found.group(1))]


_NUMERIC = {f"http://www.w3.org/2001/XMLSchema#{t}" for t in ("integer", "decimal", "int", "long")}
_FLOATING = {f"http://www.w3.org/2001/XMLSchema#{t}" for t in ("double", "float")}


def sparql_order(term) -> tuple:
    """A sort key that orders terms as SPARQL's ORDER BY does: unbound first, then blank nodes,
    IRIs, then literals (numbers by value, other literals by their text, in code point order as
    Oxigraph compares them)."""
    if term is None:
        return (0, "")
    if isinstance(term, ox.BlankNode):
        return (1, term.value)
    if isinstance(term, ox.NamedNode):
        return (2, term.value)
    datatype = term.datatype.value
    if datatype in _NUMERIC:
        return (3, Decimal(term.value))
    if datatype in _FLOATING:
        return (3, float(term.value))
    return (4, term.value)


def sort_on_keys(rows: list[list], descending: list[bool], *, start: int = 0) -> None:
    """Sort rows in place on their sort keys (:func:`sparql_order`) from column ``start``, one
    per ORDER BY variable: stable sorts from the last key to the first."""
    for column in reversed(range(len(descending))):
        rows.sort(key=lambda row, c=start + column: row[c], reverse=descending[column])


def with_values(text: str, variable: str, nodes: list) -> str:
    """The query with ``VALUES ?variable { … }`` opening its WHERE clause."""
    start = _WHERE.search(text)
    block = " ".join(str(node) for node in nodes)
    return f"{text[:start.end()]}\n  VALUES ?{variable} {{ {block} }}{text[start.end():]}"


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


def kept_page(store: ox.Store, name: str, limit: int | None, offset: int) -> TermPage | None:
    """Rows ``offset`` … ``offset + limit`` of a kept answer, read from the pages that hold them;
    None when the store keeps none (built by a kg before them, or a remote store)."""
    answer = answer_iri(STATS_GRAPH, name)
    head = list(execute(store, with_iri(internal_query("answer-head"), "answer", answer)))
    if not head:
        return None
    total, columns = int(head[0]["n"].value), json.loads(head[0]["columns"].value)
    end = total if limit is None else min(offset + limit, total)
    rows: list[list[Any]] = []
    first = offset - offset % LISTING_BUCKET
    for start in range(first, end, LISTING_BUCKET):
        text = with_iri(internal_query("answer-page"), "page", answer_iri(STATS_GRAPH, name, page=start))
        for solution in execute(store, text):
            kept = ox.parse_query_results(solution["rows"].value, format=ox.QueryResultsFormat.JSON)
            rows += [[row[c] for c in columns] for row in kept]
    return TermPage(columns, rows[offset - first:end - first], total)
