"""Synthetic corpora: deterministic tables in the published layouts, for tests and benchmarks.

``write_corpus(out, projects=N, seed=S)`` writes one file per budget unit, in a layout
chosen per unit, with Zipf-distributed reuse of metric names and targets (so targets
are shared across projects, as in real corpora), the sample's quirks, a few broken
tables, and ``manifest.json`` saying what extraction must find.
"""

from __future__ import annotations

from kg.synth.generate import LAYOUTS, Manifest, write_corpus

__all__ = ["LAYOUTS", "Manifest", "write_corpus"]
