"""Per-target and per-family-target project counts, recomputed from the whole store by every build.

"Which projects share a target" groups every indicator of the corpus by its target; at
100k projects that GROUP BY takes half a minute in any store, and a minute once metrics
are grouped by family. The build has just loaded the store, so it counts once, reading
simple patterns, and keeps the answers in the stats graph: ``kg:projectCount`` and
``kg:projectNames`` on each target, and on each family target (one comparator, base value
and unit under any metric of one family) also ``kg:metricNames``. The named queries
``shared-targets`` and ``shared-family-targets`` read them; their answers are the same as
the full GROUP BYs' (tests hold them equal).

The other named questions that aggregate over the whole corpus read figures counted here
too (:func:`query_stats`): each entity's project-years and mentions, each category pair's
indicators and project-years, each unit's project-years and budgets, each project-year's cost
targets. And the listings read in source order (``# pages:`` in their header) are paged by
document: each document's rows in source order, with the rows before it, so that a page is
answered from the few documents it covers (kg.query.paging).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Callable, Iterable

from kg.query.sparql import internal_query
from kg.rdf.iris import LISTING_BUCKET, answer_iri, family_target_iri, listing_iri, owner, stats_node_iri
from kg.rdf.namespaces import CATEGORY_NS, KG, STATS_GRAPH
from kg.rdf.triples import RDF_TYPE, RDFS_LABEL, QuadWriter
from kg.resources import queries_dir

# Oxigraph answers simple patterns fastest; the project of an indicator is read from
# the indicator's IRI (kg.rdf.iris.owner), not joined.
INDICATOR_TARGETS = internal_query("stats-indicator-targets")
PROJECT_NAMES = internal_query("stats-project-names")
# Every quantitative target with its metric's family: a few rows per distinct target, not per
# indicator. The family's label is required, as the named query joins it.
FAMILY_TERMS = internal_query("stats-family-terms")
NAME_SEPARATOR = " | "
MENTIONS = internal_query("view-mentions")
XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
# the cost targets stats-cost-targets.rq sums: an indicator under 成本指标 (一级) or 经济成本指标 (二级)
COST_LEVEL1, COST_CATEGORY = CATEGORY_NS + "cost", CATEGORY_NS + "output-cost"

Select = Callable[[str], Iterable[tuple[str, ...]]]


def target_projects(select: Select) -> dict[str, set[str]]:
    """Each target's projects (IRIs)."""
    projects: dict[str, set[str]] = defaultdict(set)
    for indicator, target in select(INDICATOR_TARGETS):
        projects[target].add(owner(indicator))
    return projects


def stats_quads(select: Select, listings: dict[str, list[tuple[str, int, str]]] | None = None) -> list[str]:
    """The stats graph from the store: for every target, how many projects set it and their
    names (distinct, in code-point order, joined by `` | ``, as GROUP_CONCAT gives them).
    ``listings``: the parts of the listings a pass of this build counted already (see
    :func:`figures_from_store`)."""
    names: dict[str, set[str]] = defaultdict(set)
    for project, name in select(PROJECT_NAMES):
        names[project].add(name)
    projects = target_projects(select)
    return (stats_from(projects, names) + family_stats(select, projects, names)
            + query_stats(figures_from_store(select, entity_projects(select(MENTIONS)), listings)))


def stats_from(projects_by_target: dict[str, set[str]], names: dict[str, set[str]]) -> list[str]:
    """The stats graph from each target's projects and each project's names."""
    out = QuadWriter(STATS_GRAPH)
    for target, projects in sorted(projects_by_target.items()):
        out.lit(target, str(KG.projectCount), len(projects))
        out.lit(target, str(KG.projectNames), joined_names(projects, names))
    return out.lines


def joined_names(projects: Iterable[str], names: dict[str, set[str]]) -> str:
    """The projects' names, distinct, in code-point order, joined as GROUP_CONCAT would."""
    return NAME_SEPARATOR.join(sorted({n for p in projects for n in names.get(p, ())}))


