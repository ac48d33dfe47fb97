"""Project records → N-Quads lines: the document's own named graph, and the shared nodes.

Quads are written as text, not as rdflib terms: building a Python object per term
cost as much as the store insert itself, and the store bulk-loads N-Quads.

What a document says about its projects, indicators, goals and findings goes into
the document's graph. Units, metrics, targets, metric families, entities and
categories outside the framework are shared by many documents: they are described
once per build, in the terms graph, instead of once in every document that names them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from json.encoder import encode_basestring
from typing import Callable, Iterable, NamedTuple

from kg.rdf.categories import CategoryIndex
from kg.rdf.iris import Minter, decimal_text, finding_iri
from kg.rdf.namespaces import KG, PREFIXES, TERMS_GRAPH
from kg.records import Indicator, Project, Target

RDF_TYPE = PREFIXES["rdf"] + "type"
RDFS_LABEL = PREFIXES["rdfs"] + "label"
SKOS_PREF = PREFIXES["skos"] + "prefLabel"
SKOS_CONCEPT = PREFIXES["skos"] + "Concept"
SKOS_BROADER = PREFIXES["skos"] + "broader"
ORG_IDENTIFIER = PREFIXES["org"] + "identifier"
DERIVED = PREFIXES["prov"] + "wasDerivedFrom"
XSD = PREFIXES["xsd"]
# KG's terms as plain strings: a DefinedNamespace lookup per quad cost 5 % of a build
_KG_BudgetUnit = str(KG.BudgetUnit)
_KG_Entity = str(KG.Entity)
_KG_Finding = str(KG.Finding)
_KG_Goal = str(KG.Goal)
_KG_Indicator = str(KG.Indicator)
_KG_Metric = str(KG.Metric)
_KG_MetricFamily = str(KG.MetricFamily)
_KG_Project = str(KG.Project)
_KG_ProjectYear = str(KG.ProjectYear)
_KG_QualitativeTarget = str(KG.QualitativeTarget)
_KG_QuantitativeTarget = str(KG.QuantitativeTarget)
_KG_SourceDocument = str(KG.SourceDocument)
_KG_Target = str(KG.Target)
_KG_about = str(KG.about)
_KG_baseUnit = str(KG.baseUnit)
_KG_baseValue = str(KG.baseValue)
_KG_budgetFiscal = str(KG.budgetFiscal)
_KG_budgetOther = str(KG.budgetOther)
_KG_budgetTotal = str(KG.budgetTotal)
_KG_category = str(KG.category)
_KG_comparator = str(KG.comparator)
_KG_description = str(KG.description)
_KG_direction = str(KG.direction)
_KG_entityType = str(KG.entityType)
_KG_family = str(KG.family)
_KG_fiscalYear = str(KG.fiscalYear)
_KG_departmentTargets = str(KG.departmentTargets)
_KG_hasGoal = str(KG.hasGoal)
_KG_hasIndicator = str(KG.hasIndicator)
_KG_implementingUnit = str(KG.implementingUnit)
_KG_achievedGoals = str(KG.achievedGoals)
_KG_keyword = str(KG.keyword)
_KG_level1 = str(KG.level1)
_KG_level1Label = str(KG.level1Label)
_KG_level2Label = str(KG.level2Label)
_KG_longTerm = str(KG.longTerm)
_KG_mentions = str(KG.mentions)
_KG_message = str(KG.message)
_KG_metric = str(KG.metric)
_KG_metricLabel = str(KG.metricLabel)
_KG_moneyUnit = str(KG.moneyUnit)
_KG_order = str(KG.order)
_KG_period = str(KG.period)
_KG_project = str(KG.project)
_KG_purpose = str(KG.purpose)
_KG_repairedText = str(KG.repairedText)
_KG_rule = str(KG.rule)
_KG_severity = str(KG.severity)
_KG_sourceLine = str(KG.sourceLine)
_KG_sourcePath = str(KG.sourcePath)
_KG_target = str(KG.target)
_KG_targetNote = str(KG.targetNote)
_KG_targetText = str(KG.targetText)
_KG_targetUnit = str(KG.targetUnit)
_KG_targetValue = str(KG.targetValue)
_KG_title = str(KG.title)
_KG_unit = str(KG.unit)
_KG_weight = str(KG.weight)
_KG_actualText = str(KG.actualText)
_KG_actualValue = str(KG.actualValue)
_KG_actualUnit = str(KG.actualUnit)
_KG_score = str(KG.score)
_KG_remark = str(KG.remark)
_KG_coreIndicator = str(KG.coreIndicator)
_KG_categoryPoints = str(KG.categoryPoints)


def literal(value: str | int | Decimal | bool, lang: str | None = None) -> str:
    """An N-Quads literal: strings escaped (with a language tag if given), numbers typed."""
    if isinstance(value, bool):
        return f'"{str(value).lower()}"^^<{XSD}boolean>'
    if isinstance(value, int):
        return f'"{value}"^^<{XSD}integer>'
    if isinstance(value, Decimal):
        return f'"{decimal_text(value)}"^^<{XSD}decimal>'
    # JSON's string escapes (\", \\, \n, \t, \uXXXX) are all N-Quads escapes too, and the C encoder
    # is the fastest way to write the build's half million literals
    quoted = encode_basestring(value)
    return f"{quoted}@{lang}" if lang else quoted


class QuadWriter:
    """Collects the quads of one named graph."""

    def __init__(self, graph: str):
        self.graph = graph
        self.lines: list[str] = []

    def iri(self, subject: str, predicate: str, obj: str) -> None:
        self.lines.append(f"<{subject}> <{predicate}> <{obj}> <{self.graph}> .\n")

    def lit(self, subject: str, predicate: str, value, lang: str | None = None) -> None:
        if value is None or value == "":
            return
        # most literals are plain strings (a million at 100k projects): escaped without literal()'s checks
        text = encode_basestring(value) if type(value) is str and not lang else literal(value, lang)
        self.lines.append(f"<{subject}> <{predicate}> {text} <{self.graph}> .\n")


class MintedProject(NamedTuple):
    """The IRIs one project's quads were written with, for the passes that count and index the
    same document (so they do not mint them again): its project-year, the project across years,
    and per indicator row in order, the indicator and its target node."""

    iri: str
    across_years: str
    indicators: list[str]
    targets: list[str]


@dataclass
class DocumentQuads:
    """One document's quads: its graph's lines, and the shared nodes it describes (node IRI →
    lines in the terms graph). A build writes each shared node the first time it meets it."""

    graph: str
    lines: list[str] = field(default_factory=list)
    terms: dict[str, list[str]] = field(default_factory=dict)
    # per (一级, 二级) category pair: its indicators and their project-years, as the graph has them,
    # so that a build counts them without reading every indicator back (kg.build.stats)
    category_pairs: dict[tuple[str, str], tuple[set[str], set[str]]] = field(default_factory=dict)
    mentions: list[tuple[str, str]] = field(default_factory=list)  # (subject, entity) as written
    # (entity, project name, where, text) as projects-by-entity's GROUP BY rows them: what the
    # build counts into the stats graph (kg.build.stats), so that the question reads its rows alone
    mention_rows: set[tuple[str, str, str, str]] = field(default_factory=set)
    findings: set[str] = field(default_factory=set)  # the audit findings' nodes
    minted: list[MintedProject] = field(default_factory=list)  # one per project, in order

    def term(self, node: str) -> QuadWriter | None:
        """A writer for ``node``'s description, or None if this document has described it already."""
        if node in self.terms:
            return None
        writer = QuadWriter(TERMS_GRAPH)
        self.terms[node] = writer.lines
        return writer

    def text(self) -> str:
        return "".join(dict.fromkeys(self.lines))


