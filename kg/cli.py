"""The ``kg`` command line: thin wrappers over the library API.

Exit codes: 0 everything read, 1 some input rejected, 2 usage error, 3 internal error.
"""

from __future__ import annotations

import inspect
import json
import sys
import time
from contextlib import contextmanager
from dataclasses import fields
from importlib import import_module
from pathlib import Path
from typing import Callable

import click
import pyoxigraph as ox

from kg import output
from kg.output import render
from kg.errors import KgError, ParseWarning, UsageError
from kg.export import RDF_FORMATS, check_writable, rdf_parts, write_atomic, write_rdf
from kg.export.jsonld import KEY_STYLES, jsonld_text
from kg.export.network import CAPPED_FORMATS, DEFAULT_MAX_NODES, MAX_NODES, NETWORK_FORMATS, focus, write_network
from kg.export.search_docs import DEFAULT_CHUNK, bulk_parts, docs_jsonl, write_bulk
from kg.audit import REPORT_FORMATS, SEVERITIES
from kg.nlp.terms import DICT_FORMATS, export_dictionary
from kg.serve.limits import Limits
from kg.query import (RESULT_FORMATS, QueryResult, bind, execute, list_queries, load_query,
                      render_table, to_result)
from kg.query.paging import MAX_LIMIT
from kg.query.sparql import python_value
from kg.query.tables import page_note
from kg.query.tables import ROW_FORMATS, render_rows
from kg.read import walk_inputs
from kg.read.limits import DEFAULT_LIMITS, ReadLimits, option_name, parse_limits
from kg.read.limits import DESCRIPTIONS as LIMIT_DESCRIPTIONS
from kg.read.limits import shown as shown_limit
from kg.rdf import DEFAULT_BASE_IRI
from kg.records import Project
from kg.store import DEFAULT_STORE, open_store
from kg.query.remote import result_from_json
from kg.store.remote import remote_query, with_values
from kg.synth import LAYOUTS, write_corpus

EXIT_OK, EXIT_REJECTED, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


def _on_first_call(module: str, name: str) -> Callable:
    """``module.name``, imported when first called: the reading, NLP and audit stages take
    most of a second to load, and `kg query` or `kg --help` need none of them."""
    def call(*args, **kwargs):
        return getattr(import_module(module), name)(*args, **kwargs)
    return call


extract_records = _on_first_call("kg.pipeline", "extract")
build_store = _on_first_call("kg.build", "build")
compact_store = _on_first_call("kg.build", "compact")
audit_paths = _on_first_call("kg.audit.paths", "audit_paths")
find_mentions = _on_first_call("kg.nlp.entities", "find_mentions")
render_report = _on_first_call("kg.audit.report", "render_report")
stored_findings = _on_first_call("kg.audit.stored", "stored_findings")
segment_text = _on_first_call("kg.nlp.segment", "segment")
validate_store = _on_first_call("kg.rdf.shapes", "validate_store")


def encoding_option(fn: Callable) -> Callable:
    """``--encoding``, shared by every command that reads dumps."""
    return click.option(
        "--encoding", default=None, metavar="CODEC",
        help="Force the input encoding (default: detect UTF-8, UTF-8 with BOM, GB18030).",
    )(fn)


def year_option(fn: Callable) -> Callable:
    """``--year``, for tables whose title or heading names no fiscal year."""
    return click.option(
        "--year", type=click.IntRange(1949, 2100), default=None, metavar="YYYY",
        help="The fiscal year of tables that name none in their title or heading (a table's own year wins).",
    )(fn)


def limit_option(fn: Callable) -> Callable:
    """``--limit NAME=VALUE``, repeatable: the reading limits (kg.read.limits) of extract and
    build. Their names and defaults are added to the command's help, one per line."""
    fn.__doc__ = inspect.cleandoc(fn.__doc__ or "") + "\n\n\b\nReading limits (--limit NAME=VALUE), and their defaults:\n" + "\n".join(
        f"  {option_name(f.name)}={shown_limit(f.name, getattr(DEFAULT_LIMITS, f.name))}: {LIMIT_DESCRIPTIONS[f.name]}"
        for f in fields(ReadLimits))

    def to_limits(ctx: click.Context, param: click.Parameter, pairs: tuple[str, ...]) -> ReadLimits:
        try:
            return parse_limits(pairs)
        except UsageError as error:
            raise click.BadParameter(str(error)) from None

    return click.option("--limit", "limits", multiple=True, metavar="NAME=VALUE", callback=to_limits,
                        help="Change a reading limit (repeatable; sizes take K, M or G): a file over a "
                             "limit is rejected and the other files are read. The limits are listed above.")(fn)


def output_file_option(fn: Callable) -> Callable:
    """``-o/--output``, written atomically so a failed run leaves no half file."""
    return click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
                        default=None, help="Write to FILE instead of standard output.")(fn)


