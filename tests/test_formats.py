"""DOCX, XLSX, HTML, CSV and PDF versions of the sample's tables give the sample's records."""

from __future__ import annotations

import pytest

import kg
from kg.output import project_dict
from tests import formats

WRITERS = {"docx": formats.write_docx, "xlsx": formats.write_xlsx, "html": formats.write_html,
           "csv": formats.write_csv, "pdf": formats.write_pdf}


def _without_sources(data: dict) -> dict:
    data = {k: v for k, v in data.items() if k != "source"}
    data["indicators"] = [{k: v for k, v in i.items() if k != "source"} for i in data["indicators"]]
    return data


def _dated(project: dict, year: int) -> dict:
    """A golden record as --year gives it: the year set, and no warning that it is missing."""
    warnings = [w for w in project.get("warnings", ()) if w["field"] != "年度"]
    project = {k: v for k, v in project.items() if k != "warnings"} | {"year": year}
    return project | ({"warnings": warnings} if warnings else {})


@pytest.mark.parametrize("fmt", sorted(WRITERS))
def test_every_format_yields_the_golden_records(tmp_path, fmt):
    path = tmp_path / f"tianjin.{fmt}"
    WRITERS[fmt](path)
    items = list(kg.extract(path, year=2025))  # the sample's titles name no year
    assert [str(i) for i in items if not isinstance(i, kg.Project)] == []
    expected = [_without_sources(_dated(p, 2025)) for p in formats.projects()]
    got = [_without_sources(project_dict(p)) for p in items]
    assert got == expected


def test_sources_name_the_table_and_row(tmp_path):
    path = tmp_path / "tianjin.docx"
    formats.write_docx(path)
    first = next(iter(kg.extract(path)))
    assert first.source.part == "paragraph"
    serve = next(i for i in first.indicators if i.name == "服务党员教育")
    assert serve.source.part == "table 1, row 12"
    assert project_dict(first)["indicators"][5]["source"] == {"path": str(path), "line": serve.source.line,
                                                             "part": "table 1, row 12"}


def test_a_damaged_document_is_reported_not_raised(tmp_path):
    path = tmp_path / "broken.docx"
    path.write_bytes(b"PK\x03\x04 not really a docx")
    [error] = list(kg.extract(path))
    assert isinstance(error, kg.InputError)
    assert str(error).startswith(f"{path}: cannot read this DOCX file: ")


def test_a_folder_may_mix_formats(tmp_path, corpus_bytes):
    formats.write_xlsx(tmp_path / "a.xlsx")
    (tmp_path / "b.txt").write_bytes(corpus_bytes)
    formats.write_html(tmp_path / "c.html")
    items = list(kg.extract(tmp_path))
    assert [i.source.path.rsplit("/", 1)[-1] for i in items if isinstance(i, kg.Project)] == (
        ["a.xlsx"] * 5 + ["b.txt"] * 5 + ["c.html"] * 5)


def test_a_unit_level_table_is_read_as_the_departments_own_targets(tmp_path):
    path = tmp_path / "unit.csv"
    path.write_text("2025年部门整体支出绩效目标表\n部门名称,滨海市教育局\n一级指标,二级指标,三级指标,指标值\n"
                    "产出指标,数量指标,培训教师人次,≥500人次\n", encoding="utf-8")
    [table] = [t for t in kg.extract(path) if isinstance(t, kg.Project)]
    assert (table.title, table.unit_name, table.project) == ("2025年部门整体支出绩效目标表", "滨海市教育局", "滨海市教育局")
    assert [(i.name, i.target.raw) for i in table.indicators] == [("培训教师人次", "≥500人次")]
