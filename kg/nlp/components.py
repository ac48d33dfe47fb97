"""The ``kg_entity_ruler`` spaCy component: term-source patterns plus rules.

Registered by name, built from config, its data loaded in ``initialize`` (not at import).
"""

from __future__ import annotations

import re
from typing import Callable, Iterable

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from kg.nlp.terms import ENTITY_TYPES, initialise_jieba, terms
from kg.resources import read_tsv, read_words

MAX_LEFT_TOKENS = 4
_CJK = re.compile(r"^[\u4e00-\u9fff0-9A-Za-z]+$")
_OPENING_QUOTES = ("“", "「", "『", '"')
_CLOSING_QUOTES = ("”", "」", "』", '"')


@Language.factory("kg_entity_ruler", default_config={"overwrite_ents": True})
def make_entity_ruler(nlp: Language, name: str, overwrite_ents: bool) -> "KgEntityRuler":
    return KgEntityRuler(nlp, name, overwrite_ents=overwrite_ents)


class KgEntityRuler:
    """Marks ORG, PLATFORM, PUBLICATION, POPULATION and ACTIVITY spans in ``doc.ents``."""

    def __init__(self, nlp: Language, name: str, *, overwrite_ents: bool = True):
        self.nlp = nlp
        self.name = name
        self.overwrite_ents = overwrite_ents
        self.matcher: PhraseMatcher | None = None
        self.regexes: list[tuple[str, re.Pattern[str]]] = []
        self.suffixes: list[tuple[str, str]] = []
        self.words: dict[str, str] = {}
        self.boundary: frozenset[str] = frozenset()
        self.not_entities: frozenset[str] = frozenset()

    def initialize(self, get_examples: Callable[[], Iterable] | None = None, *, nlp: Language | None = None) -> None:
        """Load the term source and the rules; give jieba the domain dictionary first."""
        initialise_jieba()
        self.matcher = PhraseMatcher(self.nlp.vocab)
        for term in terms():
            if term.type in ENTITY_TYPES:
                self.matcher.add(term.type, [self.nlp.make_doc(term.text)])
        for label, kind, pattern in read_tsv("nlp", "entity_rules.tsv"):
            if kind == "regex":
                self.regexes.append((label, re.compile(pattern)))
            elif kind == "suffix":
                self.suffixes.append((label, pattern))
            elif kind == "word":
                self.words[pattern] = label
        self.suffixes.sort(key=lambda pair: -len(pair[1]))
        self.boundary = frozenset(read_words("nlp", "boundary.txt"))
        self.not_entities = frozenset(read_words("nlp", "not_entities.txt"))

    def __call__(self, doc: Doc) -> Doc:
        if self.matcher is None:
            self.initialize()
        spans = [Span(doc, start, end, label=self.nlp.vocab.strings[match_id])
                 for match_id, start, end in self.matcher(doc)]
        for label, regex in self.regexes:
            for found in regex.finditer(doc.text):
                span = doc.char_span(found.start(), found.end(), label=label, alignment_mode="expand")
                if span is not None:
                    spans.append(span)
        for token in doc:
            spans.extend(self._token_spans(doc, token))
        # Longest span wins; a term-source match and a rule agreeing give one span.
        chosen = filter_spans(spans)
        doc.ents = chosen if self.overwrite_ents else filter_spans(list(doc.ents) + chosen)
        return doc

    def _token_spans(self, doc: Doc, token) -> Iterable[Span]:
        text = token.text
        if text in self.words:
            yield Span(doc, token.i, token.i + 1, label=self.words[text])
        if text in self.not_entities:
            return
        for label, suffix in self.suffixes:
            if text.endswith(suffix):
                start = self._left_edge(doc, token.i)
                if token.i + 1 - start > 1 or len(text) > len(suffix):
                    yield Span(doc, start, token.i + 1, label=label)
                break

    def _left_edge(self, doc: Doc, i: int) -> int:
        """Extend a name leftwards over name-like tokens; a quoted run (“天津党建”) joins whole."""
        start = i
        while start > 0 and i - start < MAX_LEFT_TOKENS:
            left = doc[start - 1].text
            if left in _CLOSING_QUOTES:
                opening = next((j for j in range(start - 2, max(start - 8, -1), -1)
                                if doc[j].text in _OPENING_QUOTES), None)
                if opening is not None:
                    start = opening
                break
            if left in self.boundary or left in self.words or not _CJK.match(left) or not _name_like(left):
                break
            start -= 1
        return start


def _name_like(word: str) -> bool:
    """Can this word be part of a name? Not a verb or a time word (jieba's POS dictionary);
    words jieba does not tag (domain terms, numbers) can."""
    import jieba.posseg  # noqa: PLC0415

    tag = jieba.posseg.dt.word_tag_tab.get(word)
    return tag is None or not (tag in ("v", "vd", "t", "tg", "d", "p", "c", "u", "r") or tag.startswith("v") and tag != "vn")
