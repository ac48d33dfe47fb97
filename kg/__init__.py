"""kg: budget performance-target tables (项目支出绩效目标表) → exact, normalised records.

Pipeline stages, in order: read → parse → normalise (``kg/pipeline.py`` chains them).

    >>> import kg
    >>> projects = [p for p in kg.extract("corpus/") if isinstance(p, kg.Project)]
"""

from __future__ import annotations

from kg.errors import InputError, KgError, TableError, UsageError
from kg.normalise import parse_target
from kg.output import project_dict
from kg.pipeline import extract
from kg.records import Budget, Indicator, Project, SourceSpan, Target

__version__ = "0.1.0"

__all__ = [
    "Budget",
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
