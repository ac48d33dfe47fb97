"""Cross-project analyses over the networkx view: shared, similar, communities, central."""

from __future__ import annotations

from collections import defaultdict

import networkx as nx

from kg.analyze.network import nodes_of
from kg.errors import UsageError
from kg.query.sparql import QueryResult

LOUVAIN_SEED = 42
BETWEENNESS_SAMPLE = 100  # above this many nodes betweenness is estimated from this many sources (seeded)
SIMILARITY_WEIGHTS = {"target": 3.0, "metric": 1.0, "entity": 0.5}


def _projects_of(graph: nx.Graph, node: str) -> set[str]:
    return {n for n in graph[node] if graph.nodes[n]["type"] == "project"}


def _labels(graph: nx.Graph, nodes) -> str:
    return " | ".join(sorted(graph.nodes[n]["label"] for n in nodes))


def shared(graph: nx.Graph, *, fuzzy: bool = False) -> QueryResult:
    """Targets two or more projects share; ``fuzzy`` groups metrics by family first.

    Answers what the named queries shared-targets and shared-family-targets answer.
    """
    groups: dict[tuple, set[str]] = defaultdict(set)
    names: dict[tuple, tuple[set[str], set[str]]] = defaultdict(lambda: (set(), set()))
    for target in nodes_of(graph, "target"):
        metric = next(n for n in graph[target] if graph.nodes[n]["type"] == "metric")
        if fuzzy:
            quantity = graph.nodes[target]["quantity"]
            if quantity is None:
                continue  # text targets have no number to compare across a family
            family = next((n for n in graph[metric] if graph.nodes[n]["type"] == "family"), metric)
            key = (family, *quantity)
        else:
            key = (target,)
        groups[key] |= _projects_of(graph, target)
        names[key][0].add(graph.nodes[metric]["label"])
        names[key][1].add(graph.nodes[target]["label"])
    rows = []
    for key, projects in groups.items():
        if len(projects) < 2:
            continue
        metrics, targets = names[key]
        first = graph.nodes[key[0]]["label"] if fuzzy else min(metrics)
        row = (first, min(targets), len(projects))
        rows.append(row + ((" | ".join(sorted(metrics)),) if fuzzy else ()) + (_labels(graph, projects),))
    rows.sort(key=lambda r: (-r[2], r[0], r[1]))
    columns = ["family", "target", "count", "metrics", "projects"] if fuzzy else ["metric", "target", "count", "projects"]
    return QueryResult(columns, rows)


def find_project(graph: nx.Graph, name: str) -> str:
    """The project node named ``name`` (exact, then the only one containing it)."""
    projects = nodes_of(graph, "project")
    exact = [p for p in projects if graph.nodes[p]["label"] == name]
    partial = [p for p in projects if name in graph.nodes[p]["label"]]
    found = exact or partial
    if len(found) != 1:
        hint = "; candidates: " + ", ".join(graph.nodes[p]["label"] for p in found[:5]) if found else ""
        raise UsageError(f"{'no' if not found else 'more than one'} project named {name!r}{hint}")
    return found[0]


def similar(graph: nx.Graph, project: str, *, top: int = 5) -> QueryResult:
    """Projects most like ``project`` by shared targets, metrics and entities, with the reason."""
    source = find_project(graph, project)
    scores: dict[str, float] = defaultdict(float)
    reasons: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for node in graph[source]:
        kind = graph.nodes[node]["type"]
        if kind == "target":
            via = [(node, "target")]
            via += [(m, "metric") for m in graph[node] if graph.nodes[m]["type"] == "metric"]
        else:
            via = [(node, "entity")]
        for shared_node, why in via:
            reach = _projects_of(graph, shared_node) if why != "metric" else {
                p for t in graph[shared_node] if graph.nodes[t]["type"] == "target" for p in _projects_of(graph, t)}
            for other in reach - {source}:
                if graph.nodes[shared_node]["label"] not in reasons[other][why]:
                    scores[other] += SIMILARITY_WEIGHTS[why]
                    reasons[other][why].add(graph.nodes[shared_node]["label"])
    ranked = sorted(scores, key=lambda p: (-scores[p], graph.nodes[p]["label"]))[:top]
    rows = [(graph.nodes[p]["label"], round(scores[p], 2),
             "; ".join(f"{why}: {'、'.join(sorted(reasons[p][why]))}" for why in ("target", "metric", "entity")
                       if reasons[p][why])) for p in ranked]
    return QueryResult(["project", "score", "reason"], rows)


def communities(graph: nx.Graph) -> QueryResult:
    """Louvain communities (fixed seed) of the whole graph, reported by their projects."""
    if graph.number_of_nodes() == 0:
        return QueryResult(["community", "projects", "size", "top_metrics"], [])
    found = nx.community.louvain_communities(graph, seed=LOUVAIN_SEED)
    rows = []
    for members in found:
        projects = sorted(graph.nodes[n]["label"] for n in members if graph.nodes[n]["type"] == "project")
        if not projects:
            continue
        metrics = sorted((n for n in members if graph.nodes[n]["type"] == "metric"),
                         key=lambda n: (-graph.degree(n), graph.nodes[n]["label"]))
        rows.append((" | ".join(projects), len(projects), "、".join(graph.nodes[m]["label"] for m in metrics[:3])))
    rows.sort(key=lambda r: (-r[1], r[0]))
    return QueryResult(["community", "projects", "size", "top_metrics"],
                       [(i + 1, *row) for i, row in enumerate(rows)])


def central(graph: nx.Graph, *, top: int = 10) -> QueryResult:
    """The most connected metrics and entities: degree, and betweenness (sampled when large)."""
    sample = BETWEENNESS_SAMPLE if graph.number_of_nodes() > BETWEENNESS_SAMPLE else None
    betweenness = nx.betweenness_centrality(graph, k=sample, seed=LOUVAIN_SEED)
    rows = []
    for kind in ("metric", "entity"):
        for node in nodes_of(graph, kind):
            projects = len({p for n in graph[node] for p in ([n] if graph.nodes[n]["type"] == "project"
                                                              else _projects_of(graph, n))})
            rows.append((kind, graph.nodes[node]["label"], projects, graph.degree(node), round(betweenness[node], 4)))
    rows.sort(key=lambda r: (-r[2], -r[4], r[1]))
    return QueryResult(["type", "name", "projects", "degree", "betweenness"], rows[:top])
