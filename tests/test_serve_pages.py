"""/api/queries/NAME?limit=&offset=: a page of a named query with the whole answer's row count,
the same rows as kg.query's page (issue 20)."""

from __future__ import annotations

import pytest

import kg
from kg.query.tables import cell_text


@pytest.fixture(scope="module")
def client(store):
    from starlette.testclient import TestClient

    from kg.serve import Limits, create_app

    with TestClient(create_app(store, limits=Limits(workers=1)), base_url="http://127.0.0.1") as client:
        yield client


def _rows(answer: dict) -> list[dict]:
    return [{k: v["value"] for k, v in b.items()} for b in answer["results"]["bindings"]]


@pytest.mark.parametrize("name, params", [("projects", {}), ("audit-findings", {}), ("entities", {}),
                                           ("metric-targets", {"metric": "服务党员教育"})])
def test_a_page_is_the_same_rows_as_kg_query_gives_with_the_total(client, store, name, params):
    response = client.get(f"/api/queries/{name}", params={**params, "limit": "2", "offset": "1"})
    assert response.status_code == 200
    expected = kg.query(name, store=store, limit=2, offset=1, **params)
    answer = response.json()
    assert answer["total"] == expected.total == len(kg.query(name, store=store, **params).rows)
    assert response.headers["X-Total-Count"] == str(expected.total)
    assert answer["head"]["vars"] == expected.columns
    assert [[row.get(c) for c in expected.columns] for row in _rows(answer)] == [
        [None if v is None else cell_text(v) for v in row] for row in expected.rows]


def test_without_limit_the_whole_answer_and_no_total(client, store):
    response = client.get("/api/queries/projects")
    assert "X-Total-Count" not in response.headers
    assert len(response.json()["results"]["bindings"]) == len(kg.query("projects", store=store).rows)


@pytest.mark.parametrize("query, message", [
    ("limit=0", "limit must be between 1 and 10000, not 0\n"),
    ("limit=ten", "limit and offset are whole numbers\n"),
    ("offset=-3", "offset must be 0 or more, not -3\n"),
])
def test_a_bad_page_is_a_400_that_says_why(client, query, message):
    response = client.get(f"/api/queries/projects?{query}")
    assert (response.status_code, response.text) == (400, message)


def test_the_page_shows_the_first_thousand_rows_of_a_long_listing(tmp_path_factory):
    """The web page asks for a named query's first 1,000 rows and says how many there are."""
    import sys

    from tests.browser import browser_page
    from tests.servers import running
    from tests.view_checks import build_synthetic

    store = build_synthetic(tmp_path_factory.mktemp("s1500"), 1500)
    total = len(kg.query("projects", store=store).rows)
    assert total > 1000
    command = lambda port: [sys.executable, "-m", "kg", "serve", "--store", store, "--port", str(port),  # noqa: E731
                            "--workers", "1"]
    with running(command, "/health", wait=120) as base, browser_page(allow=base) as page:
        page.goto(base + "/")
        page.wait_for_selector("#named option[value='projects']", state="attached")
        page.select_option("#named", "projects")
        page.click("#run-named")
        page.wait_for_selector("#results td")
        assert page.locator("#results tr").count() == 1 + 1000
        assert page.locator("#status").inner_text() == f"前 1000 行，共 {total} 行"
        assert page.errors == []
