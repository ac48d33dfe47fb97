"""Named queries (``queries/<name>.rq``) and free SPARQL over the store.

A named query opens with comment lines ``# question:``, ``# params:`` and
``# columns:``. Parameter values go in as SPARQL substitutions, never spliced
into the query text.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.errors import UsageError
from kg.rdf.names import PREFIXES
from kg.resources import queries_dir

RESULT_FORMATS = {"json": ox.QueryResultsFormat.JSON, "csv": ox.QueryResultsFormat.CSV,
                  "tsv": ox.QueryResultsFormat.TSV, "xml": ox.QueryResultsFormat.XML}
_HEADER = re.compile(r"^#\s*(question|params|columns|pages|keys|answer):\s*(.*)$")


class QueryNotFound(UsageError):
    """No ``queries/<name>.rq``."""


class QueryError(UsageError):
    """The SPARQL text does not parse, or its evaluation failed."""


@dataclass(frozen=True)
class NamedQuery:
    """One ``.rq`` file: its name, question, parameter names and text; ``pages``: the variable
    naming each row's document, in a listing that is paged by document; ``keys``: the variables
    naming each row's group and node, in a listing whose pages sort these alone (both: kg.query.paging);
    ``kept``: a query without parameters whose answer every build keeps in pages (``# answer: kept``)."""

    name: str
    question: str
    params: tuple[str, ...]
    text: str
    path: Path
    pages: str | None = None
    keys: tuple[str, ...] | None = None
    kept: bool = False


def list_queries(directory: Path | None = None) -> list[NamedQuery]:
    """Every named query, sorted by name."""
    folder = directory or queries_dir()
    return [load_query(name, folder) for name in sorted(p.stem for p in folder.glob("*.rq"))]


@lru_cache(maxsize=None)
def internal_query(name: str) -> str:
    """``queries/internal/<name>.rq``: a query a stage runs for itself (the view, the stats, the
    search documents), kept beside the named queries it resembles rather than inside Python."""
    return (queries_dir() / "internal" / f"{name}.rq").read_text(encoding="utf-8")


def load_query(name: str, directory: Path | None = None) -> NamedQuery:
    """Read ``queries/<name>.rq`` and its header."""
    folder = directory or queries_dir()
    path = folder / f"{name}.rq"
    try:
        found = path.is_file()
    except OSError:  # a name longer than a file name may be
        found = False
    if not found:
        known = ", ".join(sorted(p.stem for p in folder.glob("*.rq")))
        raise QueryNotFound(f"no named query {name!r}; known queries: {known} (see `kg queries`)")
    text = path.read_text(encoding="utf-8")
    header = {}
    for line in text.splitlines():
        match = _HEADER.match(line)
        if match:
            header[match.group(1)] = match.group(2).strip()
        elif line.strip() and not line.startswith("#"):
            break
    params = header.get("params", "none")
    names = () if params in ("", "none") else tuple(
        part.split("—")[0].split(" ")[0].strip() for part in params.split(";"))
    pages = header.get("pages", "").split(" ")[0].lstrip("?$") or None
    keys = tuple(re.findall(r"[?$](\w+)", header.get("keys", "").split("—")[0])) or None
    kept = header.get("answer", "").startswith("kept") and not names
    return NamedQuery(name, header.get("question", ""), names, text, path, pages, keys, kept)


PANDAS_MISSING = "to_df() needs pandas: pip install pandas, or install kg with its extra: pip install 'kg[pandas]'"


@dataclass
class QueryResult:
    """The variables and rows of a SELECT, as Python values (str, int, Decimal, None).
    ``total``: for a page of an answer, how many rows the whole answer has."""

    columns: list[str]
    rows: list[tuple[Any, ...]]
    total: int | None = None

    def dicts(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row)) for row in self.rows]

    def to_df(self):
        """A pandas DataFrame (pandas is optional: ``pip install 'kg[pandas]'``)."""
        try:
            import pandas as pd  # noqa: PLC0415
        except ImportError:
            raise UsageError(PANDAS_MISSING) from None
        return pd.DataFrame(self.rows, columns=self.columns)


def execute(store: ox.Store, text: str, bindings: dict[str, str] | None = None, *, union: bool = False,
            terms: dict[str, ox.NamedNode | ox.Literal] | None = None):
    """Run SPARQL text with the standard prefixes known and values put in: ``bindings`` as plain
    literals written into the query (:func:`inline_values`), ``terms`` substituted as they are
    (IRIs, typed literals).

    ``union``: patterns outside ``GRAPH`` match every graph (for ad-hoc queries; the named
    queries name their graphs, since default-graph semantics differ between stores).
    """
    text = inline_values(text, bindings)
    substitutions = {ox.Variable(k): v for k, v in (terms or {}).items()}
    try:
        return store.query(text, prefixes=PREFIXES, substitutions=substitutions or None,
                           use_default_graph_as_union=union)
    except SyntaxError as exc:
        raise QueryError(f"SPARQL syntax error: {exc}") from None
    except OSError as exc:
        raise QueryError(f"query failed: {exc}") from None


