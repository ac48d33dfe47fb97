"""The project view file a build saves beside its store version (what kg analyze loads)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from kg.analyze.view import ProjectView, view_path


def save_view(view: ProjectView, store: str | Path) -> None:
    """Write the view beside the store (atomically): arrays, and the strings as JSON."""
    strings = {"projects": view.projects, "project_labels": view.project_labels, "nodes": view.nodes,
               "kinds": view.kinds, "labels": view.labels, "metric_of": view.metric_of,
               "family_of": view.family_of, "family_labels": view.family_labels,
               "quantity_of": {t: [c, str(v), u] for t, (c, v, u) in view.quantity_of.items()}}
    text = json.dumps(strings, ensure_ascii=False, sort_keys=True).encode("utf-8")
    target = view_path(store)
    tmp = target.with_name(target.name + ".tmp.npz")
    np.savez(tmp, indptr=view.matrix.indptr, indices=view.matrix.indices,
             shape=np.array(view.matrix.shape), strings=np.frombuffer(text, dtype=np.uint8))
    tmp.replace(target)
