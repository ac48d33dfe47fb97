"""Exports that other tools take as they are: Elasticsearch/OpenSearch, Gephi, Cytoscape, JSON-LD.

Each test runs the command a user runs and reads the file the way the other tool reads it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli

# The create-index API (Elasticsearch 7+ and OpenSearch: "PUT /<index>") takes a body of these
# keys only; a top-level "index" is refused ("unknown key [index] for create index").
CREATE_INDEX_KEYS = {"aliases", "mappings", "settings"}
FIELD_TYPES = {"text", "keyword", "integer", "long", "double", "float", "scaled_float", "boolean", "date", "object",
               "nested"}
BUILT_IN_ANALYZERS = {"standard", "simple", "whitespace", "stop", "keyword", "pattern", "fingerprint"}
IK_ANALYZERS = {"ik_max_word", "ik_smart"}  # the IK plugin's
# The fields a person reads, by path: searched with IK
PROSE = ["goals", "purpose", "description", "title", "text", "target.note", "project", "unit", "metric",
         "family", "entities.name"]
MONEY = ["budget.total", "budget.fiscal", "budget.other"]


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def bulk(store, tmp_path_factory) -> tuple[dict, list[dict]]:
    """``kg export es-bulk``: the mapping file and the documents of the bulk file."""
    out = tmp_path_factory.mktemp("es") / "bulk.ndjson"
    result = run("export", "es-bulk", "--store", store, "-o", str(out), "--index", "kg-budget")
    assert result.exit_code == 0, result.output
    body = json.loads(out.with_name("bulk.mapping.json").read_text(encoding="utf-8"))
    lines = out.read_text(encoding="utf-8").splitlines()
    return body, [json.loads(line) for line in lines[1::2]]


def _fields(properties: dict, prefix: str = "", *, subfields: bool = True) -> dict[str, dict]:
    """Every mapped field by dotted path, with its sub-fields (``project.raw``) unless told not to."""
    out = {}
    for name, spec in properties.items():
        path = prefix + name
        if "properties" in spec:
            out.update(_fields(spec["properties"], path + ".", subfields=subfields))
            continue
        out[path] = spec
        for sub, sub_spec in spec.get("fields", {}).items() if subfields else ():
            out[f"{path}.{sub}"] = sub_spec
    return out


def _leaves(value, prefix: str = ""):
    """(dotted path, value) of every scalar in a document; list items share their field's path."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, f"{prefix}{key}.")
    elif isinstance(value, list):
        for item in value:
            yield from _leaves(item, prefix)
    else:
        yield prefix[:-1], value


def test_the_mapping_file_is_a_create_index_body(bulk):
    """`curl -XPUT localhost:9200/kg-budget -H 'Content-Type: application/json' -d @bulk.mapping.json`"""
    body, _ = bulk
    assert set(body) == {"settings", "mappings"} and set(body) <= CREATE_INDEX_KEYS
    assert "index" not in body and "index" not in body["settings"]  # the name is in the URL only
    assert set(body["mappings"]) == {"dynamic", "properties"} and body["mappings"]["dynamic"] == "strict"
    for path, spec in _fields(body["mappings"]["properties"]).items():
        assert spec["type"] in FIELD_TYPES, path
        if spec["type"] == "scaled_float":
            assert spec["scaling_factor"] > 0, path


def test_every_analyzer_is_known_and_every_defined_one_is_used(bulk):
    body, _ = bulk
    defined = set(body["settings"].get("analysis", {}).get("analyzer", {}))
    used = {spec[key] for spec in _fields(body["mappings"]["properties"]).values()
            for key in ("analyzer", "search_analyzer") if key in spec}
    assert used <= BUILT_IN_ANALYZERS | IK_ANALYZERS | defined
    assert defined <= used  # no analyzer defined and never used


def test_every_text_field_is_analysed_by_ik(bulk):
    body, _ = bulk
    fields = _fields(body["mappings"]["properties"])
    for path in PROSE + ["target.raw.text"]:
        assert fields[path]["type"] == "text", path
        assert (fields[path]["analyzer"], fields[path]["search_analyzer"]) == ("ik_max_word", "ik_smart"), path
    # the only other text fields are kg's own jieba tokens, cut at spaces
    others = {p for p, s in fields.items() if s["type"] == "text" and s.get("analyzer") != "ik_max_word"}
    assert others == {"text_seg", "metric_seg"}
    assert {fields[p]["analyzer"] for p in others} == {"whitespace"}


def test_money_and_values_are_decimal_numbers(bulk):
    """62.5 stays 62.5 in a range query: no field a number lands in is a long."""
    body, docs = bulk
    fields = _fields(body["mappings"]["properties"])
    for path in MONEY:
        assert fields[path]["type"] in ("scaled_float", "double"), path
    assert fields["target.value"]["type"] == fields["target.base_value"]["type"] == "double"
    assert 62.5 in {d["budget"]["total"] for d in docs if d["type"] == "project"}


def test_every_field_of_every_document_is_mapped_with_a_type_that_fits(bulk):
    body, docs = bulk
    fields = _fields(body["mappings"]["properties"])
    fits = {"text": str, "keyword": str, "integer": int, "double": (int, float), "scaled_float": (int, float)}
    seen = set()
    for doc in docs:
        for path, value in _leaves(doc):
            assert path in fields, f"{doc['id']}: {path} is not mapped"
            seen.add(path)
            if value is not None:
                assert isinstance(value, fits[fields[path]["type"]]), (path, value)
                assert not isinstance(value, bool), path
    # and every mapped field occurs in some document (no dead mapping)
    assert set(_fields(body["mappings"]["properties"], subfields=False)) == seen
