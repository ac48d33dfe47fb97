"""The scale benchmark (``make bench``): kg at 1k, 10k and 100k synthetic projects, and the plain
rdflib pipeline beside it at 1k and 10k, in the same run.

For each size: extraction throughput, ``kg build`` wall time and peak RSS (a fresh store, the
search index and NLP included, ``--jobs`` one per core), the build without NLP (the NLP share),
store size, the latency of every named query (in process, median of 5), and ``kg analyze``
(each subcommand as a user runs it, process start included). The rdflib pipeline reads and maps
the same files in one process, puts the same quads in an in-memory ``rdflib.Dataset`` and runs
the same query texts through rdflib's SPARQL. Results replace the scale section of
bench/results.md. Corpora and stores are kept in bench/.work between runs.

KG_BENCH_SIZES and KG_BENCH_RDFLIB (comma-separated project counts) choose the sizes.
KG_BENCH_YEARS=7,7 makes the corpora with a second year (every 7th unit also publishes the next
year's tables) and self-evaluations (every 7th unit its 绩效自评表), ``kg synth
--second-year-every 7 --self-eval-every 7``, the same N tables in all, and writes its own
section ("Scale with a second year and self-evaluations"), so the two can be compared.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import kg  # noqa: E402
from bench.report import machine_line, replace_section  # noqa: E402
from kg.query.sparql import list_queries  # noqa: E402
from kg.search.index import index_path  # noqa: E402
from kg.synth import write_corpus  # noqa: E402

YEARS = tuple(int(n) for n in os.environ.get("KG_BENCH_YEARS", "").split(",") if n)  # second year, self-evaluation
SUFFIX = f"-years{YEARS[0]}x{YEARS[1]}" if YEARS else ""
SIZES = [int(s) for s in os.environ.get("KG_BENCH_SIZES", "1000,10000,100000").split(",")]
RDFLIB_SIZES = [int(s) for s in os.environ.get("KG_BENCH_RDFLIB", "1000,10000").split(",") if s]
JOBS = os.cpu_count() or 1
REPEAT = 5
PAGE = 50  # rows of a listing's first page
QUERY_SLOW = 10.0  # seconds: a whole answer this slow is timed once, not five times
RDFLIB_SLOW = 30.0  # seconds: an rdflib query this slow is run once, not five times
RDFLIB_TIMEOUT = 300.0  # seconds: an rdflib query still running is stopped, and reported as "> 300 s"
WORK = ROOT / "bench" / ".work"
KG = str(Path(sys.executable).with_name("kg"))
# Parameters for the named queries that take one: a metric and an entity every corpus has.
PARAMS = {"metric": "服务党员教育", "entity": "党员", "project": "党员教育培训项目经费"}
SIMILAR_TO = "340001/党员教育培训项目经费"  # several units have a project of this name


def corpus(projects: int) -> Path:
    """The seed-1 synthetic corpus of ``projects`` projects, written once and kept."""
    path = WORK / f"corpus-{projects}{SUFFIX}"
    done = path / ".complete"
    if not done.exists():
        shutil.rmtree(path, ignore_errors=True)
        years = {"second_year_every": YEARS[0], "self_eval_every": YEARS[1]} if YEARS else {}
        write_corpus(path, projects=projects, seed=1, **years)
        done.touch()
    return path


def timed(command: list[str]) -> tuple[float, float, str]:
    """Run a command as a user would: wall seconds, peak RSS in MB (the largest process of
    the run), and its standard output."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    out = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 1):  # 1: the planted broken tables were reported
        raise SystemExit(f"{' '.join(command)} failed with exit code {process.returncode}")
    return seconds, usage.ru_maxrss / 1024, out


def remove_store(store: Path) -> None:
    """A store is a link to its current version (kg.store.versions): remove both."""
    store.unlink(missing_ok=True) if store.is_symlink() else shutil.rmtree(store, ignore_errors=True)
    shutil.rmtree(store.with_name(store.name + ".versions"), ignore_errors=True)