def document_quads(path: str, projects: list[Project], minter: Minter, categories: CategoryIndex, *,
                   findings: Iterable = (), mentions: Iterable = (),
                   family_of: Callable[[str], str] | None = None) -> DocumentQuads:
    """All quads of one source document: tables, audit findings and (with ``family_of``) the
    NLP layer: metric families and entity mentions."""
    graph = minter.document(path)
    doc = DocumentQuads(graph)
    out = QuadWriter(graph)
    doc.lines = out.lines
    out.iri(graph, RDF_TYPE, _KG_SourceDocument)
    out.lit(graph, _KG_sourcePath, path)
    for project in projects:
        _project(doc, out, project, minter, categories, family_of)
    doc.findings = _findings(out, findings, minter, graph)
    _mentions(doc, out, mentions, minter, projects)
    return doc


def _project(doc: DocumentQuads, out: QuadWriter, project: Project, minter: Minter, categories: CategoryIndex,
             family_of) -> None:
    p = minter.project_year(project)
    unit = minter.unit(project)
    if t := doc.term(unit):
        t.iri(unit, RDF_TYPE, _KG_BudgetUnit)
        t.lit(unit, SKOS_PREF, project.unit_name)
        t.lit(unit, ORG_IDENTIFIER, project.unit_code)
    across_years = minter.project(project)
    minted = MintedProject(p, across_years, [], [])
    doc.minted.append(minted)
    if t := doc.term(across_years):  # the project every year's table of it points to
        t.iri(across_years, RDF_TYPE, _KG_Project)
        t.lit(across_years, RDFS_LABEL, project.project)
        t.iri(across_years, _KG_unit, unit)
    out.iri(p, RDF_TYPE, _KG_ProjectYear)
    out.iri(p, _KG_project, across_years)
    out.lit(p, _KG_fiscalYear, project.year)
    if project.department:
        out.lit(p, _KG_departmentTargets, True)
    out.lit(p, RDFS_LABEL, project.project)
    out.iri(p, _KG_unit, unit)
    out.lit(p, _KG_title, project.title)
    out.lit(p, _KG_moneyUnit, project.money_unit)
    out.lit(p, _KG_budgetTotal, project.budget.total)
    out.lit(p, _KG_budgetFiscal, project.budget.fiscal)
    out.lit(p, _KG_budgetOther, project.budget.other)
    out.lit(p, _KG_purpose, project.purpose)
    out.lit(p, _KG_period, project.period)
    out.lit(p, _KG_implementingUnit, project.implementing_unit)
    # what a self-evaluation says was done: one text, not goals (queries that list goals stay goals)
    out.lit(p, _KG_achievedGoals, "\n".join(project.achieved_goals))
    out.lit(p, _KG_sourceLine, project.source.line)
    out.iri(p, DERIVED, out.graph)
    goals = [(g, False) for g in project.goals] + [(g, True) for g in project.long_term_goals]
    for order, (text, long_term) in enumerate(goals, start=1):
        goal = minter.goal(p, project.source.path, order)
        out.iri(p, _KG_hasGoal, goal)
        out.iri(goal, RDF_TYPE, _KG_Goal)
        out.lit(goal, RDFS_LABEL, text)
        out.lit(goal, _KG_order, order)
        if long_term:
            out.lit(goal, _KG_longTerm, True)
    for order, indicator in enumerate(project.indicators, start=1):
        iri = minter.indicator(p, project.source.path, order)
        minted.indicators.append(iri)
        minted.targets.append(_indicator(doc, out, p, iri, order, indicator, minter, categories, family_of))


