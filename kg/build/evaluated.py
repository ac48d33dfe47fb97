"""An evaluated project's indicator rows, the rows ``queries/internal/evaluation-rows.rq``
answers, for the self-evaluation pass (kg.build.corpus.evaluation_quads): written by each worker
for its document's projects (:func:`document_rows`) when the build reads the whole store, read
from the embedded store's indexes (:func:`store_rows`) when it adds to one, and asked of a
remote store with the query. Tests hold the three equal.

Why not the query everywhere: Oxigraph plans and runs it in 8 ms per project, its OPTIONALs
joined over the whole terms graph each time (8 s at 10k projects with 1,372 evaluated ones);
the index lookups take 4.5 s, reading the workers' rows back a fraction of a second.
"""

from __future__ import annotations

import pickle
from collections import defaultdict
from functools import lru_cache
from itertools import product
from typing import Callable, Iterable, Iterator

import pyoxigraph as ox

from kg.rdf.iris import decimal_text
from kg.rdf.namespaces import KG, PREFIXES, TERMS_GRAPH

_P = {name: ox.NamedNode(str(getattr(KG, name))) for name in (
    "project", "unit", "hasIndicator", "fiscalYear", "title", "order", "sourceLine", "metricLabel", "targetText",
    "target", "level1", "category", "actualText", "actualValue", "actualUnit", "comparator", "baseValue",
    "baseUnit", "sourcePath")}
_LABEL = ox.NamedNode(PREFIXES["rdfs"] + "label")
_IDENTIFIER = ox.NamedNode(PREFIXES["org"] + "identifier")
_PREF_LABEL = ox.NamedNode(PREFIXES["skos"] + "prefLabel")
_TERMS = ox.NamedNode(TERMS_GRAPH)

Rows = Callable[[str], Iterable[tuple[str, ...]]]
ACTUAL = 16  # the column of the achieved value as printed (evaluation-rows.rq's ?actual)


def store_rows(store: ox.Store) -> Rows:
    """A reader of one evaluated project's rows (by its IRI) over the embedded ``store``."""

    def properties(node, graph) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for quad in store.quads_for_pattern(node, None, None, graph):
            found.setdefault(quad.predicate.value, []).append(quad.object.value)
        return found

    def rows(project: str) -> Iterator[tuple[str, ...]]:
        for link in store.quads_for_pattern(None, _P["project"], ox.NamedNode(project), None):
            graph = link.graph_name
            if isinstance(graph, ox.DefaultGraph):  # the query reads named graphs only
                continue
            year = properties(link.subject, graph)
            for path, name, unit, indicator in product(_values(store, graph, _P["sourcePath"], graph),
                                                       year.get(_LABEL.value, ()), year.get(_P["unit"].value, ()),
                                                       year.get(_P["hasIndicator"].value, ())):
                yield from _indicator_rows(store, properties, graph, path, name, unit, indicator, year)
    return rows


def _indicator_rows(store, properties, graph, path, name, unit, indicator, year) -> Iterator[tuple[str, ...]]:
    row = properties(ox.NamedNode(indicator), graph)
    required = [row.get(_P[p].value, ()) for p in ("order", "sourceLine", "metricLabel", "targetText", "target",
                                                   "level1", "category")]
    unit_node = ox.NamedNode(unit)
    codes = _values(store, unit_node, _IDENTIFIER, _TERMS) or [""]
    unit_names = _values(store, unit_node, _PREF_LABEL, _TERMS) or [""]
    for order, line, metric, target_text, target, level1, level2 in product(*required):
        target_node = ox.NamedNode(target)
        quantities = list(product(_values(store, target_node, _P["comparator"], _TERMS),
                                  _values(store, target_node, _P["baseValue"], _TERMS))) or [("", "")]
        base_units = _values(store, target_node, _P["baseUnit"], _TERMS) or [""]
        for (code, unit_name, fiscal_year, title, (comparator, value), base_unit, actual, actual_value,
             actual_unit) in product(codes, unit_names, year.get(_P["fiscalYear"].value) or [""],
                                     year.get(_P["title"].value) or [""], quantities, base_units,
                                     row.get(_P["actualText"].value) or [""], row.get(_P["actualValue"].value) or [""],
                                     row.get(_P["actualUnit"].value) or [""]):
            yield (path, indicator, code, unit_name, name, fiscal_year, title, order, line, level1, level2, metric,
                   target_text, comparator, value, base_unit, actual, actual_value, actual_unit)


def _values(store: ox.Store, subject, predicate, graph) -> list[str]:
    return [quad.object.value for quad in store.quads_for_pattern(subject, predicate, None, graph)]


def document_rows(path: str, projects, quads) -> dict[str, list[tuple[str, ...]]]:
    """The rows of one document's projects as the query answers them once the document is
    loaded, by project (its IRI across years); ``quads``: what kg.rdf.triples wrote of them.
    An empty text is not written, so a row that needs one (a name, a target) is not there."""
    categories = {indicator: pair for pair, (indicators, _) in quads.category_pairs.items() for indicator in indicators}
    out: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for project, minted in zip(projects, quads.minted):
        if not project.project:
            continue
        year = "" if project.year is None else str(project.year)
        rows = out[minted.across_years]
        for order, (iri, indicator) in enumerate(zip(minted.indicators, project.indicators), start=1):
            target, actual = indicator.target, indicator.actual
            if not indicator.name or not target.raw:
                continue
            level1, level2 = categories[iri]
            # the target node has a comparator and a base value, or neither is read
            quantitative = target.numeric and bool(target.comparator)
            measured = actual is not None and actual.numeric
            rows.append((path, iri, project.unit_code or "", project.unit_name or "", project.project,
                         year, project.title or "", str(order), str(indicator.source.line), level1, level2,
                         indicator.name, target.raw, target.comparator if quantitative else "",
                         decimal_text(target.base_value) if quantitative else "",
                         (target.base_unit or "") if target.numeric else "", actual.raw if actual else "",
                         decimal_text(actual.base_value) if measured else "",
                         (actual.base_unit or "") if measured else ""))
    return {project: rows for project, rows in out.items() if rows}


def self_evaluated(rows: dict[str, list[tuple[str, ...]]]) -> list[str]:
    """The projects with a row that reports an achieved value (as ``evaluated-projects.rq`` finds them)."""
    return [project for project, found in rows.items() if any(row[ACTUAL] for row in found)]


def write_rows(path: str, rows: dict[str, list[tuple[str, ...]]]) -> None:
    with open(path, "wb") as out:
        pickle.dump(rows, out, protocol=pickle.HIGHEST_PROTOCOL)


def spooled_rows(files_by_project: dict[str, list[str]]) -> Rows:
    """A reader of one project's rows from the files the workers wrote (:func:`write_rows`)."""
    @lru_cache(maxsize=64)  # a file holds several projects, often evaluated one after another
    def load(path: str) -> dict[str, list[tuple[str, ...]]]:
        with open(path, "rb") as source:
            return pickle.load(source)

    def rows(project: str) -> Iterator[tuple[str, ...]]:
        for path in files_by_project.get(project, ()):
            yield from load(path).get(project, ())
    return rows