def family_stats(select: Select, projects_by_target: dict[str, set[str]],
                 names: dict[str, set[str]]) -> list[str]:
    """The family targets of the stats graph: targets grouped by their metric's family,
    comparator, base value and unit (as the lexical forms, as SPARQL groups terms), each
    with its projects' names, its metrics' names, its smallest label and its family."""
    groups: dict[tuple[str, str, str, str], tuple[set, set, set]] = {}
    for target, label, metric_name, family, comparator, value, unit in select(FAMILY_TERMS):
        projects = projects_by_target.get(target)
        if not projects:
            continue  # a target of documents no longer in the store
        group = groups.setdefault((family, comparator, value, unit), (set(), set(), set()))
        group[0].update(projects)
        group[1].add(label)
        group[2].add(metric_name)
    out = QuadWriter(STATS_GRAPH)
    for (family, comparator, value, unit), (projects, labels, metric_names) in sorted(groups.items()):
        node = family_target_iri(family, comparator, value, unit)
        out.iri(node, RDF_TYPE, str(KG.FamilyTarget))
        out.iri(node, str(KG.targetFamily), family)
        out.lit(node, RDFS_LABEL, min(labels))
        out.lit(node, str(KG.projectCount), len(projects))
        out.lit(node, str(KG.metricNames), NAME_SEPARATOR.join(sorted(metric_names)))
        out.lit(node, str(KG.projectNames), joined_names(projects, names))
    return out.lines


def store_select(store) -> Select:
    """A :data:`Select` over the embedded store: rows of plain strings."""
    from kg.query.sparql import execute  # noqa: PLC0415

    def select(text: str) -> Iterable[tuple[str, ...]]:
        for solution in execute(store, text):
            yield tuple(term.value for term in solution)
    return select


def paged_listings() -> list[str]:
    """The listings paged by part (document or project-year): one ``queries/internal/rows-<name>.rq``
    each, which counts the listing's rows per part."""
    return sorted(p.stem.removeprefix("rows-") for p in (queries_dir() / "internal").glob("rows-*.rq"))


@dataclass
class QueryFigures:
    """What the aggregating named queries and the paged listings read from the stats graph:
    counted over the store (:func:`figures_from_store`), or by a build from its documents'
    figures as the workers count them (kg.build.corpus.Corpus.query_figures); the two are
    equal (tests hold them so)."""

    entities: list[tuple[str, int]]  # entity, mentions (distinct subjects)
    categories: list[tuple[str, str, int, int]]  # 一级, 二级, indicators, project-years
    unit_budgets: list[tuple[str, str, int, int | Decimal, int | Decimal, int | Decimal]]
    cost_targets: list[tuple[str, int | Decimal]]  # project-year, its cost targets in 元 summed
    listings: dict[str, list[tuple[str, int, str]]]  # listing → (part, rows, key) in any order
    projects_by_entity: dict[str, int] = field(default_factory=dict)  # project-years that mention it
    # projects-by-entity's rows: (entity, project name, where, text), distinct
    mention_rows: set[tuple[str, str, str, str]] = field(default_factory=set)
    # metric-targets' groups: (metric name as printed, target) → its indicators, once per document
    target_groups: dict[tuple[str, str], int] = field(default_factory=dict)


@dataclass
class DocumentFigures:
    """One document's share of the :class:`QueryFigures`, counted by the worker that maps it."""

    # project-years with a money unit: (project-year, unit, money unit, total, fiscal, other)
    budgets: list[tuple[str, str, str, Decimal | None, Decimal | None, Decimal | None]] = field(default_factory=list)
    costs: list[tuple[str, Decimal]] = field(default_factory=list)  # (project-year, 元) per cost target
    # per entity: its mentions by goals and indicators (their IRIs are the document's own), and
    # the project-years that mention it (one may be in two documents)
    mentions: dict[str, tuple[int, tuple[str, ...]]] = field(default_factory=dict)
    listing_rows: dict[str, int] = field(default_factory=dict)  # listing → this document's rows
    mention_rows: list[tuple[str, str, str, str]] = field(default_factory=list)  # see QueryFigures
    target_groups: list[tuple[str, str, int]] = field(default_factory=list)  # (metric name, target, indicators)


