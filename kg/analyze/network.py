"""The store as a networkx graph: projects, targets, metrics, families and entities.

Projects are linked to each other only through shared nodes, never by a
project–project projection (quadratic in the number of projects).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import networkx as nx

from kg.query.sparql import execute, python_value
from kg.store import DEFAULT_STORE, open_store

NODE_TYPES = ("project", "target", "metric", "family", "entity")

_INDICATORS = """
SELECT DISTINCT ?p ?project ?unit ?budget ?money ?source ?pline ?line ?m ?metric ?t ?target ?f ?family
       ?comparator ?value ?base_unit
WHERE { GRAPH ?g {
  ?p a kg:Project ; rdfs:label ?project ; kg:sourceLine ?pline ; kg:hasIndicator ?i .
  ?g kg:sourcePath ?source .
  OPTIONAL { ?p kg:unit ?u . ?u skos:prefLabel ?unit }
  OPTIONAL { ?p kg:budgetTotal ?budget ; kg:moneyUnit ?money }
  ?i kg:metric ?m ; kg:target ?t ; kg:sourceLine ?line .
  ?m rdfs:label ?metric .
  ?t rdfs:label ?target .
  OPTIONAL { ?t kg:comparator ?comparator ; kg:baseValue ?value ; kg:baseUnit ?base_unit }
  OPTIONAL { ?m kg:family ?f . ?f rdfs:label ?family }
} }"""

_MENTIONS = """
SELECT DISTINCT ?p ?e ?entity ?type
WHERE { GRAPH ?g {
  ?e a kg:Entity ; rdfs:label ?entity ; kg:entityType ?type .
  { ?p kg:hasIndicator ?s } UNION { ?p kg:hasGoal ?s } UNION { ?p a kg:Project . BIND (?p AS ?s) }
  ?s kg:mentions ?e .
} }"""


def to_networkx(store: str | Path = DEFAULT_STORE) -> nx.Graph:
    """Read the store into an undirected graph; node attribute ``type`` is one of NODE_TYPES."""
    oxi = open_store(store, read_only=True)
    graph = nx.Graph()
    for row in _rows(oxi, _INDICATORS):
        p, t, m = row["p"], row["t"], row["m"]
        if p not in graph:
            graph.add_node(p, type="project", label=row["project"], unit=row["unit"],
                           budget=_budget(row["budget"], row["money"]), source=f"{row['source']}:{row['pline']}")
        quantity = (row["comparator"], row["value"], row["base_unit"]) if row["comparator"] else None
        graph.add_node(t, type="target", label=row["target"], quantity=quantity)
        graph.add_node(m, type="metric", label=row["metric"])
        graph.add_edge(p, t, relation="target", source=f"{row['source']}:{row['line']}")
        graph.add_edge(t, m, relation="metric")
        if row["f"]:
            graph.add_node(row["f"], type="family", label=row["family"])
            graph.add_edge(m, row["f"], relation="family")
    for row in _rows(oxi, _MENTIONS):
        if row["p"] in graph:
            graph.add_node(row["e"], type="entity", label=row["entity"], entity_type=row["type"])
            graph.add_edge(row["p"], row["e"], relation="mentions")
    return graph


def _rows(oxi, text: str) -> list[dict]:
    solutions = execute(oxi, text)
    names = [v.value for v in solutions.variables]
    return [{n: python_value(s[n]) for n in names} for s in solutions]


def _budget(value: Decimal | None, money: str | None) -> str | None:
    return None if value is None else f"{format(value.normalize(), 'f')} {money}"


def nodes_of(graph: nx.Graph, kind: str) -> list[str]:
    """Node ids of one type, sorted by label then id (deterministic)."""
    return sorted((n for n, d in graph.nodes(data=True) if d["type"] == kind),
                  key=lambda n: (graph.nodes[n]["label"], n))
