"""Stage 4, rdf: records → N-Quads in one named graph per source document."""

from __future__ import annotations

from kg.rdf.categories import category_index
from kg.rdf.iris import Minter
from kg.rdf.namespaces import AUDIT_GRAPH, DEFAULT_BASE_IRI, KG, ONTOLOGY_GRAPH, PREFIXES
from kg.rdf.triples import document_quads, finding_quads

__all__ = ["AUDIT_GRAPH", "DEFAULT_BASE_IRI", "KG", "Minter", "ONTOLOGY_GRAPH", "PREFIXES", "category_index",
           "document_quads", "finding_quads"]
