"""Projects × shared nodes as a sparse matrix: what the cross-project analyses read.

A project is tied to another only through what they share: targets, metrics and
entities. The view keeps exactly that, as a 0/1 matrix (projects × nodes). ``kg build``
makes it from what it has just read and saves it beside the store (``.kg.view.npz``);
after a build of only some of the store's files it is read from the store instead, with
a few simple patterns (the project of an indicator, goal or mention taken from the
subject's IRI (kg.rdf.iris.owner), not joined). At 100k projects a networkx
graph of the same (860k edges) took 39 s to read; the saved view loads in well under a
second, and the analyses work on it with sparse products and small networkx graphs of
the shared nodes only.
"""

from __future__ import annotations

import json
from array import array
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import numpy as np
from scipy import sparse

from kg.query.sparql import execute, internal_query, typed_value
from kg.rdf.iris import owner
from kg.store import DEFAULT_STORE, open_store

_TARGETS = internal_query("view-targets")
_MENTIONS = internal_query("view-mentions")
_PROJECTS = internal_query("view-projects")
_LABELS = internal_query("view-labels")
_TYPES = internal_query("view-types")
_METRIC_OF = internal_query("view-metric-of")
_FAMILY_OF = internal_query("view-family-of")
_QUANTITIES = internal_query("view-quantities")
_KINDS = {"Target": "target", "Metric": "metric", "Entity": "entity", "MetricFamily": "family"}


@dataclass
class ProjectView:
    """``matrix[p, n]`` is 1 when project ``p`` has target, metric or entity ``n``."""

    projects: list[str]
    project_labels: list[str]
    nodes: list[str]
    kinds: list[str]  # target, metric or entity
    labels: list[str]
    matrix: sparse.csr_matrix
    metric_of: dict[str, str]  # target → metric
    family_of: dict[str, str]  # metric → family
    family_labels: dict[str, str]
    quantity_of: dict[str, tuple[str, Decimal, str]]  # target → (comparator, base value, base unit)

    def column(self, node: int) -> np.ndarray:
        """The projects (row numbers) that have ``node``."""
        csc = self._csc()
        return csc.indices[csc.indptr[node]:csc.indptr[node + 1]]

    def row(self, project: int) -> np.ndarray:
        return self.matrix.indices[self.matrix.indptr[project]:self.matrix.indptr[project + 1]]

    def _csc(self) -> sparse.csc_matrix:
        if not hasattr(self, "_csc_cache"):
            self._csc_cache = self.matrix.tocsc()
        return self._csc_cache


def _pairs(oxi, text: str):
    for solution in execute(oxi, text):
        yield solution[0].value, solution[1].value


class Links:
    """A build's (project, target) and (project, entity) pairs as integer arrays: small
    enough to keep for 100k projects. A project's metrics are its targets' metrics."""

    def __init__(self) -> None:
        self.projects: dict[str, int] = {}
        self.nodes: dict[str, int] = {}
        self.is_target = bytearray()
        self.rows = array("i")
        self.columns = array("i")

    def add(self, project: str, targets, entities=()) -> None:
        row = self.projects.setdefault(project, len(self.projects))
        for flag, nodes in ((1, targets), (0, entities)):
            for node in nodes:
                column = self.nodes.get(node)
                if column is None:
                    column = self.nodes[node] = len(self.nodes)
                    self.is_target.append(flag)
                self.rows.append(row)
                self.columns.append(column)

    def projects_by_target(self) -> dict[str, set[str]]:
        projects = list(self.projects)
        nodes = list(self.nodes)
        out: dict[str, set[str]] = {}
        for row, column in zip(self.rows, self.columns):
            if self.is_target[column]:
                out.setdefault(nodes[column], set()).add(projects[row])
        return out


def project_view(store: str | Path = DEFAULT_STORE) -> ProjectView:
    """The view ``kg build`` saved beside the store, else read from the store."""
    path = view_path(store)
    if path.is_file():
        return load_view(path)
    return read_view(open_store(store, read_only=True))


