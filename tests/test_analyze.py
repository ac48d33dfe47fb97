"""The analyses agree with SPARQL and read like an analyst's answers."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import kg
from kg.analyze import central, communities, project_view, shared, similar
from kg.cli import cli

ROOT = Path(__file__).resolve().parent.parent


def _as_sets(rows, project_column):
    return {tuple(r[:project_column]) + (frozenset(r[project_column].split(" | ")),) for r in rows}


def test_shared_agrees_with_the_sparql_answer(store, view):
    assert shared(view).rows == kg.query("shared-targets", store=store).rows


def test_fuzzy_shared_agrees_with_the_family_query(store, view):
    sparql = kg.query("shared-family-targets", store=store)
    ours = shared(view, fuzzy=True)
    assert ours.columns == sparql.columns
    assert _as_sets([r[:3] + r[4:] for r in ours.rows], 3) == _as_sets([r[:3] + r[4:] for r in sparql.rows], 3)


def test_similar_explains_why(view):
    top = similar(view, "市委组织部履职提升项目经费", top=1).dicts()[0]
    assert top["project"] == "“天津党建”数字化平台内容维护经费"
    assert top["reason"].startswith("target: ≥20万人次; metric: 服务党员教育、项目实际成本")


def test_similar_names_a_missing_project(view):
    with pytest.raises(kg.UsageError, match="no project named '不存在'"):
        similar(view, "不存在")


def test_a_project_name_two_units_use_is_picked_by_unit(tmp_path, corpus_bytes):
    # the sample once more, as if unit 340106 had published the same tables
    (tmp_path / "a.txt").write_bytes(corpus_bytes)
    (tmp_path / "b.txt").write_bytes(corpus_bytes.replace("340105".encode(), "340106".encode()))
    kg.build([str(tmp_path / "a.txt"), str(tmp_path / "b.txt")], store=str(tmp_path / "s"))
    view = project_view(str(tmp_path / "s"))
    with pytest.raises(kg.UsageError, match="name one as UNIT/NAME or UNIT/NAME/YEAR: 340105/市委组织部履职提升项目经费, "
                                            "340106/市委组织部履职提升项目经费"):
        similar(view, "市委组织部履职提升项目经费")
    top = similar(view, "340106/市委组织部履职提升项目经费", top=1).dicts()[0]
    assert top["project"] == "市委组织部履职提升项目经费"  # its twin in the other unit shares everything


def test_communities_are_deterministic_and_cover_every_project(view):
    first, second = communities(view), communities(view)
    assert first.rows == second.rows
    projects = [p for row in first.rows for p in row[1].split(" | ")]
    assert sorted(projects) == sorted(view.project_labels)


def test_central_puts_the_unit_first(view):
    assert central(view, top=1).rows[0][:3] == ("entity", "中共天津市委组织部", 5)


def test_cli_analyze_outputs(store):
    run = lambda *a: CliRunner().invoke(cli, list(a), catch_exceptions=False)  # noqa: E731
    result = run("analyze", "shared", "--store", store, "--format", "csv")
    assert result.stdout.splitlines() == [
        "metric,target,count,projects",
        "服务党员教育,≥20万人次,2,“天津党建”数字化平台内容维护经费 | 市委组织部履职提升项目经费"]
    assert run("analyze", "similar", "不存在", "--store", store).exit_code == 2
    assert '"family": "完成时限"' in run("analyze", "shared", "--fuzzy", "--store", store, "--format", "json").stdout
