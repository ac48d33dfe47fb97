"""Deterministic, readable IRIs: the same input always mints the same IRI.

unit by code, project by unit + name, project-year by project + fiscal year, indicator and
goal by project-year + source document + row (two files that hold one project-year give two
sets of indicators), metric by its normalised name, target by metric + comparator + base value + base unit, so a
shared target is one node and "which projects share it" is a join.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache
from urllib.parse import unquote
from decimal import Decimal

import pyoxigraph as ox

from kg.errors import UsageError
from kg.records import Project, Target

# Characters an IRI may not hold, and the ones that would split our path segments.
_ESCAPE = set(' <>"{}|\\^`%/?#[]') | {chr(c) for c in range(0x20)} | {"\x7f"}
COMPARATOR_NAMES = {"≥": "ge", "≤": "le", ">": "gt", "<": "lt", "=": "eq"}
UNDATED = "未注明年度"  # the year segment of a project-year whose table names no year


@lru_cache(maxsize=1 << 17)  # names, categories and targets repeat across projects
def key(text: str) -> str:
    """The identity of a name: NFKC, whitespace removed (``党员　满意度`` = ``党员满意度``)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


@lru_cache(maxsize=1 << 16)  # names repeat across projects; minting is on the build's hot path
def segment(text: str) -> str:
    """One IRI path segment: the name's key, unsafe characters percent-encoded."""
    return "".join(_percent(ch) if ch in _ESCAPE or (ch >= "\x80" and _outside_iri(ch)) else ch
                   for ch in key(text)) or "_"


def _outside_iri(ch: str) -> bool:
    """Characters RFC 3987 does not allow in an IRI path (ucschar): C1 controls, private-use
    characters (which GB18030 text decodes some rare hanzi to) and non-characters."""
    code = ord(ch)
    return (0x80 <= code <= 0x9F or 0xE000 <= code <= 0xF8FF or 0xFDD0 <= code <= 0xFDEF or code >= 0xF0000
            or (code & 0xFFFE) == 0xFFFE or 0xFFF0 <= code <= 0xFFFF)


def _percent(ch: str) -> str:
    return "".join(f"%{b:02X}" for b in ch.encode("utf-8"))


@lru_cache(maxsize=1 << 14)
def document_key(path: str) -> str:
    """A short, stable key of a source document, for the IRIs of the rows it holds."""
    return hashlib.sha1(path.replace("\\", "/").encode("utf-8", "surrogateescape")).hexdigest()[:8]


def owner(iri: str) -> str:
    """The project-year IRI of a project-year, goal, indicator or finding IRI
    (``<project>/<year>/indicator/<doc>/<n>``)."""
    for part in ("/indicator/", "/goal/"):
        if part in iri:
            return iri.rsplit(part, 1)[0]
    return iri


def finding_iri(subject: str, rule: str) -> str:
    """An audit finding: the project-year or indicator it is about + its rule (Q001)."""
    return f"{subject}/finding/{rule}"


def family_target_iri(family: str, comparator: str, value: str, unit: str) -> str:
    """A family target of the stats graph: one comparator, base value and unit under a metric
    family (``…/family/满意度/target/ge/95/%``); ``value`` is the base value's canonical text."""
    return f"{family}/target/{COMPARATOR_NAMES.get(comparator) or segment(comparator)}/{value}/{segment(unit)}"


def stats_node_iri(stats_graph: str, kind: str, *parts: str) -> str:
    """A node of the stats graph that no document names: a listing and its parts
    (``…/stats/listing/projects/12``), a category pair, a unit's budget in one money unit.
    ``parts`` are IRIs or names, each made one segment."""
    return "/".join([stats_graph, kind, *(segment(p) for p in parts)])


LISTING_BUCKET = 100  # rows of a paged listing per bucket node of the stats graph


