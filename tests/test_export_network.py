"""Network exports read back, the offline HTML view in a real browser, images with Chinese labels."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

import kg
from kg.analyze import to_networkx
from kg.cli import cli
from kg.export.network import drawn, focus, write_network
from tests.browser import browser_page
from tests.view_checks import FIRST_DRAW

ROOT = Path(__file__).resolve().parent.parent


def test_graphml_and_gexf_read_back_into_networkx(graph, tmp_path):
    write_network(graph, "graphml", tmp_path / "g.graphml")
    write_network(graph, "gexf", tmp_path / "g.gexf")
    for back in (nx.read_graphml(tmp_path / "g.graphml"), nx.read_gexf(tmp_path / "g.gexf")):
        assert back.number_of_nodes() == graph.number_of_nodes()
        assert back.number_of_edges() == graph.number_of_edges()
        labels = {d["label"] for _, d in back.nodes(data=True)}
        assert {"服务党员教育", "≥20万人次", "市委组织部履职提升项目经费"} <= labels


def test_cytoscape_json_reads_back_with_positions(graph, tmp_path):
    write_network(graph, "cytoscape", tmp_path / "g.json")
    data = json.loads((tmp_path / "g.json").read_text(encoding="utf-8"))
    assert nx.cytoscape_graph(data).number_of_nodes() == graph.number_of_nodes()
    assert all("position" in node for node in data["elements"]["nodes"])


def test_dot_is_well_formed(graph, tmp_path):
    write_network(graph, "dot", tmp_path / "g.dot")
    text = (tmp_path / "g.dot").read_text(encoding="utf-8")
    assert text.startswith("graph kg {") and text.rstrip().endswith("}")
    assert text.count(" -- ") == graph.number_of_edges()
    assert 'label="服务党员教育"' in text


def _has_cjk_font() -> bool:
    from matplotlib import font_manager

    if not any("CJK" in f.name for f in font_manager.fontManager.ttflist):
        # matplotlib caches the font list: a font installed after the cache was made is not in it
        font_manager.fontManager = font_manager._load_fontmanager(try_read_cache=False)
    return any("CJK" in f.name for f in font_manager.fontManager.ttflist)


@pytest.mark.skipif(not _has_cjk_font(), reason="no CJK font (Debian fonts-noto-cjk; `make test` installs it as root)")
def test_svg_and_png_have_chinese_labels(graph, tmp_path):
    view = focus(graph, project="市委组织部履职提升项目经费", depth=1)
    write_network(view, "svg", tmp_path / "g.svg")
    write_network(view, "png", tmp_path / "g.png")
    ET.parse(tmp_path / "g.svg")  # well-formed XML
    assert (tmp_path / "g.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    svg = (tmp_path / "g.svg").read_text(encoding="utf-8")
    # matplotlib embeds the glyphs it drew as paths named after their font: Chinese came from Noto CJK
    assert re.search(r'id="NotoSansCJKsc-Regular-[0-9a-f]+"', svg)


def test_a_failed_export_leaves_no_file(graph, tmp_path, monkeypatch):
    import kg.export.network as network

    monkeypatch.setattr(network, "_write_dot", lambda g, p: (_ for _ in ()).throw(RuntimeError("disk full")))
    with pytest.raises(RuntimeError):
        write_network(graph, "dot", tmp_path / "g.dot")
    assert list(tmp_path.iterdir()) == []


def test_focus_and_the_node_cap(graph):
    view = focus(graph, metric="服务党员教育", depth=2)
    assert {d["label"] for _, d in view.nodes(data=True) if d["type"] == "project"} == {
        "市委组织部履职提升项目经费", "“天津党建”数字化平台内容维护经费"}
    with pytest.raises(kg.UsageError, match=r"the view has \d+ nodes, more than --max-nodes 10"):
        focus(graph, max_nodes=10)


def test_html_works_offline_in_headless_chromium(store, tmp_path):
    page_file = tmp_path / "graph.html"
    result = CliRunner().invoke(cli, ["export", "html", "--store", store, "-o", str(page_file)],
                                catch_exceptions=False)
    assert result.exit_code == 0
    graph = drawn(to_networkx(store))  # without the families that only repeat one metric's name
    with browser_page() as page:
        page.goto(page_file.as_uri())
        page.wait_for_function(FIRST_DRAW)
        # WebGL draws every node and edge: the graph sigma draws holds them all
        assert page.evaluate("kgView.renderer.getGraph().order") == graph.number_of_nodes()
        assert page.evaluate("kgView.renderer.getGraph().size") == graph.number_of_edges()
        assert "服务党员教育" in page.evaluate("DATA.nodes.map(n => n.label)")
        page.fill("#search", "服务党员教育")
        named = sum("服务党员教育" in d["label"] for _, d in graph.nodes(data=True))  # the metric; its family is not drawn
        assert page.evaluate("kgView.hits.length") == named == 1
        assert "服务党员教育" in page.locator("#details").inner_text()
        page.fill("#search", "")
        project = next(n for n, d in graph.nodes(data=True) if d["type"] == "project")
        page.evaluate("id => kgView.select(id)", project)
        assert "budget" in page.locator("#details").inner_text()
        page.locator('#legend input[data-type="entity"]').uncheck()
        assert page.evaluate("kgView.shown().filter(id => id.includes('/entity/')).length") == 0
        page.screenshot(path=str(tmp_path / "graph.png"))
        assert page.errors == []
        assert page.requests == [page_file.as_uri()]
    assert (tmp_path / "graph.png").stat().st_size > 10_000
