"""JSON-LD: a context generated from the ontology, one named graph per graph of the store,
one tree per project.

The top-level ``@graph`` holds one ``{"@id": graph, "@graph": [...]}`` per named graph: each
source document's graph, and the terms, stats, keywords and audit graphs. In a document's
graph each project embeds its goals and indicators; shared nodes (units, metrics, targets,
entities, findings) stand once in their graph and are referenced by ``@id``. Literals keep
their exact lexical form, so the document parses back into the same quads.
"""

from __future__ import annotations

import json
from collections import defaultdict
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from kg.rdf.names import KG_NS, ONTOLOGY_GRAPH, PREFIXES
from kg.resources import ontology_file

if TYPE_CHECKING:  # rdflib loads when a JSON-LD document is made, not with the CLI
    from rdflib import Graph

KEY_STYLES = ("en", "zh")
EMBEDDED = (KG_NS + "hasGoal", KG_NS + "hasIndicator")
XSD = PREFIXES["xsd"]
_EXTRA_TERMS = {  # standard properties kg writes, with readable keys
    "label": ("rdfs:label", "名称", None), "prefLabel": ("skos:prefLabel", "规范名称", None),
    "identifier": ("org:identifier", "编码", None), "wasDerivedFrom": ("prov:wasDerivedFrom", "来源", "@id"),
    "broader": ("skos:broader", "上位类别", "@id"),
}


@lru_cache(maxsize=2)
def context(keys: str = "en") -> dict[str, Any]:
    """The ``@context``: prefixes, then one term per ontology property, typed by its range."""
    from rdflib import OWL, RDF, RDFS, Graph  # noqa: PLC0415

    onto = Graph().parse(ontology_file("kg.ttl"), format="turtle")
    ctx: dict[str, Any] = {p: ns for p, ns in sorted(PREFIXES.items())}
    ctx.update({"id": "@id", "type": "@type"})
    for name, (curie, zh, kind) in _EXTRA_TERMS.items():
        ctx[zh if keys == "zh" else name] = {"@id": curie, **({"@type": kind} if kind else {})}
    for prop in sorted(set(onto.subjects(RDF.type, OWL.ObjectProperty)) | set(onto.subjects(RDF.type, OWL.DatatypeProperty))):
        local = str(prop)[len(KG_NS):]
        key = local
        if keys == "zh":
            key = next((str(l) for l in onto.objects(prop, RDFS.label) if l.language == "zh"), local)
        definition: dict[str, Any] = {"@id": f"kg:{local}"}
        if (prop, RDF.type, OWL.ObjectProperty) in onto:
            definition["@type"] = "@id"
        else:
            rng = onto.value(prop, RDFS.range)
            if rng is not None and str(rng) != XSD + "string":
                definition["@type"] = "xsd:" + str(rng)[len(XSD):]
        ctx[key] = definition
    return ctx


def _term_index(ctx: dict[str, Any]) -> dict[str, tuple[str, str | None]]:
    """Full property IRI → (key, coerced type)."""
    out = {}
    for key, definition in ctx.items():
        if isinstance(definition, dict):
            prefix, _, local = definition["@id"].partition(":")
            out[PREFIXES[prefix] + local] = (key, definition.get("@type"))
    return out


def data_graphs(store: ox.Store) -> dict[str, Graph]:
    """Each named graph of the store but the ontology, by graph IRI."""
    from rdflib import Graph  # noqa: PLC0415

    graphs = {}
    for name in store.named_graphs():
        if name.value != str(ONTOLOGY_GRAPH):
            data = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=name)
            graphs[name.value] = Graph().parse(data=data.decode("utf-8"), format="nt")
    return graphs


def to_jsonld(graphs: dict[str, Graph], *, keys: str = "en") -> dict[str, Any]:
    """Named graphs as one compacted JSON-LD document, a tree per project (deterministic)."""
    ctx = context(keys)
    terms = _term_index(ctx)
    named = [{"@id": name, "@graph": _trees(graphs[name], terms)} for name in sorted(graphs)]
    return {"@context": ctx, "@graph": named}


def _trees(graph: Graph, terms: dict[str, tuple[str, str | None]]) -> list[dict[str, Any]]:
    """The nodes of one graph, goals and indicators embedded in their project."""
    from rdflib import RDF  # noqa: PLC0415

    nodes: dict[str, dict[str, Any]] = {}
    embedded: set[str] = set()
    children: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for s, p, o in sorted(graph):
        node = nodes.setdefault(str(s), {"id": str(s)})
        if p == RDF.type:
            node.setdefault("type", []).append(_compact(str(o)))
            continue
        if str(p) in EMBEDDED:
            children[str(s)][str(p)].append(str(o))
            embedded.add(str(o))
            continue
        key, coerced = terms.get(str(p), (str(p), None))
        node.setdefault(key, []).append(_value(o, coerced))
    for parent, by_prop in children.items():
        for prop, ids in by_prop.items():
            key = terms[prop][0]
            nodes[parent][key] = [_tidy(nodes.get(i, {"id": i})) for i in sorted(ids)]
    return [_tidy(node) for iri, node in sorted(nodes.items()) if iri not in embedded]


def _tidy(node: dict[str, Any]) -> dict[str, Any]:
    """Single values unwrapped, keys sorted (id and type first)."""
    out = {k: node[k] for k in ("id", "type") if k in node}
    for key in sorted(k for k in node if k not in ("id", "type")):
        out[key] = node[key][0] if len(node[key]) == 1 else node[key]
    if "type" in out and isinstance(out["type"], list) and len(out["type"]) == 1:
        out["type"] = out["type"][0]
    return out


def _compact(iri: str) -> str:
    for prefix, namespace in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if prefix != "kgr" and iri.startswith(namespace) and "/" not in iri[len(namespace):]:
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


def _value(o, coerced: str | None) -> Any:
    from rdflib import Literal, URIRef  # noqa: PLC0415

    if isinstance(o, URIRef):
        return str(o) if coerced == "@id" else {"@id": str(o)}
    assert isinstance(o, Literal)
    if o.language:
        return {"@value": str(o), "@language": o.language}
    datatype = str(o.datatype) if o.datatype else XSD + "string"
    if coerced and coerced.startswith("xsd:") and datatype == XSD + coerced[4:]:
        if coerced == "xsd:integer":
            return int(str(o))
        if coerced == "xsd:boolean":
            return str(o) == "true"
        return str(o)
    if datatype == XSD + "string" and coerced is None:
        return str(o)
    return {"@value": str(o), "@type": _compact(datatype)}


def jsonld_text(store: ox.Store, *, keys: str = "en") -> str:
    return json.dumps(to_jsonld(data_graphs(store), keys=keys), ensure_ascii=False, indent=1) + "\n"