def document_figures(projects, minter, quads) -> DocumentFigures:
    """The figures of one document's projects, as :func:`figures_from_store` would count them
    over the store: ``quads`` is what kg.rdf.triples wrote of them (kg.rdf.DocumentQuads)."""
    figures = DocumentFigures()
    costly = {i for (level1, level2), (indicators, _) in quads.category_pairs.items()
              if level2 == COST_CATEGORY or level1 == COST_LEVEL1 for i in indicators}
    qualitative, listed = 0, set()
    labels: dict[str, set[str]] = defaultdict(set)  # an indicator's metric names and targets, as the
    targets: dict[str, set[str]] = defaultdict(set)  # graph holds them (one IRI written twice: one node)
    for project, minted in zip(projects, quads.minted):
        p = minted.iri
        budget = project.budget
        if project.money_unit:  # a row of the projects listing, with its indicators or none
            figures.budgets.append((p, minter.unit(project), project.money_unit, budget.total, budget.fiscal,
                                    budget.other))
            listed.add(p)
        for iri, indicator, node in zip(minted.indicators, project.indicators, minted.targets):
            if indicator.name:  # an empty name writes no kg:metricLabel
                labels[iri].add(indicator.name)
            targets[iri].add(node)
            target = indicator.target
            if not target.numeric:
                qualitative += 1
            elif target.base_unit == "元" and iri in costly:
                figures.costs.append((p, target.base_value))
    subjects: dict[str, set[str]] = defaultdict(set)
    for subject, entity in quads.mentions:
        subjects[entity].add(subject)
    for entity, found in subjects.items():
        project_years = tuple(sorted(s for s in found if owner(s) == s))
        figures.mentions[entity] = (len(found) - len(project_years), project_years)
    figures.listing_rows = {"projects": len(listed), "qualitative-targets": qualitative,
                            "audit-findings": len(quads.findings)}
    figures.mention_rows = sorted(quads.mention_rows)
    groups: dict[tuple[str, str], int] = defaultdict(int)
    for iri, names in labels.items():
        for name in names:
            for node in targets[iri]:
                groups[(name, node)] += 1
    figures.target_groups = [(name, node, count) for (name, node), count in sorted(groups.items())]
    return figures


def add_finding_rows(figures: QueryFigures, findings, minter) -> None:
    """Count the findings of a corpus-wide pass (O001, the self-evaluation rules) into the
    audit-findings listing's rows of their documents."""
    from kg.rdf.triples import finding_node

    nodes: dict[str, set[str]] = defaultdict(set)
    for finding in findings:
        node, _, document = finding_node(finding, minter)
        nodes[document].add(node)
    add_finding_counts(figures, {document: len(found) for document, found in nodes.items()})


def add_finding_counts(figures: QueryFigures, counts: dict[str, int]) -> None:
    """Count findings into the audit-findings listing's rows: ``counts``, by document graph."""
    parts = figures.listings.setdefault("audit-findings", [])
    for n, (part, rows, key) in enumerate(parts):
        parts[n] = (part, rows + counts.get(part, 0), key)


def figures_from_store(select: Select, projects_by_entity: dict[str, int],
                       listings: dict[str, list[tuple[str, int, str]]] | None = None) -> QueryFigures:
    """The :class:`QueryFigures` counted over the store; ``projects_by_entity``: how many
    project-years mention each entity; ``listings``: parts (document, rows, key) of listings
    already counted (the self-evaluation pass counts achievement's and soft-targets' over the
    whole store, where their rows-<name>.rq reads every evaluation: 20-30 s at 100k projects)."""
    entities = [(entity, int(mentions)) for entity, mentions in select(internal_query("stats-entity-mentions"))]
    categories = [(level1, level2, int(indicators), int(projects))
                  for level1, level2, indicators, projects in select(internal_query("stats-categories"))]
    budgets = [(unit, money_unit, int(projects), *(_number(v, t) for v, t in zip(values, types)))
               for unit, money_unit, projects, *rest in select(internal_query("stats-unit-budgets"))
               for values, types in [(rest[:3], rest[3:])]]
    costs = [(project, _number(cost, datatype)) for project, cost, datatype in
             select(internal_query("stats-cost-targets"))]
    known = listings or {}
    listings = {name: known[name] if name in known else
                [(part, int(count), key) for part, count, key in select(internal_query(f"rows-{name}"))]
                for name in paged_listings()}
    mention_rows = set(select(internal_query("stats-mention-rows")))
    groups = {(name, target): int(count) for name, target, count in select(internal_query("stats-target-groups"))}
    return QueryFigures(entities, categories, budgets, costs, listings, projects_by_entity, mention_rows, groups)