def size_mb(*paths: Path) -> float:
    total = 0
    for path in paths:
        if path.is_file():
            total += path.stat().st_size
        elif path.is_dir():
            total += sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    return total / 1e6


def median_seconds(run, repeat: int = REPEAT, slow: float | None = None) -> tuple[float, int]:
    """Median wall time of ``repeat`` runs (fewer when one run already takes ``slow`` seconds)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
        if slow is not None and times[-1] >= slow:
            break
    return statistics.median(times), len(times)


def named_queries():
    return [(q.name, {p: PARAMS[p] for p in q.params}) for q in list_queries()]


def measure_queries(store: Path) -> dict[str, tuple[float, int, float, int]]:
    """Per named query, in process: the whole answer's median seconds (fewer runs when one takes
    QUERY_SLOW seconds) and rows, and the first page's (PAGE rows, as `kg query --limit` and
    /api/queries?limit= ask for it) median seconds and the total it reports."""
    out = {}
    for name, params in named_queries():
        answers = []
        seconds, _ = median_seconds(lambda: answers.append(kg.query(name, store=str(store), **params)),
                                    slow=QUERY_SLOW)
        pages = []
        page_s, _ = median_seconds(lambda: pages.append(kg.query(name, store=str(store), limit=PAGE, **params)))
        out[name] = (seconds, len(answers[0].rows), page_s, pages[0].total)
    return out


def measure_kg(projects: int) -> dict:
    source = corpus(projects)
    store = WORK / f"store-{projects}{SUFFIX}"
    result: dict = {"projects": projects}
    extract_s, _, _ = timed([KG, "extract", str(source), "--format", "jsonl", "-o", os.devnull])
    result["extract_s"] = extract_s

    remove_store(store)
    result["build_s"], result["build_rss"], out = timed(
        [KG, "build", str(source), "--store", str(store), "--jobs", str(JOBS)])
    result["summary"] = out.strip().splitlines()[0]
    plain = WORK / f"store-{projects}{SUFFIX}-no-nlp"
    remove_store(plain)
    result["build_no_nlp_s"], _, _ = timed(
        [KG, "build", str(source), "--store", str(plain), "--jobs", str(JOBS), "--no-nlp", "--no-search"])
    remove_store(plain)  # a fresh store again: into the first, this would time a rebuild
    result["build_no_search_s"], _, _ = timed(
        [KG, "build", str(source), "--store", str(plain), "--jobs", str(JOBS), "--no-search"])
    remove_store(plain)
    result["store_mb"] = size_mb(Path(os.path.realpath(store)))
    result["index_mb"] = size_mb(index_path(store))

    result["queries"] = measure_queries(store)
    result["cli_shared_s"], _, _ = timed([KG, "query", "shared-targets", "--store", str(store), "--format", "csv"])

    result["analyze"] = {}
    for command in (["shared"], ["shared", "--fuzzy"], ["similar", SIMILAR_TO], ["communities"], ["central"]):
        seconds, rss, _ = timed([KG, "analyze", *command, "--store", str(store), "--format", "csv"])
        result["analyze"][" ".join(command)] = (seconds, rss)
    return result


def measure_rdflib(projects: int) -> dict:
    """The same files read and mapped in one process, the same quads in rdflib's in-memory
    Dataset, the same query texts through rdflib's SPARQL."""
    import rdflib  # noqa: PLC0415

    from kg.export import rdf_text  # noqa: PLC0415
    from kg.build.worker import document_results  # noqa: PLC0415
    from kg.rdf.namespaces import DEFAULT_BASE_IRI, PREFIXES  # noqa: PLC0415
    from kg.read import walk_inputs  # noqa: PLC0415
    from kg.store import open_store  # noqa: PLC0415

    source = corpus(projects)
    with tempfile.TemporaryDirectory() as spool:
        # read, map and find entities, one process: the work any pipeline does before its store
        start = time.perf_counter()
        for result in document_results(walk_inputs([source]), None, DEFAULT_BASE_IRI, True, False, 1, spool):
            if result.quads_path:
                os.unlink(result.quads_path)
        mapping_s = time.perf_counter() - start
    text = rdf_text(open_store(WORK / f"store-{projects}", read_only=True), "nquads")
    start = time.perf_counter()
    dataset = rdflib.Dataset()
    dataset.parse(data=text, format="nquads")
    load_s = time.perf_counter() - start
    prologue = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
    queries = {}
    for q in list_queries():
        bindings = {p: rdflib.Literal(PARAMS[p]) for p in q.params}
        queries[q.name] = _rdflib_query(dataset, prologue + q.text, bindings)
    return {"projects": projects, "quads": len(dataset), "mapping_s": mapping_s, "load_s": load_s,
            "queries": queries}


