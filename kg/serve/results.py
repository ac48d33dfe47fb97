"""SPARQL 1.1 query results in the W3C formats (JSON, XML, CSV, TSV), row by row.

Written here rather than by Oxigraph so the endpoint can stop at its row cap.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
MEDIA_TYPES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}


def _json_term(term) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype is not None and term.datatype.value != XSD_STRING:
        out["datatype"] = term.datatype.value
    return out


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
        bindings = [{v: _json_term(t) for v, t in zip(variables, row) if t is not None} for row in rows]
        return json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}}, ensure_ascii=False)
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
        writer.writerows([["" if t is None else t.value for t in row] for row in rows])
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
