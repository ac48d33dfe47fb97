"""Entity mentions in a project's text fields, memoised per distinct text."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator

from spacy.language import Language

from kg.errors import KgError
from kg.nlp.terms import entity_name
from kg.records import Project

FIELDS = ("unit", "project", "purpose", "goal", "indicator", "description")


@dataclass(frozen=True)
class Mention:
    """One entity mention: where (project, field, goal or indicator number) and what."""

    text: str
    label: str
    project: str
    field: str
    start: int
    end: int
    path: str
    line: int
    order: int | None = None  # goal or indicator number within the project
    unit_code: str | None = None
    unit_name: str | None = None
    year: int | None = None

    @property
    def name(self) -> str:
        """The entity's name, as the graph and the search documents know it."""
        return entity_name(self.text)


class MentionFinder:
    """Runs the pipeline once per distinct text: names and descriptions repeat a lot."""

    def __init__(self, nlp: Language):
        self.nlp = nlp
        self.cache: dict[str, tuple[tuple[str, str, int, int], ...]] = {}

    def spans(self, text: str) -> tuple[tuple[str, str, int, int], ...]:
        if text not in self.cache:
            doc = self.nlp(text)
            self.cache[text] = tuple((e.text, e.label_, e.start_char, e.end_char) for e in doc.ents)
        return self.cache[text]

    def mentions(self, project: Project) -> Iterator[Mention]:
        """Every mention in the project's unit, name, purpose, goals, indicator names and descriptions."""
        for field, order, text, line in _fields(project):
            for found, label, start, end in self.spans(text):
                yield Mention(found, label, project.project, field, start, end, project.source.path, line,
                              order, project.unit_code, project.unit_name, project.year)


def _fields(project: Project) -> Iterator[tuple[str, int | None, str, int]]:
    line = project.source.line
    if project.unit_name:
        yield "unit", None, project.unit_name, line
    yield "project", None, project.project, line
    if project.purpose:
        yield "purpose", None, project.purpose, line
    for number, goal in enumerate(project.goals + project.long_term_goals, start=1):
        yield "goal", number, goal, line
    for number, indicator in enumerate(project.indicators, start=1):
        yield "indicator", number, indicator.name, indicator.source.line
        if indicator.description:
            yield "description", number, indicator.description, indicator.source.line


@lru_cache(maxsize=1)
def default_finder() -> MentionFinder:
    """One mention finder per process: its cache of texts is what makes the NLP stage cheap."""
    from kg.nlp.pipeline import default_nlp

    return MentionFinder(default_nlp())


def find_mentions(paths: Iterable[str | Path] | str | Path, *,
                  encoding: str | None = None) -> tuple[list, list[KgError]]:
    """Extract ``paths`` and find the entity mentions in every project's text."""
    finder = default_finder()
    mentions: list = []
    errors: list[KgError] = []
    from kg.pipeline import extract_documents  # the NLP stage reads what extraction gives

    for document in extract_documents(paths, encoding=encoding):
        errors.extend(document.errors)
        for project in document.projects:
            mentions.extend(finder.mentions(project))
    return mentions, errors

