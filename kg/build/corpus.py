"""What one build keeps across its documents: the shared nodes written so far and the facts of
the corpus-wide passes (O001 outliers, keywords, the stats and the project view), and the pass
that matches self-evaluations to the target tables they evaluate."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Iterator

from kg.build.facts import FactsFile, unpacked_facts
from kg.build.worker import DocumentResult
from kg.rdf import AUDIT_GRAPH, Minter, finding_quads
from kg.rdf.iris import owner
from kg.rdf.namespaces import EVALUATION_GRAPH, KG, NLP_GRAPH
from kg.rdf.triples import QuadWriter, keyword_quads

if TYPE_CHECKING:
    from kg.audit.evaluations import EvaluationRow
    from kg.build.stats import QueryFigures
    from kg.audit.rules import PeerValue

Select = Callable[[str], Iterable[tuple[str, ...]]]
_KG_evaluates = str(KG.evaluates)


class Corpus:
    """What one build keeps across documents: the shared nodes written so far, and the
    facts for the corpus-wide passes (O001 outliers, keywords)."""

    def __init__(self, minter: Minter, facts: Path | None = None, spool: str | None = None):
        self.minter = minter
        self.described: set[str] = set()
        # the documents' facts (O001's peer values, the keywords' term counts) go to a file as they
        # come, and the corpus-wide passes read them back from it: held here, at 1M projects they
        # took gigabytes (kg.build.facts; ``facts``: the store's side file, else a temporary one)
        self.facts = FactsFile(facts, spool)
        self.project_names = ProjectNames()
        from kg.analyze.view import Links

        self.links = Links()
        # one string per project-year IRI (and money unit), however many results and facts name
        # it (each result brings its own copies through the pipe: 100k projects' IRIs held eight
        # times over)
        self._strings: dict[str, str] = {}
        # (一级, 二级) → its indicators' count and their project-years: the stats graph's category
        # figures, counted here rather than read back from the store (20 s at 100k projects)
        self.category_indicators: dict[tuple[str, str], int] = defaultdict(int)
        # their project-years as bits, each at the project-year's row in the links (a set of IRIs
        # per pair held every project-year up to nine times at 1M projects)
        self.category_projects: dict[tuple[str, str], bytearray] = defaultdict(bytearray)
        self._fresh: set[str] = set()  # the project-years the last result named first
        # the other figures of the stats graph, from the documents' (kg.build.stats.DocumentFigures)
        # distinct (project-year, unit, money unit, total|fiscal|other): the amounts as one text,
        # not three Decimals (a third of the size: 1M projects' budgets are held to the end)
        self.budgets: set[tuple[str, str, str, str]] = set()
        self.costs: dict[str, Decimal] = defaultdict(Decimal)
        self.mentions: dict[str, int] = defaultdict(int)  # by goals and indicators: each its document's own
        self.mentioning_project_years: dict[str, set[str]] = defaultdict(set)
        self.mention_rows: set[tuple[str, str, str, str]] = set()  # projects-by-entity's rows
        self.target_groups: dict[tuple[str, str], int] = defaultdict(int)  # metric-targets' groups
        self.listing_rows: dict[str, dict[str, tuple[int, str]]] = defaultdict(dict)  # listing → part → rows, key
        self.outlier_rows: dict[str, int] = {}  # document graph → its O001 findings, once counted
        # for the self-evaluation pass: each project's row files, and the projects evaluated
        self.row_files: dict[str, list[str]] = defaultdict(list)
        self.self_evaluated: set[str] = set()

    def add(self, result: DocumentResult) -> str:
        """Keep the document's facts; return the shared nodes it describes first."""
        self.facts.add(result.path, result.facts)
        shared = self._shared
        self._fresh = set()
        for project, name, targets, entities in result.links:
            project = shared(project)
            if project not in self.links.projects:
                self._fresh.add(project)
            self.project_names.add(project, name)
            self.links.add(project, targets, entities)
        for pair, (indicators, project_years) in result.category_pairs.items():
            # an indicator's IRI carries its file's key: two files never count one twice
            self.category_indicators[pair] += indicators
            bits = self.category_projects[pair]
            for project in project_years:
                _set_bit(bits, self.links.projects[project])
        self._add_figures(result)
        new = [node for node in result.terms if node not in self.described]
        self.described.update(new)
        return "".join(result.terms[node] for node in new)

    def keep_facts(self, document: str, facts: bytes) -> None:
        """Keep the facts of a document this build does not read (from the store's side file)."""
        self.facts.add(document, facts)

    def _add_figures(self, result: DocumentResult) -> None:
        figures = result.figures
        if figures is None:
            return
        shared = self._shared
        self.budgets.update((shared(project), shared(unit), shared(money_unit), _packed(amounts))
                            for project, unit, money_unit, *amounts in figures.budgets)
        for project, cost in figures.costs:
            self.costs[shared(project)] += cost
        for entity, (count, project_years) in figures.mentions.items():
            self.mentions[entity] += count
            self.mentioning_project_years[entity].update(map(shared, project_years))
        # an entity, a place and a project's name recur across documents: one string each
        self.mention_rows.update((shared(entity), shared(name), shared(where), text)
                                 for entity, name, where, text in figures.mention_rows)
        for name, target, indicators in figures.target_groups:
            self.target_groups[(name, target)] += indicators
        for project in result.row_projects:
            self.row_files[shared(project)].append(result.rows_path)
        self.self_evaluated.update(map(shared, result.self_evaluated))
        part = self.minter.document(result.path)
        for listing, rows in figures.listing_rows.items():
            self.listing_rows[listing][part] = (rows, result.path)

    def _shared(self, text: str) -> str:
        return self._strings.setdefault(text, text)

    def query_figures(self) -> "QueryFigures":
        """The :class:`kg.build.stats.QueryFigures` of this build's documents, as
        :func:`kg.build.stats.figures_from_store` counts them over a store that holds just them,
        but for ``projects_by_entity`` (kg.build.stats.entity_projects_from_links)."""
        from kg.build.stats import QueryFigures, paged_listings

        entities = [(entity, count + len(self.mentioning_project_years[entity]))
                    for entity, count in self.mentions.items()]
        groups: dict[tuple[str, str], list] = defaultdict(list)
        for _, unit, money_unit, amounts in self.budgets:
            groups[(unit, money_unit)].append(_unpacked(amounts))
        budgets = [(unit, money_unit, len(rows), *(_sum(column) for column in zip(*rows)))
                   for (unit, money_unit), rows in groups.items()]
        listings = {name: [(part, rows, key) for part, (rows, key) in self.listing_rows[name].items()]
                    for name in paged_listings()}
        return QueryFigures(entities, self.category_counts(), budgets, list(self.costs.items()), listings,
                            mention_rows=self.mention_rows, target_groups=self.target_groups)

    def category_counts(self) -> list[tuple[str, str, int, int]]:
        """(一级, 二级, indicators, project-years) per category pair, as ``stats-categories.rq``
        counts them over the store."""
        return [(level1, level2, count, _bits_set(self.category_projects[(level1, level2)]))
                for (level1, level2), count in sorted(self.category_indicators.items())]

    def new_rows(self, rows):
        """Search rows of the projects the last result added named first (a project in two files is
        indexed once)."""
        return [row for row in rows if row[4] in self._fresh]

    def graphs(self, nlp: bool) -> list[tuple[str, Iterator[str]]]:
        """The corpus-wide graphs, each as N-Quads text read lazily from the facts, one document
        at a time: O001's findings (counted into :attr:`outlier_rows` as they are written), then
        the keywords. Read them in that order, each to its end."""
        self.facts.close()
        medians, counted = self._survey_facts()
        out = [(AUDIT_GRAPH, self._outlier_quads(medians))]
        out.append((NLP_GRAPH, self._keyword_quads(counted) if nlp else iter(())))
        return out

    def _documents_facts(self) -> Iterator[tuple[int, list["PeerValue"], list]]:
        for n, (peers, term_counts) in enumerate(unpacked_facts(self.facts.path)):
            yield n, peers, term_counts

    def _survey_facts(self) -> tuple[dict, dict[str, tuple[int, int]]]:
        """One read of the facts: O001's peer groups and medians, and for each project the term
        counts its words are taken from (its last file's: the same project in two files is one
        node), by document and place."""
        counted: dict[str, tuple[int, int]] = {}

        def values() -> Iterator["PeerValue"]:
            for n, peers, term_counts in self._documents_facts():
                for place, (project, _) in enumerate(term_counts):
                    counted[self._shared(project)] = (n, place)
                yield from peers

        from kg.audit.rules import peer_medians

        return peer_medians(values()), counted

    def _outlier_quads(self, medians: dict) -> Iterator[str]:
        from kg.audit.rules import outlier
        from kg.rdf.triples import finding_node

        for _, peers, _ in self._documents_facts():
            findings = [f for m in peers if (f := outlier(m, medians))]
            if not findings:
                continue
            nodes: dict[str, set[str]] = defaultdict(set)
            for finding in findings:
                node, _, document = finding_node(finding, self.minter)
                nodes[document].add(node)
            for document, found in nodes.items():
                self.outlier_rows[document] = self.outlier_rows.get(document, 0) + len(found)
            yield "".join(finding_quads(findings, self.minter, AUDIT_GRAPH))

    def _keyword_quads(self, counted: dict[str, tuple[int, int]]) -> Iterator[str]:
        """Each project's keywords: a read of the facts for the words' document frequency, and
        one for the projects' top words."""
        from kg.nlp.keywords import keyword_idf, top_words

        def projects_counts() -> Iterator[tuple[int, str, dict[str, int]]]:
            for n, _, term_counts in self._documents_facts():
                for place, (project, counts) in enumerate(term_counts):
                    if counted[project] == (n, place):
                        yield n, project, counts

        frequency: Counter = Counter()
        for _, _, counts in projects_counts():
            frequency.update(counts.keys())
        idf = keyword_idf(frequency, len(counted))
        document, words = None, {}
        for n, project, counts in projects_counts():
            if n != document and words:
                yield "".join(keyword_quads(words, NLP_GRAPH))
                words = {}
            document, words[project] = n, top_words(counts, idf)
        if words:
            yield "".join(keyword_quads(words, NLP_GRAPH))


