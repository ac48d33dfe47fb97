"""Where the drawn views put their nodes, seeded so the same graph is drawn the same way.

A spring layout of every node is quadratic (28 s at 2,315 nodes); above SPRING_MAX_NODES only
the hubs (the nodes projects meet at) get one, and every other node is placed around its hubs,
so 20,000 nodes take about 2 s. Large graphs are laid out community by community.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx

LAYOUT_SEED = 42
# A spring layout of every node is quadratic; above this many, only the hubs get one (below).
SPRING_MAX_NODES = 800
HUB_MAX = 1500


def layout(graph: nx.Graph) -> dict[str, tuple[float, float]]:
    """Positions in [0, 1]², seeded so the same graph is drawn the same way."""
    import networkx as nx

    if graph.number_of_nodes() == 0:
        return {}
    if graph.number_of_nodes() <= SPRING_MAX_NODES:
        return _unit_square(nx.spring_layout(graph, seed=LAYOUT_SEED, iterations=100))
    return _unit_square(_hub_layout(graph))


def _unit_square(pos: dict) -> dict[str, tuple[float, float]]:
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    low_x, low_y = min(xs), min(ys)  # once: inside the loop they made this quadratic (28 s at 2,315 nodes)
    span_x = (max(xs) - low_x) or 1.0
    span_y = (max(ys) - low_y) or 1.0
    return {n: (round(float((p[0] - low_x) / span_x), 5), round(float((p[1] - low_y) / span_y), 5))
            for n, p in pos.items()}


def _hubs(graph: nx.Graph) -> list:
    """The nodes projects meet at (targets, metrics, families, entities), the busiest first."""
    shared = [n for n, d in graph.nodes(data=True) if d["type"] != "project" and graph.degree(n) > 1]
    shared.sort(key=lambda n: (-graph.degree(n), n))
    return shared[:HUB_MAX]


def _hub_graph(graph: nx.Graph, hubs: list) -> nx.Graph:
    """The hubs, linked where the graph links them and where projects join them (weight: how
    many projects do), so the hubs one project touches lie near each other."""
    import networkx as nx

    hub_set = set(hubs)
    skeleton = nx.Graph()
    skeleton.add_nodes_from(hubs)
    for a, b in graph.subgraph(hubs).edges():
        skeleton.add_edge(a, b, weight=1.0)
    for node in graph:
        if node in hub_set:
            continue
        touched = sorted(m for m in graph[node] if m in hub_set)
        for a, b in zip(touched, touched[1:]):  # a chain, not every pair: linear in the degree
            weight = skeleton.edges[a, b]["weight"] + 1.0 if skeleton.has_edge(a, b) else 1.0
            skeleton.add_edge(a, b, weight=weight)
    return skeleton


def _hub_layout(graph: nx.Graph) -> dict:
    """A spring layout of the hubs alone; every other node on a sunflower spiral around the
    mean of its hubs (weighted to the rarest), nodes that touch the same hubs sharing one spiral."""
    import math

    import networkx as nx

    hubs = _hubs(graph)
    skeleton = _hub_graph(graph, hubs)
    pos = {n: (float(p[0]), float(p[1])) for n, p in
           nx.spring_layout(skeleton, seed=LAYOUT_SEED, iterations=60, weight="weight").items()} if hubs else {}
    groups: dict[tuple, list] = {}
    for node in sorted(graph):
        if node not in pos:
            groups.setdefault(tuple(sorted(m for m in graph[node] if m in pos)), []).append(node)
    degree = dict(graph.degree(pos))  # once: on a subgraph view each degree walks the neighbours
    spacing = 0.9 / math.sqrt(max(graph.number_of_nodes(), 1))  # about one node per spacing² of the square
    golden = math.pi * (3 - math.sqrt(5))
    lost = 0
    for touched, members in sorted(groups.items()):
        if touched:
            # pulled towards the rarest of its hubs: projects gather round what sets them apart
            # instead of all meeting in the middle of the hubs everyone shares
            weight = [1.0 / degree[m] ** 2 for m in touched]
            cx = sum(w * pos[m][0] for w, m in zip(weight, touched)) / sum(weight)
            cy = sum(w * pos[m][1] for w, m in zip(weight, touched)) / sum(weight)
        else:  # touches no hub: on a ring outside
            angle, lost = lost * golden, lost + 1
            cx, cy = 1.3 * math.cos(angle), 1.3 * math.sin(angle)
        for i, node in enumerate(members):
            r, a = spacing * math.sqrt(i + 0.5), i * golden
            pos[node] = (cx + r * math.cos(a), cy + r * math.sin(a))
    return pos


def community_layout(graph: nx.Graph, community: dict) -> dict[str, tuple[float, float]]:
    """Each community laid out on its own in a disc whose area grows with its size, the discs
    placed by a spring layout of the communities and pushed apart until none overlap; so the
    overview's community nodes sit where their members are and the members of two never mix."""
    import networkx as nx
    import numpy as np
    from collections import Counter, defaultdict

    groups: dict[int, list] = defaultdict(list)
    for node in sorted(graph):
        groups[community[node]].append(node)
    numbers = sorted(groups)
    radius = np.array([0.55 * np.sqrt(len(groups[c])) + 1.0 for c in numbers])
    links: Counter = Counter()
    for a, b in graph.edges():
        if community[a] != community[b]:
            links[min(community[a], community[b]), max(community[a], community[b])] += 1
    between = nx.Graph()
    between.add_nodes_from(numbers)
    between.add_weighted_edges_from((a, b, float(w)) for (a, b), w in links.items())
    spring = nx.spring_layout(between, seed=LAYOUT_SEED, weight="weight")
    centre = np.array([spring[c] for c in numbers], dtype=float) * radius.sum()
    for _ in range(300):  # push overlapping discs apart, half each way
        delta = centre[:, None, :] - centre[None, :, :]
        distance = np.sqrt((delta ** 2).sum(axis=2)) + np.eye(len(numbers))
        overlap = np.clip(radius[:, None] + radius[None, :] + 1.0 - distance, 0, None)
        np.fill_diagonal(overlap, 0)
        if not overlap.any():
            break
        centre += ((delta / distance[:, :, None]) * overlap[:, :, None] / 2).sum(axis=1)
    pos = {}
    for c, (cx, cy), r in zip(numbers, centre, radius):
        inner = layout(graph.subgraph(groups[c]))
        for node, (x, y) in inner.items():
            pos[node] = (cx + (x - 0.5) * 1.4 * (r - 1.0), cy + (y - 0.5) * 1.4 * (r - 1.0))
    return _unit_square(pos)


def communities_of(graph: nx.Graph) -> dict:
    """Louvain communities (seeded) of the hubs; every other node joins the community most of
    its hubs are in. Node → community number, the largest community 0."""
    import networkx as nx
    from collections import Counter

    hubs = _hubs(graph)
    found = nx.community.louvain_communities(_hub_graph(graph, hubs), weight="weight", seed=LAYOUT_SEED)
    found = sorted(found, key=lambda c: (-len(c), min(c)))
    community = {n: number for number, members in enumerate(found) for n in members}
    alone = len(found)
    for node in sorted(graph):
        if node in community:
            continue
        votes = Counter(community[m] for m in graph[node] if m in community)
        if votes:
            community[node] = min(votes, key=lambda c: (-votes[c], c))
        else:
            community[node], alone = alone, alone + 1
    return community
