"""A remote triple store over HTTP: SPARQL 1.1 Protocol for queries, the Graph Store
Protocol for loading (one named graph per document, replaced with PUT, so reloads are
idempotent). Transient errors (connection failures, 5xx) are retried with back-off.

URLs: ``--endpoint`` is the SPARQL query URL. The graph store URL is ``--graph-store``, or
derived from the endpoint: ``…/query`` → ``…/store`` (Oxigraph), ``…/sparql`` → ``…/data``
(Fuseki). Virtuoso and GraphDB name theirs differently: pass ``--graph-store``.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.parse
import urllib.request

import pyoxigraph as ox

from kg.errors import InputError, UsageError
from kg.rdf.names import PREFIXES

RETRIES = 4
BACKOFF = 0.5  # seconds, doubled after each failure
RESULT_MEDIA = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                "csv": "text/csv", "tsv": "text/tab-separated-values"}


def graph_store_url(endpoint: str, graph_store: str | None = None) -> str:
    if graph_store:
        return graph_store
    for query_path, store_path in (("/query", "/store"), ("/sparql", "/data")):
        if endpoint.rstrip("/").endswith(query_path):
            return endpoint.rstrip("/")[: -len(query_path)] + store_path
    raise UsageError(f"cannot tell the graph store URL from {endpoint}; pass --graph-store URL")


def _request(request: urllib.request.Request, *, timeout: float = 120) -> bytes:
    delay = BACKOFF
    for attempt in range(RETRIES):
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.read()
        except urllib.error.HTTPError as error:
            body = error.read().decode("utf-8", "replace").strip()
            if error.code < 500 or attempt == RETRIES - 1:
                kind = UsageError if error.code in (400, 404, 405, 415) else InputError
                raise kind(f"{request.full_url.split('?')[0]} answered {error.code}: {body[:300]}") from None
        except (urllib.error.URLError, ConnectionError, TimeoutError) as error:
            if attempt == RETRIES - 1:
                raise InputError(f"cannot reach {request.full_url.split('?')[0]}: "
                                 f"{getattr(error, 'reason', error)}") from None
        time.sleep(delay)
        delay *= 2
    raise AssertionError("unreachable")


def put_graph(store_url: str, graph: str, data: str, media_type: str = "application/n-triples") -> None:
    """Replace one named graph with ``data``."""
    url = f"{store_url}?{urllib.parse.urlencode({'graph': graph})}"
    _request(urllib.request.Request(url, data=data.encode("utf-8"), method="PUT",
                                    headers={"Content-Type": f"{media_type}; charset=utf-8"}))


def post_graph(store_url: str, graph: str, data: str, media_type: str = "application/n-triples") -> None:
    """Add ``data`` to one named graph (the terms graph grows with every build)."""
    url = f"{store_url}?{urllib.parse.urlencode({'graph': graph})}"
    _request(urllib.request.Request(url, data=data.encode("utf-8"), method="POST",
                                    headers={"Content-Type": f"{media_type}; charset=utf-8"}))


def remote_select(endpoint: str):
    """A select function over the endpoint (rows of plain strings), as kg.build.stats reads."""
    def select(text: str):
        document = json.loads(remote_query(endpoint, text))
        columns = document["head"]["vars"]
        for binding in document["results"]["bindings"]:
            yield tuple(binding[c]["value"] for c in columns)
    return select


def nquads_to_ntriples(lines: list[str], graph: str) -> str:
    """One graph's N-Quads lines as N-Triples (the graph term removed)."""
    suffix = f" <{graph}> .\n"
    return "".join(line[: -len(suffix)] + " .\n" for line in lines if line.endswith(suffix))


def remote_query(endpoint: str, text: str, *, accept: str = "json") -> bytes:
    """Run ``text`` at the endpoint (POST, form-encoded) and return the result document."""
    prologue = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in sorted(PREFIXES.items()))
    body = urllib.parse.urlencode({"query": prologue + text}).encode("utf-8")
    return _request(urllib.request.Request(endpoint, data=body, method="POST", headers={
        "Content-Type": "application/x-www-form-urlencoded", "Accept": RESULT_MEDIA[accept]}))


def with_values(text: str, bindings: dict[str, str]) -> str:
    """Bind parameters with a trailing VALUES block of serialised terms (as rdflib's initBindings)."""
    if not bindings:
        return text
    names = " ".join(f"?{k}" for k in bindings)
    terms = " ".join(str(ox.Literal(v)) for v in bindings.values())
    return f"{text.rstrip()}\nVALUES ({names}) {{ ({terms}) }}\n"
