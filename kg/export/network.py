"""The networkx view as files: GraphML, GEXF, Cytoscape.js JSON, DOT, HTML, PNG, SVG.

Attributes are cleaned first (networkx's GEXF/GraphML writers fail on None, list or
dict values), layouts are computed here (no physics in the browser), and every file
is written to a temporary name and renamed, so a failure leaves no empty file.

The HTML view draws with WebGL (sigma.js over graphology, shipped in ``static/`` and
inlined into the page, so it works offline); large graphs open on an overview of their
communities. The drawn views (html, png, svg) leave out metric families that join
fewer than two metrics: such a family only repeats its metric's name.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable

from kg.errors import UsageError
from kg.export import atomic_file
from kg.export.layout import communities_of, community_layout, layout

if TYPE_CHECKING:  # networkx (and the analysis stage) load when a graph is drawn, not with the CLI
    import networkx as nx

NETWORK_FORMATS = ("graphml", "gexf", "cytoscape", "dot", "html", "png", "svg")
COLOURS = {"project": "#1f77b4", "target": "#ff7f0e", "metric": "#2ca02c", "family": "#9467bd", "entity": "#d62728"}
TYPE_NAMES = {"project": "项目 project", "target": "目标值 target", "metric": "指标 metric",
              "family": "指标族 family", "entity": "实体 entity"}
DEFAULT_MAX_NODES = 1500
# Views kg draws itself are capped (a picture of 100,000 nodes is no use); the file formats are
# for tools built for large graphs (Gephi, yEd, Cytoscape, Graphviz) and are not. The WebGL page
# stays smooth far beyond what a matplotlib picture can show.
CAPPED_FORMATS = ("html", "png", "svg")
MAX_NODES = {"html": 50_000, "png": DEFAULT_MAX_NODES, "svg": DEFAULT_MAX_NODES}
# Above this many nodes the page opens on one node per community, each opening into its members.
OVERVIEW_MIN_NODES = 1500
STATIC = Path(__file__).parent / "static"
LIBRARIES = ("graphology.umd.min.js", "sigma.min.js")
# A spring layout is quadratic: above this many nodes Cytoscape JSON carries no positions, and
# Cytoscape lays the graph out itself.
LAYOUT_MAX_NODES = DEFAULT_MAX_NODES
TOO_BIG = ("the view has {n} nodes, more than --max-nodes {cap}; focus it with --project NAME or "
           "--metric NAME (and --depth), or raise --max-nodes")


def focus(graph: nx.Graph, *, project: str | None = None, metric: str | None = None, depth: int = 2,
          max_nodes: int | None = DEFAULT_MAX_NODES, projects: Iterable[str] = (),
          metrics: Iterable[str] = ()) -> nx.Graph:
    """The part of the graph within ``depth`` steps of a project or metric; all of it otherwise.
    ``projects`` and ``metrics`` are further names, each every node of that name (a query
    answer lists names, and two units may use one). A view of more than ``max_nodes`` nodes
    is refused (None: any size)."""
    import networkx as nx
    from kg.analyze.network import find_project_node

    centres = []
    if project:
        centres.append(find_project_node(graph, project))
    centres.extend(_named(graph, "project", projects))
    centres.extend(_named(graph, "metric", metrics))
    if metric:
        found = [n for n, d in graph.nodes(data=True) if d["type"] == "metric" and d["label"] == metric]
        if not found:
            raise UsageError(f"no metric named {metric!r}")
        centres.extend(found)
    view = graph
    if centres:
        keep = set()
        for centre in centres:
            keep |= set(nx.ego_graph(graph, centre, radius=depth))
        view = graph.subgraph(keep).copy()
    if max_nodes is not None and view.number_of_nodes() > max_nodes:
        raise UsageError(TOO_BIG.format(n=view.number_of_nodes(), cap=max_nodes))
    return view


def _named(graph: nx.Graph, kind: str, names: Iterable[str]) -> list[str]:
    from kg.analyze.network import nodes_of

    wanted = set(names)
    if not wanted:
        return []
    found = [n for n in nodes_of(graph, kind) if graph.nodes[n]["label"] in wanted]
    missing = wanted - {graph.nodes[n]["label"] for n in found}
    if missing:
        raise UsageError(f"no {kind} named {sorted(missing)[0]!r}")
    return found


def drawn(graph: nx.Graph) -> nx.Graph:
    """The graph as kg draws it: without the metric families that join fewer than two metrics
    (27 families for 29 metrics on the sample: most only repeat their metric's name)."""
    lone = [n for n, d in graph.nodes(data=True) if d["type"] == "family"
            and sum(graph.nodes[m]["type"] == "metric" for m in graph[n]) < 2]
    if not lone:
        return graph
    view = graph.copy()
    view.remove_nodes_from(lone)
    return view


def clean(graph: nx.Graph) -> nx.Graph:
    """A copy whose attributes are all str, int, float or bool (None dropped, lists joined)."""
    import networkx as nx

    out = nx.Graph()
    for node, data in sorted(graph.nodes(data=True)):
        out.add_node(node, **_clean_attrs(data))
    for a, b, data in sorted(graph.edges(data=True)):
        out.add_edge(a, b, **_clean_attrs(data))
    return out


def _clean_attrs(data: dict) -> dict:
    out = {}
    for key, value in sorted(data.items()):
        if value is None:
            continue
        if isinstance(value, Decimal):
            value = float(value)
        elif isinstance(value, (list, tuple, set)):
            value = " | ".join(str(v) for v in value if v is not None)
        elif isinstance(value, dict):
            value = json.dumps(value, ensure_ascii=False, sort_keys=True)
        out[key] = value
    return out


def write_network(graph: nx.Graph, fmt: str, path: str | Path) -> None:
    """Write ``graph`` as ``fmt`` to ``path``, atomically."""
    import networkx as nx

    writers: dict[str, Callable[[nx.Graph, str], None]] = {
        "graphml": lambda g, p: nx.write_graphml(clean(g), p),
        "gexf": _write_gexf,
        "cytoscape": _write_cytoscape,
        "dot": _write_dot,
        "html": _write_html,
        "png": lambda g, p: _write_image(g, p, "png"),
        "svg": lambda g, p: _write_image(g, p, "svg"),
    }
    if fmt not in writers:
        raise UsageError(f"unknown network format {fmt!r}; choose one of {', '.join(NETWORK_FORMATS)}")
    atomic_file(lambda tmp: writers[fmt](graph, tmp), path)


def _write_gexf(graph: nx.Graph, path: str) -> None:
    """GEXF without networkx's ``lastmodifieddate`` (today's date), so the same graph gives the
    same bytes on any day."""
    from networkx.readwrite.gexf import GEXFWriter

    writer = GEXFWriter(encoding="utf-8", prettyprint=True)
    meta = writer.xml.find("meta")
    meta.attrib.pop("lastmodifieddate", None)
    meta.find("creator").text = "kg"  # not the networkx version: an upgrade changes no file
    writer.add_graph(clean(graph))
    writer.write(path)


def _write_cytoscape(graph: nx.Graph, path: str) -> None:
    """Cytoscape.js JSON: ``data.id`` and ``data.iri`` the node's IRI, ``data.name`` its label
    (Cytoscape shows ``name``), and positions while the layout is affordable."""
    import networkx as nx

    data = nx.cytoscape_data(clean(graph))
    positions = layout(graph) if graph.number_of_nodes() <= LAYOUT_MAX_NODES else {}
    for node in data["elements"]["nodes"]:
        node["data"]["iri"] = node["data"]["id"]
        node["data"]["name"] = node["data"].get("label", node["data"]["id"])
        if node["data"]["id"] in positions:
            x, y = positions[node["data"]["id"]]
            node["position"] = {"x": round(x * 1000, 1), "y": round(y * 1000, 1)}
    Path(path).write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def _dot_quote(text: str) -> str:
    return '"' + str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _write_dot(graph: nx.Graph, path: str) -> None:
    lines = ["graph kg {", '  node [style=filled, fontname="Noto Sans CJK SC"];']
    for node, data in sorted(clean(graph).nodes(data=True)):
        attrs = {"label": data.get("label", node), "fillcolor": COLOURS.get(data.get("type"), "#cccccc"),
                 **{k: v for k, v in data.items() if k != "label"}}
        lines.append(f"  {_dot_quote(node)} [" + ", ".join(f"{k}={_dot_quote(v)}" for k, v in attrs.items()) + "];")
    for a, b, data in sorted(clean(graph).edges(data=True)):
        extra = " [" + ", ".join(f"{k}={_dot_quote(v)}" for k, v in data.items()) + "]" if data else ""
        lines.append(f"  {_dot_quote(a)} -- {_dot_quote(b)}{extra};")
    lines.append("}")
    Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")


def html_payload(graph: nx.Graph) -> dict:
    """Nodes with positions, size and details, edges as pairs of node numbers, the legend, and
    for large graphs the communities the page opens on, for the page's script."""
    from kg.analyze.network import NODE_TYPES

    graph = drawn(graph)
    overview = graph.number_of_nodes() > OVERVIEW_MIN_NODES
    community = communities_of(graph) if overview else {}
    positions = community_layout(graph, community) if overview else layout(graph)
    nodes = []
    for node, data in sorted(graph.nodes(data=True)):
        details = {k: v for k, v in _clean_attrs(data).items() if k not in ("type", "label", "quantity")}
        x, y = positions[node]
        item = {"id": node, "label": data.get("label", node), "type": data["type"], "x": x, "y": y,
                "degree": graph.degree(node), "details": details}
        if data.get("budget") is not None:
            item["budget"] = float(data["budget"]) * _MONEY_SCALE.get(data.get("budget_unit"), 1.0)
        if overview:
            item["community"] = community[node]
        nodes.append(item)
    number = {node["id"]: i for i, node in enumerate(nodes)}
    edges = sorted([min(number[a], number[b]), max(number[a], number[b])] for a, b in graph.edges())
    legend = [{"type": t, "name": TYPE_NAMES[t], "colour": COLOURS[t]} for t in NODE_TYPES]
    payload = {"nodes": nodes, "edges": edges, "legend": legend, "communities": []}
    if overview:
        payload["communities"] = _community_summaries(graph, nodes, edges)
    return payload


# budgets compared across tables in yuan (the node keeps its table's own figure and unit)
_MONEY_SCALE = {"元": 1.0, "千元": 1e3, "万元": 1e4, "百万元": 1e6, "亿元": 1e8}


def _community_summaries(graph: nx.Graph, nodes: list[dict], edges: list[list[int]]) -> list[dict]:
    """Per community: its number, size, centre, counts by type, a name from its busiest
    non-project members, and how many edges join it to each other community."""
    from collections import Counter, defaultdict

    members: dict[int, list[dict]] = defaultdict(list)
    for node in nodes:
        members[node["community"]].append(node)
    links: Counter = Counter()
    for a, b in edges:
        ca, cb = nodes[a]["community"], nodes[b]["community"]
        if ca != cb:
            links[min(ca, cb), max(ca, cb)] += 1
    out = []
    for number, group in sorted(members.items()):
        # named by what its projects measure: metrics first, then families, entities, targets
        rank = {"metric": 0, "family": 1, "entity": 2, "target": 3}
        named = sorted((n for n in group if n["type"] in rank), key=lambda n: (rank[n["type"]], -n["degree"], n["label"]))
        out.append({"id": number, "size": len(group),
                    "x": round(sum(n["x"] for n in group) / len(group), 5),
                    "y": round(sum(n["y"] for n in group) / len(group), 5),
                    "types": dict(sorted(Counter(n["type"] for n in group).items())),
                    "name": "、".join(n["label"] for n in named[:2]) or group[0]["label"],
                    "links": {str(other): count for (a, b), count in sorted(links.items())
                              for other in ((b,) if a == number else (a,) if b == number else ())}})
    return out


# Inside <script>, "</script>" ends the script and "<!--<script>" makes the parser look for two
# "</script>"s; an escaped "<" can do neither. U+2028/2029 end a line in older JavaScript.
_SCRIPT_ESCAPES = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028",
                                 "\u2029": "\\u2029"})


