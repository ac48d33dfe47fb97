"""One flat document per project and per indicator, read from the store.

Shared by ``kg export docs``, ``kg export es-bulk`` and the embedded search index, so
every consumer sees the same fields: IRIs, unit, project, category path, metric and
family, target (raw and normalised), budget, entities, keywords, source, and each
text field beside its jieba tokens (joined by spaces, for analyzers that split on them).
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from pathlib import Path
from typing import Any

from kg.nlp.segment import segment
from kg.query.sparql import execute, python_value
from kg.store import DEFAULT_STORE, open_store

_PROJECTS = """
SELECT DISTINCT ?p ?project ?unit ?unit_code ?title ?money ?total ?fiscal ?other ?purpose ?source ?line WHERE {
  GRAPH ?g { ?p a kg:Project ; rdfs:label ?project ; kg:sourceLine ?line . ?g kg:sourcePath ?source .
    OPTIONAL { ?p kg:unit ?u . OPTIONAL { ?u skos:prefLabel ?unit } OPTIONAL { ?u org:identifier ?unit_code } }
    OPTIONAL { ?p kg:title ?title } OPTIONAL { ?p kg:moneyUnit ?money } OPTIONAL { ?p kg:purpose ?purpose }
    OPTIONAL { ?p kg:budgetTotal ?total } OPTIONAL { ?p kg:budgetFiscal ?fiscal } OPTIONAL { ?p kg:budgetOther ?other } } }"""
_GOALS = """SELECT DISTINCT ?p ?order ?goal WHERE { GRAPH ?g { ?p kg:hasGoal ?x . ?x kg:order ?order ; rdfs:label ?goal } }"""
_KEYWORDS = """SELECT DISTINCT ?p ?keyword WHERE { GRAPH ?g { ?p kg:keyword ?keyword } }"""
_MENTIONS = """SELECT DISTINCT ?s ?entity ?type WHERE { GRAPH ?g { ?s kg:mentions ?e . ?e rdfs:label ?entity ; kg:entityType ?type } }"""
_INDICATORS = """
SELECT DISTINCT ?p ?i ?order ?level1 ?level2 ?metric ?description ?target ?comparator ?base_value ?base_unit
       ?value ?unit ?note ?family ?source ?line WHERE {
  GRAPH ?g { ?p kg:hasIndicator ?i . ?i kg:order ?order ; kg:metricLabel ?metric ; kg:targetText ?target ;
      kg:sourceLine ?line ; kg:target ?t ; kg:metric ?m . ?g kg:sourcePath ?source .
    OPTIONAL { ?i kg:level1Label ?level1 } OPTIONAL { ?i kg:level2Label ?level2 }
    OPTIONAL { ?i kg:description ?description }
    OPTIONAL { ?i kg:targetValue ?value } OPTIONAL { ?i kg:targetUnit ?unit } OPTIONAL { ?i kg:targetNote ?note }
    OPTIONAL { ?t kg:comparator ?comparator ; kg:baseValue ?base_value . OPTIONAL { ?t kg:baseUnit ?base_unit } }
    OPTIONAL { ?m kg:family ?f . ?f rdfs:label ?family } } }"""


def _rows(oxi, text: str) -> list[dict[str, Any]]:
    solutions = execute(oxi, text)
    names = [v.value for v in solutions.variables]
    return [{n: _plain(python_value(s[n])) for n in names} for s in solutions]


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def tokens(text: str | None) -> str:
    """jieba tokens joined by spaces (what the IK or whitespace analyzer should see)."""
    return " ".join(segment(text)) if text else ""


def search_documents(store: str | Path = DEFAULT_STORE) -> list[dict[str, Any]]:
    """Every project and indicator document, sorted by IRI (byte-stable exports)."""
    oxi = open_store(store, read_only=True)
    goals: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for row in _rows(oxi, _GOALS):
        goals[row["p"]].append((row["order"], row["goal"]))
    keywords: dict[str, list[str]] = defaultdict(list)
    for row in _rows(oxi, _KEYWORDS):
        keywords[row["p"]].append(row["keyword"])
    entities: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for row in _rows(oxi, _MENTIONS):
        entities[row["s"]].add((row["entity"], row["type"]))
    projects = {row["p"]: row for row in _rows(oxi, _PROJECTS)}
    docs = []
    for iri, row in projects.items():
        goal_texts = [text for _, text in sorted(goals[iri])]
        mentioned = set(entities[iri]) | {e for g in range(1, len(goal_texts) + 1) for e in entities[f"{iri}/goal/{g}"]}
        body = "\n".join(filter(None, [row["purpose"], *goal_texts]))
        docs.append({
            "id": iri, "type": "project", "unit": row["unit"], "unit_code": row["unit_code"],
            "project": row["project"], "project_iri": iri, "title": row["title"],
            "budget": {"total": row["total"], "fiscal": row["fiscal"], "other": row["other"],
                       "money_unit": row["money"]},
            "purpose": row["purpose"], "goals": goal_texts,
            "entities": [{"name": n, "type": t} for n, t in sorted(mentioned)],
            "keywords": sorted(keywords[iri]),
            "source": {"path": row["source"], "line": row["line"]},
            "text": "\n".join([row["project"], body]), "text_seg": tokens("\n".join([row["project"], body])),
        })
    for row in _rows(oxi, _INDICATORS):
        project = projects.get(row["p"], {})
        text = "\n".join(filter(None, [row["metric"], row["description"], row["target"]]))
        docs.append({
            "id": row["i"], "type": "indicator", "unit": project.get("unit"), "unit_code": project.get("unit_code"),
            "project": project.get("project"), "project_iri": row["p"], "order": row["order"],
            "category": [c for c in (row["level1"], row["level2"]) if c], "metric": row["metric"],
            "family": row["family"], "description": row["description"],
            "target": {"raw": row["target"], "comparator": row["comparator"], "value": row["value"],
                       "unit": row["unit"], "base_value": row["base_value"], "base_unit": row["base_unit"],
                       "note": row["note"], "kind": "quantitative" if row["comparator"] else "qualitative"},
            "budget": {"total": project.get("total"), "money_unit": project.get("money")},
            "entities": [{"name": n, "type": t} for n, t in sorted(entities[row["i"]])],
            "keywords": sorted(keywords[row["p"]]),
            "source": {"path": row["source"], "line": row["line"]},
            "text": text, "text_seg": tokens(text), "metric_seg": tokens(row["metric"]),
        })
    return sorted(docs, key=lambda d: d["id"])