_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


def inline_values(text: str, bindings: dict[str, str | ox.NamedNode] | None) -> str:
    """The query with each parameter's value written in as an escaped literal (an IRI for a
    NamedNode; pyoxigraph's own N-Triples form, so no value can change the query) in place of
    its variable in the WHERE clause, and bound to it at the clause's end so that it is still a
    column.

    Not Oxigraph's substitutions: Oxigraph 0.5 joins a substituted value after evaluating the
    patterns, so ``target-trend`` read every indicator of the store (78 s at 100k projects)
    where the written-in name is looked up first (2.3 s)."""
    if not bindings:
        return text
    start = _WHERE.search(text)
    if start is None:
        raise QueryError("a query with parameters needs a WHERE clause")
    depth, end = 0, len(text)
    for end in range(start.end() - 1, len(text)):
        depth += {"{": 1, "}": -1}.get(text[end], 0)
        if depth == 0:
            break
    body = text[start.end():end]
    terms = {name: str(value if isinstance(value, ox.NamedNode) else ox.Literal(value))
             for name, value in bindings.items()}
    for name, term in terms.items():
        body = re.sub(r"[?$]" + re.escape(name) + r"(?!\w)", lambda _, term=term: term, body)
    binds = "".join(f"  BIND ({term} AS ?{name})\n" for name, term in terms.items())
    return text[:start.end()] + body + binds + text[end:]


def with_iri(text: str, variable: str, iri: str) -> str:
    """The query with ``iri`` written in place of ``?variable`` (or ``$variable``): Oxigraph then
    starts from that node, where a VALUES, a subquery or a substitution is joined after the
    patterns. The IRI is checked by pyoxigraph, so it cannot change the query."""
    return re.sub(r"[?$]" + re.escape(variable) + r"(?![\w\u00B7\u0300-\u036F\u203F-\u2040])",
                  lambda _: str(ox.NamedNode(iri)), text)


def bind(query: NamedQuery, params: dict[str, str]) -> dict[str, str]:
    """Check the given parameters against the query's; all are required."""
    unknown = sorted(set(params) - set(query.params))
    if unknown:
        takes = ", ".join(query.params) or "no parameters"
        raise UsageError(f"query {query.name} does not take {', '.join(unknown)} (it takes {takes})")
    missing = [p for p in query.params if p not in params]
    if missing:
        raise UsageError(f"query {query.name} needs " + " ".join(f"--param {m}=…" for m in missing))
    return params


def select_dicts(store: ox.Store, text: str) -> list[dict[str, Any]]:
    """The rows of a SELECT as dicts of Python values (see :func:`python_value`)."""
    solutions = execute(store, text)
    names = [v.value for v in solutions.variables]
    return [{n: python_value(s[n]) for n in names} for s in solutions]


def to_result(solutions) -> QueryResult:
    """Materialise SELECT solutions as Python values."""
    if not isinstance(solutions, ox.QuerySolutions):
        raise UsageError("only SELECT queries can be shown as a table; use --format json/csv/tsv for ASK")
    columns = [v.value for v in solutions.variables]
    rows = [tuple(python_value(solution[c]) for c in columns) for solution in solutions]
    return QueryResult(columns, rows)


XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def select_json(variables: list[str], rows: list[list[Any]]) -> str:
    """A SELECT result as a W3C SPARQL 1.1 JSON results document; ``rows`` hold Oxigraph terms
    or None for unbound (``pyoxigraph.parse_query_results`` reads it back)."""
    bindings = [{v: _json_term(t) for v, t in zip(variables, row) if t is not None} for row in rows]
    return json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}}, ensure_ascii=False)


def _json_term(term) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype is not None and term.datatype.value != XSD_STRING:
        out["datatype"] = term.datatype.value
    return out


def python_value(term) -> Any:
    """A term as a plain value: literals by datatype, IRIs as strings, unbound as None."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        return typed_value(term.value, term.datatype.value if term.datatype else "")
    return term.value


def typed_value(lexical: str, datatype: str) -> Any:
    """A literal's lexical form as Python: integers as int, decimals and doubles as Decimal."""
    if datatype.endswith(("#integer", "#int", "#long")):
        return int(lexical)
    if datatype.endswith(("#decimal", "#double", "#float")):
        return Decimal(lexical)
    return lexical