def listing_iri(stats_graph: str, name: str, *, part: int | None = None, bucket: int | None = None) -> str:
    """A paged listing's node in the stats graph (``…/stats/listing/projects``), one of its parts
    (the part whose first row is ``part``: ``…/projects/120``) or one of its buckets (rows
    ``bucket`` … ``bucket + LISTING_BUCKET - 1``: ``…/projects/rows/100``)."""
    if part is not None:
        return stats_node_iri(stats_graph, "listing", name, str(part))
    if bucket is not None:
        return stats_node_iri(stats_graph, "listing", name, "rows", str(bucket))
    return stats_node_iri(stats_graph, "listing", name)


def answer_iri(stats_graph: str, name: str, *, page: int | None = None) -> str:
    """A kept answer's node in the stats graph (``…/stats/answer/budget-by-unit``), or its page
    whose first row is ``page`` (``…/budget-by-unit/200``: a multiple of ``LISTING_BUCKET``)."""
    if page is not None:
        return stats_node_iri(stats_graph, "answer", name, str(page))
    return stats_node_iri(stats_graph, "answer", name)


def is_indicator(iri: str) -> bool:
    """Whether an IRI minted here names an indicator (not a project-year or goal)."""
    return "/indicator/" in iri


def project_key(iri: str) -> str:
    """How a user names a project-year: ``…/project/340105/市委组织部履职提升项目经费/2025`` →
    ``340105/市委组织部履职提升项目经费/2025`` (no year part when the table names none)."""
    key = unquote(owner(iri).rpartition("/project/")[2])
    return key.removesuffix("/" + UNDATED)


def decimal_text(value: Decimal) -> str:
    """Canonical decimal without exponent: 200000, 3565000, 0.5."""
    text = format(value.normalize(), "f")
    return text if text != "-0" else "0"


class Minter:
    """Mints the IRIs of one build under ``base`` (``http://example.org/kg/id/`` by default)."""

    def __init__(self, base: str):
        self.base = base if base.endswith(("/", "#")) else base + "/"
        try:  # the store loads minted IRIs without checking them again (see kg.store.BulkLoader)
            ox.NamedNode(self.base + "x")
        except ValueError:
            raise UsageError(f"the base IRI {base!r} is not an absolute IRI (e.g. http://example.org/kg/id/)") from None

    def document(self, path: str) -> str:
        return f"{self.base}doc/" + "/".join(segment(part) for part in path.replace("\\", "/").split("/") if part)

    def unit(self, project: Project) -> str:
        return f"{self.base}unit/{segment(project.unit_code or project.unit_name or '未注明单位')}"

    def project(self, project: Project) -> str:
        """The project across its years: unit + name."""
        unit = segment(project.unit_code or project.unit_name or "未注明单位")
        return f"{self.base}project/{unit}/{segment(project.project)}"

    def project_year(self, project: Project) -> str:
        """The project in one fiscal year (one year's table): the project + the year."""
        return self.project_year_of(project.unit_code, project.unit_name, project.project, project.year)

    def project_year_of(self, unit_code: str | None, unit_name: str | None, name: str, year: int | None) -> str:
        unit = segment(unit_code or unit_name or "未注明单位")
        return f"{self.base}project/{unit}/{segment(name)}/{year if year is not None else UNDATED}"

    def indicator(self, project_iri: str, document: str, order: int) -> str:
        """The ``order``-th indicator row of the project's table in ``document`` (its path)."""
        return f"{project_iri}/indicator/{document_key(document)}/{order}"

    def goal(self, project_iri: str, document: str, order: int) -> str:
        return f"{project_iri}/goal/{document_key(document)}/{order}"

    def metric(self, name: str) -> str:
        return f"{self.base}metric/{segment(name)}"

    def target(self, metric_name: str, target: Target) -> str:
        metric = segment(metric_name)
        if target.numeric:
            unit = segment(target.base_unit or "无单位")
            return (f"{self.base}target/{metric}/{COMPARATOR_NAMES[target.comparator]}/"
                    f"{decimal_text(target.base_value)}/{unit}")
        return f"{self.base}target/{metric}/text/{segment(target.raw)}"

    def entity(self, label: str, name: str) -> str:
        return f"{self.base}entity/{label}/{segment(name)}"

    def family(self, family_key: str) -> str:
        return f"{self.base}family/{segment(family_key)}"

    def category(self, label: str) -> str:
        return f"{self.base}category/{segment(label)}"