def export_file_option(help_text: str = "File to write (written atomically).") -> Callable:
    """``-o/--output FILE``, required, shared by the export commands."""
    return click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
                        help=help_text)


def endpoint_option(fn: Callable) -> Callable:
    """``--endpoint URL``: a remote SPARQL store instead of the embedded one."""
    return click.option("--endpoint", default=None, metavar="URL",
                        help="A remote SPARQL query endpoint (e.g. http://127.0.0.1:7878/query) instead of --store.")(fn)


def store_option(fn: Callable) -> Callable:
    """``--store DIR``, shared by every command that reads or writes the graph."""
    return click.option("--store", type=click.Path(file_okay=False), default=DEFAULT_STORE,
                        show_default=True, help="The embedded graph store (a folder).")(fn)


def result_format_option(fn: Callable) -> Callable:
    """``--format``: an aligned table, a W3C SPARQL 1.1 results format, or for CONSTRUCT and
    DESCRIBE an RDF syntax."""
    return click.option("--format", "fmt", type=click.Choice(["table", *RESULT_FORMATS, *GRAPH_FORMATS]),
                        default="table", show_default=True,
                        help="table for reading; json/csv/tsv/xml are the W3C SPARQL result formats; "
                             "CONSTRUCT and DESCRIBE write turtle (also for table), ntriples, xml (RDF/XML) "
                             "or json (JSON-LD).")(fn)


# CONSTRUCT and DESCRIBE give triples: the same --format names, in RDF syntaxes
GRAPH_FORMATS = ("turtle", "ntriples")
_GRAPH_SYNTAX = {"table": "TURTLE", "turtle": "TURTLE", "ntriples": "N_TRIPLES", "xml": "RDF_XML", "json": "JSON_LD"}


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="kg")
def cli() -> None:
    """kg: read 项目支出绩效目标表 into exact, normalised records."""


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(output.FORMATS), default="jsonl",
              show_default=True, help="jsonl: one project per line; json: one array; csv: one row per indicator.")
@encoding_option
@output_file_option
@click.option("--bom", is_flag=True, help="Start CSV with a UTF-8 byte order mark (Excel on Chinese Windows needs it).")
@limit_option
@year_option
def extract(paths: tuple[Path, ...], fmt: str, encoding: str | None, output: Path | None, bom: bool,
            limits: ReadLimits, year: int | None) -> None:
    """Extract every table in PATHS (files or folders) as records.

    Tables that cannot be read are reported on stderr as path:line: reason; all
    other tables are still extracted, and the exit status is 1.
    """
    if output is not None:
        _run(lambda: check_writable(output))
    projects, errors = _run(lambda: _collect(extract_records(paths, encoding=encoding, limits=limits, year=year)))
    text = _run(lambda: render(projects, fmt))
    _write(_with_bom(text, bom and fmt == "csv"), output)
    if output is not None and str(output) != "-":
        count = sum(len(p.indicators) for p in projects)
        click.echo(f"wrote {len(projects)} projects ({count} indicators) to {output}", err=True)
    _report(errors)
    sys.exit(EXIT_REJECTED if errors else EXIT_OK)


@cli.command()
@click.option("--projects", type=click.IntRange(min=1), required=True, help="How many tables to write.")
@click.option("--seed", type=int, default=0, show_default=True, help="Same seed, same files, byte for byte.")
@click.option("--layout", "layouts", type=click.Choice(LAYOUTS), multiple=True,
              help="Layouts to use, one per unit in turn (repeatable; default: all).")
@click.option("--broken-every", type=click.IntRange(min=2), default=97, show_default=True,
              help="Damage every Nth table's 预算数 (not a number): kg must warn and keep the table.")
@click.option("--second-year-every", type=click.IntRange(min=0), default=0, show_default=True,
              help="Every Nth unit also publishes the next year's tables of its projects (0: none).")
@click.option("--self-eval-every", type=click.IntRange(min=0), default=0, show_default=True,
              help="Every Nth unit also publishes the self-evaluation (绩效自评表) of its projects' year, "
                   "achieved values and outcomes in the manifest (0: none).")
