"""The README's "Graph model" section: its three SPARQL examples run on the sample and give rows,
and every kg: term it names is declared in ontology/kg.ttl."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph

from kg.cli import cli
from kg.rdf.namespaces import KG

ROOT = Path(__file__).resolve().parent.parent


def _section() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("\n## Graph model\n")
    return readme[start:readme.index("\n## ", start + 1)]


def _examples() -> list[str]:
    return re.findall(r"```sparql\n(.*?)```", _section(), re.S)


def test_the_section_has_a_picture_and_three_queries():
    assert "```mermaid\nflowchart" in _section()
    assert len(_examples()) == 3


@pytest.mark.parametrize("query", _examples(), ids=["indicators-of-a-project", "at-least-95-percent", "shared-metrics"])
def test_each_example_returns_rows_on_the_sample(store, query):
    result = CliRunner().invoke(cli, ["sparql", query, "--store", store, "--format", "json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)["results"]["bindings"]
    assert rows
    assert all(set(row) == set(json.loads(result.stdout)["head"]["vars"]) for row in rows)  # no unbound column


def test_every_kg_term_named_is_in_the_ontology():
    ontology = Graph().parse(ROOT / "ontology" / "kg.ttl", format="turtle")
    declared = {str(s) for s in ontology.subjects()}
    named = set(re.findall(r"\bkg:([A-Za-z][A-Za-z0-9]*)", _section()))
    assert named and {f"{KG._NS}{name}" for name in named} <= declared, named
