"""Cross-project analyses over the project view: shared, similar, communities, central.

Nothing here pairs projects with each other (quadratic in their number): shared and
similar read the sparse projects × nodes matrix column by column or with one sparse
product; communities and central work on the graph of the shared nodes themselves
(targets, metrics, entities, linked by the projects they have in common, a networkx
graph of a few thousand nodes even when there are 100k projects).
"""

from __future__ import annotations

from collections import Counter, defaultdict

import networkx as nx
import numpy as np

from kg.analyze.view import ProjectView
from kg.errors import UsageError
from kg.query.sparql import QueryResult
from kg.rdf.iris import project_key

LOUVAIN_SEED = 42
BETWEENNESS_SAMPLE = 200  # above this many shared nodes betweenness is estimated from this many sources (seeded)
SIMILARITY_WEIGHTS = {"target": 3.0, "metric": 1.0, "entity": 0.5}


def _names(view: ProjectView, rows) -> str:
    return " | ".join(sorted({view.project_labels[r] for r in rows}))


def shared(view: ProjectView, *, fuzzy: bool = False) -> QueryResult:
    """Targets two or more projects share; ``fuzzy`` groups metrics by family first.

    Answers what the named queries shared-targets and shared-family-targets answer.
    """
    index = {node: j for j, node in enumerate(view.nodes)}
    groups: dict[tuple, set[int]] = defaultdict(set)
    metrics: dict[tuple, set[str]] = defaultdict(set)
    targets: dict[tuple, set[str]] = defaultdict(set)
    for j, node in enumerate(view.nodes):
        if view.kinds[j] != "target":
            continue
        metric = view.metric_of.get(node, node)
        if fuzzy:
            if node not in view.quantity_of:
                continue  # text targets have no number to compare across a family
            key = (view.family_of.get(metric, metric), *view.quantity_of[node])
        else:
            key = (node,)
        groups[key].update(view.column(j).tolist())
        metrics[key].add(view.labels[index[metric]] if metric in index else metric)
        targets[key].add(view.labels[j])
    rows = []
    for key, projects in groups.items():
        if len(projects) < 2:
            continue
        if fuzzy:
            family = view.family_labels.get(key[0]) or (view.labels[index[key[0]]] if key[0] in index else key[0])
            rows.append((family, min(targets[key]), len(projects), " | ".join(sorted(metrics[key])),
                         _names(view, projects)))
        else:
            rows.append((min(metrics[key]), min(targets[key]), len(projects), _names(view, projects)))
    rows.sort(key=lambda r: (-r[2], r[0], r[1]))
    columns = ["family", "target", "count", "metrics", "projects"] if fuzzy else ["metric", "target", "count", "projects"]
    return QueryResult(columns, rows)


def find_project(view: ProjectView, name: str) -> int:
    """The project named ``name``: its row. ``name`` is a project name (exact, then the only one
    containing it), or ``UNIT/NAME`` as in its IRI (``340105/市委组织部履职提升项目经费``) when
    several units have a project of that name, ``UNIT/NAME/YEAR`` for one year of it, or the IRI."""
    keys = [project_key(iri) for iri in view.projects]
    exact = [r for r, label in enumerate(view.project_labels) if label == name] or \
        [r for r, (iri, key) in enumerate(zip(view.projects, keys)) if name in (iri, key)] or \
        [r for r, key in enumerate(keys) if key.startswith(name + "/")]  # UNIT/NAME: the project in any year
    found = exact or [r for r, label in enumerate(view.project_labels) if name in label]
    if len(found) != 1:
        hint = ("; name one as UNIT/NAME or UNIT/NAME/YEAR: " + ", ".join(keys[r] for r in found[:5])
                + (f" (and {len(found) - 5} more)" if len(found) > 5 else "")) if found else ""
        raise UsageError(f"{'no' if not found else 'more than one'} project named {name!r}{hint}")
    return found[0]