@click.option("-o", "--out", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder to write the tables and manifest.json into.")
def synth(projects: int, seed: int, layouts: tuple[str, ...], broken_every: int, second_year_every: int,
          self_eval_every: int, out: Path) -> None:
    """Write a deterministic synthetic corpus of tables to OUT.

    One file per budget unit, in the published layouts, with metric names and
    targets reused across projects; manifest.json says what kg extract must find.
    """
    with progress_bar("kg synth", projects) as advance:
        manifest = _run(lambda: write_corpus(out, projects=projects, seed=seed, layouts=layouts or LAYOUTS,
                                             broken_every=broken_every, second_year_every=second_year_every,
                                             self_eval_every=self_eval_every, progress=advance))
    click.echo(f"wrote {manifest.projects} tables in {manifest.files} files "
               f"to {out} ({len(manifest.warnings)} with a deliberately damaged budget cell)")


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@store_option
@click.option("--base-iri", default=DEFAULT_BASE_IRI, show_default=True, help="Base of the minted IRIs.")
@click.option("--nlp/--no-nlp", default=True, show_default=True,
              help="Add entities, metric families and keywords (the NLP stage).")
@endpoint_option
@click.option("--graph-store", default=None, metavar="URL",
              help="The remote Graph Store Protocol URL (default: derived from --endpoint).")
@click.option("--jobs", type=click.IntRange(min=0), default=0, show_default=True,
              help="Worker processes that read and map the files (the result is the same); "
                   "0: one per core for 6 MB of input or more, else none.")
@click.option("--search/--no-search", "search_index", default=True, show_default=True,
              help="Rebuild the embedded search index beside the store (kg search).")
@click.option("--compact/--no-compact", default=None,
              help="Compact the store once it is loaded (as kg compact does later): 20-26 s of one core "
                   "at 100k projects, beside the build's last passes, a sixth less disk, queries 1.5-3x faster than on the fresh store. "
                   "Default: when the build loaded more than 512 MB of N-Quads (about 20,000 projects), "
                   "not for a few files added to a store.")
@encoding_option
@limit_option
@year_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text: one line for people; json: the summary as one JSON object on stdout (counts, "
                   "rejected, warnings).")
def build(paths: tuple[Path, ...], store: str, base_iri: str, nlp: bool, endpoint: str | None,
          graph_store: str | None, jobs: int, search_index: bool, compact: bool | None, encoding: str | None,
          limits: ReadLimits, year: int | None, fmt: str) -> None:
    """Extract PATHS and load them into the graph store, one named graph per file.

    Building a file again replaces its graph, so repeated builds leave the same
    triples. Rejected tables are reported as in kg extract, and the exit status is 1.
    """
    files = sum(1 for _ in walk_inputs(paths))
    with progress_bar("kg build", files) as advance:
        summary = _run(lambda: build_store(paths, store=store, base_iri=base_iri, encoding=encoding, nlp=nlp,
                                           endpoint=endpoint, graph_store=graph_store, jobs=jobs,
                                           search=search_index, progress=lambda path: advance(1),
                                           limits=limits, year=year, compact=compact))
    if fmt == "json":
        click.echo(json.dumps(output.build_summary_dict(summary), ensure_ascii=False, indent=2))
    else:
        click.echo(f"built {summary.store}: {summary.documents} documents, {summary.projects} projects, "
                   f"{summary.indicators} indicators, {summary.quads} quads in the store; "
                   f"{len(summary.errors)} rejected, {len(summary.warnings)} warnings")
    _warn(summary.warnings)
    _report(summary.errors)
    sys.exit(EXIT_REJECTED if summary.errors else EXIT_OK)


@cli.command()
@store_option
def compact(store: str) -> None:
    """Compact a built store: its queries answer 1.5-3x faster at 100k projects.

    A store fresh from kg build keeps the overlapping files of its bulk loads until
    it is compacted (kg build does it when it loads more than 512 MB of N-Quads,
    or with --compact). Done as a new version: readers see the store as it was
    until the switch.
    """
    started = time.perf_counter()
    size = _run(lambda: compact_store(store))
    click.echo(f"compacted {store}: {size / 2**20:,.0f} MB in {time.perf_counter() - started:.1f} s")


@cli.command()
@click.argument("name")
@click.option("--param", "params", multiple=True, metavar="KEY=VALUE", help="A query parameter (repeatable).")
@store_option
@endpoint_option
@result_format_option
@click.option("--bom", is_flag=True, help="Start CSV with a UTF-8 byte order mark (Excel on Chinese Windows needs it).")
@click.option("--limit", type=click.IntRange(1, MAX_LIMIT), default=None,
              help="Show this many rows of the answer (a page), and how many rows it has in all.")
@click.option("--offset", type=click.IntRange(min=0), default=0, show_default=True,
              help="Skip this many rows of the answer first.")
def query(name: str, params: tuple[str, ...], store: str, endpoint: str | None, fmt: str, bom: bool,
          limit: int | None, offset: int) -> None:
    """Run the named query NAME (see kg queries) with its parameters bound.

    Without --limit the rows are written as they come (a table waits for all of them).
    """
    named = _run(lambda: load_query(name))
    bindings = _run(lambda: bind(named, _parse_params(params)))
    bom = bom and fmt == "csv"
    if endpoint:
        if limit is not None or offset:
            _run(lambda: _refuse("--limit and --offset page the embedded store; over an endpoint, "
                                 "add LIMIT and OFFSET to a query for kg sparql"))
        _show_remote(endpoint, with_values(named.text, bindings), fmt)
    elif limit is not None or offset:
        _show_page(named, bindings, store, fmt, limit, offset, bom)
    else:
        _stream(named.text, bindings, store, fmt, bom)


def _refuse(message: str):
    raise UsageError(message)


def _show_page(named, bindings: dict[str, str], store: str, fmt: str, limit: int | None, offset: int,
               bom: bool) -> None:
    """One page of a named query's answer; the table's last line, or standard error, says which
    rows of how many."""
    from kg.query.paging import page_terms  # noqa: PLC0415
    from kg.serve.results import serialize_select  # noqa: PLC0415

    if fmt in GRAPH_FORMATS:
        _run(lambda: _refuse(f"--format {fmt} is for CONSTRUCT and DESCRIBE; a named query writes "
                             "table, json, csv, tsv or xml"))
    found = _run(lambda: page_terms(open_store(store, read_only=True), named, bindings, limit=limit, offset=offset))
    if fmt == "table":
        rows = [tuple(python_value(t) for t in row) for row in found.rows]
        click.echo(render_table(QueryResult(found.columns, rows, found.total), first=offset + 1), nl=False)
        return
    document = serialize_select(found.columns, found.rows, fmt)
    click.echo(_with_bom(document if document.endswith("\n") else document + "\n", bom), nl=False)
    click.echo(page_note(len(found.rows), found.total, offset + 1), err=True)


def _stream(text: str, bindings: dict[str, str], store: str, fmt: str, bom: bool) -> None:
    """A named query's answer written as Oxigraph serialises it, row by row, not collected first."""
    if fmt == "table" or fmt in GRAPH_FORMATS:
        _show(text, bindings, store, fmt, bom=bom)
        return
    solutions = _run(lambda: execute(open_store(store, read_only=True), text, bindings))
    if not isinstance(solutions, ox.QuerySolutions):
        _show(text, bindings, store, fmt, bom=bom)
        return
    sys.stdout.flush()  # the bytes go to the stream under it: what was printed before goes first
    out = _LastByte(sys.stdout.buffer)
    if bom:
        out.write("\ufeff".encode("utf-8"))
    _run(lambda: solutions.serialize(output=out, format=RESULT_FORMATS[fmt]))
    if out.last != b"\n":
        out.write(b"\n")
    out.flush()


class _LastByte:
    """A binary stream that remembers the last byte written (a document must end its line)."""

    def __init__(self, stream):
        self.stream, self.last = stream, b""

    def write(self, data: bytes) -> int:
        if data:
            self.last = bytes(data[-1:])
        return self.stream.write(data)

    def flush(self) -> None:
        self.stream.flush()


@cli.command()
@click.argument("query_or_file")
@store_option
@endpoint_option
@result_format_option
@click.option("--allow-service", "allowed_services", multiple=True, metavar="URL",
              help="Let SERVICE call this endpoint (repeatable); SERVICE is refused otherwise.")
def sparql(query_or_file: str, store: str, endpoint: str | None, fmt: str, allowed_services: tuple[str, ...]) -> None:
    """Run a SPARQL query given as text or as a file; the kg, kgr, rdfs, skos, prov,
    org, schema, xsd and dcterms prefixes are predefined, and patterns outside GRAPH
    match every graph. Updates are refused, and so is SERVICE unless --allow-service."""
    from kg.query.guard import check_query

    path = Path(query_or_file)
    try:
        is_file = path.is_file()
    except OSError:  # a query text longer than a file name may be
        is_file = False
    text = path.read_text(encoding="utf-8") if is_file else query_or_file
    # before any parser: deep nesting would crash it, and an update or SERVICE must not run
    _run(lambda: check_query(text, allowed_services=allowed_services))
    if endpoint:
        _show_remote(endpoint, text, fmt)
    else:
        _show(text, {}, store, fmt, union=True)


@cli.command()
def queries() -> None:
    """List the named queries with their questions and parameters."""
    for named in _run(list_queries):
        params = f" [--param {'=… --param '.join(named.params)}=…]" if named.params else ""
        click.echo(f"{named.name}{params}\n    {named.question}")


@cli.command()
@store_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text: pySHACL's report; json: {\"conforms\": …, \"results\": [...]}, one object per result.")
def validate(store: str, fmt: str) -> None:
    """Check the graph against ontology/shapes.ttl (SHACL); exit 0 if it conforms, 1 if not."""
    result = _run(lambda: validate_store(open_store(store, read_only=True)))
    if fmt == "json":
        click.echo(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(result.report.rstrip())
    sys.exit(EXIT_OK if result.conforms else EXIT_REJECTED)


@cli.group()
def export() -> None:
    """Export the graph or the dictionaries as files for other tools."""


def _rdf_export_command(fmt: str) -> None:
    @export.command(name=fmt, help=f"Export the graph as sorted {RDF_NAMES[fmt]}.")
    @store_option
    @export_file_option()
    def command(store: str, output: Path) -> None:
        oxi = _run(lambda: open_store(store, read_only=True))
        with progress_bar("kg export", rdf_parts(oxi, fmt)) as advance:
            size = _run(lambda: write_rdf(oxi, fmt, output, progress=advance))
        click.echo(f"wrote {output} ({fmt}, {size:,} bytes)", err=True)


RDF_NAMES = {"nquads": "N-Quads (named graphs kept)", "ntriples": "N-Triples (graphs merged)",
             "turtle": "Turtle (graphs merged)"}
for _fmt in RDF_FORMATS:
    _rdf_export_command(_fmt)


NETWORK_HELP = {
    "graphml": "GraphML (Gephi, yEd, Cytoscape)", "gexf": "GEXF (Gephi)", "cytoscape": "Cytoscape.js JSON, with positions",
    "dot": "Graphviz DOT", "html": "one self-contained web page that works offline",
    "png": "a PNG image (CJK font needed)", "svg": "an SVG image (CJK font needed)",
}


def _network_export_command(fmt: str) -> None:
    @export.command(name=fmt, help=f"Export the project–target–metric–entity network as {NETWORK_HELP[fmt]}.")
    @store_option
    @export_file_option()
    @click.option("--project", default=None, help="Focus on this project (a name or a unique part of one).")
    @click.option("--metric", default=None, help="Focus on this metric (三级指标 name).")
    @click.option("--depth", type=click.IntRange(min=1), default=2, show_default=True, help="Steps around the focus.")
    @click.option("--max-nodes", type=click.IntRange(min=1), default=MAX_NODES.get(fmt, DEFAULT_MAX_NODES),
                  show_default=True,
                  help="Refuse html (WebGL), png and svg views larger than this (the view stays usable); "
                       "graphml, gexf, cytoscape and dot files are never capped.")
    def command(store: str, output: Path, project: str | None, metric: str | None, depth: int,
                max_nodes: int) -> None:
        from kg.analyze import to_networkx

        view = _run(lambda: focus(to_networkx(store), project=project, metric=metric, depth=depth,
                                  max_nodes=max_nodes if fmt in CAPPED_FORMATS else None))
        _run(lambda: write_network(view, fmt, output))
        click.echo(f"wrote {output} ({fmt}, {view.number_of_nodes()} nodes, {view.number_of_edges()} edges)",
                   err=True)


for _fmt in NETWORK_FORMATS:
    _network_export_command(_fmt)


@export.command(name="jsonld")
@store_option
@export_file_option()
@click.option("--keys", type=click.Choice(KEY_STYLES), default="en", show_default=True,
              help="en: the ontology's term names as keys; zh: their Chinese labels.")
def export_jsonld(store: str, output: Path, keys: str) -> None:
    """Export the data graphs as JSON-LD: a context from the ontology, one tree per project."""
    text = _run(lambda: jsonld_text(open_store(store, read_only=True), keys=keys))
    _run(lambda: write_atomic(text, output))
    click.echo(f"wrote {output} (jsonld, {len(text.encode('utf-8')):,} bytes)", err=True)


@export.command(name="docs")
@store_option
@export_file_option("JSON Lines file to write.")
def export_docs(store: str, output: Path) -> None:
    """Export one flat search document per project and per indicator (JSON Lines)."""
    from kg.search import search_documents

    docs = _run(lambda: search_documents(store))
    _run(lambda: write_atomic(docs_jsonl(docs), output))
    click.echo(f"wrote {output} ({len(docs)} documents)", err=True)


@export.command(name="es-bulk")
@store_option
@export_file_option("Bulk NDJSON file to write (FILE-00001.ndjson… when chunked), with FILE.mapping.json beside it.")
@click.option("--index", "index", required=True, help="The Elasticsearch/OpenSearch index name.")
@click.option("--chunk-size", type=click.IntRange(min=1), default=DEFAULT_CHUNK, show_default=True,
              help="Documents per bulk file.")
def export_es_bulk(store: str, output: Path, index: str, chunk_size: int) -> None:
    """Export Elasticsearch/OpenSearch bulk NDJSON (deterministic _id from the IRI) and the
    index mapping for the IK analyzer."""
    from kg.search import search_documents

    docs = _run(lambda: search_documents(store))
    with progress_bar("kg export", bulk_parts(len(docs), chunk_size)) as advance:
        files = write_bulk(docs, index, output, chunk=chunk_size, progress=advance)
    click.echo(f"wrote {len(docs)} documents in {len(files)} bulk file(s) and "
               f"{output.with_name(output.stem + '.mapping.json')}", err=True)


@cli.command(name="search")
@click.argument("text")
@click.option("--type", "kind", type=click.Choice(["project", "indicator"]), default=None,
              help="Only projects or only indicators.")
@click.option("--limit", type=click.IntRange(min=1), default=10, show_default=True)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@store_option
def search_command(text: str, kind: str | None, limit: int, fmt: str, store: str) -> None:
    """Search projects and indicators (BM25 over jieba tokens); shows why each matched."""
    from kg.search import search

    hits = _run(lambda: search(text, store=store, kind=kind, limit=limit))
    if fmt == "json":
        click.echo(json.dumps([{"score": h.score, "matched": list(h.matched), **h.doc} for h in hits],
                              ensure_ascii=False, indent=2))
        return
    rows = [(h.score, h.doc["type"], h.doc["project"], h.doc.get("metric") or "", h.doc.get("target", {}).get("raw", ""),
             "、".join(h.matched), f"{h.doc['source']['path']}:{h.doc['source']['line']}") for h in hits]
    click.echo(render_table(QueryResult(["score", "type", "project", "metric", "target", "matched", "source"], rows)),
               nl=False)


@cli.command(name="serve")
@store_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (loopback unless told otherwise).")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option("--timeout", type=click.FloatRange(min=0.001), default=Limits.timeout, show_default=True,
              help="Seconds a query may run; then its worker process is killed and the endpoint answers 503.")
@click.option("--max-rows", type=click.IntRange(min=1), default=Limits.max_rows, show_default=True,
              help="Result rows (or CONSTRUCT/DESCRIBE triples) returned at most (more: X-Kg-Truncated: true).")
@click.option("--max-request-bytes", type=click.IntRange(min=1), default=Limits.max_request_bytes,
              show_default=True, help="Larger requests get 413 (checked while the body streams in).")
@click.option("--max-response-bytes", type=click.IntRange(min=1), default=Limits.max_response_bytes,
              show_default=True, help="An answer of any query form stops near this size (X-Kg-Truncated: true).")
@click.option("--workers", type=click.IntRange(min=1), default=Limits.workers, show_default=True,
              help="Query worker processes; a timed-out or crashed query's worker is replaced.")
@click.option("--queue", type=click.IntRange(min=0), default=Limits.queue, show_default=True,
              help="Requests that may wait for a worker; more get 503 with Retry-After.")
@click.option("--max-query-memory", type=click.IntRange(min=64), default=Limits.max_query_memory_mb,
              show_default=True, metavar="MB", help="A query whose worker grows past this is stopped (503).")
@click.option("--cache", "cache_mb", type=click.IntRange(min=0), default=Limits.cache_mb, show_default=True,
              metavar="MB", help="Answers kept for repeated queries until the store changes (0: none).")
@click.option("--allowed-host", "allowed_hosts", multiple=True, metavar="NAME",
              help="Answer requests for this Host name too (repeatable; loopback names always).")
@click.option("--allow-service", "allowed_services", multiple=True, metavar="URL",
              help="Let SERVICE call this endpoint (repeatable); SERVICE is refused (403) otherwise.")
def serve_command(store: str, host: str, port: int, timeout: float, max_rows: int, max_request_bytes: int,
                  max_response_bytes: int, workers: int, queue: int, max_query_memory: int, cache_mb: int,
                  allowed_hosts: tuple[str, ...], allowed_services: tuple[str, ...]) -> None:
    """Serve the graph: a read-only SPARQL 1.1 endpoint at /sparql and a page for analysts at /."""
    _run(lambda: open_store(store, read_only=True))  # a missing store is an error before listening
    click.echo(f"serving {store} at http://{host}:{port}/ (SPARQL endpoint: /sparql, health: /health)", err=True)
    from kg.serve import serve

    limits = Limits(timeout, max_rows, max_request_bytes, max_response_bytes, workers, queue, max_query_memory,
                    cache_mb)
    serve(store, host=host, port=port, limits=limits, allowed_hosts=allowed_hosts,
          allowed_services=allowed_services)


@export.command(name="dict")
@click.option("--format", "fmt", type=click.Choice(DICT_FORMATS), required=True,
              help="jieba: user dictionary; ik: Elasticsearch IK ext_dict word list; spacy-patterns: EntityRuler JSONL.")
@output_file_option
def export_dict(fmt: str, output: Path | None) -> None:
    """Export the domain term source as a dictionary for another system."""
    _write(_run(lambda: export_dictionary(fmt)), output)


@cli.command()
@click.argument("text", required=False)
@click.option("--file", "file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Segment each line of this file instead.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text: tokens separated by spaces, one line per input line; json: a list per line.")
def segment(text: str | None, file: Path | None, fmt: str) -> None:
    """Segment Chinese TEXT (or --file) with jieba and the domain dictionary."""
    if (text is None) == (file is None):
        raise click.UsageError("give TEXT or --file, not both")
    lines = [text] if text is not None else file.read_text(encoding="utf-8-sig").splitlines()
    for line in lines:
        tokens = segment_text(line)
        click.echo(json.dumps(list(tokens), ensure_ascii=False) if fmt == "json" else " ".join(tokens))


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["jsonl", "table"]), default="jsonl", show_default=True,
              help="jsonl: one mention per line; table: aligned columns.")
