"""Stage 4, nlp: text → tokens, entity mentions, metric families and keywords.

``make_nlp()`` (kg.nlp.pipeline) builds the spaCy pipeline from ``data/pipeline.cfg``; the term
source ``data/terms.tsv`` feeds jieba, the entity patterns and the dictionary exports.
"""
