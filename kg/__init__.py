"""kg: budget performance-target tables (项目支出绩效目标表) → records → knowledge graph.

Pipeline stages, in order: read → parse → normalise → (audit, nlp) → rdf → store → query → export
(``kg/pipeline.py`` chains extraction; ``kg/build/`` writes the store).

    >>> import kg
    >>> projects = [p for p in kg.extract("corpus/") if isinstance(p, kg.Project)]
    >>> summary = kg.build("corpus/", store=".kg")
    >>> kg.query("shared-targets", store=".kg").rows
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

from kg.errors import InputError, KgError, ParseWarning, TableError, UsageError
from kg.query import QueryResult, list_queries, query, sparql  # `query` must win over the kg.query module
from kg.records import Budget, Indicator, Project, SourceSpan, Target

if TYPE_CHECKING:  # the public API below is imported when first used, so `import kg` stays light
    from kg.normalise import parse_target
    from kg.output import project_dict
    from kg.build import BuildSummary, build, compact
    from kg.pipeline import extract
    from kg.rdf.shapes import Validation
    from kg.store import open_graph, open_store

# name → the module that defines it: spaCy, jieba, scipy and networkx load only when a stage needs them
_LAZY = {
    "parse_target": "kg.normalise", "project_dict": "kg.output",
    "BuildSummary": "kg.build", "build": "kg.build", "compact": "kg.build", "extract": "kg.pipeline",
    "Validation": "kg.rdf.shapes", "open_graph": "kg.store", "open_store": "kg.store",
}


def __getattr__(name: str):
    if name in _LAZY:
        value = getattr(import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'kg' has no attribute {name!r}")


__version__ = "0.1.0"

__all__ = [
    "Budget",
    "BuildSummary",
    "QueryResult",
    "Validation",
    "build",
    "compact",
    "list_queries",
    "open_graph",
    "open_store",
    "query",
    "sparql",
    "validate",
    "Indicator",
    "InputError",
    "KgError",
    "ParseWarning",
    "Project",
    "SourceSpan",
    "TableError",
    "Target",
    "UsageError",
    "extract",
    "parse_target",
    "project_dict",
]


def validate(*, store: str = ".kg") -> "Validation":
    """SHACL-check the graph in ``store`` against ``ontology/shapes.ttl``."""
    from kg.rdf.shapes import validate_store
    from kg.store import open_store

    return validate_store(open_store(store, read_only=True))
