"""一级/二级 category names → SKOS concepts of ``ontology/indicator-categories.ttl``."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rdflib import Graph
from rdflib.namespace import SKOS

from kg.rdf.iris import key
from kg.resources import ontology_file


@dataclass(frozen=True)
class CategoryIndex:
    """Label lookups: top concepts by label, and narrower concepts by (parent, label)."""

    top: dict[str, str]
    narrower: dict[tuple[str, str], str]
    any_level2: dict[str, str]
    pref: dict[str, str]  # concept → its zh prefLabel

    def level1(self, label: str) -> str | None:
        return self.top.get(key(label))

    def level2(self, label: str, parent: str | None) -> str | None:
        """The 二级 concept under ``parent``; else any 二级 concept with that label."""
        found = self.narrower.get((parent, key(label))) if parent else None
        return found or self.any_level2.get(key(label))


@lru_cache(maxsize=1)
def category_index() -> CategoryIndex:
    """Read the concept scheme once. prefLabels win over altLabels, then IRI order."""
    graph = Graph().parse(ontology_file("indicator-categories.ttl"), format="turtle")
    top: dict[str, str] = {}
    narrower: dict[tuple[str, str], str] = {}
    any_level2: dict[str, str] = {}
    pref = {str(c): str(label) for c, label in graph.subject_objects(SKOS.prefLabel)
            if getattr(label, "language", None) == "zh"}
    for predicate in (SKOS.prefLabel, SKOS.altLabel):
        for concept, label in sorted(graph.subject_objects(predicate)):
            if getattr(label, "language", None) != "zh":
                continue
            parents = sorted(graph.objects(concept, SKOS.broader))
            if not parents:
                top.setdefault(key(str(label)), str(concept))
            for parent in parents:
                narrower.setdefault((str(parent), key(str(label))), str(concept))
                any_level2.setdefault(key(str(label)), str(concept))
    return CategoryIndex(top, narrower, any_level2, pref)