def query_stats(figures: QueryFigures) -> list[str]:
    """The figures the aggregating named queries read, and the listings' pages. Counts of
    project-years are ``kg:projectYearCount``, not the targets' ``kg:projectCount``, which
    shared-targets reads whole."""
    out = QuadWriter(STATS_GRAPH)
    for entity, mentions in sorted(figures.entities):
        out.lit(entity, str(KG.mentionCount), mentions)
        out.lit(entity, str(KG.projectYearCount), figures.projects_by_entity.get(entity, 0))
    for level1, category, indicators, projects in sorted(figures.categories):
        node = stats_node_iri(STATS_GRAPH, "category", level1, category)
        out.iri(node, str(KG.level1), level1)
        out.iri(node, str(KG.category), category)
        out.lit(node, str(KG.indicatorCount), indicators)
        out.lit(node, str(KG.projectYearCount), projects)
    for unit, money_unit, projects, *sums in sorted(figures.unit_budgets):
        node = stats_node_iri(STATS_GRAPH, "budget", unit, money_unit)
        out.iri(node, str(KG.unit), unit)
        out.lit(node, str(KG.moneyUnit), money_unit)
        out.lit(node, str(KG.projectYearCount), projects)
        for predicate, value in zip((KG.budgetTotal, KG.budgetFiscal, KG.budgetOther), sums):
            out.lit(node, str(predicate), value)
    for project, cost in sorted(figures.cost_targets):
        out.lit(project, str(KG.costTargets), cost)
    for row in sorted(figures.mention_rows):
        mention_row_quads(out, *row)
    for (name, target), count, whole in kept_target_groups(figures.target_groups):
        target_group_quads(out, name, target, count, whole)
    return out.lines + listing_quads(figures.listings)


# A metric printed on fewer indicators has its groups counted when a page asks (a few ms); kept for
# every metric, the groups would be about one node per target of the store
TARGET_GROUPS_MIN_ROWS = 2_000


def kept_target_groups(groups: dict[tuple[str, str], int]) -> list[tuple[tuple[str, str], int, bool]]:
    """The groups of the metrics printed on :data:`TARGET_GROUPS_MIN_ROWS` indicators or more,
    each with whether it is its target's only group: every indicator that sets the target prints
    this metric name (most targets: a target belongs to one metric, spelled one way)."""
    rows: dict[str, int] = defaultdict(int)
    names: dict[str, int] = defaultdict(int)  # each target's metric names
    for (name, target), count in groups.items():
        rows[name] += count
        names[target] += 1
    return sorted(((name, target), count, names[target] == 1) for (name, target), count in groups.items()
                  if rows[name] >= TARGET_GROUPS_MIN_ROWS)


def target_group_quads(out: QuadWriter, name: str, target: str, indicators: int, whole: bool) -> None:
    """One group of metric-targets: a page reads the metric's groups here, where it counted every
    indicator of the metric by target (372,809 of 服务党员教育 at 1M projects: 8-20 s a page); and a
    group that is its target's only one reads its indicators from the target alone, without
    checking each one's metric name (211,519 for one target there: 4.5 s → 1.4 s)."""
    node = stats_node_iri(STATS_GRAPH, "target-group", _digest(name, target))
    out.iri(node, RDF_TYPE, str(KG.TargetGroup))
    out.lit(node, str(KG.groupMetricLabel), name)
    out.iri(node, str(KG.groupTarget), target)
    out.lit(node, str(KG.indicatorCount), indicators)
    if whole:
        out.lit(node, str(KG.groupWholeTarget), True)


def mention_row_quads(out: QuadWriter, entity: str, project: str, where: str, text: str) -> None:
    """One row of projects-by-entity: the question reads an entity's rows here rather than
    every mention of it with its subject's project and label (52,000 mentions of 党员 at 100k
    projects, a few index lookups each: 2-4 s)."""
    node = stats_node_iri(STATS_GRAPH, "mention", _digest(entity, project, where, text))
    out.iri(node, RDF_TYPE, str(KG.MentionRow))
    out.iri(node, str(KG.mentionedEntity), entity)
    out.lit(node, str(KG.projectName), project)
    out.lit(node, str(KG.mentionField), where)
    out.lit(node, RDFS_LABEL, text)


