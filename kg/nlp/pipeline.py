"""Build the spaCy pipeline from ``kg/nlp/data/pipeline.cfg``, the way spaCy users do."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language
from thinc.api import Config

import kg.nlp.components  # noqa: F401  (registers the kg_entity_ruler factory)
from kg.nlp.terms import quiet_jieba
from kg.resources import stage_data


def make_nlp(*, base: str | None = None) -> Language:
    """A ready pipeline: blank ``zh`` + jieba + ``kg_entity_ruler`` (offline, no model).

    ``base`` names an installed trained pipeline (``zh_core_web_sm``) to use instead;
    the entity component is added before its ``ner``.
    """
    quiet_jieba()  # spaCy's jieba tokenizer loads jieba as it is built
    if base:
        nlp = spacy.load(base)
        nlp.add_pipe("kg_entity_ruler", before="ner" if "ner" in nlp.pipe_names else None,
                     config={"overwrite_ents": False})
        nlp.get_pipe("kg_entity_ruler").initialize(nlp=nlp)
        return nlp
    config = Config().from_disk(stage_data("nlp", "pipeline.cfg"))
    nlp = spacy.util.load_model_from_config(config, auto_fill=True, validate=True)
    nlp.initialize()
    return nlp


@lru_cache(maxsize=1)
def default_nlp() -> Language:
    """One shared pipeline per process (building it loads the dictionary)."""
    return make_nlp()
