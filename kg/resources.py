"""The one place that finds kg's data files (dictionaries, tables, ontology, queries)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def stage_data(stage: str, name: str) -> Path:
    """Path of ``kg/<stage>/data/<name>``, from a source checkout or an installed wheel."""
    return Path(str(resources.files(f"kg.{stage}").joinpath("data").joinpath(name)))


def read_tsv(stage: str, name: str) -> list[list[str]]:
    """Rows of a tab-separated data file, skipping blank lines and ``#`` comments."""
    rows = []
    for line in stage_data(stage, name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append(line.split("\t"))
    return rows