class ProjectNames:
    """Each project-year's names: one string where it has one (nearly every project-year), a set
    where it has more (one project-year in two files under two names). A set each took 1M sets
    at 1M projects, held to the end of the build."""

    def __init__(self) -> None:
        self._one: dict[str, str] = {}
        self._more: dict[str, set[str]] = {}

    def add(self, project: str, name: str) -> None:
        first = self._one.setdefault(project, name)
        if first != name:
            self._more.setdefault(project, {first}).add(name)

    def get(self, project: str, default: Iterable[str] = ()) -> Iterable[str]:
        if project in self._more:
            return self._more[project]
        name = self._one.get(project)
        return default if name is None else (name,)

    def items(self) -> Iterator[tuple[str, Iterable[str]]]:
        for project, name in self._one.items():
            yield project, self._more.get(project) or (name,)


def _set_bit(bits: bytearray, n: int) -> None:
    byte = n >> 3
    if byte >= len(bits):
        bits.extend(bytes(byte + 1 - len(bits)))
    bits[byte] |= 1 << (n & 7)


def _bits_set(bits: bytearray) -> int:
    return int.from_bytes(bits, "little").bit_count()


def _packed(amounts: Iterable[Decimal | None]) -> str:
    """A budget's amounts as one text, each in its shortest form (1.50 and 1.5 are one amount, as
    for Decimal and for the store, which keeps a decimal's value and not its digits)."""
    return "|".join("" if amount is None else format(amount.normalize(), "f") for amount in amounts)


