"""The value grammar: cell text → typed values (targets, amounts, periods), originals kept.

The parse stage reads tables with it (is this cell a target?) and turns them into records;
kg.parse.project applies it to every cell of a table."""

from __future__ import annotations

from kg.normalise.numbers import parse_amount
from kg.normalise.targets import parse_target

__all__ = ["parse_amount", "parse_target"]
