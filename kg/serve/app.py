"""``kg serve``: a read-only SPARQL 1.1 Protocol endpoint and a web page, over one store.

Every query runs in a worker process (kg.serve.pool) under a timeout, a memory cap, a row
cap and a byte cap; the event loop only reads requests, checks them and writes answers.
Before a query reaches a worker, kg.query.guard refuses updates and LOAD (403), SERVICE
calls to endpoints not allowed (403) and nesting the parser would not survive (400).
"""

from __future__ import annotations

import json
import os
import re
import threading
from contextlib import asynccontextmanager
from functools import lru_cache
from pathlib import Path
from typing import Iterable
from urllib.parse import parse_qsl

import anyio
from starlette.applications import Starlette
from starlette.requests import ClientDisconnect, Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from kg.errors import UsageError
from kg.query.guard import READ_ONLY, check_query
from kg.query.paging import MAX_LIMIT, check_page
from kg.query.sparql import bind, list_queries, load_query
from kg.rdf import PREFIXES
from kg.serve.cache import AnswerCache
from kg.serve.limits import Limits
from kg.serve.negotiate import NotAcceptable, choose
from kg.serve.pool import Answer, QueryProblem, WorkerPool
from kg.serve.security import LOOPBACK_HOSTS, Guard, with_nonce
from kg.store import open_store

QUERY_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,99}")
MAX_VIEW_DEPTH = 6
# Columns of an answer whose names the graph beside it shows (" | " joins several in one cell).
PROJECT_COLUMNS = ("project", "projects")
MAX_UNIT_NAMES = 20_000
FORM_TYPES = ("application/x-www-form-urlencoded",)


class _CurrentStore:
    """The store's current version: a build switches ``.kg`` to a new version when it ends
    (kg.store.versions). Its quad count and network view are worked out once per version,
    in a thread, one at a time."""

    def __init__(self, store: str | Path):
        self.path = store
        self._lock = threading.Lock()
        self._quads: tuple[str, int] | None = None

    def version(self) -> str:
        return os.path.realpath(self.path)

    def quads(self) -> int:
        with self._lock:
            version = self.version()
            if self._quads is None or self._quads[0] != version:
                self._quads = (version, len(open_store(self.path, read_only=True)))
            return self._quads[1]

    def network(self):
        with self._lock:
            return _network(self.version())

    def target_index(self) -> dict[tuple[str, str], list[tuple[str, str]]]:
        """(metric, target) → the (project name, unit code) pairs that set it."""
        with self._lock:
            return _target_index(self.version())

    def units(self) -> dict[str, list[str]]:
        """Project name → the codes of the units that have a project of that name."""
        with self._lock:
            return _units(self.version())


