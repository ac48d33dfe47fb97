"""SHACL validation of the built graph against ``ontology/shapes.ttl`` (pySHACL)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import pyoxigraph as ox
from rdflib import Graph

from kg.resources import ontology_file

UNION_TRIPLES = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"


SH = "http://www.w3.org/ns/shacl#"


@dataclass(frozen=True)
class ShapeResult:
    """One ``sh:ValidationResult``: which node broke which constraint, and the shape's message.
    ``severity`` and ``constraint`` are SHACL local names (Violation, MinCountConstraintComponent)."""

    severity: str
    focus: str
    path: str | None
    value: str | None
    message: str | None
    shape: str | None
    constraint: str


@dataclass(frozen=True)
class Validation:
    """Whether the graph conforms, pySHACL's report text, and its results one by one."""

    conforms: bool
    report: str
    results: tuple[ShapeResult, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """``{"conforms": …, "results": [...]}``, what ``kg validate --format json`` prints."""
        return {"conforms": self.conforms, "results": [asdict(r) for r in self.results]}


def union_graph(store: ox.Store) -> Graph:
    """All named graphs of the store as one rdflib Graph (for validators and rdflib users)."""
    triples = store.query(UNION_TRIPLES)
    data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    return Graph().parse(data=data.decode("utf-8"), format="nt")


def validate_graph(graph: Graph) -> Validation:
    """Check ``graph`` against the shapes; the ontology supplies the class hierarchy."""
    from pyshacl import validate  # noqa: PLC0415  (heavy import, only for this command)

    shapes = Graph().parse(ontology_file("shapes.ttl"), format="turtle")
    conforms, report, text = validate(graph, shacl_graph=shapes, inference="none", allow_warnings=True)
    return Validation(bool(conforms), text, shape_results(report))


def shape_results(report: Graph) -> tuple[ShapeResult, ...]:
    """The results of a SHACL validation report graph, sorted (the report's order is not stable)."""
    from rdflib import RDF, BNode, URIRef  # noqa: PLC0415

    def text(node, prop: str) -> str | None:
        found = report.value(node, URIRef(SH + prop))
        # a blank node (an inline property shape) has no name that lasts from run to run
        return None if found is None or isinstance(found, BNode) else str(found)

    def local(iri: str | None) -> str:
        return (iri or "").removeprefix(SH)

    results = [ShapeResult(severity=local(text(r, "resultSeverity")), focus=text(r, "focusNode") or "",
                           path=text(r, "resultPath"), value=text(r, "value"), message=text(r, "resultMessage"),
                           shape=text(r, "sourceShape"), constraint=local(text(r, "sourceConstraintComponent")))
               for r in report.subjects(RDF.type, URIRef(SH + "ValidationResult"))]
    return tuple(sorted(results, key=lambda r: tuple(str(v) for v in asdict(r).values())))


def validate_store(store: ox.Store) -> Validation:
    """Validate everything in the store."""
    return validate_graph(union_graph(store))
