"""Issue 24: kg serve tried as an attacker would. One test per attack: SSRF through SERVICE, deep
nesting, a runaway query, an oversize chunked body, a failing SERVICE, forged Host and
cross-origin POSTs, missing security headers, formula cells, content negotiation, and a
hostile label in a real Chromium."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote

import pytest
from starlette.testclient import TestClient

import kg
from kg.serve import Limits, create_app
from kg.serve.pool import rss_bytes
from tests.browser import browser_page
from tests.view_checks import FIRST_DRAW, wait_until
from tests.servers import running

ROOT = Path(__file__).resolve().parent.parent
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s a kg:Indicator } }"
SECRET = "token-3f9c2b-internal-only"
# Every quad three times over, sorted: about 6·10⁹ rows that ORDER BY must hold in memory.
CARTESIAN = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a ?c ?f ?i"
HOSTILE_METRIC = "正常运行率<!--<script>"
HOSTILE_PROJECT = "市委组织部</script><script>window.pwned=1</script>项目经费"


@contextmanager
def app_client(store: str, **kwargs):
    limits = kwargs.pop("limits", Limits(timeout=10, max_rows=3, max_request_bytes=2000, workers=1, queue=4))
    with TestClient(create_app(store, limits=limits, **kwargs), base_url="http://127.0.0.1") as client:
        yield client


@pytest.fixture(scope="module")
def client(store):
    with app_client(store) as client:
        yield client


@contextmanager
def fake_internal_service():
    """An HTTP service on loopback that answers any SPARQL request with a secret; counts calls."""
    calls = []

    class Handler(BaseHTTPRequestHandler):
        def _answer(self):
            calls.append(self.path)
            body = json.dumps({"head": {"vars": ["secret"]}, "results": {"bindings": [
                {"secret": {"type": "literal", "value": SECRET}}]}}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = _answer

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/sparql", calls
    finally:
        server.shutdown()


# --- SSRF -------------------------------------------------------------------------------------

@pytest.mark.parametrize("template", [
    "SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?secret }} }}",
    "SELECT * WHERE {{ SERVICE SILENT <{url}> {{ ?s ?p ?secret }} }}",
    "PREFIX in: <{base}> SELECT * WHERE {{ SERVICE in:sparql {{ ?s ?p ?secret }} }}",
    "BASE <{base}> SELECT * WHERE {{ SERVICE <sparql> {{ ?s ?p ?secret }} }}",
    "SELECT * WHERE {{ BIND(<{url}> AS ?e) SERVICE ?e {{ ?s ?p ?secret }} }}",
    "select * where {{ service <{escaped}> {{ ?s ?p ?secret }} }}",
])
def test_service_is_refused_and_the_internal_secret_never_comes_back(client, template):
    with fake_internal_service() as (url, calls):
        base = url.rsplit("/", 1)[0] + "/"
        query = template.format(url=url, base=base, escaped=url.replace(":", "\\u003A", 2))
        for response in (client.get("/sparql", params={"query": query}),
                         client.post("/sparql", content=query.encode(),
                                     headers={"Content-Type": "application/sparql-query"})):
            assert response.status_code == 403
            assert "SERVICE" in response.text and "--allow-service" in response.text
            assert SECRET not in response.text
        assert calls == []


def test_an_allowed_service_is_called(store):
    with fake_internal_service() as (url, calls), app_client(store, allowed_services=[url]) as client:
        response = client.get("/sparql", params={"query": f"SELECT ?secret WHERE {{ SERVICE <{url}> {{ ?s ?p ?secret }} }}"})
        assert response.status_code == 200 and SECRET in response.text
        assert len(calls) == 1


def test_a_failing_service_does_not_break_the_next_request(store):
    with socket.socket() as s:  # a port where nothing listens
        s.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{s.getsockname()[1]}/sparql"
    with app_client(store, allowed_services=[dead]) as client:
        for _ in range(5):
            failed = client.get("/sparql", params={"query": f"SELECT * WHERE {{ SERVICE <{dead}> {{ ?s ?p ?o }} }}"})
            assert failed.status_code == 502 and failed.text.startswith("query failed:")
            ok = client.get("/sparql", params={"query": COUNT})
            assert ok.status_code == 200 and ok.json()["results"]["bindings"][0]["n"]["value"] == "32"


# --- updates and LOAD, whatever carries them ----------------------------------------------------

@pytest.mark.parametrize("request_args", [
    {"method": "GET", "params": {"query": "INSERT DATA { <http://a> <http://b> <http://c> }"}},
    {"method": "GET", "params": {"query": "# comment\nPREFIX ex: <http://e/>\nLOAD <http://127.0.0.1:9/x.ttl>"}},
    {"method": "POST", "data": {"query": "DROP ALL"}},
    {"method": "POST", "data": {"update": "LOAD <http://127.0.0.1:9/x.ttl>"}},
    {"method": "POST", "content": b"CLEAR ALL", "headers": {"Content-Type": "application/sparql-query"}},
    {"method": "POST", "content": b"LOAD <http://x>", "headers": {"Content-Type": "application/sparql-update"}},
])
def test_updates_and_load_are_refused_403_whatever_parameter_carries_them(client, request_args):
    response = client.request(url="/sparql", **request_args)
    assert response.status_code == 403
    assert response.text.startswith("kg is read-only: an update")


# --- deep nesting: a clear 4xx, never a segfault --------------------------------------------------

DEEP = {"braces": "SELECT * WHERE " + "{" * 3000 + "}" * 3000,
        "parentheses": "SELECT * WHERE { FILTER(" + "(" * 10_000 + "1" + ")" * 10_000 + ") }",
        "unions": "SELECT * WHERE { " + " UNION ".join(["{}"] * 8000) + " }"}


@pytest.mark.parametrize("kind", sorted(DEEP))
def test_deep_nesting_gets_400_and_the_server_lives_on(store, kind):
    limits = Limits(max_request_bytes=200_000, workers=1)
    with app_client(store, limits=limits) as client:
        response = client.post("/sparql", content=DEEP[kind].encode(),
                               headers={"Content-Type": "application/sparql-query"})
        assert response.status_code == 400
        assert response.text.startswith("query nested 3000 levels deep" if kind == "braces" else
                                        "query nested 10002 levels deep" if kind == "parentheses" else
                                        "query chains 8000 operators")
        assert client.get("/sparql", params={"query": COUNT}).status_code == 200


@pytest.mark.parametrize("kind", sorted(DEEP))
def test_kg_sparql_refuses_deep_nesting_as_a_usage_error(store, kind):
    result = subprocess.run([sys.executable, "-m", "kg", "sparql", DEEP[kind], "--store", store],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("Error: query ")
    assert "at most" in result.stderr


def test_kg_sparql_refuses_service_with_the_servers_message(store):
    result = subprocess.run([sys.executable, "-m", "kg", "sparql", "SELECT * { SERVICE <http://127.0.0.1:9/> {} }",
                             "--store", store], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr == ("Error: SERVICE <http://127.0.0.1:9/> is refused: kg does not call other SPARQL "
                             "endpoints unless told to (--allow-service URL allows one)\n")


def test_a_crashed_worker_costs_only_its_query(store):
    with app_client(store, limits=Limits(timeout=30, workers=1)) as client:
        pool = client.app.state.pool
        worker = pool.pids()[0]
        threading.Timer(0.5, os.kill, (worker, signal.SIGSEGV)).start()
        crashed = client.get("/sparql", params={"query": CARTESIAN})
        assert crashed.status_code == 500
        assert crashed.text == "the query crashed its worker (signal 11); the server goes on\n"
        assert client.get("/sparql", params={"query": COUNT}).status_code == 200
        assert pool.pids() != [worker]


# --- a runaway query is really stopped ------------------------------------------------------------

def test_a_timed_out_cartesian_product_frees_its_cpu_and_memory_within_a_second(store):
    with app_client(store, limits=Limits(timeout=1, workers=1, max_query_memory_mb=8000)) as client:
        pool = client.app.state.pool
        worker = pool.pids()[0]
        assert client.get("/sparql", params={"query": COUNT}).status_code == 200  # the worker is up
        peak = []
        sampler = threading.Thread(target=lambda: [peak.append(rss_bytes(worker)) or time.sleep(0.1)
                                                   for _ in range(10)])
        sampler.start()
        started = time.monotonic()
        response = client.get("/sparql", params={"query": CARTESIAN})
        answered = time.monotonic()
        sampler.join()
        assert response.status_code == 503 and response.text == "query timed out after 1 s\n"
        assert response.headers["Retry-After"] == "1"
        assert answered - started < 2
        assert max(peak) > 100 * 2**20  # the query was really growing
        deadline = answered + 1.0
        while Path(f"/proc/{worker}").exists() and time.monotonic() < deadline:
            time.sleep(0.02)
        assert not Path(f"/proc/{worker}").exists()  # killed and reaped: its CPU and memory are free
        assert worker not in pool.pids() and len(pool.pids()) == 1
        assert client.get("/sparql", params={"query": COUNT}).status_code == 200


def test_a_query_past_its_memory_cap_is_stopped(store):
    with app_client(store, limits=Limits(timeout=30, workers=1, max_query_memory_mb=300)) as client:
        started = time.monotonic()
        response = client.get("/sparql", params={"query": CARTESIAN})
        assert response.status_code == 503
        assert response.text == "query stopped: it needed more than 300 MB\n"
        assert time.monotonic() - started < 20


def test_a_full_queue_gets_503_with_retry_after(store):
    with app_client(store, limits=Limits(timeout=3, workers=1, queue=0)) as client:
        slow = threading.Thread(target=client.get, args=("/sparql",), kwargs={"params": {"query": CARTESIAN}})
        slow.start()
        time.sleep(0.5)
        busy = client.get("/sparql", params={"query": COUNT})
        slow.join()
        assert busy.status_code == 503 and busy.headers["Retry-After"] == "1"
        assert busy.text.startswith("the server is busy")


# --- request and answer sizes -------------------------------------------------------------------

@pytest.fixture(scope="module")
def server(store):
    with running(lambda port: [sys.executable, "-m", "kg", "serve", "--store", store, "--port", str(port),
                               "--workers", "1"], "/health") as base:
        yield base


def server_pid(base: str) -> int:
    port = base.rsplit(":", 1)[1]
    for proc in Path("/proc").iterdir():
        try:
            args = (proc / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"serve" in args and b"--port" in args and args[args.index(b"--port") + 1] == port.encode():
            return int(proc.name)
    raise LookupError(base)


def test_a_chunked_oversize_body_is_refused_without_buffering_it(server):
    pid = server_pid(server)
    before = rss_bytes(pid)
    port = int(server.rsplit(":", 1)[1])
    sent = 0
    with socket.create_connection(("127.0.0.1", port)) as conn:
        conn.sendall(b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\n"
                     b"Transfer-Encoding: chunked\r\n\r\n")
        chunk = b"%x\r\n%s\r\n" % (2**20, b"#" * 2**20)
        conn.settimeout(10)
        try:
            while sent < 2**30:  # up to 1 GB, unless the server answers and closes first
                conn.sendall(chunk)
                sent += 2**20
        except OSError:
            pass
        reply = conn.recv(4096).decode(errors="replace")
    assert reply.startswith("HTTP/1.1 413")
    assert "request larger than 100000 bytes" in reply
    assert sent < 2**30
    assert rss_bytes(pid) - before < 50 * 2**20


@pytest.mark.parametrize("query, media_type", [
    ("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }", "application/n-triples"),
    ("DESCRIBE ?s WHERE { GRAPH ?g { ?s a kg:Indicator } }", "application/n-triples"),
    ("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }", "application/sparql-results+json"),
])
def test_every_query_form_is_capped_in_rows(client, query, media_type):
    response = client.get("/sparql", params={"query": query}, headers={"Accept": media_type})
    assert response.status_code == 200 and response.headers["X-Kg-Truncated"] == "true"
    assert response.headers["content-type"].startswith(media_type)
    if media_type == "application/n-triples":
        assert len(response.text.splitlines()) == 3
    else:
        assert len(response.json()["results"]["bindings"]) == 3


def test_every_query_form_is_capped_in_bytes(store):
    limits = Limits(max_rows=1_000_000, max_response_bytes=5_000, workers=1)
    with app_client(store, limits=limits) as client:
        for query in ("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }",
                      "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }"):
            response = client.get("/sparql", params={"query": query})
            assert response.status_code == 200 and response.headers["X-Kg-Truncated"] == "true"
            assert 1_000 < len(response.content) < 10_000


# --- client mistakes are 4xx --------------------------------------------------------------------

@pytest.mark.parametrize("request_args, status, message", [
    ({"method": "POST", "url": "/sparql", "content": b"SELECT * { ?s ?p \"\xff\xfe\" }",
      "headers": {"Content-Type": "application/sparql-query"}}, 400, "the request is not UTF-8"),
    ({"method": "POST", "url": "/sparql", "content": b"query=SELECT%20%FF",
      "headers": {"Content-Type": "application/x-www-form-urlencoded"}}, 400, "the request is not UTF-8"),
    ({"method": "GET", "url": "/api/queries/" + "x" * 5000}, 404, "no named query"),
    ({"method": "GET", "url": "/api/queries/..%2F..%2Fetc%2Fpasswd"}, 404, "Not Found"),
    ({"method": "GET", "url": "/api/queries/shared-targets.rq%00"}, 404, "no named query"),
    ({"method": "GET", "url": "/view?depth=100000"}, 400, "depth must be between 1 and 6"),
])
def test_client_mistakes_get_4xx(client, request_args, status, message):
    response = client.request(**request_args)
    assert response.status_code == status
    assert message in response.text


# --- browsers: Host, cross-origin POSTs, headers ----------------------------------------------

@pytest.mark.parametrize("host, status", [
    ("127.0.0.1:8000", 200), ("localhost", 200), ("[::1]:8000", 200), ("LOCALHOST.:8000", 200),
    ("attacker.example", 400), ("attacker.example:8000", 400), ("127.0.0.1.attacker.example", 400),
])
def test_only_allowed_host_names_are_answered(client, host, status):
    response = client.get("/health", headers={"Host": host})
    assert response.status_code == status
    if status == 400:
        assert "--allowed-host" in response.text


def test_allowed_host_adds_a_name(store):
    with app_client(store, allowed_hosts=["127.0.0.1", "kg.intranet"]) as client:
        assert client.get("/health", headers={"Host": "kg.intranet:8000"}).status_code == 200
        assert client.get("/health", headers={"Host": "localhost"}).status_code == 400


@pytest.mark.parametrize("headers, status", [
    ({"Origin": "http://attacker.example", "Content-Type": "application/x-www-form-urlencoded"}, 403),
    ({"Origin": "null", "Content-Type": "application/x-www-form-urlencoded"}, 403),
    ({"Sec-Fetch-Site": "cross-site", "Content-Type": "application/x-www-form-urlencoded"}, 403),
    ({"Origin": "http://attacker.example", "Content-Type": "text/plain"}, 403),
    ({"Origin": "http://127.0.0.1", "Content-Type": "application/x-www-form-urlencoded"}, 200),
    ({"Content-Type": "application/x-www-form-urlencoded"}, 200),
])
def test_cross_origin_form_posts_are_refused(client, headers, status):
    response = client.post("/sparql", content=("query=" + quote(COUNT)).encode(), headers=headers)
    assert response.status_code == status
    if status == 403:
        assert response.text.startswith("a cross-origin POST is refused")


def test_a_cross_origin_sparql_query_post_is_allowed(client):
    response = client.post("/sparql", content=COUNT.encode(),
                           headers={"Origin": "http://attacker.example", "Content-Type": "application/sparql-query"})
    assert response.status_code == 200  # a browser preflights this type, and no CORS grant is ever given
    assert "access-control-allow-origin" not in response.headers


@pytest.mark.parametrize("url", ["/", "/health", "/api/queries", "/sparql?query=" + quote(COUNT), "/sparql",
                                 "/view?metric=" + quote("服务党员教育"), "/nope", "/api/queries/nope"])
def test_every_response_has_csp_and_nosniff(client, url):
    response = client.get(url)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    csp = response.headers["Content-Security-Policy"]
    if response.headers["content-type"].startswith("text/html"):
        nonce = csp.split("'nonce-")[1].split("'")[0]
        assert f'<script nonce="{nonce}">' in response.text and "<script>" not in response.text
        assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    else:
        assert csp.startswith("default-src 'none'")


# --- CSV formula cells ------------------------------------------------------------------------

def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(store):
    values = ['"=HYPERLINK(\\"http://attacker.example\\",\\"x\\")"', '"+1+1"', '"-2+3"', '"@SUM(A1)"',
              '"\\tx"', '"-5"', '"+3.5"', '"服务"']
    query = f"SELECT ?v WHERE {{ VALUES ?v {{ {' '.join(values)} }} }}"
    with app_client(store, limits=Limits(workers=1)) as client:
        response = client.get("/sparql", params={"query": query}, headers={"Accept": "text/csv"})
    assert response.text.split("\r\n")[1:-1] == [
        '"\'=HYPERLINK(""http://attacker.example"",""x"")"', "'+1+1", "'-2+3", "'@SUM(A1)", "'\tx", "-5", "+3.5", "服务"]


# --- content negotiation ----------------------------------------------------------------------

@pytest.mark.parametrize("query, accept, media_type", [
    (COUNT, "application/sparql-results+json;q=0, text/csv", "text/csv"),
    (COUNT, "text/csv;q=0.5, application/sparql-results+xml", "application/sparql-results+xml"),
    (COUNT, "*/*;q=0.1, text/tab-separated-values;q=0.2", "text/tab-separated-values"),
    (COUNT, "text/*", "text/csv"),
    (COUNT, "application/json", "application/sparql-results+json"),
    (COUNT, "", "application/sparql-results+json"),
    ("ASK { ?s ?p ?o }", "text/csv, application/sparql-results+xml;q=0.1", "application/sparql-results+xml"),
    ("CONSTRUCT { ?s ?p ?o } WHERE { ?s a kg:Indicator ; ?p ?o }", "", "text/turtle"),
    ("CONSTRUCT { ?s ?p ?o } WHERE { ?s a kg:Indicator ; ?p ?o }", "application/ld+json", "application/ld+json"),
    ("CONSTRUCT { ?s ?p ?o } WHERE { ?s a kg:Indicator ; ?p ?o }", "application/rdf+xml;q=0.9, text/turtle;q=0.8",
     "application/rdf+xml"),
    ("DESCRIBE ?s WHERE { ?s a kg:Indicator }", "application/n-triples, */*;q=0.1", "application/n-triples"),
])
def test_q_values_and_query_form_choose_the_format(client, query, accept, media_type):
    response = client.get("/sparql", params={"query": query}, headers={"Accept": accept} if accept else {})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media_type


@pytest.mark.parametrize("query, accept", [
    (COUNT, "application/sparql-results+json;q=0"),
    (COUNT, "text/csvx"),  # matched exactly, not as a substring
    (COUNT, "application/sparql-results+jsonp"),
    ("CONSTRUCT WHERE { ?s ?p ?o }", "text/csv"),
    ("ASK { ?s ?p ?o }", "text/csv"),
])
def test_406_only_when_nothing_fits(client, query, accept):
    response = client.get("/sparql", params={"query": query}, headers={"Accept": accept})
    assert response.status_code == 406
    assert response.text.startswith("no acceptable result format")


# --- a hostile label in the graph page, in Chromium -----------------------------------------------

@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    text = (ROOT / "corpus" / "tianjin-340105-performance-targets.txt").read_text(encoding="utf-8")
    text = text.replace("正常运行率", HOSTILE_METRIC).replace("市委组织部履职提升项目经费", HOSTILE_PROJECT)
    (folder / "dump.txt").write_text(text, encoding="utf-8")
    kg.build([folder / "dump.txt"], store=str(folder / "store"))
    return str(folder / "store")


def assert_graph_page_is_whole(page, server_errors=()):
    wait_until(page, FIRST_DRAW)
    labels = page.evaluate("DATA.nodes.map(n => n.label)")
    assert HOSTILE_METRIC in labels and HOSTILE_PROJECT in labels
    assert page.evaluate("kgView.renderer.getGraph().order") == len(labels) > 2  # every node drawn
    assert page.evaluate("window.pwned") is None
    assert page.errors == []


def test_a_script_label_leaves_the_served_view_whole_in_chromium(hostile_store):
    with running(lambda port: [sys.executable, "-m", "kg", "serve", "--store", hostile_store, "--port", str(port),
                               "--workers", "1"], "/health") as base, browser_page(allow=base) as page:
        page.goto(base + "/view?metric=" + quote(HOSTILE_METRIC))
        assert_graph_page_is_whole(page)


def test_a_script_label_leaves_the_exported_page_whole_in_chromium(hostile_store, tmp_path):
    out = tmp_path / "graph.html"
    result = subprocess.run([sys.executable, "-m", "kg", "export", "html", "--store", hostile_store, "-o", str(out)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    with browser_page() as page:
        page.goto(out.as_uri())
        assert_graph_page_is_whole(page)


def test_a_repeated_query_is_answered_from_the_cache_while_the_worker_is_busy(store):
    with app_client(store, limits=Limits(timeout=3, workers=1, queue=4)) as client:
        assert client.get("/sparql", params={"query": COUNT}).status_code == 200
        slow = threading.Thread(target=client.get, args=("/sparql",), kwargs={"params": {"query": CARTESIAN}})
        slow.start()
        time.sleep(0.5)
        started = time.monotonic()
        again = client.get("/sparql", params={"query": COUNT})
        assert again.status_code == 200 and time.monotonic() - started < 0.5
        slow.join()
