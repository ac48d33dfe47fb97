"""Per-target and per-family-target project counts, recomputed from the whole store by every build.

"Which projects share a target" groups every indicator of the corpus by its target; at
100k projects that GROUP BY takes half a minute in any store, and a minute once metrics
are grouped by family. The build has just loaded the store, so it counts once, reading
simple patterns, and keeps the answers in the stats graph: ``kg:projectCount`` and
``kg:projectNames`` on each target, and on each family target (one comparator, base value
and unit under any metric of one family) also ``kg:metricNames``. The named queries
``shared-targets`` and ``shared-family-targets`` read them; their answers are the same as
the full GROUP BYs' (tests hold them equal).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Callable, Iterable

from kg.query.sparql import internal_query
from kg.rdf.iris import family_target_iri, owner
from kg.rdf.namespaces import KG, STATS_GRAPH
from kg.rdf.triples import RDF_TYPE, RDFS_LABEL, QuadWriter

# Oxigraph answers simple patterns fastest; the project of an indicator is read from
# the indicator's IRI (kg.rdf.iris.owner), not joined.
INDICATOR_TARGETS = internal_query("stats-indicator-targets")
PROJECT_NAMES = internal_query("stats-project-names")
# Every quantitative target with its metric's family: a few rows per distinct target, not per
# indicator. The family's label is required, as the named query joins it.
FAMILY_TERMS = internal_query("stats-family-terms")
NAME_SEPARATOR = " | "

Select = Callable[[str], Iterable[tuple[str, ...]]]


def target_projects(select: Select) -> dict[str, set[str]]:
    """Each target's projects (IRIs)."""
    projects: dict[str, set[str]] = defaultdict(set)
    for indicator, target in select(INDICATOR_TARGETS):
        projects[target].add(owner(indicator))
    return projects


def stats_quads(select: Select) -> list[str]:
    """The stats graph from the store: for every target, how many projects set it and their
    names (distinct, in code-point order, joined by `` | ``, as GROUP_CONCAT gives them)."""
    names: dict[str, set[str]] = defaultdict(set)
    for project, name in select(PROJECT_NAMES):
        names[project].add(name)
    projects = target_projects(select)
    return stats_from(projects, names) + family_stats(select, projects, names)


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