def script_json(data) -> str:
    """``data`` as JSON that is safe to place inside an HTML ``<script>`` element."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True).translate(_SCRIPT_ESCAPES)


def library_script(name: str) -> str:
    """A vendored library's text (``static/``, see VERSIONS), checked safe to inline in <script>."""
    text = (STATIC / name).read_text(encoding="utf-8")
    text = re.sub(r"\n//# sourceMappingURL=\S*\s*$", "\n", text)  # no .map ships: a console would ask for it
    if re.search(r"</script|<!--|<script", text, re.IGNORECASE):
        raise ValueError(f"static/{name} holds an HTML script marker and cannot be inlined")
    return text


def html_page(graph: nx.Graph) -> str:
    """The offline HTML view of ``graph``: the template with the libraries and the graph's
    data in its scripts."""
    template = (Path(__file__).parent / "templates" / "graph.html").read_text(encoding="utf-8")
    libraries = "\n".join(library_script(name) for name in LIBRARIES)
    # the data last, so a label holding "/*KG_LIBRARIES*/" is never taken for the marker
    page = template.replace("/*KG_LIBRARIES*/", libraries, 1)
    return page.replace("/*KG_DATA*/null", script_json(html_payload(graph)), 1)


def _write_html(graph: nx.Graph, path: str) -> None:
    Path(path).write_text(html_page(graph), encoding="utf-8")


