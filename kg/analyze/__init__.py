"""Stage: analyze — cross-project analyses over a sparse project view, and networkx views
of the graph for exports."""

from __future__ import annotations

from kg.analyze.analyses import central, communities, find_project, shared, shared_node_graph, similar
from kg.analyze.network import NODE_TYPES, nodes_of, to_networkx
from kg.analyze.view import ProjectView, project_view

__all__ = ["NODE_TYPES", "ProjectView", "central", "communities", "find_project", "nodes_of", "project_view",
           "shared", "shared_node_graph", "similar", "to_networkx"]
