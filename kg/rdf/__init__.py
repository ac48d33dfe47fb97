"""Stage 4, rdf: records → N-Quads in one named graph per source document.

The names (graph IRIs, prefixes) load at once; the mapping, which needs rdflib, when first used.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from kg.rdf.names import AUDIT_GRAPH, DEFAULT_BASE_IRI, ONTOLOGY_GRAPH, PREFIXES

_LAZY = {"KG": "kg.rdf.namespaces", "Minter": "kg.rdf.iris", "category_index": "kg.rdf.categories",
         "document_quads": "kg.rdf.triples", "finding_quads": "kg.rdf.triples"}

__all__ = ["AUDIT_GRAPH", "DEFAULT_BASE_IRI", "KG", "Minter", "ONTOLOGY_GRAPH", "PREFIXES", "category_index",
           "document_quads", "finding_quads"]


def __getattr__(name: str) -> Any:  # PEP 562: `from kg.rdf import KG` loads rdflib only then
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'kg.rdf' has no attribute {name!r}")
