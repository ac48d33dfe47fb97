"""SHACL validation of the built graph against ``ontology/shapes.ttl`` (pySHACL)."""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import Graph

from kg.resources import ontology_file

UNION_TRIPLES = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"


@dataclass(frozen=True)
class Validation:
    """Whether the graph conforms, and pySHACL's report text."""

    conforms: bool
    report: str


def union_graph(store: ox.Store) -> Graph:
    """All named graphs of the store as one rdflib Graph (for validators and rdflib users)."""
    triples = store.query(UNION_TRIPLES)
    data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    return Graph().parse(data=data.decode("utf-8"), format="nt")


def validate_graph(graph: Graph) -> Validation:
    """Check ``graph`` against the shapes; the ontology supplies the class hierarchy."""
    from pyshacl import validate  # noqa: PLC0415  (heavy import, only for this command)

    shapes = Graph().parse(ontology_file("shapes.ttl"), format="turtle")
    conforms, _, text = validate(graph, shacl_graph=shapes, inference="none", allow_warnings=True)
    return Validation(bool(conforms), text)


def validate_store(store: ox.Store) -> Validation:
    """Validate everything in the store."""
    return validate_graph(union_graph(store))
