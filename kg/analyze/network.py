"""The store as a networkx graph: projects, targets, metrics, families and entities.

Projects are linked to each other only through shared nodes, never by a
project–project projection (quadratic in the number of projects).
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from kg.errors import UsageError
from kg.query.sparql import select_dicts
from kg.store import DEFAULT_STORE, open_store

NODE_TYPES = ("project", "target", "metric", "family", "entity")

# Simple patterns joined in Python: one wide query with OPTIONALs took 4.3 s at 10k projects.
_PROJECTS = """SELECT ?p ?project ?line ?g WHERE { GRAPH ?g { ?p a kg:ProjectYear ; rdfs:label ?project ;
  kg:sourceLine ?line } }"""
_SOURCES = """SELECT ?g ?source WHERE { GRAPH ?g { ?g kg:sourcePath ?source } }"""
_UNITS = """SELECT ?p ?unit WHERE { GRAPH ?g { ?p kg:unit ?u } GRAPH ?h { ?u skos:prefLabel ?unit } }"""
_UNIT_CODES = """SELECT ?p ?code WHERE { GRAPH ?g { ?p kg:unit ?u } GRAPH ?h { ?u org:identifier ?code } }"""
_BUDGETS = """SELECT ?p ?budget ?money WHERE { GRAPH ?g { ?p kg:budgetTotal ?budget ; kg:moneyUnit ?money } }"""
_EDGES = """SELECT ?p ?t ?m ?line WHERE { GRAPH ?g { ?p kg:hasIndicator ?i . ?i kg:target ?t ; kg:metric ?m ;
  kg:sourceLine ?line } }"""
_LABELS = """SELECT ?n ?label WHERE { GRAPH ?g { ?n a ?type ; rdfs:label ?label }
  VALUES ?type { kg:Target kg:Metric kg:MetricFamily } }"""
_QUANTITIES = """SELECT ?t ?comparator ?value ?base_unit WHERE { GRAPH ?g { ?t kg:comparator ?comparator ;
  kg:baseValue ?value ; kg:baseUnit ?base_unit } }"""
_FAMILIES = """SELECT ?m ?f WHERE { GRAPH ?g { ?m kg:family ?f } }"""
# A glued cell (2424小时) keeps its raw text as the target's label; its indicators say what it was.
_REPAIRED = """SELECT ?t ?text WHERE { GRAPH ?g { ?i kg:target ?t ; kg:repairedText ?text } }"""

_MENTIONS = """
SELECT DISTINCT ?p ?e ?entity ?type
WHERE {
  GRAPH ?g {
    { ?p kg:hasIndicator ?s } UNION { ?p kg:hasGoal ?s } UNION { ?p a kg:ProjectYear . BIND (?p AS ?s) }
    ?s kg:mentions ?e .
  }
  GRAPH ?h { ?e a kg:Entity ; rdfs:label ?entity ; kg:entityType ?type }
}"""


def to_networkx(store: str | Path = DEFAULT_STORE) -> nx.Graph:
    """Read the store into an undirected graph; node attribute ``type`` is one of NODE_TYPES.
    A target whose cell was glued (``2424小时``) is labelled by its repaired text (``24小时``),
    the raw text kept as ``text``."""
    oxi = open_store(store, read_only=True)
    graph = nx.Graph()
    sources = {r["g"]: r["source"] for r in select_dicts(oxi, _SOURCES)}
    units = {r["p"]: r["unit"] for r in select_dicts(oxi, _UNITS)}
    unit_codes = {r["p"]: r["code"] for r in select_dicts(oxi, _UNIT_CODES)}
    budgets = {r["p"]: (r["budget"], r["money"]) for r in select_dicts(oxi, _BUDGETS)}
    project_source = {}
    for row in sorted(select_dicts(oxi, _PROJECTS), key=lambda r: (r["p"], r["g"])):
        if row["p"] in graph:
            continue
        source = sources.get(row["g"], "")
        project_source[row["p"]] = source
        budget, money = budgets.get(row["p"], (None, None))
        # the budget a number and its unit apart, so Gephi can size nodes by it
        graph.add_node(row["p"], type="project", label=row["project"], unit=units.get(row["p"]),
                       unit_code=unit_codes.get(row["p"]),
                       budget=budget, budget_unit=money, source=f"{source}:{row['line']}")
    labels = {r["n"]: r["label"] for r in sorted(select_dicts(oxi, _LABELS), key=lambda r: (r["n"], r["label"]), reverse=True)}
    quantities = {r["t"]: (r["comparator"], r["value"], r["base_unit"]) for r in select_dicts(oxi, _QUANTITIES)}
    families = {r["m"]: r["f"] for r in select_dicts(oxi, _FAMILIES)}
    repaired: dict[str, str] = {}
    for row in select_dicts(oxi, _REPAIRED):
        repaired[row["t"]] = min(repaired.get(row["t"], row["text"]), row["text"])
    for row in sorted(select_dicts(oxi, _EDGES), key=lambda r: (r["p"], r["line"], r["t"])):
        p, t, m = row["p"], row["t"], row["m"]
        if p not in graph:
            continue
        comparator, value, base_unit = quantities.get(t, (None, None, None))
        raw = labels.get(t, t)
        graph.add_node(t, type="target", label=repaired.get(t, raw), comparator=comparator, value=value,
                       value_unit=base_unit, text=raw if t in repaired else None)
        graph.add_node(m, type="metric", label=labels.get(m, m))
        graph.add_edge(p, t, relation="target", source=f"{project_source[p]}:{row['line']}")
        graph.add_edge(t, m, relation="metric")
        if m in families:
            graph.add_node(families[m], type="family", label=labels.get(families[m], families[m]))
            graph.add_edge(m, families[m], relation="family")
    for row in select_dicts(oxi, _MENTIONS):
        if row["p"] in graph:
            graph.add_node(row["e"], type="entity", label=row["entity"], entity_type=row["type"])
            graph.add_edge(row["p"], row["e"], relation="mentions")
    return graph


def nodes_of(graph: nx.Graph, kind: str) -> list[str]:
    """Node ids of one type, sorted by label then id (deterministic)."""
    return sorted((n for n, d in graph.nodes(data=True) if d["type"] == kind),
                  key=lambda n: (graph.nodes[n]["label"], n))


def find_project_node(graph: nx.Graph, name: str) -> str:
    """The project node named ``name`` (exact, then the only one containing it)."""
    projects = nodes_of(graph, "project")
    exact = [p for p in projects if graph.nodes[p]["label"] == name]
    partial = [p for p in projects if name in graph.nodes[p]["label"]]
    found = exact or partial
    if len(found) != 1:
        hint = "; candidates: " + ", ".join(graph.nodes[p]["label"] for p in found[:5]) if found else ""
        raise UsageError(f"{'no' if not found else 'more than one'} project named {name!r}{hint}")
    return found[0]