@encoding_option
def entities(paths: tuple[Path, ...], fmt: str, encoding: str | None) -> None:
    """List the organisations, platforms, publications, populations and activities
    named in PATHS: one line per mention with its project, field and offsets."""
    found, errors = _run(lambda: find_mentions(paths, encoding=encoding))
    if fmt == "jsonl":
        for m in found:
            click.echo(json.dumps({"text": m.text, "label": m.label, "project": m.project, "field": m.field,
                                   "start": m.start, "end": m.end, "path": m.path, "line": m.line},
                                  ensure_ascii=False))
    else:
        rows = [(m.text, m.label, m.project, m.field, m.start, m.end, f"{m.path}:{m.line}") for m in found]
        click.echo(render_table(QueryResult(["text", "label", "project", "field", "start", "end", "source"], rows)),
                   nl=False)
    _report(errors)
    sys.exit(EXIT_REJECTED if errors else EXIT_OK)


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@store_option
@click.option("--format", "fmt", type=click.Choice(REPORT_FORMATS), default="table", show_default=True,
              help="table for reading, json for scripts, md or html for a report to send on.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "never"]), default="never", show_default=True,
              help="Exit 1 when a finding of this severity (or worse) is found.")
@encoding_option
@output_file_option
def audit(paths: tuple[Path, ...], store: str, fmt: str, fail_on: str, encoding: str | None,
          output: Path | None) -> None:
    """Check indicator quality: measurable targets, cost targets against the budget,
    categories, duplicates, glued cells, outliers among peers.

    With PATHS, audit those files; without, report the findings kg build stored in
    the graph. Rules and thresholds are data in kg/audit/data/.
    """
    if paths:
        findings, errors = _run(lambda: audit_paths(paths, encoding=encoding))
    else:
        findings, errors = _run(lambda: stored_findings(store)), []
    _write(_run(lambda: render_report(findings, fmt)), output)
    _report(errors)
    worst = SEVERITIES.index(fail_on) if fail_on != "never" else -1
    failed = any(SEVERITIES.index(f.severity) <= worst for f in findings)
    sys.exit(EXIT_REJECTED if failed or errors else EXIT_OK)


