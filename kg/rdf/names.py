"""The IRIs every stage names: graphs, the ontology's namespace, the query prefixes.

Plain strings, so that reading a store or running a query does not load rdflib
(``kg.rdf.namespaces`` adds the checked ``KG`` terms on top of these).
"""

from __future__ import annotations

KG_NS = "http://example.org/kg/ontology#"
DEFAULT_BASE_IRI = "http://example.org/kg/id/"
CATEGORY_NS = "http://example.org/kg/category/"
ONTOLOGY_GRAPH = "http://example.org/kg/graph/ontology"
AUDIT_GRAPH = "http://example.org/kg/graph/audit"  # corpus-wide findings (O001) over the whole store
NLP_GRAPH = "http://example.org/kg/graph/keywords"  # keywords need the whole corpus's IDF
TERMS_GRAPH = "http://example.org/kg/graph/terms"  # units, metrics, targets, families, entities: shared by documents
# self-evaluated rows linked to the targets they evaluate, and the findings comparing them: from the whole store, by every build
EVALUATION_GRAPH = "http://example.org/kg/graph/evaluations"
STATS_GRAPH = "http://example.org/kg/graph/stats"  # per-target and per-family-target project counts, recomputed from the store by every build

# The prefixes every query and export knows, in one place.
PREFIXES = {
    "kg": KG_NS,
    "kgc": CATEGORY_NS,
    "kgr": DEFAULT_BASE_IRI,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "schema": "https://schema.org/",
    "dcterms": "http://purl.org/dc/terms/",
}
