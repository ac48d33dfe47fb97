"""Named queries and result documents of a remote SPARQL endpoint, as the embedded store gives them."""

from __future__ import annotations

import json
from typing import Any

from kg.query.sparql import QueryResult, bind, load_query, typed_value
from kg.store.remote import remote_query, with_values


def remote_named_query(endpoint: str, name: str, **params: str) -> QueryResult:
    named = load_query(name)
    return result_from_json(remote_query(endpoint, with_values(named.text, bind(named, params))))


def result_from_json(data: bytes) -> QueryResult:
    """W3C SPARQL JSON results as rows of Python values (the same as the embedded store gives)."""
    document = json.loads(data)
    columns = document["head"]["vars"]
    rows = [tuple(_python(b.get(c)) for c in columns) for b in document["results"]["bindings"]]
    return QueryResult(columns, rows)


def _python(binding: dict | None) -> Any:
    return None if binding is None else typed_value(binding["value"], binding.get("datatype", ""))
