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

import pyoxigraph as ox

from kg.nlp.segment import segment, segment_field, segment_parts
from kg.output import number
from kg.query.sparql import inline_values, internal_query, select_dicts
from kg.rdf.iris import is_indicator
from kg.store import DEFAULT_STORE, open_store

_PROJECTS = internal_query("search-projects")
_GOALS = internal_query("search-goals")
_KEYWORDS = internal_query("search-keywords")
_MENTIONS = internal_query("search-mentions")
_INDICATORS = internal_query("search-indicators")


def _rows(oxi, text: str, variable: str | None = None, iris: list[str] | None = None) -> list[dict[str, Any]]:
    """The query's rows, for every subject or, with ``iris``, for those of ``variable`` only: one
    query per IRI, the IRI written in (kg.query.sparql.inline_values). Oxigraph joins a VALUES
    after the patterns, so a search's ten hits read every indicator of the store (100 s at 1M
    projects); written in, each is looked up."""
    if iris is None:
        texts = [text]
    else:
        texts = [inline_values(text, {variable: ox.NamedNode(iri)}) for iri in iris]
    return [{k: number(v) for k, v in row.items()} for t in texts for row in select_dicts(oxi, t)]


def tokens(text: str | None) -> str:
    """jieba tokens joined by spaces (what the IK or whitespace analyzer should see)."""
    return " ".join(segment(text)) if text else ""


def indicator_tokens(name: str, description: str | None, target: str) -> str:
    """An indicator's tokens; a target expression (≥20万人次) stays one token, as the normaliser reads it."""
    parts = [*segment(name), *(segment(description) if description else ()), *segment_field(target, "target")]
    return " ".join(parts)


def search_documents(store: str | Path = DEFAULT_STORE, ids: list[str] | None = None) -> list[dict[str, Any]]:
    """Every project and indicator document, sorted by IRI (byte-stable exports); with
    ``ids``, only those documents (a search's hits)."""
    oxi = open_store(store, read_only=True)
    wanted_projects = wanted_indicators = None
    if ids is not None:
        wanted_indicators = [i for i in ids if is_indicator(i)]
        wanted_projects = [i for i in ids if not is_indicator(i)]
    indicator_rows = _rows(oxi, _INDICATORS, "i", wanted_indicators)
    known = None if ids is None else sorted(set(wanted_projects) | {row["p"] for row in indicator_rows})
    goals: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
    for row in _rows(oxi, _GOALS, "p", known):
        goals[row["p"]].append((row["order"], row["goal"], row["x"]))
    keywords: dict[str, list[str]] = defaultdict(list)
    for row in _rows(oxi, _KEYWORDS, "p", known):
        keywords[row["p"]].append(row["keyword"])
    subjects = None if ids is None else sorted(set(known) | set(wanted_indicators)
                                               | {x for gs in goals.values() for *_, x in gs})
    entities: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for row in _rows(oxi, _MENTIONS, "s", subjects):
        entities[row["s"]].add((row["entity"], row["type"]))
    projects = {row["p"]: row for row in _rows(oxi, _PROJECTS, "p", known)}
    docs = []
    for iri, row in projects.items():
        if wanted_projects is not None and iri not in wanted_projects:
            continue
        goal_texts = [text for _, text, _ in sorted(goals[iri])]
        mentioned = set(entities[iri]) | {e for *_, goal in goals[iri] for e in entities[goal]}
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
    for row in indicator_rows:
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


def index_rows(project, iri: str, indicators: list[str]) -> list[tuple[str, str, str, str, str]]:
    """What the search index keeps of a project and its indicators, made from the records
    during a build: (id, type, name tokens, text tokens, project IRI). The tokens are those
    of :func:`search_documents` (a test holds the two equal); the documents themselves are
    read from the store for the hits only. ``indicators``: the IRIs of its indicator rows, in order."""
    # the tokens of "\n".join([name, purpose, goals…]), as tokens() gives them, cut part by part
    text = " ".join(segment_parts([project.project, project.purpose, *project.goals, *project.long_term_goals]))
    rows = [(iri, "project", tokens(project.project), text, iri)]
    for node, ind in zip(indicators, project.indicators):
        rows.append((node, "indicator", tokens(ind.name), indicator_tokens(ind.name, ind.description, ind.target.raw),
                     iri))
    return rows