def _indicator(doc: DocumentQuads, out: QuadWriter, project: str, i: str, order: int, ind: Indicator,
               minter: Minter, categories: CategoryIndex, family_of) -> str:
    """Writes one indicator row; returns its target node."""
    out.iri(project, _KG_hasIndicator, i)
    out.iri(i, RDF_TYPE, _KG_Indicator)
    out.lit(i, _KG_order, order)
    level1 = categories.level1(ind.level1) or _minted_category(doc, minter, ind.level1, None)
    level2 = categories.level2(ind.level2, level1) or _minted_category(doc, minter, ind.level2, level1)
    out.iri(i, _KG_level1, level1)
    out.iri(i, _KG_category, level2)
    indicators, projects = doc.category_pairs.setdefault((level1, level2), (set(), set()))
    indicators.add(i)
    projects.add(project)
    # the cell's text, where it is not the concept's own label (产出 for 产出指标)
    if categories.pref.get(level1) != ind.level1:
        out.lit(i, _KG_level1Label, ind.level1)
    if categories.pref.get(level2) != ind.level2:
        out.lit(i, _KG_level2Label, ind.level2)
    metric = minter.metric(ind.name)
    if t := doc.term(metric):
        t.iri(metric, RDF_TYPE, _KG_Metric)
        t.lit(metric, RDFS_LABEL, ind.name)
        if family_of is not None:
            name = family_of(ind.name)
            family = minter.family(name)
            t.iri(metric, _KG_family, family)
            if f := doc.term(family):
                f.iri(family, RDF_TYPE, _KG_MetricFamily)
                f.lit(family, RDFS_LABEL, name)
    out.iri(i, _KG_metric, metric)
    out.lit(i, _KG_metricLabel, ind.name)
    out.lit(i, _KG_description, ind.description)
    node = _target(doc, out, i, ind.name, metric, ind.target, minter)
    out.lit(i, _KG_weight, ind.weight)
    out.lit(i, _KG_direction, ind.direction)
    if ind.actual is not None:  # a self-evaluation: what the year achieved, beside what it set
        out.lit(i, _KG_actualText, ind.actual.raw)
        if ind.actual.kind == "quantitative":
            out.lit(i, _KG_actualValue, ind.actual.base_value)
            out.lit(i, _KG_actualUnit, ind.actual.base_unit)
    out.lit(i, _KG_score, ind.score)
    out.lit(i, _KG_remark, ind.remark)  # 备注, or a self-evaluation's reason for a gap
    if ind.core:  # ★ before the name
        out.lit(i, _KG_coreIndicator, True)
    out.lit(i, _KG_categoryPoints, ind.level1_points)
    out.lit(i, _KG_sourceLine, ind.source.line)  # its file is the graph's (and the project's)
    return node


