"""Which format a ``/sparql`` answer is written in: ``format=`` or the Accept header, by query form.

Media types are matched exactly (with ``type/*`` and ``*/*`` ranges and q-values, RFC 9110
§12.5.1); ``q=0`` means "not this one". The first format of each list is the default.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Format:
    """One way to write an answer: the name ``format=`` takes and its media types, preferred first."""

    name: str
    media_types: tuple[str, ...]

    @property
    def media_type(self) -> str:
        return self.media_types[0]


# SELECT and ASK: the W3C SPARQL 1.1 result formats; ASK has no CSV/TSV form.
SELECT_FORMATS = (
    Format("json", ("application/sparql-results+json", "application/json")),
    Format("xml", ("application/sparql-results+xml", "application/xml")),
    Format("csv", ("text/csv",)),
    Format("tsv", ("text/tab-separated-values",)),
)
ASK_FORMATS = SELECT_FORMATS[:2]
# CONSTRUCT and DESCRIBE: RDF syntaxes; format= takes the names kg sparql --format takes.
GRAPH_FORMATS = (
    Format("turtle", ("text/turtle",)),
    Format("ntriples", ("application/n-triples",)),
    Format("xml", ("application/rdf+xml",)),
    Format("json", ("application/ld+json",)),
)
FORMS = {"SELECT": SELECT_FORMATS, "ASK": ASK_FORMATS, "CONSTRUCT": GRAPH_FORMATS, "DESCRIBE": GRAPH_FORMATS}


class NotAcceptable(Exception):
    """Nothing the client accepts fits the query form (HTTP 406), or ``format=`` is unknown (400)."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


def choose(form: str | None, explicit: str | None, accept: str) -> Format:
    """The format for a query of ``form`` (None: not known yet, taken as SELECT)."""
    offered = FORMS.get(form or "SELECT", SELECT_FORMATS)
    if explicit:
        for fmt in offered:
            if fmt.name == explicit:
                return fmt
        names = ", ".join(f.name for f in offered)
        raise NotAcceptable(400, f"unknown format {explicit!r} for a {form or 'SELECT'} query; use {names}")
    ranges = parse_accept(accept)
    if not ranges:
        return offered[0]
    best, best_q = None, 0.0
    for fmt in offered:
        q = max(quality(media_type, ranges) for media_type in fmt.media_types)
        if q > best_q:
            best, best_q = fmt, q
    if best is None:
        wanted = ", ".join(t for f in offered for t in f.media_types)
        raise NotAcceptable(406, f"no acceptable result format for a {form or 'SELECT'} query; accept one of {wanted}")
    return best


def parse_accept(header: str) -> list[tuple[str, float]]:
    """``(media range, q)`` pairs of an Accept header, lower-cased; a bad q counts as 0."""
    ranges = []
    for part in header.split(","):
        media_range, *params = (p.strip() for p in part.split(";"))
        if "/" not in media_range:
            continue
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    q = 0.0
        ranges.append((media_range.lower(), q))
    return ranges


def quality(media_type: str, ranges: list[tuple[str, float]]) -> float:
    """The q the most specific matching range gives ``media_type`` (0 when none matches)."""
    kind = media_type.split("/")[0]
    for pattern in (media_type, f"{kind}/*", "*/*"):
        matches = [q for r, q in ranges if r == pattern]
        if matches:
            return max(matches)
    return 0.0
