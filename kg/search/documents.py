"""One flat document per project and per indicator, read from the store.

Shared by ``kg export docs``, ``kg export es-bulk`` and the embedded search index, so
every consumer sees the same fields: IRIs, unit, project, category path, metric and
family, target (raw and normalised), budget, entities, keywords, source, and each
text field beside its jieba tokens (joined by spaces, for analyzers that split on them).
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

from kg.nlp.segment import segment, segment_field
from kg.output import number
from kg.query.sparql import select_dicts
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
    return [{k: number(v) for k, v in row.items()} for row in select_dicts(oxi, text)]


def tokens(text: str | None) -> str:
    """jieba tokens joined by spaces (what the IK or whitespace analyzer should see)."""
    return " ".join(segment(text)) if text else ""


def indicator_tokens(name: str, description: str | None, target: str) -> str:
    """An indicator's tokens; a target expression (≥20万人次) stays one token, as the normaliser reads it."""
    parts = [*segment(name), *(segment(description) if description else ()), *segment_field(target, "target")]
    return " ".join(parts)


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
            "text": text, "text_seg": indicator_tokens(row["metric"], row["description"], row["target"]),
            "metric_seg": tokens(row["metric"]),
        })
    return sorted(docs, key=lambda d: d["id"])


def documents_from_records(projects, mentions, keywords_by_project: dict[str, tuple[str, ...]],
                           minter, *, families: bool) -> list[dict[str, Any]]:
    """The same documents as :func:`search_documents`, made during a build from the records
    instead of read back from the store (a test holds the two equal)."""
    from kg.nlp.families import family_key  # noqa: PLC0415

    named: dict[tuple[str, str | None, int | None], set[tuple[str, str]]] = defaultdict(set)
    for m in mentions:
        iri = minter.project_of(m.unit_code, m.unit_name, m.project)
        where = "indicator" if m.field in ("indicator", "description") else "project"
        named[(iri, where, m.order if where == "indicator" else None)].add(
            (m.name, m.label))
    docs: dict[str, dict[str, Any]] = {}
    for project in projects:
        iri = minter.project(project)
        if iri in docs:
            continue  # the same project in two files is one node in the store, too
        budget = project.budget
        body = "\n".join(filter(None, [project.purpose, *project.goals, *project.long_term_goals]))
        keywords = sorted(keywords_by_project.get(iri, ()))
        docs[iri] = {
            "id": iri, "type": "project", "unit": project.unit_name, "unit_code": project.unit_code,
            "project": project.project, "project_iri": iri, "title": project.title,
            "budget": {"total": number(budget.total), "fiscal": number(budget.fiscal), "other": number(budget.other),
                       "money_unit": project.money_unit},
            "purpose": project.purpose, "goals": list(project.goals + project.long_term_goals),
            "entities": [{"name": n, "type": t} for n, t in sorted(named[(iri, "project", None)])],
            "keywords": keywords, "source": {"path": project.source.path, "line": project.source.line},
            "text": "\n".join([project.project, body]), "text_seg": tokens("\n".join([project.project, body])),
        }
        for order, ind in enumerate(project.indicators, start=1):
            t = ind.target
            quantitative = t.kind == "quantitative" and t.base_value is not None
            text = "\n".join(filter(None, [ind.name, ind.description, t.raw]))
            docs[f"{iri}/indicator/{order}"] = {
                "id": f"{iri}/indicator/{order}", "type": "indicator", "unit": project.unit_name,
                "unit_code": project.unit_code, "project": project.project, "project_iri": iri, "order": order,
                "category": [c for c in (ind.level1, ind.level2) if c], "metric": ind.name,
                "family": family_key(ind.name) if families else None, "description": ind.description,
                "target": {"raw": t.raw, "comparator": t.comparator if quantitative else None,
                           "value": number(t.value), "unit": t.unit or None, "note": t.note,
                           "base_value": number(t.base_value) if quantitative else None,
                           "base_unit": t.base_unit if quantitative else None,
                           "kind": "quantitative" if quantitative else "qualitative"},
                "budget": {"total": number(budget.total), "money_unit": project.money_unit},
                "entities": [{"name": n, "type": ty} for n, ty in sorted(named[(iri, "indicator", order)])],
                "keywords": keywords, "source": {"path": ind.source.path, "line": ind.source.line},
                "text": text, "text_seg": indicator_tokens(ind.name, ind.description, t.raw),
                "metric_seg": tokens(ind.name),
            }
    return sorted(docs.values(), key=lambda d: d["id"])
