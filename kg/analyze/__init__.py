"""Stage: analyze — networkx views of the graph and cross-project analyses."""

from __future__ import annotations

from kg.analyze.analyses import central, communities, find_project, shared, similar
from kg.analyze.network import NODE_TYPES, nodes_of, to_networkx

__all__ = ["NODE_TYPES", "central", "communities", "find_project", "nodes_of", "shared", "similar", "to_networkx"]