def _preferred_cjk(names: list[str]) -> str:
    """Simplified Chinese first (Noto Sans CJK SC), else any CJK font."""
    for wanted in ("Noto Sans CJK SC", "Noto Sans CJK", "Noto Serif CJK SC"):
        for name in sorted(names):
            if name.startswith(wanted):
                return name
    return sorted(names)[0]


def _write_image(graph: nx.Graph, path: str, fmt: str) -> None:
    import networkx as nx
    from kg.analyze.network import NODE_TYPES

    import matplotlib  # noqa: PLC0415  (heavy; only for images)

    matplotlib.use("Agg")
    from matplotlib import font_manager  # noqa: PLC0415
    import matplotlib.pyplot as plt  # noqa: PLC0415

    cjk = [f.name for f in font_manager.fontManager.ttflist if "CJK" in f.name]
    if not cjk:
        raise UsageError("no CJK font found for Chinese labels; install one (Debian: apt-get install fonts-noto-cjk)")
    # networkx draws labels with font_family="sans-serif", so the CJK font must lead that list.
    plt.rcParams["font.sans-serif"] = [_preferred_cjk(cjk)] + list(plt.rcParams["font.sans-serif"])
    plt.rcParams["font.family"] = "sans-serif"
    plt.rcParams["svg.hashsalt"] = "kg"  # byte-stable SVG ids
    graph = drawn(graph)
    positions = layout(graph)
    figure, axes = plt.subplots(figsize=(12, 9), dpi=100)
    axes.set_axis_off()
    colours = [COLOURS[graph.nodes[n]["type"]] for n in graph]
    nx.draw_networkx_edges(graph, positions, ax=axes, edge_color="#bbbbbb", width=0.8)
    nx.draw_networkx_nodes(graph, positions, ax=axes, node_color=colours,
                           node_size=[120 + 40 * graph.degree(n) for n in graph])
    small = graph.number_of_nodes() <= 60  # every label fits; beyond that, the ones that matter
    labels = {n: graph.nodes[n]["label"][:14] for n in graph
              if small or graph.nodes[n]["type"] in ("project", "target", "family") or graph.degree(n) > 2}
    nx.draw_networkx_labels(graph, positions, labels=labels, ax=axes, font_size=8)
    handles = [plt.Line2D([], [], marker="o", linestyle="", color=COLOURS[t], label=TYPE_NAMES[t]) for t in NODE_TYPES]
    axes.legend(handles=handles, loc="lower left", fontsize=8, frameon=False)
    metadata = {"Date": None} if fmt == "svg" else {"Software": None}
    figure.savefig(path, format=fmt, bbox_inches="tight", metadata=metadata)
    plt.close(figure)
