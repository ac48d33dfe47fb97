"""The ontology files parse, and kg/rdf/namespaces.py declares exactly their terms."""

from __future__ import annotations

import pytest
from rdflib import OWL, RDF, Graph

from kg.rdf import KG
from kg.resources import ontology_file

KG_NS = str(KG._NS)


@pytest.mark.parametrize("name", ["kg.ttl", "indicator-categories.ttl", "shapes.ttl"])
def test_ontology_files_parse(name):
    assert len(Graph().parse(ontology_file(name), format="turtle")) > 20


def test_namespace_declares_exactly_the_ontology_terms():
    graph = Graph().parse(ontology_file("kg.ttl"), format="turtle")
    declared = {str(s)[len(KG_NS):] for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
                for s in graph.subjects(RDF.type, kind) if str(s).startswith(KG_NS)}
    in_code = set(KG.__annotations__)
    assert declared == in_code


def test_every_term_has_chinese_and_english_labels():
    graph = Graph().parse(ontology_file("kg.ttl"), format="turtle")
    from rdflib import RDFS
    for term in KG.__annotations__:
        languages = {label.language for label in graph.objects(KG[term], RDFS.label)}
        assert {"zh", "en"} <= languages, term


def test_a_typo_in_a_term_fails():
    with pytest.raises(AttributeError):
        KG.Projcet  # noqa: B018