def _target(doc: DocumentQuads, out: QuadWriter, indicator: str, name: str, metric: str, target: Target,
            minter: Minter) -> str:
    node = minter.target(name, target)
    quantitative = target.numeric
    out.iri(indicator, _KG_target, node)
    out.lit(indicator, _KG_targetText, target.raw)
    if not quantitative or (target.value, target.unit) != (target.base_value, target.base_unit):
        # the number as written (20 万人次), where it is not already the target's base value
        out.lit(indicator, _KG_targetValue, target.value)
        out.lit(indicator, _KG_targetUnit, target.unit)
    out.lit(indicator, _KG_targetNote, target.note)
    out.lit(indicator, _KG_repairedText, target.repaired)
    if not (t := doc.term(node)):
        return node
    t.iri(node, RDF_TYPE, _KG_Target)
    t.lit(node, RDFS_LABEL, target.raw)
    t.iri(node, _KG_metric, metric)
    if quantitative:
        t.iri(node, RDF_TYPE, _KG_QuantitativeTarget)
        t.lit(node, _KG_comparator, target.comparator)
        t.lit(node, _KG_baseValue, target.base_value)
        t.lit(node, _KG_baseUnit, target.base_unit)
    else:
        t.iri(node, RDF_TYPE, _KG_QualitativeTarget)
    return node


def _minted_category(doc: DocumentQuads, minter: Minter, label: str, parent: str | None) -> str:
    """A category the framework does not list: kept as the source says, as its own concept."""
    concept = minter.category(label or "未注明")
    if t := doc.term(concept):
        t.iri(concept, RDF_TYPE, SKOS_CONCEPT)
        t.lit(concept, SKOS_PREF, label or "未注明")
        if parent:
            t.iri(concept, SKOS_BROADER, parent)
    return concept


