"""kg serve: every response code of the endpoint, a real server on loopback, the page in Chromium."""

from __future__ import annotations

import json
import sys
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from starlette.testclient import TestClient


from kg.serve import Limits, create_app
from tests.browser import browser_page
from tests.servers import running

ROOT = Path(__file__).resolve().parent.parent
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s a kg:Indicator } }"
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?a { ?s ?p ?o } GRAPH ?b { ?x ?y ?z } GRAPH ?c { ?u ?v ?w } }"


@pytest.fixture(scope="module")
def client(store):
    # the Host must be a loopback name (issue 24): TestClient's default "testserver" is refused
    with TestClient(create_app(store, limits=Limits(timeout=10, max_rows=3, max_request_bytes=2000)),
                    base_url="http://127.0.0.1") as client:
        yield client


@pytest.mark.parametrize("accept, media_type", [
    ("application/sparql-results+json", "application/sparql-results+json"),
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv", "text/csv"), ("text/tab-separated-values", "text/tab-separated-values"),
    ("*/*", "application/sparql-results+json"),
])
def test_get_with_content_negotiation(client, accept, media_type):
    response = client.get("/sparql", params={"query": COUNT}, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media_type)
    body = response.text
    if "json" in media_type:
        assert json.loads(body)["results"]["bindings"][0]["n"]["value"] == "32"
    elif "xml" in media_type:
        assert ET.fromstring(body).find(".//{http://www.w3.org/2005/sparql-results#}literal").text == "32"
    elif media_type == "text/csv":
        assert body == "n\r\n32\r\n"
    else:
        assert body.splitlines() == ["?n", '"32"^^<http://www.w3.org/2001/XMLSchema#integer>']


def test_post_form_and_direct_query(client):
    form = client.post("/sparql", data={"query": COUNT})
    direct = client.post("/sparql", content=COUNT.encode(), headers={"Content-Type": "application/sparql-query"})
    assert form.status_code == direct.status_code == 200
    assert form.json() == direct.json()


def test_malformed_query_gets_the_parsers_message(client):
    response = client.get("/sparql", params={"query": "SELEC ?x"})
    assert response.status_code == 400
    assert response.text.startswith("SPARQL syntax error: error at 1:")


@pytest.mark.parametrize("request_args, status, message", [
    (("GET", "/sparql", {}), 400, "missing the query parameter"),
    (("GET", "/sparql", {"params": {"update": "DROP ALL"}}), 403, "read-only"),
    (("POST", "/sparql", {"content": b"DROP ALL", "headers": {"Content-Type": "application/sparql-update"}}), 403, "read-only"),
    (("POST", "/sparql", {"data": {"update": "DROP ALL"}}), 403, "read-only"),
    (("GET", "/sparql", {"params": {"query": COUNT}, "headers": {"Accept": "image/png"}}), 406, "no acceptable result format"),
    (("GET", "/sparql", {"params": {"query": COUNT + " #" + "x" * 3000}}), 413, "request larger than 2000 bytes"),
    (("POST", "/sparql", {"content": b"x", "headers": {"Content-Type": "text/plain"}}), 415, "application/sparql-query"),
    (("GET", "/api/queries/nope", {}), 404, "no named query 'nope'"),
    (("GET", "/api/queries/metric-targets", {}), 400, "needs --param metric"),
])
def test_error_codes(client, request_args, status, message):
    method, url, kwargs = request_args
    response = client.request(method, url, **kwargs)
    assert response.status_code == status
    assert message in response.text


def test_row_cap_truncates_and_says_so(client):
    response = client.get("/sparql", params={"query": "SELECT ?s WHERE { GRAPH ?g { ?s a kg:Indicator } }"})
    assert response.status_code == 200 and response.headers["X-Kg-Truncated"] == "true"
    assert len(response.json()["results"]["bindings"]) == 3


def test_timeout_gives_503(store):
    with TestClient(create_app(store, limits=Limits(timeout=0.05)), base_url="http://127.0.0.1") as slow:
        response = slow.get("/sparql", params={"query": HEAVY})
    assert response.status_code == 503
    assert response.text == "query timed out after 0.05 s\n"


def test_health_named_queries_and_view(client):
    assert client.get("/health").json() == {"status": "ok", "quads": 2624}
    assert "shared-targets" in [q["name"] for q in client.get("/api/queries").json()]
    rows = client.get("/api/queries/metric-targets", params={"metric": "服务党员教育"}).json()["results"]["bindings"]
    assert len(rows) == 2
    assert client.get("/view", params={"metric": "服务党员教育"}).status_code == 200
    assert client.get("/view", params={"metric": "不存在"}).status_code == 400


@pytest.fixture(scope="module")
def server(store):
    with running(lambda port: [sys.executable, "-m", "kg", "serve", "--store", store, "--port", str(port)],
                 "/health") as base:
        yield base


def test_a_real_server_answers_on_loopback(server):
    with urllib.request.urlopen(server + "/sparql?query=" + urllib.request.quote(COUNT)) as response:
        assert json.load(response)["results"]["bindings"][0]["n"]["value"] == "32"


def test_the_page_runs_shared_targets_in_chromium(server, tmp_path):
    with browser_page(allow=server) as page:
        page.goto(server + "/")
        page.wait_for_selector("#named option[value='shared-targets']", state="attached")
        page.select_option("#named", "shared-targets")
        page.click("#run-named")
        page.wait_for_selector("#results td")
        assert page.locator("#results td").first.inner_text() == "服务党员教育"
        assert "≥20万人次" in page.locator("#results").inner_text()
        page.wait_for_selector("#graph iframe")
        page.frame_locator("#graph iframe").locator("#sigma canvas").first.wait_for(state="attached")
        page.click("#lang")
        assert page.locator("h1").inner_text() == "Performance targets · queries"
        page.screenshot(path=str(tmp_path / "serve.png"))
        assert page.errors == []
        assert all(url.startswith(server) for url in page.requests)
