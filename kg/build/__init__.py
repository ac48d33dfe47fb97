"""Stage: build — everything ``kg build`` writes: the worker task, the corpus-wide pass, the
store (local or remote, all or nothing), the stats graph, the project view and the search index.

The stages below it (read, parse, normalise, rdf, store) only read and map; query, analyze
and search only read what a build wrote.
"""

from __future__ import annotations

import sys
import types

from kg.build.run import BuildSummary, build, compact

__all__ = ["BuildSummary", "build", "compact"]


class _CallableStage(types.ModuleType):
    """``kg.build(...)`` is the public API's build function, and ``kg.build`` is also this
    package: once it is imported, Python sets the package as the attribute of ``kg``, so the
    package answers a call as the function would."""

    def __call__(self, *args, **kwargs) -> BuildSummary:
        return build(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableStage
