"""Stage: build — everything ``kg build`` writes: the worker task, the corpus-wide pass, the
store (local or remote, all or nothing), the stats graph, the project view and the search index.

The stages below it (read, parse, normalise, rdf, store) only read and map; query, analyze
and search only read what a build wrote.
"""

from __future__ import annotations

from kg.build.run import BuildSummary, build

__all__ = ["BuildSummary", "build"]
