"""A build into a remote store: the Graph Store Protocol, one named graph per document (PUT, so
a reload is idempotent), new shared nodes added to the terms graph (POST)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

import pyoxigraph as ox

from kg.build.corpus import Corpus, evaluation_quads
from kg.build.local import add_to_summary
from kg.build.worker import DocumentResult
from kg.query.remote import result_from_json
from kg.rdf import Minter
from kg.rdf.namespaces import EVALUATION_GRAPH, ONTOLOGY_GRAPH, STATS_GRAPH, TERMS_GRAPH
from kg.resources import ontology_file
from kg.store import ONTOLOGY_FILES
from kg.store.remote import (nquads_to_ntriples, post_graph, put_graph, remote_query, remote_select,
                             split_credentials)

if TYPE_CHECKING:
    from kg.build.run import BuildSummary

REMOTE_BATCH_CHARS = 32 * 2**20  # terms POSTed to a remote store per request


def build_remote(endpoint: str, store_url: str, results: Iterable[DocumentResult], base_iri: str, nlp: bool,
                  summary: "BuildSummary", progress) -> None:
    """PUT the ontology and each document's graph to the remote store, add the new shared
    nodes to its terms graph (POST merges), then the corpus-wide graphs; count its quads."""
    from kg.build.stats import stats_quads

    summary.store = split_credentials(endpoint)[0]  # the summary is printed: no password in it

    ontology = "".join(ontology_file(name).read_text(encoding="utf-8") + "\n" for name in ONTOLOGY_FILES)
    put_graph(store_url, ONTOLOGY_GRAPH, ontology, "text/turtle")
    corpus = Corpus(Minter(base_iri))
    terms: list[str] = []
    for result in results:
        if not add_to_summary(result, summary, progress):
            continue
        graph = corpus.minter.document(result.path)
        with open(result.quads_path, encoding="utf-8") as quads:
            put_graph(store_url, graph, nquads_to_ntriples(quads.readlines(), graph))
        terms.append(corpus.add(result))
        if sum(map(len, terms)) >= REMOTE_BATCH_CHARS:
            post_graph(store_url, TERMS_GRAPH, nquads_to_ntriples("".join(terms).splitlines(keepends=True), TERMS_GRAPH))
            terms = []
    if terms:
        post_graph(store_url, TERMS_GRAPH, nquads_to_ntriples("".join(terms).splitlines(keepends=True), TERMS_GRAPH))
    evaluations, summary.unmatched_evaluations, _, listings = evaluation_quads(remote_select(endpoint),
                                                                             corpus.minter)
    corpus_graphs = [(graph, "".join(texts).splitlines(keepends=True)) for graph, texts in corpus.graphs(nlp)]
    corpus.facts.discard()
    for graph, lines in [*corpus_graphs, (EVALUATION_GRAPH, evaluations)]:
        put_graph(store_url, graph, nquads_to_ntriples(lines, graph))
    # the stats read the corpus-wide graphs too (the audit findings' listing), so they come last
    stats = stats_quads(remote_select(endpoint), listings)
    put_graph(store_url, STATS_GRAPH, nquads_to_ntriples(stats, STATS_GRAPH))
    summary.quads = kg_quads(endpoint, corpus.minter.document(""))


def kg_quads(endpoint: str, documents: str) -> int:
    """The quads in kg's graphs (the fixed ones and each document's under ``documents``): a server
    keeps graphs of its own (Virtuoso's system graphs hold about 2,500 quads) that are not kg's."""
    fixed = ONTOLOGY_GRAPH.rsplit("/", 1)[0] + "/"
    text = ("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
            f"FILTER (STRSTARTS(STR(?g), {ox.Literal(fixed)}) || STRSTARTS(STR(?g), {ox.Literal(documents)})) }}")
    return int(result_from_json(remote_query(endpoint, text)).rows[0][0])