@cli.group()
def analyze() -> None:
    """Cross-project analysis (sparse products, networkx on the shared nodes)."""


def analysis_options(fn: Callable) -> Callable:
    fn = store_option(fn)
    return click.option("--format", "fmt", type=click.Choice(ROW_FORMATS), default="table", show_default=True,
                        help="table, json (a list of objects) or csv.")(fn)


@analyze.command(name="shared")
@click.option("--fuzzy", is_flag=True, help="Group metrics by family first (任务完成时限 = 完成时间 = 完成时限).")
@analysis_options
def analyze_shared(fuzzy: bool, store: str, fmt: str) -> None:
    """Targets two or more projects share (the same answer as kg query shared-targets)."""
    from kg.analyze import shared, project_view

    click.echo(_run(lambda: render_rows(shared(project_view(store), fuzzy=fuzzy), fmt)), nl=False)


@analyze.command(name="similar")
@click.argument("project")
@click.option("--top", type=click.IntRange(min=1), default=5, show_default=True, help="How many projects to list.")
@analysis_options
def analyze_similar(project: str, top: int, store: str, fmt: str) -> None:
    """Projects most like PROJECT (a name, a unique part of one, or UNIT/NAME when several
    units have a project of that name, UNIT/NAME/YEAR for one of its years), by shared targets,
    metrics and entities, with the reason."""
    from kg.analyze import similar, project_view

    click.echo(_run(lambda: render_rows(similar(project_view(store), project, top=top), fmt)), nl=False)


