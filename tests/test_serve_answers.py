"""Issue 22: kg serve's answers stay readable at 2,000 projects; query names and column headers
follow the language; an error leaves nothing of the previous answer; the graph beside an
answer holds every project the answer lists."""

from __future__ import annotations

import re
import sys

import pytest

from kg.query.sparql import list_queries
from kg.serve.labels import page_labels
from tests.browser import browser_page
from tests.servers import running
from tests.view_checks import build_synthetic


def _serve(store: str):
    return running(lambda port: [sys.executable, "-m", "kg", "serve", "--store", store, "--port", str(port),
                                 "--workers", "1"], "/health", wait=120)


@pytest.fixture(scope="module")
def server(store):
    with _serve(store) as base:
        yield base


@pytest.fixture(scope="module")
def large_server(tmp_path_factory):
    with _serve(build_synthetic(tmp_path_factory.mktemp("s2000"), 2000)) as base:
        yield base


def test_every_named_query_and_column_has_chinese_and_english_names():
    labels = page_labels()
    for query in list_queries():
        assert query.name in labels["query"], query.name
        header = re.search(r"^# columns: (.*)$", query.text, re.MULTILINE)
        declared = re.sub(r"\([^)]*\)", "", header.group(1)) if header else ""  # "(in 元)" and the like
        columns = [c.strip().split()[0] for c in declared.split(",") if c.strip()]
        for column in columns:
            assert column in labels["column"], f"{query.name}: {column}"


def _run_named(page, name: str) -> None:
    page.wait_for_selector(f"#named option[value='{name}']", state="attached")
    page.select_option("#named", name)
    page.click("#run-named")
    page.wait_for_selector("#results td")


def _graph_labels(page) -> set[str]:
    frame = page.frame_locator("#graph iframe")
    frame.locator("#sigma canvas").first.wait_for(state="attached", timeout=120_000)
    return set(page.frames[-1].evaluate("DATA.nodes.filter(n => n.type === 'project').map(n => n.label)"))


def test_names_and_headers_follow_the_language(server):
    with browser_page(allow=server) as page:
        page.goto(server + "/")
        _run_named(page, "shared-targets")
        assert page.locator("#named option[value='shared-targets']").inner_text() == "共用目标值"
        assert page.locator("#results th").all_inner_texts() == ["指标", "目标值", "项目数", "项目"]
        page.click("#lang")
        assert page.locator("#named option[value='shared-targets']").inner_text() == "Shared targets"
        assert page.locator("#results th").all_inner_texts() == ["metric", "target", "projects", "projects"]
        assert page.errors == []


def test_an_error_leaves_nothing_of_the_previous_answer(server):
    with browser_page(allow=server) as page:
        page.goto(server + "/")
        _run_named(page, "shared-targets")
        page.wait_for_selector("#graph iframe")
        assert page.locator("#csv").is_visible()
        page.fill("#editor", "SELEC ?x")
        page.click("#run-sparql")
        page.wait_for_selector("#status.error")
        assert page.locator("#status").inner_text().startswith("400: SPARQL syntax error")
        assert page.locator("#results").inner_text() == ""
        assert page.locator("#graph iframe").count() == 0
        assert not page.locator("#csv").is_visible()


def test_the_graph_beside_cost_vs_budget_holds_all_its_projects(server):
    with browser_page(allow=server) as page:
        page.goto(server + "/")
        _run_named(page, "cost-vs-budget")
        listed = {name for name in page.locator("#results td:first-child .name").all_inner_texts()}
        assert len(listed) == 5
        assert listed <= _graph_labels(page)
        assert page.errors == []


def test_shared_targets_over_2000_projects_shows_counts_and_opens_the_full_list(large_server):
    with browser_page(allow=large_server) as page:
        page.goto(large_server + "/")
        _run_named(page, "shared-targets")
        row = page.locator("#results tr").nth(1)
        count = int(row.locator("td").nth(2).inner_text())
        assert count > 100
        cell = row.locator("td").last
        page.wait_for_selector("#results tr:nth-child(2) td:last-child .count:not([data-names])")
        assert cell.locator(".count").inner_text() == f"{count} 个项目："
        assert cell.locator(".name").count() == 3
        assert all(re.fullmatch(r"〔\d{6}〕", unit) for unit in cell.locator(".unit").all_inner_texts())
        cell.locator("button.all").click()
        page.wait_for_selector("#list[open]")
        assert page.locator("#list-items li").count() == count
        assert all(re.fullmatch(r"〔\d{6}〕", unit) for unit in page.locator("#list-items .unit").all_inner_texts())
        page.keyboard.press("Escape")
        answer = page.evaluate("fetch('api/queries/shared-targets').then(r => r.json())")
        listed = {name for row in answer["results"]["bindings"] for name in row["projects"]["value"].split(" | ")}
        assert listed <= _graph_labels(page)
        assert page.errors == []


@pytest.fixture(scope="module")
def client(store):
    from starlette.testclient import TestClient

    from kg.serve import Limits, create_app

    with TestClient(create_app(store, limits=Limits(workers=1)), base_url="http://127.0.0.1") as client:
        yield client


@pytest.mark.parametrize("method, url, kwargs, status, message", [
    ("GET", "/view?project=不存在的项目&project=市委组织部履职提升项目经费", {}, 400, "no project named '不存在的项目'\n"),
    ("GET", "/view?query=nope", {}, 404, "no named query 'nope'; known queries: achievement, audit-findings, "),
    ("GET", "/view?query=metric-targets", {}, 400, "query metric-targets needs --param metric=…\n"),
    ("POST", "/api/target-projects", {"content": b"[1, 2]"}, 400, 'send {"targets": [[metric, target], ...], "limit": N}\n'),
    ("POST", "/api/project-units", {"content": b"not json"}, 400, 'the body is not JSON; send {"names": [...]}\n'),
])
def test_view_and_answer_helpers_say_what_went_wrong(client, method, url, kwargs, status, message):
    response = client.request(method, url, headers={"Content-Type": "application/json"}, **kwargs)
    assert response.status_code == status
    assert response.text.startswith(message)  # a message ends its line; the known queries may grow


def test_a_target_lists_its_projects_with_unit_codes(client):
    body = {"targets": [["服务党员教育", "≥20万人次"], ["维修响应及时性", "2424小时"], ["无", "无"]], "limit": 0}
    answer = client.post("/api/target-projects", json=body).json()
    assert answer["counts"] == [2, 1, 0]
    assert answer["projects"][0] == [{"name": "“天津党建”数字化平台内容维护经费", "unit": "340105"},
                                     {"name": "市委组织部履职提升项目经费", "unit": "340105"}]


def test_a_view_of_several_projects_holds_each_and_a_query_view_every_listed_one(client):
    two = client.get("/view", params=[("project", "市委组织部履职提升项目经费"), ("project", "公务员奖励和绩效管理工作经费"),
                                      ("depth", "1")])
    assert two.status_code == 200
    assert "市委组织部履职提升项目经费" in two.text and "公务员奖励和绩效管理工作经费" in two.text
    assert "公务员公开招考" not in two.text  # a third project is more than one step away
    every = client.get("/view", params={"query": "cost-vs-budget", "depth": "1"})
    assert every.status_code == 200
    assert all(name in every.text for name in ("公务员公开招考、公开遴选和公开选调及教育培训工作经费", "市委组织部履职提升项目经费"))
