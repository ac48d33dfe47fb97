"""Our vocabulary, declared once. A typo (``KG.Projcet``) fails at once.

``tests/test_ontology.py`` checks this list against ``ontology/kg.ttl``.
"""

from __future__ import annotations

from rdflib import URIRef
from rdflib.namespace import DefinedNamespace, Namespace


class KG(DefinedNamespace):
    """Terms of ``ontology/kg.ttl``."""

    _fail = True
    _NS = Namespace("http://example.org/kg/ontology#")

    SourceDocument: URIRef
    BudgetUnit: URIRef
    Project: URIRef
    Goal: URIRef
    Indicator: URIRef
    Metric: URIRef
    Target: URIRef
    QuantitativeTarget: URIRef
    QualitativeTarget: URIRef

    unit: URIRef
    implementingUnit: URIRef
    title: URIRef
    moneyUnit: URIRef
    budgetTotal: URIRef
    budgetFiscal: URIRef
    budgetOther: URIRef
    purpose: URIRef
    period: URIRef
    hasGoal: URIRef
    hasIndicator: URIRef
    order: URIRef
    longTerm: URIRef
    level1: URIRef
    category: URIRef
    level1Label: URIRef
    level2Label: URIRef
    metric: URIRef
    metricLabel: URIRef
    description: URIRef
    target: URIRef
    targetText: URIRef
    targetValue: URIRef
    targetUnit: URIRef
    targetNote: URIRef
    repairedText: URIRef
    weight: URIRef
    direction: URIRef
    comparator: URIRef
    baseValue: URIRef
    baseUnit: URIRef
    sourceLine: URIRef
    sourcePath: URIRef

    Finding: URIRef
    rule: URIRef
    severity: URIRef
    message: URIRef
    about: URIRef

    Entity: URIRef
    entityType: URIRef
    mentions: URIRef
    keyword: URIRef
    MetricFamily: URIRef
    family: URIRef
    projectCount: URIRef
    projectNames: URIRef
    FamilyTarget: URIRef
    targetFamily: URIRef
    metricNames: URIRef


DEFAULT_BASE_IRI = "http://example.org/kg/id/"
CATEGORY_NS = "http://example.org/kg/category/"
ONTOLOGY_GRAPH = "http://example.org/kg/graph/ontology"
AUDIT_GRAPH = "http://example.org/kg/graph/audit"  # corpus-wide findings of the last build
NLP_GRAPH = "http://example.org/kg/graph/keywords"  # keywords need the whole corpus's IDF
TERMS_GRAPH = "http://example.org/kg/graph/terms"  # units, metrics, targets, families, entities: shared by documents
STATS_GRAPH = "http://example.org/kg/graph/stats"  # per-target and per-family-target project counts, recomputed from the store by every build

# The prefixes every query and export knows, in one place.
PREFIXES = {
    "kg": str(KG._NS),
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