def similar(view: ProjectView, project: str, *, top: int = 5) -> QueryResult:
    """Projects most like ``project`` by shared targets, metrics and entities, with the reason:
    3 for each shared target, 1 for each shared metric, 0.5 for each shared entity."""
    source = find_project(view, project)
    own = view.row(source)
    weights = np.zeros(len(view.nodes))
    weights[own] = [SIMILARITY_WEIGHTS[view.kinds[j]] for j in own]
    scores = view.matrix @ weights  # one sparse product: every project's score at once
    scores[source] = 0
    candidates = np.flatnonzero(scores)
    ranked = sorted(candidates.tolist(), key=lambda r: (-scores[r], view.project_labels[r], r))[:top]
    rows = []
    for r in ranked:
        common = np.intersect1d(own, view.row(r))
        reason = "; ".join(
            f"{kind}: {'、'.join(sorted({view.labels[j] for j in common if view.kinds[j] == kind}))}"
            for kind in ("target", "metric", "entity") if any(view.kinds[j] == kind for j in common))
        rows.append((view.project_labels[r], round(float(scores[r]), 2), reason))
    return QueryResult(["project", "score", "reason"], rows)


def shared_node_graph(view: ProjectView) -> nx.Graph:
    """The shared nodes linked by how many projects have both (a sparse product), the graph
    communities and centrality are computed on; node attributes: label and kind."""
    co = (view.matrix.T @ view.matrix).tocoo()
    graph = nx.Graph()
    graph.add_nodes_from((j, {"label": view.labels[j], "kind": view.kinds[j]}) for j in range(len(view.nodes)))
    graph.add_weighted_edges_from((int(a), int(b), float(w)) for a, b, w in zip(co.row, co.col, co.data) if a < b)
    return graph


def communities(view: ProjectView) -> QueryResult:
    """Groups of projects tied by what they share: Louvain communities (seed 42, resolution 1)
    of the shared nodes, then each project joins the community holding most of its shared nodes.

    Only nodes that two or more projects have, and not every project, take part. A node of one
    project ties nothing, yet each project's own targets and metrics form a dense clique that
    Louvain would return as a community: on the sample that gave five one-project communities.
    A node every project has (the sample's one unit, 中共天津市委组织部) ties them all equally and
    separates none. A project that shares nothing forms a community of its own."""
    columns = ["community", "projects", "size", "top_metrics", "shared"]
    if not view.projects:
        return QueryResult(columns, [])
    reach = np.asarray(view.matrix.sum(axis=0)).ravel()  # projects per node
    everyone = len(view.projects) if len(view.projects) > 2 else len(view.projects) + 1
    tying = np.flatnonzero((reach >= 2) & (reach < everyone))
    graph = shared_node_graph(view).subgraph(tying.tolist())
    found = sorted(sorted(c) for c in nx.community.louvain_communities(graph, weight="weight", seed=LOUVAIN_SEED))
    community_of = np.full(len(view.nodes), -1, dtype=np.int64)
    for number, members in enumerate(found):
        community_of[members] = number
    members_of: dict[int, list[int]] = defaultdict(list)
    for r in range(len(view.projects)):
        votes = Counter(c for c in community_of[view.row(r)].tolist() if c >= 0)
        members_of[min(votes, key=lambda c: (-votes[c], c)) if votes else -1 - r].append(r)
    rows = []
    for number, projects in members_of.items():
        metrics = Counter(j for r in projects for j in view.row(r).tolist() if view.kinds[j] == "metric")
        top = sorted(metrics, key=lambda j: (-metrics[j], view.labels[j]))[:3]
        ties = sorted(found[number] if number >= 0 else [], key=lambda j: (-reach[j], view.labels[j]))[:5]
        rows.append((_names(view, projects), len(projects), "、".join(view.labels[j] for j in top),
                     "、".join(view.labels[j] for j in ties)))
    rows.sort(key=lambda r: (-r[1], r[0]))
    return QueryResult(columns, [(i + 1, *row) for i, row in enumerate(rows)])


def central(view: ProjectView, *, top: int = 10) -> QueryResult:
    """The metrics and entities that connect the most projects: how many projects have each,
    its degree and betweenness among the shared nodes (sampled when there are many)."""
    graph = shared_node_graph(view)
    sample = BETWEENNESS_SAMPLE if graph.number_of_nodes() > BETWEENNESS_SAMPLE else None
    betweenness = nx.betweenness_centrality(graph, k=sample, seed=LOUVAIN_SEED)
    reach = np.asarray(view.matrix.sum(axis=0)).ravel()
    rows = [(view.kinds[j], view.labels[j], int(reach[j]), graph.degree(j), round(betweenness[j], 4))
            for j in range(len(view.nodes)) if view.kinds[j] in ("metric", "entity")]
    rows.sort(key=lambda r: (-r[2], -r[4], r[1]))
    return QueryResult(["type", "name", "projects", "degree", "betweenness"], rows[:top])