def _digest(*parts: str) -> str:
    """A short name for a row: the same row, the same node, build after build."""
    return hashlib.blake2b("\x1f".join(parts).encode("utf-8"), digest_size=12).hexdigest()


def _number(lexical: str, datatype: str) -> int | Decimal:
    """A sum as SPARQL typed it: an integer when no summed value was a decimal."""
    return int(lexical) if datatype == XSD_INTEGER else Decimal(lexical)


def listing_quads(listings: dict[str, list[tuple[str, int, str]]]) -> list[str]:
    """Each paged listing's row count and its parts (the documents, or project-years, that hold
    its rows) in the listing's order, each with its row count, the rows of the parts before it,
    and part of the buckets of rows it overlaps (a page finds its parts through its buckets, by
    lookups rather than a scan of every part). A part's key is what the listing orders its rows
    by first (a document's path, a project's name)."""
    out = QuadWriter(STATS_GRAPH)
    for name in sorted(listings):
        parts = sorted(listings[name], key=lambda row: (row[2], row[0]))
        listing, before = listing_iri(STATS_GRAPH, name), 0
        for found, rows, _ in parts:
            if not rows:
                continue
            part = listing_iri(STATS_GRAPH, name, part=before)
            out.iri(part, str(KG.partOf), listing)
            out.iri(part, str(KG.document), found)
            out.lit(part, str(KG.rowsBefore), before)
            out.lit(part, str(KG.rowCount), rows)
            for bucket in range(before // LISTING_BUCKET, (before + rows - 1) // LISTING_BUCKET + 1):
                out.iri(part, str(KG.partOf), listing_iri(STATS_GRAPH, name, bucket=bucket * LISTING_BUCKET))
            before += rows
        out.lit(listing, str(KG.rowCount), before)
    return out.lines


def entity_projects(mentions: Iterable[tuple[str, str]]) -> dict[str, int]:
    """How many project-years mention each entity, from (subject, entity) pairs: the project-year
    is read from the subject's IRI (a project-year, goal or indicator)."""
    projects: dict[str, set[str]] = defaultdict(set)
    for subject, entity in mentions:
        projects[entity].add(owner(subject))
    return {entity: len(p) for entity, p in projects.items()}


def entity_projects_from_links(links) -> dict[str, int]:
    """How many project-years mention each entity, from a build's links (kg.analyze.view.Links)."""
    import numpy as np  # noqa: PLC0415

    rows = np.frombuffer(links.rows, dtype=np.int32).astype(np.int64)
    columns = np.frombuffer(links.columns, dtype=np.int32).astype(np.int64)
    mentions = np.frombuffer(links.is_target, dtype=np.uint8)[columns] == 0
    # distinct (entity, project-year) pairs as one integer each: no Python tuple per mention
    pairs = np.unique((columns[mentions] << 32) | rows[mentions])
    counts = np.bincount(pairs >> 32, minlength=len(links.nodes))
    return {node: int(counts[column]) for column, node in enumerate(links.nodes) if counts[column]}


def kept_answers(store) -> list[str]:
    """The answers of the named queries marked ``# answer: kept``, run once over the store whose
    stats graph is in place, each kept in the stats graph a page of LISTING_BUCKET rows at a time
    (kg.query.paging.kept_page reads them): their pages then cost a lookup at any size."""
    import json  # noqa: PLC0415

    from kg.query.sparql import execute, list_queries, select_json  # noqa: PLC0415

    out = QuadWriter(STATS_GRAPH)
    for named in (q for q in list_queries() if q.kept):
        solutions = execute(store, named.text)
        columns = [v.value for v in solutions.variables]
        rows = [[solution[c] for c in columns] for solution in solutions]
        answer = answer_iri(STATS_GRAPH, named.name)
        out.lit(answer, str(KG.rowCount), len(rows))
        out.lit(answer, str(KG.answerColumns), json.dumps(columns))
        for start in range(0, len(rows), LISTING_BUCKET):
            page = answer_iri(STATS_GRAPH, named.name, page=start)
            out.iri(page, str(KG.partOf), answer)
            out.lit(page, str(KG.rowsBefore), start)
            out.lit(page, str(KG.answerRows), select_json(columns, rows[start:start + LISTING_BUCKET]))
    return out.lines
