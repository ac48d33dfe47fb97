"""Search documents as JSON Lines, and as Elasticsearch/OpenSearch bulk NDJSON."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any, Callable

from kg.export import write_atomic

DEFAULT_CHUNK = 5000  # documents per bulk file: well under the usual 100 MB request limit


def docs_jsonl(docs: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(d, ensure_ascii=False, sort_keys=True) + "\n" for d in docs)


def document_id(iri: str) -> str:
    """A deterministic ``_id``: a re-run overwrites documents instead of duplicating them."""
    return hashlib.sha1(iri.encode("utf-8")).hexdigest()


def bulk_lines(docs: list[dict[str, Any]], index: str) -> list[str]:
    """Action and document line pairs."""
    lines = []
    for doc in docs:
        lines.append(json.dumps({"index": {"_index": index, "_id": document_id(doc["id"])}}) + "\n")
        lines.append(json.dumps(doc, ensure_ascii=False, sort_keys=True) + "\n")
    return lines


# Money to 4 decimal places: to the 元 for amounts in 万元 (a double would do too; a long, as ES guesses, would not).
MONEY = {"type": "scaled_float", "scaling_factor": 10000}
# IK indexes every way a Chinese text can be cut and searches with the coarsest cut.
IK_TEXT = {"type": "text", "analyzer": "ik_max_word", "search_analyzer": "ik_smart"}
KEYWORD = {"type": "keyword"}
NAME = {**IK_TEXT, "fields": {"raw": KEYWORD}}  # searchable, and exact for filters and facets
TOKENS = {"type": "text", "analyzer": "whitespace"}  # kg's jieba tokens, already cut


def mapping() -> dict[str, Any]:
    """The body of ``PUT /<index>`` (Elasticsearch 7+, OpenSearch 1+): ``settings`` and
    ``mappings`` only, every text field analysed by IK, every field of the documents mapped
    (``dynamic: strict``: a document with a field the mapping lacks is refused, not guessed).
    The IK plugin must be installed; load ``kg export dict --format ik`` as its ``ext_dict``."""
    return {
        "settings": {"number_of_shards": 1},
        "mappings": {"dynamic": "strict", "properties": {
            "id": KEYWORD, "type": KEYWORD, "project_iri": KEYWORD, "order": {"type": "integer"},
            "unit": NAME, "unit_code": KEYWORD, "project": NAME, "title": IK_TEXT,
            "metric": NAME, "family": NAME, "category": KEYWORD, "description": IK_TEXT,
            "purpose": IK_TEXT, "goals": IK_TEXT, "text": IK_TEXT, "text_seg": TOKENS, "metric_seg": TOKENS,
            "keywords": KEYWORD,
            "entities": {"properties": {"name": NAME, "type": KEYWORD}},
            "target": {"properties": {
                "raw": {**KEYWORD, "fields": {"text": IK_TEXT}}, "comparator": KEYWORD, "kind": KEYWORD,
                "value": {"type": "double"}, "unit": KEYWORD, "base_value": {"type": "double"},
                "base_unit": KEYWORD, "note": IK_TEXT}},
            "budget": {"properties": {"total": MONEY, "fiscal": MONEY, "other": MONEY, "money_unit": KEYWORD}},
            "source": {"properties": {"path": KEYWORD, "line": {"type": "integer"}}},
        }},
    }


def bulk_parts(documents: int, chunk: int = DEFAULT_CHUNK) -> int:
    """How many bulk files ``write_bulk`` writes for this many documents."""
    return max(1, -(-documents // chunk))


def write_bulk(docs: list[dict[str, Any]], index: str, path: Path, *, chunk: int = DEFAULT_CHUNK,
               progress: Callable[[int], None] | None = None) -> list[Path]:
    """Write bulk files (``FILE`` or ``FILE-00001.ndjson``… when over ``chunk`` documents) and
    ``FILE.mapping.json``; returns the bulk files written. ``progress`` is told of each file."""
    parts = [docs[i:i + chunk] for i in range(0, len(docs), chunk)] or [[]]
    written = []
    for number, part in enumerate(parts, start=1):
        target = path if len(parts) == 1 else path.with_name(f"{path.stem}-{number:05d}{path.suffix}")
        write_atomic("".join(bulk_lines(part, index)), target)
        written.append(target)
        if progress is not None:
            progress(1)
    write_atomic(json.dumps(mapping(), ensure_ascii=False, indent=2) + "\n",
                 path.with_name(path.stem + ".mapping.json"))
    return written