def _findings(out: QuadWriter, findings, minter: Minter, document: str | None = None) -> set[str]:
    """Write the findings; their nodes."""
    nodes = set()
    for f in findings:
        node, subject, derived_from = finding_node(f, minter)
        nodes.add(node)
        out.iri(node, RDF_TYPE, _KG_Finding)
        out.lit(node, _KG_rule, f.code)
        out.lit(node, _KG_severity, f.severity)
        out.lit(node, _KG_message, f.message_zh, "zh")
        out.lit(node, _KG_message, f.message_en, "en")
        out.iri(node, _KG_about, subject)
        out.lit(node, _KG_sourceLine, f.line)
        out.iri(node, DERIVED, document or derived_from)
    return nodes


def finding_node(finding, minter: Minter) -> tuple[str, str, str]:
    """A finding's node, the node it is about (its project-year or indicator) and its document."""
    project = minter.project_year_of(finding.unit_code, finding.unit_name, finding.project, finding.year)
    subject = minter.indicator(project, finding.path, finding.indicator) if finding.indicator else project
    return finding_iri(subject, finding.code), subject, minter.document(finding.path)


def finding_quads(findings, minter: Minter, graph: str) -> list[str]:
    """Corpus-wide audit findings as kg:Finding nodes in ``graph``, each derived from its document."""
    out = QuadWriter(graph)
    _findings(out, findings, minter)
    return list(dict.fromkeys(out.lines))


def _mentions(doc: DocumentQuads, out: QuadWriter, mentions, minter: Minter, projects: list[Project]) -> None:
    # the projects written under each project-year IRI (two tables of one project in one file
    # share it, and so its goal and indicator nodes)
    tables: dict[str, list[Project]] = defaultdict(list)
    for project, minted in zip(projects, doc.minted):
        tables[minted.iri].append(project)
    for m in mentions:
        p = minter.project_year_of(m.unit_code, m.unit_name, m.project, m.year)
        if m.field == "goal":
            subject, where = minter.goal(p, m.path, m.order), "goal"
        elif m.field in ("indicator", "description"):
            subject, where = minter.indicator(p, m.path, m.order), "indicator"
        else:
            subject, where = p, "project"
        name = m.name  # synonyms and quoted spellings are one entity
        entity = minter.entity(m.label, name)
        if t := doc.term(entity):
            t.iri(entity, RDF_TYPE, _KG_Entity)
            t.lit(entity, _KG_entityType, m.label)
            t.lit(entity, RDFS_LABEL, name)
        out.iri(subject, _KG_mentions, entity)
        doc.mentions.append((subject, entity))
        written = tables.get(p, ())
        texts = _mentioned_texts(written, where, m.order)
        doc.mention_rows.update((entity, project_name, where, text)
                                for project_name in {t.project for t in written if t.project} for text in texts)


def _mentioned_texts(tables: list[Project], where: str, order: int | None) -> set[str]:
    """The labels the graph gives a mention's subject: its goal's text, its indicator's
    kg:metricLabel or its project-year's name, from each table written under its IRI."""
    texts = set()
    for t in tables:
        if where == "goal":
            goals = t.goals + t.long_term_goals
            texts.add(goals[order - 1] if order is not None and order <= len(goals) else "")
        elif where == "indicator":
            texts.add(t.indicators[order - 1].name if order is not None and order <= len(t.indicators) else "")
        else:
            texts.add(t.project)
    texts.discard("")
    texts.discard(None)
    return texts


def keyword_quads(keywords: dict[str, tuple[str, ...]], graph: str) -> list[str]:
    """Each project's keywords (project IRI → words) in the corpus keywords graph."""
    out = QuadWriter(graph)
    for project, words in keywords.items():
        for word in words:
            out.lit(project, _KG_keyword, word)
    return out.lines