def read_view(oxi) -> ProjectView:
    """The view read from the store: every indicator's target (and so its metric) and every
    entity mention, the project taken from the subject's IRI."""
    names: dict[str, str] = {}
    for project, label in _pairs(oxi, _PROJECTS):
        names[project] = min(label, names.get(project, label))
    links = Links()
    for indicator, target in _pairs(oxi, _TARGETS):
        links.add(owner(indicator), (target,))
    for subject, entity in _pairs(oxi, _MENTIONS):
        links.add(owner(subject), (), (entity,))
    return view_from_links(oxi, names, links)


def view_from_links(oxi, names: dict[str, str], links: Links) -> ProjectView:
    """The view of these projects and links; labels, kinds, metrics, families and quantities
    of the shared nodes come from the store's terms graph."""
    labels: dict[str, str] = {}
    for node, label in _pairs(oxi, _LABELS):
        labels[node] = min(label, labels.get(node, label))
    kind_of = {node: _KINDS[kind.rsplit("#", 1)[1]] for node, kind in _pairs(oxi, _TYPES)}
    metric_of = dict(_pairs(oxi, _METRIC_OF))
    family_of = dict(_pairs(oxi, _FAMILY_OF))
    quantity_of = {s[0].value: (s[1].value, typed_value(s[2].value, s[2].datatype.value), s[3].value)
                   for s in execute(oxi, _QUANTITIES)}

    for target, metric in metric_of.items():  # a project has the metrics of its targets
        if target in links.nodes:
            links.nodes.setdefault(metric, len(links.nodes))
    metric_column = {links.nodes[t]: links.nodes[m] for t, m in metric_of.items() if t in links.nodes}
    extra_rows = array("i", (r for r, c in zip(links.rows, links.columns) if c in metric_column))
    extra_columns = array("i", (metric_column[c] for c in links.columns if c in metric_column))
    projects = sorted(names, key=lambda p: (names[p], p))
    nodes = sorted(links.nodes, key=lambda n: (kind_of.get(n, ""), labels.get(n, n), n))
    row_of = np.full(len(links.projects), -1, dtype=np.int64)
    position = {p: i for i, p in enumerate(projects)}
    for project, old in links.projects.items():
        row_of[old] = position.get(project, -1)
    column_of = np.empty(len(links.nodes), dtype=np.int64)
    for j, node in enumerate(nodes):
        column_of[links.nodes[node]] = j
    all_rows, all_columns = links.rows + extra_rows, links.columns + extra_columns
    rows = row_of[np.frombuffer(all_rows, dtype=np.int32)] if all_rows else np.empty(0, dtype=np.int64)
    columns = column_of[np.frombuffer(all_columns, dtype=np.int32)] if all_columns else np.empty(0, dtype=np.int64)
    keep = rows >= 0  # mentions of a project the store does not describe
    matrix = sparse.csr_matrix((np.ones(int(keep.sum())), (rows[keep], columns[keep])),
                               shape=(len(projects), len(nodes)))
    matrix.sum_duplicates()
    matrix.sort_indices()
    matrix.data[:] = 1.0  # a project has a node or not
    return ProjectView(projects, [names[p] for p in projects], nodes, [kind_of.get(n, "entity") for n in nodes],
                       [labels.get(n, n) for n in nodes], matrix, metric_of, family_of,
                       {f: labels.get(f, f) for f in set(family_of.values())}, quantity_of)


def view_path(store: str | Path) -> Path:
    """The view of the store's current version (see kg.store.versions)."""
    from kg.store.versions import side_path

    return side_path(store, ".view.npz")


def load_view(path: Path) -> ProjectView:
    with np.load(path) as data:
        strings = json.loads(data["strings"].tobytes().decode("utf-8"))
        indices, indptr, shape = data["indices"], data["indptr"], tuple(data["shape"])
    matrix = sparse.csr_matrix((np.ones(len(indices)), indices, indptr), shape=shape)
    return ProjectView(strings["projects"], strings["project_labels"], strings["nodes"], strings["kinds"],
                       strings["labels"], matrix, strings["metric_of"], strings["family_of"],
                       strings["family_labels"],
                       {t: (c, Decimal(v), u) for t, (c, v, u) in strings["quantity_of"].items()})
