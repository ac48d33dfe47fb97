"""Output scripts read: `kg build --format json`, `kg validate --format json`, and the pandas extra."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import kg
from kg.cli import cli
from kg.store import open_store

ROOT = Path(__file__).resolve().parent.parent
NOT_A_TABLE = ("no 绩效目标表 found (looked for a title ending in 绩效目标表, a 项目名称 cell and an indicator header "
               "一级指标 / 二级指标 / 三级指标 / 指标值)")


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_build_prints_its_summary_as_json(tmp_path, in_repo):
    store = str(tmp_path / "store")
    result = run("build", "corpus/", "--store", store, "--format", "json")
    assert result.exit_code == 0
    summary = json.loads(result.stdout)
    assert summary == {"store": store, "documents": 1, "projects": 5, "indicators": 32, "quads": summary["quads"],
                       "search_documents": 37, "rejected": [], "warnings": summary["warnings"]}
    assert summary["quads"] == len(open_store(store, read_only=True))
    # a warning is reported as a rejection is (the same keys), and also on stderr for people
    assert all(set(w) == {"type", "path", "line", "reason", "message"} for w in summary["warnings"])
    assert result.stderr.count("Warning: ") == len(summary["warnings"])


def test_a_rejected_file_is_in_the_json_and_the_exit_status(tmp_path, in_repo):
    (tmp_path / "notes.txt").write_text("hello\n", encoding="utf-8")
    result = run("build", str(tmp_path / "notes.txt"), "corpus/", "--store", str(tmp_path / "s"), "--format", "json")
    assert result.exit_code == 1
    summary = json.loads(result.stdout)  # stdout stays one JSON document; the people's lines go to stderr
    assert (summary["documents"], summary["projects"]) == (2, 5)
    assert summary["rejected"] == [{"type": "InputError", "path": str(tmp_path / "notes.txt"), "line": 1,
                                    "reason": NOT_A_TABLE, "message": f"{tmp_path / 'notes.txt'}:1: {NOT_A_TABLE}"}]
    assert result.stderr.endswith("1 table(s) or file(s) rejected\n")


def test_validate_prints_conforms_and_results_as_json(store):
    result = run("validate", "--store", store, "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {"conforms": True, "results": []}


def test_validate_json_lists_each_violation(tmp_path, in_repo):
    path = str(tmp_path / "s")
    kg.build(["corpus/"], store=path)
    open_store(path).update("DELETE { GRAPH ?g { ?p kg:budgetTotal ?b } } "
                            "INSERT { GRAPH ?g { ?p kg:budgetTotal -1.0 } } "
                            "WHERE { GRAPH ?g { ?p kg:budgetTotal ?b } }", prefixes=kg.rdf.PREFIXES)
    result = run("validate", "--store", path, "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["conforms"] is False and len(report["results"]) == 5
    first = report["results"][0]
    assert first == {"severity": "Violation", "focus": first["focus"],
                     "path": "http://example.org/kg/ontology#budgetTotal", "value": "-1",
                     "message": "预算数不能为负 (budgets are non-negative)", "shape": None,
                     "constraint": "MinInclusiveConstraintComponent"}
    assert first["focus"].startswith("http://example.org/kg/id/project/340105/")


def test_pip_install_kg_pandas_brings_pandas(tmp_path):
    """What pip reads for `pip install 'kg[pandas]'`: the wheel's metadata names the extra."""
    code = ("import sys; from setuptools import build_meta; "
            "print(build_meta.prepare_metadata_for_build_wheel(sys.argv[1]))")
    made = subprocess.run([sys.executable, "-c", code, str(tmp_path)], cwd=ROOT, capture_output=True, text=True,
                          check=True).stdout.splitlines()[-1]
    metadata = (tmp_path / made / "METADATA").read_text(encoding="utf-8").splitlines()
    assert "Provides-Extra: pandas" in metadata
    assert any(line.startswith("Requires-Dist: pandas") and line.endswith('extra == "pandas"') for line in metadata)


def test_to_df_without_pandas_names_the_extra(store, monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)  # as if pandas were not installed
    with pytest.raises(kg.UsageError) as error:
        kg.query("projects", store=store).to_df()
    assert str(error.value) == ("to_df() needs pandas: pip install pandas, or install kg with its extra: "
                                "pip install 'kg[pandas]'")