def _unpacked(amounts: str) -> list[Decimal | None]:
    return [Decimal(amount) if amount else None for amount in amounts.split("|")]


def _sum(amounts) -> int | Decimal:
    """Amounts summed as SPARQL sums them with a missing one as 0: an integer when none is there."""
    present = [a for a in amounts if a is not None]
    return sum(present, Decimal(0)) if present else 0


def evaluation_quads(select: Select, minter: Minter,
                     project_rows: Callable[[str], Iterable[tuple[str, ...]]] | None = None,
                     evaluated: Iterable[str] | None = None
                     ) -> tuple[list[str], int, list, dict[str, list[tuple[str, int, str]]]]:
    """The evaluations graph: ``kg:evaluates`` from every self-evaluated row to the indicator
    whose target it reports, with the findings that compare the two (E001-E003, S001); and
    how many self-evaluated rows match no row of their year's target table; the findings; and
    the parts of the listings ``achievement`` (its self-evaluated rows that report an achieved
    value) and ``soft-targets``, for their pages, as the stats graph keeps them: (document
    graph, rows, path).

    Why here and not in the query: a self-evaluation and its target table are two files, so
    the match is corpus-wide; it needs NFKC, trailing punctuation and 率/度 spellings, and each
    target row taken once, which SPARQL cannot say simply; and done once here, the query
    ``achievement`` and a free query read one plain pattern. ``project_rows`` reads one evaluated
    project's rows as ``evaluation-rows.rq`` answers them (kg.build.evaluated; by default that
    query through ``select``); ``evaluated``: the projects with a self-evaluation, if the build
    knows them (else ``evaluated-projects.rq`` finds them). Why from the store and not from
    the build's documents: a build may add a self-evaluation to a store that holds its target
    table from an earlier build, so the pass reads back (``select``) every project that has a
    self-evaluation, in all its years and files, after the documents are loaded.

    A self-evaluated row that matches nothing evaluates itself: it prints its target too, and
    when the year has no target table it is the only one.
    """
    from kg.audit.evaluations import evaluation_findings, match, soft_target_rows
    from kg.query.sparql import internal_query, with_iri

    # one project at a time, its IRI written in (with_iri): a VALUES or a subquery of the projects
    # was joined after the patterns, every indicator of the store read (5 s at 10k projects without
    # one self-evaluation; 15 s at 10k with 1,372 evaluated projects against 8.5 s one by one)
    text = internal_query("evaluation-rows")
    if project_rows is None:
        def project_rows(project: str) -> Iterable[tuple[str, ...]]:
            return select(with_iri(text, "evaluated_project", project))
    if evaluated is None:
        evaluated = [project for project, in select(internal_query("evaluated-projects"))]
    rows = _evaluation_rows(row for project in sorted(evaluated) for row in project_rows(project))
    matches = match(rows)
    out = QuadWriter(EVALUATION_GRAPH)
    for m in matches:
        out.iri(m.evaluation.iri, _KG_evaluates, (m.target or m.evaluation).iri)
    findings = evaluation_findings(rows, matches)
    lines = out.lines + finding_quads(findings, minter, EVALUATION_GRAPH)
    reported = {(m.evaluation.path, m.evaluation.iri, (m.target or m.evaluation).iri) for m in matches
                if m.evaluation.actual}
    achievement_rows: dict[str, int] = defaultdict(int)
    for path, _, _ in reported:
        achievement_rows[path] += 1
    listings = {name: [(minter.document(path), n, path) for path, n in by_path.items()]
                for name, by_path in (("achievement", achievement_rows),
                                      ("soft-targets", soft_target_rows(rows, matches)))}
    return lines, sum(1 for m in matches if m.table and m.target is None), findings, listings


def _evaluation_rows(found: Iterable[tuple[str, ...]]) -> list[EvaluationRow]:
    """The rows of ``evaluation-rows.rq`` as :class:`EvaluationRow` (its "" is nothing)."""
    from kg.audit.evaluations import EvaluationRow, less_is_better, reads_as_self_evaluation

    tables: dict[tuple[str, str], list] = defaultdict(list)  # the rows of one table: (path, project-year)
    for (path, indicator, unit_code, unit_name, project, year, title, order, line, level1, level2, name,
         target, comparator, value, unit, actual, actual_value, actual_unit) in found:
        tables[(path, owner(indicator))].append((title, EvaluationRow(
            unit_code or None, unit_name or None, project, int(year) if year else None, path, int(line),
            int(order), False, level2, name, target, comparator or None, Decimal(value) if value else None,
            unit or None, less_is_better(level1, level2), actual or None,
            Decimal(actual_value) if actual_value else None, actual_unit or None, indicator)))
    rows = []
    for table in tables.values():
        evaluation = reads_as_self_evaluation((row.actual for _, row in table), table[0][0])
        rows.extend(replace(row, evaluation=evaluation) for _, row in table)
    return sorted(rows, key=lambda r: (r.path, owner(r.iri), r.order))
