"""Our vocabulary, declared once. A typo (``KG.Projcet``) fails at once.

``tests/test_ontology.py`` checks this list against ``ontology/kg.ttl``.
"""

from __future__ import annotations

from rdflib import URIRef
from rdflib.namespace import DefinedNamespace, Namespace

from kg.rdf.names import (AUDIT_GRAPH, CATEGORY_NS, DEFAULT_BASE_IRI, EVALUATION_GRAPH, KG_NS,  # noqa: F401 - re-exported
                          NLP_GRAPH, ONTOLOGY_GRAPH, PREFIXES, STATS_GRAPH, TERMS_GRAPH)


class KG(DefinedNamespace):
    """Terms of ``ontology/kg.ttl``."""

    _fail = True
    _NS = Namespace(KG_NS)

    SourceDocument: URIRef
    BudgetUnit: URIRef
    Project: URIRef
    ProjectYear: URIRef
    Goal: URIRef
    Indicator: URIRef
    Metric: URIRef
    Target: URIRef
    QuantitativeTarget: URIRef
    QualitativeTarget: URIRef

    unit: URIRef
    implementingUnit: URIRef
    achievedGoals: URIRef
    title: URIRef
    moneyUnit: URIRef
    budgetTotal: URIRef
    budgetFiscal: URIRef
    budgetOther: URIRef
    purpose: URIRef
    period: URIRef
    hasGoal: URIRef
    hasIndicator: URIRef
    project: URIRef
    fiscalYear: URIRef
    departmentTargets: URIRef
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
    actualText: URIRef
    actualValue: URIRef
    actualUnit: URIRef
    score: URIRef
    remark: URIRef
    coreIndicator: URIRef
    categoryPoints: URIRef
    evaluates: URIRef
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
    mentionCount: URIRef
    projectYearCount: URIRef
    indicatorCount: URIRef
    costTargets: URIRef
    TargetGroup: URIRef
    groupTarget: URIRef
    groupMetricLabel: URIRef
    groupWholeTarget: URIRef
    MentionRow: URIRef
    mentionedEntity: URIRef
    projectName: URIRef
    mentionField: URIRef
    answerColumns: URIRef
    answerRows: URIRef
    rowCount: URIRef
    rowsBefore: URIRef
    partOf: URIRef
    document: URIRef
