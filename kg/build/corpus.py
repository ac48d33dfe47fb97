"""What one build keeps across its documents: the shared nodes written so far and the facts of
the corpus-wide passes (O001 outliers, keywords, the stats and the project view)."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from kg.build.worker import DocumentResult
from kg.rdf import AUDIT_GRAPH, Minter, finding_quads
from kg.rdf.namespaces import NLP_GRAPH
from kg.rdf.triples import keyword_quads

if TYPE_CHECKING:
    from kg.audit.rules import PeerValue


class Corpus:
    """What one build keeps across documents: the shared nodes written so far, and the
    facts for the corpus-wide passes (O001 outliers, keywords)."""

    def __init__(self, minter: Minter):
        self.minter = minter
        self.described: set[str] = set()
        self.peers: list[PeerValue] = []
        self.term_counts: dict[str, dict[str, int]] = {}
        self.indexed: set[str] = set()
        self.project_names: dict[str, set[str]] = defaultdict(set)
        from kg.analyze.view import Links

        self.links = Links()
        self._words: dict[str, str] = {}

    def add(self, result: DocumentResult) -> str:
        """Keep the document's facts; return the shared nodes it describes first."""
        self.peers.extend(result.peers)
        for project, name, targets, entities in result.links:
            self.project_names[project].add(name)
            self.links.add(project, targets, entities)
        for project, counts in result.term_counts:
            # the same project in two files is one node: its last file's words count
            self.term_counts.pop(project, None)
            self.term_counts[project] = {self._words.setdefault(w, w): n for w, n in counts.items()}
        new = [node for node in result.terms if node not in self.described]
        self.described.update(new)
        return "".join(result.terms[node] for node in new)

    def new_rows(self, rows):
        """Search rows of projects not indexed yet (a project in two files is indexed once)."""
        fresh = [row for row in rows if row[4] not in self.indexed]
        self.indexed.update(row[4] for row in fresh if row[1] == "project")
        return fresh

    def graphs(self, nlp: bool) -> list[tuple[str, list[str]]]:
        from kg.audit.rules import outliers
        from kg.nlp.keywords import top_keywords

        out = [(AUDIT_GRAPH, finding_quads(outliers(self.peers), self.minter, AUDIT_GRAPH))]
        if nlp:
            iris = list(self.term_counts)
            words = top_keywords([self.term_counts[i] for i in iris])
            out.append((NLP_GRAPH, keyword_quads({iri: words[n] for n, iri in enumerate(iris)}, NLP_GRAPH)))
        else:
            out.append((NLP_GRAPH, []))
        return out

