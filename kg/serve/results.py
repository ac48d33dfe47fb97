"""SPARQL 1.1 query results in the W3C formats (JSON, XML, CSV, TSV), row by row, and the
triples of CONSTRUCT and DESCRIBE in an RDF syntax.

Written here rather than by Oxigraph so the endpoint can stop at its row and byte caps.
"""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any, Iterable
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from kg.query.sparql import XSD_STRING, select_json

MEDIA_TYPES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
GRAPH_SYNTAXES = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES,
                  "xml": ox.RdfFormat.RDF_XML, "json": ox.RdfFormat.JSON_LD}
# What a term costs in a results document besides its text (the JSON or XML around it).
TERM_OVERHEAD = 48
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection); a plain
# number (-5, +3.2) is no formula and stays as it is.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")


def neutralise_cell(text: str) -> str:
    """``'=HYPERLINK(…)`` for ``=HYPERLINK(…)``: a CSV cell a spreadsheet would run is shown as text."""
    if text.startswith(FORMULA_START) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def take(items: Iterable, size, max_items: int, max_bytes: int) -> tuple[list, bool]:
    """The first items of ``items`` within ``max_items`` and about ``max_bytes`` (``size(item)``
    estimates one); True when more were left."""
    taken, total = [], 0
    for item in items:
        total += size(item)
        if len(taken) == max_items or (total > max_bytes and taken):
            return taken, True
        taken.append(item)
    return taken, False


def row_size(row: list[Any]) -> int:
    return sum(TERM_OVERHEAD + len(t.value) for t in row if t is not None)


def triple_size(triple: ox.Triple) -> int:
    return 3 * TERM_OVERHEAD + sum(len(str(t.value)) for t in (triple.subject, triple.predicate, triple.object))


def serialize_graph(triples: list[ox.Triple], fmt: str) -> bytes:
    """CONSTRUCT or DESCRIBE triples in the RDF syntax ``fmt`` names (turtle, ntriples, xml, json)."""
    return ox.serialize(triples, format=GRAPH_SYNTAXES[fmt])


def _xml_term(term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    attrs = ""
    if term.language:
        attrs = f" xml:lang={quoteattr(term.language)}"
    elif term.datatype is not None and term.datatype.value != XSD_STRING:
        attrs = f" datatype={quoteattr(term.datatype.value)}"
    return f"<literal{attrs}>{escape(term.value)}</literal>"


def serialize_select(variables: list[str], rows: list[list[Any]], fmt: str) -> str:
    """A SELECT result; ``rows`` hold Oxigraph terms or None for unbound."""
    if fmt == "json":
        return select_json(variables, rows)
    if fmt == "xml":
        head = "".join(f"<variable name={quoteattr(v)}/>" for v in variables)
        results = "".join(
            "<result>" + "".join(f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>"
                                 for v, t in zip(variables, row) if t is not None) + "</result>" for row in rows)
        return ('<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
                f"<head>{head}</head><results>{results}</results></sparql>\n")
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")  # RFC 4180, as the W3C CSV format asks
        writer.writerow(variables)
        writer.writerows([["" if t is None else neutralise_cell(t.value) for t in row] for row in rows])
        return buffer.getvalue()
    if fmt == "tsv":
        lines = ["\t".join(f"?{v}" for v in variables)]
        lines += ["\t".join("" if t is None else str(t) for t in row) for row in rows]
        return "\n".join(lines) + "\n"
    raise ValueError(fmt)


def serialize_ask(value: bool, fmt: str) -> str:
    if fmt == "xml":
        return ('<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head/>'
                f"<boolean>{str(value).lower()}</boolean></sparql>\n")
    return json.dumps({"head": {}, "boolean": value})