@analyze.command(name="communities")
@analysis_options
def analyze_communities(store: str, fmt: str) -> None:
    """Groups of projects tied by shared targets, metrics and entities (Louvain, fixed seed)."""
    from kg.analyze import communities, project_view

    click.echo(_run(lambda: render_rows(communities(project_view(store)), fmt)), nl=False)


@analyze.command(name="central")
@click.option("--top", type=click.IntRange(min=1), default=10, show_default=True, help="How many to list.")
@analysis_options
def analyze_central(top: int, store: str, fmt: str) -> None:
    """The metrics and entities that connect the most projects (degree, betweenness)."""
    from kg.analyze import central, project_view

    click.echo(_run(lambda: render_rows(central(project_view(store), top=top), fmt)), nl=False)


@contextmanager
def progress_bar(label: str, total: int):
    """A rich progress bar on stderr when it is a terminal; otherwise nothing is drawn."""
    from rich.console import Console  # noqa: PLC0415
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn  # noqa: PLC0415

    console = Console(stderr=True)
    if not console.is_terminal:
        yield lambda n: None
        return
    with Progress(f"[bold]{label}", BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=console, transient=True) as bar:
        task = bar.add_task(label, total=total)
        yield lambda n: bar.advance(task, n)


def _parse_params(params: tuple[str, ...]) -> dict[str, str]:
    parsed = {}
    for item in params:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise click.UsageError(f"--param takes KEY=VALUE, got {item!r}")
        parsed[name] = value
    return parsed


