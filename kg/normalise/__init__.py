"""Stage 3, normalise: cell text → typed values (targets, amounts), originals kept."""

from __future__ import annotations

from kg.normalise.numbers import parse_amount
from kg.normalise.project import normalise
from kg.normalise.targets import parse_target

__all__ = ["normalise", "parse_amount", "parse_target"]
