"""Stage 1, read: bytes on disk → lines that remember their file and line number."""

from __future__ import annotations

from kg.read.text import decode, read_lines, walk_inputs

__all__ = ["decode", "read_lines", "walk_inputs"]
