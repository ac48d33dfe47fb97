"""Project records → N-Quads lines in the document's named graph.

Quads are written as text, not as rdflib terms: building a Python object per term
cost as much as the store insert itself, and the store bulk-loads N-Quads.
"""

from __future__ import annotations

from decimal import Decimal
from kg.rdf.categories import CategoryIndex
from kg.rdf.iris import Minter, decimal_text
from kg.rdf.namespaces import KG, PREFIXES
from kg.records import Indicator, Project, Target

RDF_TYPE = PREFIXES["rdf"] + "type"
RDFS_LABEL = PREFIXES["rdfs"] + "label"
SKOS_PREF = PREFIXES["skos"] + "prefLabel"
SKOS_CONCEPT = PREFIXES["skos"] + "Concept"
SKOS_BROADER = PREFIXES["skos"] + "broader"
ORG_IDENTIFIER = PREFIXES["org"] + "identifier"
DERIVED = PREFIXES["prov"] + "wasDerivedFrom"
XSD = PREFIXES["xsd"]


def literal(value: str | int | Decimal | bool, lang: str | None = None) -> str:
    """An N-Quads literal: strings escaped (with a language tag if given), numbers typed."""
    if isinstance(value, bool):
        return f'"{str(value).lower()}"^^<{XSD}boolean>'
    if isinstance(value, int):
        return f'"{value}"^^<{XSD}integer>'
    if isinstance(value, Decimal):
        return f'"{decimal_text(value)}"^^<{XSD}decimal>'
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"@{lang}' if lang else f'"{escaped}"'


class QuadWriter:
    """Collects the quads of one document's graph."""

    def __init__(self, graph: str):
        self.graph = graph
        self.lines: list[str] = []

    def iri(self, subject: str, predicate: str, obj: str) -> None:
        self.lines.append(f"<{subject}> <{predicate}> <{obj}> <{self.graph}> .\n")

    def lit(self, subject: str, predicate: str, value, lang: str | None = None) -> None:
        if value is None or value == "":
            return
        self.lines.append(f"<{subject}> <{predicate}> {literal(value, lang)} <{self.graph}> .\n")


def document_quads(path: str, projects: list[Project], minter: Minter, categories: CategoryIndex) -> list[str]:
    """All quads of one source document, in its own named graph."""
    graph = minter.document(path)
    out = QuadWriter(graph)
    out.iri(graph, RDF_TYPE, str(KG.SourceDocument))
    out.lit(graph, str(KG.sourcePath), path)
    for project in projects:
        _project(out, project, minter, categories)
    return list(dict.fromkeys(out.lines))  # a unit or metric named twice is one set of quads


def _project(out: QuadWriter, project: Project, minter: Minter, categories: CategoryIndex) -> None:
    p = minter.project(project)
    unit = minter.unit(project)
    out.iri(unit, RDF_TYPE, str(KG.BudgetUnit))
    out.lit(unit, SKOS_PREF, project.unit_name)
    out.lit(unit, ORG_IDENTIFIER, project.unit_code)
    out.iri(p, RDF_TYPE, str(KG.Project))
    out.lit(p, RDFS_LABEL, project.project)
    out.iri(p, str(KG.unit), unit)
    out.lit(p, str(KG.title), project.title)
    out.lit(p, str(KG.moneyUnit), project.money_unit)
    out.lit(p, str(KG.budgetTotal), project.budget.total)
    out.lit(p, str(KG.budgetFiscal), project.budget.fiscal)
    out.lit(p, str(KG.budgetOther), project.budget.other)
    out.lit(p, str(KG.purpose), project.purpose)
    out.lit(p, str(KG.period), project.period)
    out.lit(p, str(KG.implementingUnit), project.implementing_unit)
    out.lit(p, str(KG.sourceLine), project.source.line)
    out.iri(p, DERIVED, out.graph)
    goals = [(g, False) for g in project.goals] + [(g, True) for g in project.long_term_goals]
    for order, (text, long_term) in enumerate(goals, start=1):
        goal = f"{p}/goal/{order}"
        out.iri(p, str(KG.hasGoal), goal)
        out.iri(goal, RDF_TYPE, str(KG.Goal))
        out.lit(goal, RDFS_LABEL, text)
        out.lit(goal, str(KG.order), order)
        if long_term:
            out.lit(goal, str(KG.longTerm), True)
    for order, indicator in enumerate(project.indicators, start=1):
        _indicator(out, p, order, indicator, minter, categories)


