"""The page's Chinese and English names for the named queries and their columns (data/labels.tsv)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

LABELS_FILE = Path(__file__).parent / "data" / "labels.tsv"


@lru_cache(maxsize=1)
def page_labels() -> dict[str, dict[str, dict[str, str]]]:
    """``{"query": {name: {"zh": …, "en": …}}, "column": {…}}`` from data/labels.tsv."""
    labels: dict[str, dict[str, dict[str, str]]] = {"query": {}, "column": {}}
    for number, line in enumerate(LABELS_FILE.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        kind, key, zh, en = line.split("\t")
        if kind not in labels:
            raise ValueError(f"{LABELS_FILE.name}:{number}: kind must be query or column, not {kind!r}")
        labels[kind][key] = {"zh": zh, "en": en}
    return labels
