"""kg: budget performance-target tables (项目支出绩效目标表) → records → knowledge graph.

Pipeline stages, in order: read → parse → normalise → (audit, nlp) → rdf → store → query → export
(``kg/pipeline.py`` chains them up to the store).

    >>> import kg
    >>> projects = [p for p in kg.extract("corpus/") if isinstance(p, kg.Project)]
    >>> summary = kg.build("corpus/", store=".kg")
    >>> kg.query("shared-targets", store=".kg").rows
"""

from __future__ import annotations

from kg.errors import InputError, KgError, TableError, UsageError
from kg.normalise import parse_target
from kg.output import project_dict
from kg.pipeline import BuildSummary, build, extract
from kg.query import QueryResult, list_queries, query, sparql
from kg.rdf.shapes import Validation, validate_store
from kg.store import open_graph, open_store
from kg.records import Budget, Indicator, Project, SourceSpan, Target

__version__ = "0.1.0"

__all__ = [
    "Budget",
    "BuildSummary",
    "QueryResult",
    "Validation",
    "build",
    "list_queries",
    "open_graph",
    "open_store",
    "query",
    "sparql",
    "validate",
    "Indicator",
    "InputError",
    "KgError",
    "Project",
    "SourceSpan",
    "TableError",
    "Target",
    "UsageError",
    "extract",
    "parse_target",
    "project_dict",
]


def validate(*, store: str = ".kg") -> Validation:
    """SHACL-check the graph in ``store`` against ``ontology/shapes.ttl``."""
    return validate_store(open_store(store, read_only=True))
