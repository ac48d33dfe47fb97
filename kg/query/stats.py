"""Per-target project counts, recomputed from the whole store by every build.

"Which projects share a target" groups every indicator of the corpus by its target; at
100k projects that GROUP BY takes half a minute in any store. The build has just
loaded the store, so it counts once, reading two simple patterns, and keeps the answer
on each target in the stats graph: ``kg:projectCount`` and ``kg:projectNames``. The named
query ``shared-targets`` reads them; its answer is the same as the full GROUP BY's (a
test holds the two equal).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Callable, Iterable

from kg.rdf.namespaces import KG, STATS_GRAPH
from kg.rdf.triples import QuadWriter

# Oxigraph answers simple patterns fastest; the project of an indicator is read from
# the indicator's IRI (<project>/indicator/<n>, see kg.rdf.iris), not joined.
INDICATOR_TARGETS = "SELECT ?i ?t WHERE { GRAPH ?g { ?i kg:target ?t } }"
PROJECT_NAMES = "SELECT ?p ?name WHERE { GRAPH ?g { ?p a kg:Project ; rdfs:label ?name } }"
NAME_SEPARATOR = " | "

Select = Callable[[str], Iterable[tuple[str, str]]]


def project_of(indicator: str) -> str:
    return indicator.rsplit("/indicator/", 1)[0]


def target_projects(select: Select) -> dict[str, set[str]]:
    """Each target's projects (IRIs)."""
    projects: dict[str, set[str]] = defaultdict(set)
    for indicator, target in select(INDICATOR_TARGETS):
        projects[target].add(project_of(indicator))
    return projects


def stats_quads(select: Select) -> list[str]:
    """The stats graph from the store: for every target, how many projects set it and their
    names (distinct, in code-point order, joined by `` | ``, as GROUP_CONCAT gives them)."""
    names: dict[str, set[str]] = defaultdict(set)
    for project, name in select(PROJECT_NAMES):
        names[project].add(name)
    return stats_from(target_projects(select), names)


def stats_from(projects_by_target: dict[str, set[str]], names: dict[str, set[str]]) -> list[str]:
    """The stats graph from each target's projects and each project's names."""
    out = QuadWriter(STATS_GRAPH)
    for target, projects in sorted(projects_by_target.items()):
        out.lit(target, str(KG.projectCount), len(projects))
        joined = NAME_SEPARATOR.join(sorted({n for p in projects for n in names.get(p, ())}))
        out.lit(target, str(KG.projectNames), joined)
    return out.lines


def store_select(store) -> Select:
    """A :data:`Select` over the embedded store: rows of plain strings."""
    from kg.query.sparql import execute  # noqa: PLC0415

    def select(text: str) -> Iterable[tuple[str, str]]:
        for solution in execute(store, text):
            yield solution[0].value, solution[1].value
    return select