def _rdflib_query(dataset, text: str, bindings: dict) -> tuple[float, int | None, int]:
    """(median seconds, rows, runs) of one query, in a forked child so that a query still
    running after RDFLIB_TIMEOUT can be stopped; then (RDFLIB_TIMEOUT, None, 0)."""
    context = multiprocessing.get_context("fork")  # the child shares the parsed dataset
    receive, send = context.Pipe(duplex=False)

    def runs() -> None:
        answers = []  # the timed runs' own results give the row count: a slow query runs once
        seconds, count = median_seconds(lambda: answers.append(len(list(dataset.query(text, initBindings=bindings)))),
                                        slow=RDFLIB_SLOW)
        send.send((seconds, answers[0], count))

    child = context.Process(target=runs, daemon=True)
    child.start()
    answer = receive.recv() if receive.poll(RDFLIB_TIMEOUT) else (RDFLIB_TIMEOUT, None, 0)
    child.kill()
    child.join()
    return answer


HEADING = (("## Scale with a second year and self-evaluations:" if YEARS else "## Scale:")
           + " kg build, named queries and analyses at 1k, 10k and 100k projects")


def report(results: list[dict], rdflib_results: list[dict]) -> str:
    years = (f" --second-year-every {YEARS[0]} --self-eval-every {YEARS[1]}" if YEARS else "")
    lines = [HEADING, "", machine_line(), "",
             f"Corpora: `kg synth --projects N --seed 1{years}` (all five layouts; 1 table in 97 planted broken,"
             f" reported and skipped). `kg build --jobs {JOBS}` into a fresh store, with NLP and the search index; wall"
             " time and peak RSS of the largest process, as `/usr/bin/time` reports them. Reproduce with"
             f" `{'KG_BENCH_YEARS=' + ','.join(map(str, YEARS)) + ' ' if YEARS else ''}make bench` (bench/scale.py).", "",
             "| projects | extraction | `kg build` | peak RSS | without NLP | NLP share | without search index"
             " | store + index | what was built |",
             "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"]
    for r in results:
        share = (r["build_no_search_s"] - r["build_no_nlp_s"]) / r["build_no_search_s"]
        lines.append(
            f"| {r['projects']:,} | {r['extract_s']:.1f} s ({r['projects'] / r['extract_s']:,.0f} projects/s)"
            f" | **{r['build_s']:.1f} s** | {r['build_rss'] / 1024:.2f} GiB | {r['build_no_nlp_s']:.1f} s"
            f" | {share:.0%} | {r['build_no_search_s']:.1f} s | {r['store_mb']:,.0f} + {r['index_mb']:,.0f} MB"
            f" | {r['summary'].split(': ', 1)[1]} |")
    lines += ["", "NLP share: of the build without the search index, the part the NLP stage adds"
              " (entities, metric families, keywords).", "",
              f"Named queries, in process (`kg.query`), median of 5 runs, seconds: the whole answer (its rows; one"
              f" run when it took {QUERY_SLOW:.0f} s or more), and the first page of {PAGE} rows (`limit={PAGE}`,"
              " as `kg query --limit` and `/api/queries?limit=` ask; the total it reports):", ""]
    names = [name for name, _ in named_queries()]
    lines.append("| query | " + " | ".join(f"{r['projects']:,}: whole | {r['projects']:,}: first page"
                                          for r in results) + " |")
    lines.append("| --- |" + " ---: | ---: |" * len(results))
    for name in names:
        cells = []
        for r in results:
            seconds, rows, page_s, total = r["queries"][name]
            cells += [f"{seconds:.3f} ({rows:,})", f"{page_s:.3f} ({total:,})"]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines += ["", "`kg query shared-targets` as a command, process start included: "
              + ", ".join(f"{r['cli_shared_s']:.2f} s at {r['projects']:,}" for r in results) + ".", "",
              "`kg analyze`, as a command (process start and reading the store included), seconds:", "",
              "| analysis | " + " | ".join(f"{r['projects']:,}" for r in results) + " |",
              "| --- |" + " ---: |" * len(results)]
    for command in results[0]["analyze"]:
        lines.append(f"| {command} | " + " | ".join(f"{r['analyze'][command][0]:.2f}" for r in results) + " |")
    if rdflib_results:
        lines += ["", "### The plain rdflib pipeline, side by side", "",
                  "The same files read and mapped in one process, the same quads parsed into an in-memory"
                  " `rdflib.Dataset`, the same query texts through rdflib's SPARQL (median of 5, or of fewer"
                  f" runs when one took {RDFLIB_SLOW:.0f} s or more). kg: the `kg build` above plus its query medians.",
                  "", "| projects | quads | rdflib: map + load | rdflib: all queries | rdflib total"
                  " | kg: build | kg: all queries | kg total | kg is faster by |",
                  "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
        by_size = {r["projects"]: r for r in results}
        for rd in rdflib_results:
            ours = by_size[rd["projects"]]
            rq = sum(s for s, _, _ in rd["queries"].values())
            stopped = any(runs == 0 for _, _, runs in rd["queries"].values())
            kq = sum(q[0] for q in ours["queries"].values())
            rtotal, ktotal = rd["mapping_s"] + rd["load_s"] + rq, ours["build_s"] + kq
            at_least = "> " if stopped else ""  # a stopped query counts with its time limit only
            lines.append(f"| {rd['projects']:,} | {rd['quads']:,} | {rd['mapping_s'] + rd['load_s']:.1f} s"
                         f" | {at_least}{rq:.1f} s | {at_least}{rtotal:.1f} s | {ours['build_s']:.1f} s | {kq:.2f} s"
                         f" | {ktotal:.1f} s | **{at_least}{rtotal / ktotal:.0f}×** |")
        lines += ["", "Per query, rdflib against kg, seconds:", "",
                  "| query | " + " | ".join(f"rdflib {rd['projects']:,} | kg {rd['projects']:,}"
                                            for rd in rdflib_results) + " |",
                  "| --- |" + " ---: | ---: |" * len(rdflib_results)]
        for name in names:
            cells = []
            for rd in rdflib_results:
                seconds, rows, runs = rd["queries"][name]
                if runs == 0:
                    shown = f"> {seconds:.0f} (stopped)"
                else:
                    shown = f"{seconds:.3f}" + ("" if runs == REPEAT else f" ({runs} run{'s' if runs > 1 else ''})")
                cells += [shown, f"{by_size[rd['projects']]['queries'][name][0]:.3f}"]
            lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def main() -> None:
    WORK.mkdir(parents=True, exist_ok=True)
    results = []
    for n in SIZES:
        print(f"kg at {n:,} projects …", flush=True)
        results.append(measure_kg(n))
    rdflib_results = []
    for n in RDFLIB_SIZES:
        print(f"rdflib at {n:,} projects …", flush=True)
        rdflib_results.append(measure_rdflib(n))
    section = report(results, rdflib_results)
    replace_section(HEADING.split(" kg build")[0], section)
    print(section)


if __name__ == "__main__":
    main()