def _indicator(out: QuadWriter, project: str, order: int, ind: Indicator, minter: Minter,
               categories: CategoryIndex) -> None:
    i = f"{project}/indicator/{order}"
    out.iri(project, str(KG.hasIndicator), i)
    out.iri(i, RDF_TYPE, str(KG.Indicator))
    out.lit(i, str(KG.order), order)
    level1 = categories.level1(ind.level1) or _minted_category(out, minter, ind.level1, None)
    level2 = categories.level2(ind.level2, level1) or _minted_category(out, minter, ind.level2, level1)
    out.iri(i, str(KG.level1), level1)
    out.iri(i, str(KG.category), level2)
    out.lit(i, str(KG.level1Label), ind.level1)
    out.lit(i, str(KG.level2Label), ind.level2)
    metric = minter.metric(ind.name)
    out.iri(metric, RDF_TYPE, str(KG.Metric))
    out.lit(metric, RDFS_LABEL, ind.name)
    out.iri(i, str(KG.metric), metric)
    out.lit(i, str(KG.metricLabel), ind.name)
    out.lit(i, str(KG.description), ind.description)
    _target(out, i, ind.name, metric, ind.target, minter)
    out.lit(i, str(KG.weight), ind.weight)
    out.lit(i, str(KG.direction), ind.direction)
    out.lit(i, str(KG.sourceLine), ind.source.line)
    out.iri(i, DERIVED, out.graph)


def _target(out: QuadWriter, indicator: str, name: str, metric: str, target: Target, minter: Minter) -> None:
    t = minter.target(name, target)
    out.iri(indicator, str(KG.target), t)
    out.lit(indicator, str(KG.targetText), target.raw)
    out.lit(indicator, str(KG.targetValue), target.value)
    out.lit(indicator, str(KG.targetUnit), target.unit)
    out.lit(indicator, str(KG.targetNote), target.note)
    out.lit(indicator, str(KG.repairedText), target.repaired)
    out.iri(t, RDF_TYPE, str(KG.Target))
    out.lit(t, RDFS_LABEL, target.raw)
    out.iri(t, str(KG.metric), metric)
    if target.kind == "quantitative" and target.base_value is not None:
        out.iri(t, RDF_TYPE, str(KG.QuantitativeTarget))
        out.lit(t, str(KG.comparator), target.comparator)
        out.lit(t, str(KG.baseValue), target.base_value)
        out.lit(t, str(KG.baseUnit), target.base_unit)
    else:
        out.iri(t, RDF_TYPE, str(KG.QualitativeTarget))


def _minted_category(out: QuadWriter, minter: Minter, label: str, parent: str | None) -> str:
    """A category the framework does not list: kept as the source says, as its own concept."""
    concept = minter.category(label or "未注明")
    out.iri(concept, RDF_TYPE, SKOS_CONCEPT)
    out.lit(concept, SKOS_PREF, label or "未注明")
    if parent:
        out.iri(concept, SKOS_BROADER, parent)
    return concept



def finding_quads(findings, minter: Minter, graph: str, document: str | None = None) -> list[str]:
    """Audit findings as kg:Finding nodes about their project or indicator."""
    out = QuadWriter(graph)
    for f in findings:
        project = minter.project_of(f.unit_code, f.unit_name, f.project)
        subject = f"{project}/indicator/{f.indicator}" if f.indicator else project
        node = f"{subject}/finding/{f.code}"
        out.iri(node, RDF_TYPE, str(KG.Finding))
        out.lit(node, str(KG.rule), f.code)
        out.lit(node, str(KG.severity), f.severity)
        out.lit(node, str(KG.message), f.message_zh, "zh")
        out.lit(node, str(KG.message), f.message_en, "en")
        out.iri(node, str(KG.about), subject)
        out.lit(node, str(KG.sourceLine), f.line)
        out.iri(node, DERIVED, document or minter.document(f.path))
    return list(dict.fromkeys(out.lines))


def language_quads(path: str, projects: list[Project], mentions, minter: Minter, graph: str,
                   family_of) -> list[str]:
    """Entity nodes and mentions, and each metric's family, in the document's graph."""
    out = QuadWriter(graph)
    for project in projects:
        for indicator in project.indicators:
            metric = minter.metric(indicator.name)
            family = minter.family(family_of(indicator.name))
            out.iri(metric, str(KG.family), family)
            out.iri(family, RDF_TYPE, str(KG.MetricFamily))
            out.lit(family, RDFS_LABEL, family_of(indicator.name))
    for m in mentions:
        p = minter.project_of(m.unit_code, m.unit_name, m.project)
        subject = {"goal": f"{p}/goal/{m.order}", "indicator": f"{p}/indicator/{m.order}",
                   "description": f"{p}/indicator/{m.order}"}.get(m.field, p)
        name = m.name  # synonyms and quoted spellings are one entity
        entity = minter.entity(m.label, name)
        out.iri(entity, RDF_TYPE, str(KG.Entity))
        out.lit(entity, str(KG.entityType), m.label)
        out.lit(entity, RDFS_LABEL, name)
        out.iri(subject, str(KG.mentions), entity)
    return list(dict.fromkeys(out.lines))


def keyword_quads(keywords: dict[str, tuple[str, ...]], graph: str) -> list[str]:
    """Each project's keywords (project IRI → words) in the corpus keywords graph."""
    out = QuadWriter(graph)
    for project, words in keywords.items():
        for word in words:
            out.lit(project, str(KG.keyword), word)
    return out.lines
