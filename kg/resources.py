"""The one place that finds kg's data files (dictionaries, tables, ontology, queries)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def stage_data(stage: str, name: str) -> Path:
    """Path of ``kg/<stage>/data/<name>``, from a source checkout or an installed wheel."""
    return Path(str(resources.files(f"kg.{stage}").joinpath("data").joinpath(name)))


def read_tsv(stage: str, name: str) -> list[list[str]]:
    """Rows of a tab-separated data file, skipping blank lines and ``#`` comments.

    ``utf-8-sig`` and ``splitlines`` make a file saved with a BOM or CRLF read the same.
    """
    rows = []
    for line in stage_data(stage, name).read_text(encoding="utf-8-sig").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append(line.split("\t"))
    return rows


def project_dir(name: str) -> Path:
    """``ontology/`` or ``queries/``: folders analysts edit, kept at the top of the checkout."""
    here = Path(__file__).resolve().parent.parent / name
    if here.is_dir():
        return here
    packaged = Path(str(resources.files("kg").joinpath("_assets").joinpath(name)))
    if packaged.is_dir():
        return packaged
    raise FileNotFoundError(f"cannot find the {name}/ folder next to the kg package")


def ontology_file(name: str) -> Path:
    """A file of ``ontology/``: kg.ttl, indicator-categories.ttl, shapes.ttl."""
    return project_dir("ontology") / name


def queries_dir() -> Path:
    """The folder of named queries (``queries/*.rq``)."""
    return project_dir("queries")


def read_words(stage: str, name: str) -> list[str]:
    """The lines of a one-word-per-line data file, without blanks and ``#`` comments."""
    text = stage_data(stage, name).read_text(encoding="utf-8-sig")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]