def _show_remote(endpoint: str, text: str, fmt: str) -> None:
    """Run at a remote endpoint; JSON and XML are passed through as the server wrote them, CSV
    and TSV written here from its JSON as a local answer is (Virtuoso 7.2 writes a literal that
    came from the query text as one ? per character in CSV and TSV)."""
    def run():
        written_here = fmt in ("table", "csv", "tsv")
        data = remote_query(endpoint, text, accept="json" if written_here else fmt)
        if fmt == "table":
            return render_table(result_from_json(data))
        if written_here:
            return _select_document(data, fmt)
        document = data.decode("utf-8")
        return document if document.endswith("\n") else document + "\n"
    click.echo(_run(run), nl=False)


def _select_document(data: bytes, fmt: str) -> str:
    """A remote answer's JSON written in ``fmt`` by Oxigraph, as a local answer is (see _show)."""
    document = ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON).serialize(
        format=RESULT_FORMATS[fmt]).decode("utf-8")
    return document if document.endswith("\n") else document + "\n"


def _with_bom(text: str, bom: bool) -> str:
    return "\ufeff" + text if bom else text


def _show(text: str, bindings: dict[str, str], store: str, fmt: str, *, union: bool = False,
          bom: bool = False) -> None:
    """Run a query and print it as a table or a W3C results document."""
    def run():
        solutions = execute(open_store(store, read_only=True), text, bindings, union=union)
        if isinstance(solutions, ox.QueryTriples):
            return _graph_document(solutions, fmt)
        if fmt in GRAPH_FORMATS:
            raise UsageError(f"--format {fmt} is for CONSTRUCT and DESCRIBE; a SELECT or ASK writes "
                             "table, json, csv, tsv or xml")
        if fmt == "table":
            return render_table(to_result(solutions))
        document = solutions.serialize(format=RESULT_FORMATS[fmt]).decode("utf-8")
        return _with_bom(document if document.endswith("\n") else document + "\n", bom)
    click.echo(_run(run), nl=False)