def create_app(store: str | Path, *, limits: Limits = Limits(), allowed_hosts: Iterable[str] = LOOPBACK_HOSTS,
               allowed_services: Iterable[str] = ()) -> Starlette:
    """The ASGI application serving ``store`` read-only (see the module docstring)."""
    current = _CurrentStore(store)
    services = frozenset(allowed_services)
    pool = WorkerPool(str(store), size=limits.workers, queue_size=limits.queue, timeout=limits.timeout,
                      max_memory=limits.max_query_memory_mb * 2**20,
                      recycle_memory=limits.max_query_memory_mb * 2**20 // 2)
    cache = AnswerCache(limits.cache_mb * 2**20)

    async def sparql(request: Request) -> Response:
        try:
            query, params = await _read_request(request, limits)
            checked = _checked(query, services)
            fmt = choose(checked.form, params.get("format"), request.headers.get("accept", ""))
            job = {"query": query, "fmt": fmt.name, "union": True, "services": list(checked.services),
                   **_caps(limits)}
            # answers from other endpoints may change at any time: only our own are kept
            answer = await _ask(pool, job, None if checked.services else cache, current.version())
        except NotAcceptable as refused:
            return _problem(QueryProblem(refused.status, str(refused)))
        except QueryProblem as problem:
            return _problem(problem)
        return _answered(answer)

    async def health(request: Request) -> Response:
        return JSONResponse({"status": "ok", "quads": await anyio.to_thread.run_sync(current.quads)})

    async def queries(request: Request) -> Response:
        return JSONResponse([{"name": q.name, "question": q.question, "params": list(q.params), "text": q.text}
                             for q in list_queries()])

    async def named(request: Request) -> Response:
        name = request.path_params["name"]
        try:
            if not QUERY_NAME.fullmatch(name):
                raise QueryProblem(404, f"no named query {name[:100]!r}; see /api/queries for the names")
            params = dict(request.query_params)
            wanted = _page_params(params)
            try:
                query = load_query(name)
                bindings = bind(query, params)
            except UsageError as error:
                raise QueryProblem(404 if "no named query" in str(error) else 400, str(error)) from None
            job = {"query": query.text, "bindings": bindings, "fmt": "json", "union": True, **_caps(limits)}
            if wanted is not None:
                job["page"] = {"name": name, **wanted}
            answer = await _ask(pool, job, cache, current.version())
        except QueryProblem as problem:
            return _problem(problem)
        return _answered(answer)

    async def view(request: Request) -> Response:
        """The graph around projects and metrics: named (``project=``, ``metric=``, repeatable; GET
        or a form POST) or listed by a named query's answer (``query=NAME`` and its parameters)."""
        try:
            pairs = await _view_request(request, limits)
            params = dict(pairs)
            depth = int(params.get("depth", "2"))
            if not 1 <= depth <= MAX_VIEW_DEPTH:
                raise ValueError(f"depth must be between 1 and {MAX_VIEW_DEPTH}")
            projects = [v for k, v in pairs if k == "project" and v]
            metrics = [v for k, v in pairs if k == "metric" and v]
            if params.get("query"):
                answer = await _named_answer(params["query"], {k: v for k, v in params.items()
                                                                if k not in ("query", "depth")})
                projects, metrics = _names_in(answer)
            one = projects[0] if len(projects) == 1 and not params.get("query") else None  # may be part of a name
            page = await anyio.to_thread.run_sync(_view_page, current, one, projects if one is None else [],
                                                  metrics, depth)
        except (UsageError, ValueError) as error:
            return PlainTextResponse(f"{error}\n", status_code=400)
        except QueryProblem as problem:
            return _problem(problem)
        return _page(page)

    async def _named_answer(name: str, params: dict) -> dict:
        if not QUERY_NAME.fullmatch(name):
            raise QueryProblem(404, f"no named query {name[:100]!r}; see /api/queries for the names")
        try:
            query = load_query(name)
            bindings = bind(query, params)
        except UsageError as error:
            raise QueryProblem(404 if "no named query" in str(error) else 400, str(error)) from None
        answer = await _ask(pool, {"query": query.text, "bindings": bindings, "fmt": "json", "union": True,
                                   **_caps(limits)}, cache, current.version())
        if answer.status != 200:
            raise QueryProblem(answer.status, answer.message)
        return json.loads(answer.body)

    async def target_projects(request: Request) -> Response:
        """POST ``{"targets": [[metric, target], ...], "limit": N}``: per target, how many projects set
        it and the first ``limit`` of them (all when 0) as ``{"name", "unit"}``, unit its code."""
        try:
            body = json.loads(_text(await _read_body(request, limits.max_request_bytes)))
            targets, limit = body["targets"], int(body.get("limit", 0))
            if not isinstance(targets, list) or len(targets) > MAX_UNIT_NAMES:
                raise QueryProblem(400, f"send at most {MAX_UNIT_NAMES} targets")
            index = await anyio.to_thread.run_sync(current.target_index)
        except (json.JSONDecodeError, KeyError, TypeError, ValueError, AttributeError):
            return _problem(QueryProblem(400, 'send {"targets": [[metric, target], ...], "limit": N}'))
        except QueryProblem as problem:
            return _problem(problem)
        found = [index.get(_pair(item), []) for item in targets]
        return JSONResponse({"counts": [len(projects) for projects in found],
                             "projects": [[{"name": n, "unit": u} for n, u in (projects[:limit] if limit else projects)]
                                          for projects in found]})

    async def project_units(request: Request) -> Response:
        """POST ``{"names": [...]}``: each project name's unit codes (two units may share a name)."""
        try:
            body = await _read_body(request, limits.max_request_bytes)
            names = json.loads(_text(body)).get("names", [])
            if not isinstance(names, list) or len(names) > MAX_UNIT_NAMES:
                raise QueryProblem(400, f"send {{\"names\": [...]}} with at most {MAX_UNIT_NAMES} names")
            units = await anyio.to_thread.run_sync(current.units)
        except json.JSONDecodeError:
            return _problem(QueryProblem(400, "the body is not JSON; send {\"names\": [...]}"))
        except (QueryProblem) as problem:
            return _problem(problem)
        except AttributeError:
            return _problem(QueryProblem(400, "send {\"names\": [...]}"))
        return JSONResponse({"units": {n: units.get(n, []) for n in names if isinstance(n, str)}})

    async def home(request: Request) -> Response:
        from kg.export.network import script_json

        from kg.serve.labels import page_labels

        prefixes = "\n".join(f"PREFIX {p}: <{ns}>" for p, ns in sorted(PREFIXES.items()))
        page = _page_template().replace("/*KG_LABELS*/{}", script_json(page_labels()), 1)
        return _page(page.replace("/*KG_PREFIXES*/\"\"", script_json(prefixes), 1))

    app = Starlette(routes=[
        Route("/", home), Route("/health", health), Route("/sparql", sparql, methods=["GET", "POST"]),
        Route("/api/queries", queries), Route("/api/queries/{name}", named),
        Route("/api/project-units", project_units, methods=["POST"]),
        Route("/api/target-projects", target_projects, methods=["POST"]), Route("/view", view, methods=["GET", "POST"]),
    ], lifespan=_closing(pool))
    app.add_middleware(Guard, allowed_hosts=allowed_hosts)
    app.state.pool = pool
    return app


def _closing(pool: WorkerPool):
    @asynccontextmanager
    async def lifespan(app):
        try:
            yield
        finally:
            pool.close()
    return lifespan


def _caps(limits: Limits) -> dict:
    return {"max_rows": limits.max_rows, "max_bytes": limits.max_response_bytes}


def _checked(query: str, services: frozenset[str]):
    try:
        return check_query(query, allowed_services=services)
    except UsageError as refused:
        raise QueryProblem(getattr(refused, "status", 400), str(refused)) from None


async def _ask(pool: WorkerPool, request: dict, cache: AnswerCache | None = None, version: str = "") -> Answer:
    """Run ``request`` in the pool from a thread, so the event loop never waits on a query;
    an answer already given for this store version comes from ``cache``."""
    key = AnswerCache.key(request) if cache is not None else ""
    if cache is not None and (cached := cache.get(version, key)) is not None:
        return cached
    answer = await _run_in_pool(pool, request)
    if cache is not None:
        cache.put(version, key, answer)
    return answer


async def _run_in_pool(pool: WorkerPool, request: dict) -> Answer:
    limiter = anyio.to_thread.current_default_thread_limiter()
    needed = pool.size + pool.queue_size + 8  # the pool bounds its own threads; /health and /view need a few
    if limiter.total_tokens < needed:
        limiter.total_tokens = needed
    with pool.admit():
        return await anyio.to_thread.run_sync(pool.run, request)


def _page_params(params: dict[str, str]) -> dict | None:
    """``limit`` and ``offset`` taken out of a named query's parameters: a page (None: the whole answer)."""
    if "limit" not in params and "offset" not in params:
        return None
    try:
        limit, offset = int(params.pop("limit", MAX_LIMIT)), int(params.pop("offset", 0))
        check_page(limit, offset)
    except ValueError:
        raise QueryProblem(400, "limit and offset are whole numbers") from None
    except UsageError as error:
        raise QueryProblem(400, str(error).replace("--", "")) from None
    return {"limit": limit, "offset": offset}


def _answered(answer: Answer) -> Response:
    if answer.status != 200:
        return _problem(QueryProblem(answer.status, answer.message))
    headers = {"X-Kg-Truncated": "true"} if answer.truncated else {}
    if answer.total is not None:
        headers["X-Total-Count"] = str(answer.total)
    return Response(answer.body, media_type=answer.media_type, headers=headers)


def _problem(problem: QueryProblem) -> Response:
    headers = {"Retry-After": str(problem.retry_after)} if problem.retry_after else {}
    if problem.status == 413:
        headers["Connection"] = "close"  # or the server would read the rest of the body to discard it
    return PlainTextResponse(problem.message + "\n", status_code=problem.status, headers=headers)


def _page(html: str) -> Response:
    page, csp = with_nonce(html)
    return HTMLResponse(page, headers={"Content-Security-Policy": csp})


@lru_cache(maxsize=1)
def _page_template() -> str:
    return (Path(__file__).parent / "templates" / "index.html").read_text(encoding="utf-8")


@lru_cache(maxsize=1)  # one store version: an old one's graph is dropped when a build switches
def _network(version: str):
    from kg.analyze import to_networkx

    return to_networkx(version)


@lru_cache(maxsize=1)
def _units(version: str) -> dict[str, list[str]]:
    from collections import defaultdict

    from kg.analyze import nodes_of

    graph = _network(version)
    units: dict[str, set[str]] = defaultdict(set)
    for node in nodes_of(graph, "project"):
        data = graph.nodes[node]
        units[data["label"]].add(data.get("unit_code") or data.get("unit") or "?")
    return {name: sorted(codes) for name, codes in units.items()}


@lru_cache(maxsize=1)
def _target_index(version: str) -> dict[tuple[str, str], list[tuple[str, str]]]:
    from kg.analyze import nodes_of

    graph = _network(version)
    index: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for target in nodes_of(graph, "target"):
        near = [graph.nodes[n] for n in graph[target]]
        projects = sorted({(d["label"], d.get("unit_code") or d.get("unit") or "?") for d in near if d["type"] == "project"})
        data = graph.nodes[target]
        for metric in (d["label"] for d in near if d["type"] == "metric"):
            for label in {data["label"], data.get("text") or data["label"]}:  # as the query names it: raw text
                index.setdefault((metric, label), [])
                index[(metric, label)] = sorted(set(index[(metric, label)]) | set(projects))
    return index


def _pair(item) -> tuple[str, str]:
    return (str(item[0]), str(item[1])) if isinstance(item, list) and len(item) == 2 else ("", "")


def _names_in(answer: dict) -> tuple[list[str], list[str]]:
    """The project names an answer lists (its project or projects column), else its metrics."""
    columns = answer.get("head", {}).get("vars", [])
    rows = answer.get("results", {}).get("bindings", [])

    def values(column: str) -> list[str]:
        return sorted({name.strip() for row in rows if column in row
                       for name in row[column]["value"].split(" | ") if name.strip()})

    projects = [name for column in PROJECT_COLUMNS if column in columns for name in values(column)]
    return (projects, []) if projects else ([], values("metric") if "metric" in columns else [])


async def _view_request(request: Request, limits: Limits) -> list[tuple[str, str]]:
    """The view's parameters: the query string, and a form's fields when POSTed."""
    pairs = list(request.query_params.multi_items())
    if request.method == "POST":
        body = await _read_body(request, limits.max_request_bytes * 10)  # names of many projects
        try:
            pairs += parse_qsl(_text(body), keep_blank_values=True, errors="strict")
        except UnicodeDecodeError:
            raise QueryProblem(400, "the request is not UTF-8; send the form as UTF-8 text") from None
    return pairs


def _view_page(current: _CurrentStore, project: str | None, projects: list[str], metrics: list[str],
               depth: int) -> str:
    from kg.export.network import MAX_NODES, focus, html_page

    return html_page(focus(current.network(), project=project, projects=projects, metrics=metrics, depth=depth,
                           max_nodes=MAX_NODES["html"]))


async def _read_body(request: Request, limit: int) -> bytes:
    """The body, read as it streams and refused (413) as soon as it passes ``limit``."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise QueryProblem(413, f"request larger than {limit} bytes")
    body = bytearray()
    try:
        async for chunk in request.stream():
            body += chunk
            if len(body) > limit:
                raise QueryProblem(413, f"request larger than {limit} bytes")
    except ClientDisconnect:
        raise QueryProblem(400, "the client went away before the request ended") from None
    return bytes(body)


def _text(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise QueryProblem(400, "the request is not UTF-8; send the query as UTF-8 text") from None


async def _read_request(request: Request, limits: Limits) -> tuple[str, dict[str, str]]:
    """The query text and the other parameters, from GET or POST as the SPARQL 1.1 Protocol allows."""
    params = dict(request.query_params)
    if request.method == "POST":
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if kind == "application/sparql-update":
            raise QueryProblem(403, READ_ONLY)
        if kind != "application/sparql-query" and kind not in FORM_TYPES:
            raise QueryProblem(415, "send application/sparql-query or a form with query=")
        body = await _read_body(request, limits.max_request_bytes)
        if kind == "application/sparql-query":
            params["query"] = _text(body)
        else:
            try:
                pairs = parse_qsl(_text(body), keep_blank_values=True, errors="strict")
            except UnicodeDecodeError:
                raise QueryProblem(400, "the request is not UTF-8; send the query as UTF-8 text") from None
            params.update(pairs)
    if "update" in params:
        raise QueryProblem(403, READ_ONLY)
    query = params.get("query")
    if not query:
        raise QueryProblem(400, "missing the query parameter")
    if len(query.encode("utf-8")) > limits.max_request_bytes:
        raise QueryProblem(413, f"request larger than {limits.max_request_bytes} bytes")
    return query, params
