"""``kg serve``: a read-only SPARQL 1.1 Protocol endpoint and a web page, over one store.

Limits are explicit and configurable: a query timeout, a result-row cap and a request
size limit. Updates are refused (403); a query that does not parse gets 400 with the
parser's message.
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path
from urllib.parse import parse_qs

import anyio
import pyoxigraph as ox
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from kg.analyze import to_networkx
from kg.errors import UsageError
from kg.export.network import focus, html_payload
from kg.query.sparql import bind, list_queries, load_query
from kg.rdf import PREFIXES
from kg.serve.limits import Limits
from kg.serve.results import MEDIA_TYPES, serialize_ask, serialize_select
from kg.store import open_store

ACCEPT_ORDER = [("application/sparql-results+json", "json"), ("application/json", "json"),
                ("application/sparql-results+xml", "xml"), ("application/xml", "xml"),
                ("text/csv", "csv"), ("text/tab-separated-values", "tsv")]
READ_ONLY = "this endpoint is read-only: SPARQL updates are refused"


class QueryProblem(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


class _CurrentStore:
    """The store's current version: a build switches ``.kg`` to a new version when it ends
    (kg.store.versions), and the next request opens that one."""

    def __init__(self, store: str | Path):
        self.path = store
        self.version = os.path.realpath(store)
        self.store = open_store(store, read_only=True)

    def get(self) -> ox.Store:
        version = os.path.realpath(self.path)
        if version != self.version:
            self.store, self.version = open_store(self.path, read_only=True), version
        return self.store


def create_app(store: str | Path, *, limits: Limits = Limits()) -> Starlette:
    """The ASGI application serving ``store`` read-only."""
    current = _CurrentStore(store)

    async def sparql(request: Request) -> Response:
        try:
            query, fmt = await _read_request(request, limits)
            body, media_type, truncated = await _run(current.get(), query, fmt, limits)
        except QueryProblem as problem:
            return PlainTextResponse(problem.message + "\n", status_code=problem.status)
        headers = {"X-Kg-Truncated": "true"} if truncated else {}
        return Response(body, media_type=media_type, headers=headers)

    async def health(request: Request) -> Response:
        return JSONResponse({"status": "ok", "quads": len(current.get())})

    async def queries(request: Request) -> Response:
        return JSONResponse([{"name": q.name, "question": q.question, "params": list(q.params), "text": q.text}
                             for q in list_queries()])

    async def named(request: Request) -> Response:
        name = request.path_params["name"]
        try:
            query = load_query(name)
            bindings = bind(query, dict(request.query_params))
        except UsageError as error:
            return PlainTextResponse(f"{error}\n", status_code=404 if "no named query" in str(error) else 400)
        try:
            body, media_type, truncated = await _run(current.get(), query.text, "json", limits, bindings)
        except QueryProblem as problem:
            return PlainTextResponse(problem.message + "\n", status_code=problem.status)
        return Response(body, media_type=media_type, headers={"X-Kg-Truncated": "true"} if truncated else {})

    async def view(request: Request) -> Response:
        params = request.query_params
        try:
            graph = focus(_network(os.path.realpath(store)), project=params.get("project") or None,
                          metric=params.get("metric") or None, depth=int(params.get("depth", "2")))
        except (UsageError, ValueError) as error:
            return PlainTextResponse(f"{error}\n", status_code=400)
        page = _view_template().replace("/*KG_DATA*/null", json.dumps(html_payload(graph), ensure_ascii=False,
                                                                       sort_keys=True).replace("</", "<\\/"))
        return HTMLResponse(page)

    async def home(request: Request) -> Response:
        prefixes = "\n".join(f"PREFIX {p}: <{ns}>" for p, ns in sorted(PREFIXES.items()))
        return HTMLResponse(_page_template().replace("/*KG_PREFIXES*/\"\"", json.dumps(prefixes, ensure_ascii=False)))

    return Starlette(routes=[
        Route("/", home), Route("/health", health), Route("/sparql", sparql, methods=["GET", "POST"]),
        Route("/api/queries", queries), Route("/api/queries/{name}", named), Route("/view", view),
    ])


@lru_cache(maxsize=1)
def _page_template() -> str:
    return (Path(__file__).parent / "templates" / "index.html").read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def _view_template() -> str:
    return (Path(__file__).parent.parent / "export" / "templates" / "graph.html").read_text(encoding="utf-8")


@lru_cache(maxsize=4)
def _network(store: str):
    return to_networkx(store)


async def _read_request(request: Request, limits: Limits) -> tuple[str, str]:
    """The query text and the result format, from GET or POST as the SPARQL 1.1 Protocol allows."""
    declared = int(request.headers.get("content-length") or 0)
    if declared > limits.max_request_bytes:
        raise QueryProblem(413, f"request larger than {limits.max_request_bytes} bytes")
    params = dict(request.query_params)
    if request.method == "POST":
        body = await request.body()
        if len(body) > limits.max_request_bytes:
            raise QueryProblem(413, f"request larger than {limits.max_request_bytes} bytes")
        kind = request.headers.get("content-type", "").split(";")[0].strip()
        if kind == "application/sparql-update":
            raise QueryProblem(403, READ_ONLY)
        if kind == "application/sparql-query":
            params["query"] = body.decode("utf-8")
        elif kind == "application/x-www-form-urlencoded":
            params.update({k: v[0] for k, v in parse_qs(body.decode("utf-8")).items()})
        else:
            raise QueryProblem(415, "send application/sparql-query or a form with query=")
    if "update" in params:
        raise QueryProblem(403, READ_ONLY)
    query = params.get("query")
    if not query:
        raise QueryProblem(400, "missing the query parameter")
    if len(query.encode("utf-8")) > limits.max_request_bytes:
        raise QueryProblem(413, f"request larger than {limits.max_request_bytes} bytes")
    return query, _negotiate(params.get("format"), request.headers.get("accept", ""))


def _negotiate(explicit: str | None, accept: str) -> str:
    if explicit:
        if explicit not in MEDIA_TYPES:
            raise QueryProblem(400, f"unknown format {explicit!r}; use json, xml, csv or tsv")
        return explicit
    if not accept or "*/*" in accept or "application/*" in accept:
        return "json"
    for media_type, fmt in ACCEPT_ORDER:
        if media_type in accept:
            return fmt
    raise QueryProblem(406, "no acceptable result format; ask for " + ", ".join(MEDIA_TYPES.values()))


async def _run(oxi: ox.Store, query: str, fmt: str, limits: Limits,
               bindings: dict[str, str] | None = None, *, union: bool = True) -> tuple[str, str, bool]:
    """Run in a worker thread under the timeout; read at most ``max_rows`` rows.

    ``bindings`` go in as SPARQL substitutions, never into the query text. The default
    graph is the union of all graphs, as ``oxigraph serve --union-default-graph`` offers.
    """
    substitutions = {ox.Variable(k): ox.Literal(v) for k, v in (bindings or {}).items()} or None

    def work():
        try:
            result = oxi.query(query, prefixes=PREFIXES, substitutions=substitutions,
                               use_default_graph_as_union=union)
        except SyntaxError as error:
            raise QueryProblem(400, f"SPARQL syntax error: {error}") from None
        if isinstance(result, ox.QuerySolutions):
            variables = [v.value for v in result.variables]
            rows = []
            for solution in result:
                if len(rows) == limits.max_rows:
                    return serialize_select(variables, rows, fmt), MEDIA_TYPES[fmt], True
                rows.append([solution[v] for v in variables])
            return serialize_select(variables, rows, fmt), MEDIA_TYPES[fmt], False
        if isinstance(result, ox.QueryBoolean):
            kind = "xml" if fmt == "xml" else "json"
            return serialize_ask(bool(result), kind), MEDIA_TYPES[kind], False
        triples = ox.serialize(result, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
        return triples, "application/n-triples", False

    try:
        with anyio.fail_after(limits.timeout):
            return await anyio.to_thread.run_sync(work, abandon_on_cancel=True)
    except TimeoutError:
        raise QueryProblem(503, f"query timed out after {limits.timeout:g} s") from None