def _graph_document(triples, fmt: str) -> str:
    """The triples of a CONSTRUCT or DESCRIBE in the RDF syntax that ``fmt`` names."""
    if fmt in ("csv", "tsv"):
        raise UsageError("CONSTRUCT and DESCRIBE give triples: choose --format turtle, ntriples, xml or json")
    syntax = getattr(ox.RdfFormat, _GRAPH_SYNTAX[fmt])
    text = triples.serialize(format=syntax).decode("utf-8") if syntax is not None else ""
    return text if text.endswith("\n") or not text else text + "\n"


def _collect(items) -> tuple[list[Project], list[KgError]]:
    """Projects and errors; warnings (a lost row, a budget cell that is not an amount) are
    printed at once, since they do not change what the run returns."""
    projects: list[Project] = []
    errors: list[KgError] = []
    warnings: list[KgError] = []
    for item in items:
        if isinstance(item, Project):
            projects.append(item)
        elif isinstance(item, ParseWarning):
            warnings.append(item)
        else:
            errors.append(item)
    _warn(warnings)
    return projects, errors


def _warn(warnings: list[KgError]) -> None:
    for warning in warnings:
        click.echo(f"Warning: {warning}", err=True)


def _run(fn: Callable):
    """Call the library; a usage error exits 2 with one line, a bug exits 3."""
    try:
        return fn()
    except UsageError as error:
        click.echo(f"Error: {error}", err=True)
        sys.exit(EXIT_USAGE)
    except KgError as error:
        click.echo(f"Error: {error}", err=True)
        sys.exit(EXIT_REJECTED)


def _report(errors: list[KgError]) -> None:
    for error in errors:
        click.echo(f"Error: {error}", err=True)
    if errors:
        click.echo(f"{len(errors)} table(s) or file(s) rejected", err=True)


def _write(text: str, path: Path | None) -> None:
    if path is None or str(path) == "-":
        click.echo(text, nl=False)
    else:
        _run(lambda: write_atomic(text, path))


DISK_FULL = ("Error: the disk is full; nothing was changed (a build leaves the store as it was). "
             "Free some space and run the command again.")


def _disk_full(exc: BaseException) -> bool:
    """ENOSPC from the OS, or SQLite's and RocksDB's words for it."""
    import errno

    while exc is not None:
        if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
            return True
        if "disk is full" in str(exc) or "No space left on device" in str(exc):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def main() -> None:
    """Entry point that turns an unexpected exception into exit 3 with a short message."""
    try:
        cli(standalone_mode=True)
    except SystemExit:
        raise
    except Exception as exc:  # noqa: BLE001 - last resort: a bug, not a user error
        if _disk_full(exc):
            click.echo(DISK_FULL, err=True)
            sys.exit(EXIT_REJECTED)
        click.echo(f"Internal error: {exc.__class__.__name__}: {exc} (please report this)", err=True)
        sys.exit(EXIT_INTERNAL)
