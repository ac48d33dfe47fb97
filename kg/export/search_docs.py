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


def mapping(index: str) -> dict[str, Any]:
    """Index settings and mappings for the IK analyzer (load kg export dict --format ik as its ext_dict)."""
    ik_text = {"type": "text", "analyzer": "ik_max_word", "search_analyzer": "ik_smart"}
    tokens = {"type": "text", "analyzer": "whitespace"}
    keyword = {"type": "keyword"}
    return {
        "index": index,
        "settings": {"number_of_shards": 1, "analysis": {"analyzer": {"whitespace_lower": {
            "type": "custom", "tokenizer": "whitespace", "filter": ["lowercase"]}}}},
        "mappings": {"dynamic": True, "properties": {
            "id": keyword, "type": keyword, "unit": {**ik_text, "fields": {"raw": keyword}}, "unit_code": keyword,
            "project": {**ik_text, "fields": {"raw": keyword}}, "project_iri": keyword,
            "metric": {**ik_text, "fields": {"raw": keyword}}, "family": keyword, "category": keyword,
            "text": ik_text, "text_seg": tokens, "metric_seg": tokens, "keywords": keyword,
            "entities": {"properties": {"name": keyword, "type": keyword}},
            "target": {"properties": {"raw": keyword, "comparator": keyword, "base_value": {"type": "double"},
                                      "base_unit": keyword, "kind": keyword}},
            "budget": {"properties": {"total": {"type": "double"}, "money_unit": keyword}},
            "source": {"properties": {"path": keyword, "line": {"type": "integer"}}},
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
    write_atomic(json.dumps(mapping(index), ensure_ascii=False, indent=2) + "\n",
                 path.with_name(path.stem + ".mapping.json"))
    return written
