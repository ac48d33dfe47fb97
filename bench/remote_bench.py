"""Embedded store or a server store? Load time, disk, server memory and named-query times of the
embedded store, an `oxigraph serve` and Virtuoso (Debian's virtuoso-opensource) at the same
synthetic corpora → bench/remote-results.md (the table; the prose around it is written by hand).

Run by hand: ``.venv/bin/python bench/remote_bench.py [SIZE ...]`` (default 1000 10000). Each
size: ``kg synth --projects SIZE --seed 1`` (kept in bench/.work), then ``kg build`` as a user
runs it (a process, wall time) into a new embedded store (``--no-search``: a remote build writes
no search index either), a new Oxigraph server and a new Virtuoso, and every named query in
process (kg.query / kg.query.remote), median of REPEAT runs, to its full answer; the row counts
must agree across the three stores or the table says so.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import kg  # noqa: E402
from bench.report import machine_line  # noqa: E402
from kg.query import list_queries  # noqa: E402
from kg.query.remote import remote_named_query  # noqa: E402
from tests.servers import running, virtuoso  # noqa: E402

WORK = ROOT / "bench" / ".work"
KG = str(Path(sys.executable).parent / "kg")
OXIGRAPH = str(Path(sys.executable).parent / "oxigraph")
REPEAT = 3
VIRTUOSO_BUFFERS = 100_000  # 8 kB pages: 800 MB, within Virtuoso's advice for a machine with 2 GB to spare


def _corpus(size: int) -> Path:
    out = WORK / f"remote-corpus-{size}"
    if not (out / "manifest.json").exists():
        subprocess.run([KG, "synth", "--projects", str(size), "--seed", "1", "-o", str(out)], check=True,
                       stdout=subprocess.DEVNULL)
    return out


def _build(args: list[str]) -> tuple[float, dict]:
    start = time.perf_counter()
    done = subprocess.run([KG, "build", *args, "--format", "json"], capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode not in (0, 1) or not done.stdout:  # 1: some synthetic tables are broken on purpose
        raise RuntimeError(f"kg build {' '.join(args)}: exit {done.returncode}: {done.stderr[-2000:]}")
    return seconds, json.loads(done.stdout)


def _params(local: str) -> dict[str, dict[str, str]]:
    """A parameter for each query that takes one, read from the embedded answers."""
    shared = kg.query("shared-targets", store=local).rows
    entity = kg.query("entities", store=local).rows
    project = kg.query("projects", store=local).rows
    return {"metric-targets": {"metric": shared[0][0]}, "projects-by-entity": {"entity": entity[0][1]},
            "target-trend": {"project": project[0][2]}}


def _time(run) -> tuple[float, int]:
    times, rows = [], 0
    for _ in range(REPEAT):
        start = time.perf_counter()
        rows = len(run().rows)
        times.append(time.perf_counter() - start)
    return statistics.median(times), rows


def _rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _disk_mib(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20


def _server_pid(port: str) -> int:
    """The process listening on ``port`` (the benchmark's own server)."""
    out = subprocess.run(["ss", "-Hltnp", f"sport = :{port}"], capture_output=True, text=True).stdout
    return int(out.split("pid=")[1].split(",")[0])


def measure(size: int) -> dict:
    corpus = _corpus(size)
    names = [q.name for q in list_queries()]
    result: dict = {"size": size, "load": {}, "disk": {}, "rss": {}, "queries": {}, "rows": {}}
    with tempfile.TemporaryDirectory(dir=WORK) as tmp:
        local = str(Path(tmp) / "embedded")
        result["load"]["embedded"], summary = _build([str(corpus), "--store", local, "--no-search"])
        result["summary"] = summary
        result["disk"]["embedded"] = _disk_mib(Path(local))
        params = _params(local)
        for name in names:
            result["queries"][(name, "embedded")], result["rows"][(name, "embedded")] = _time(
                lambda: kg.query(name, store=local, **params.get(name, {})))

        def remote(label: str, endpoint: str, build_args: list[str], data: Path) -> None:
            result["load"][label], _ = _build([str(corpus), "--endpoint", endpoint, *build_args])
            for name in names:
                result["queries"][(name, label)], result["rows"][(name, label)] = _time(
                    lambda: remote_named_query(endpoint, name, **params.get(name, {})))
            result["disk"][label] = _disk_mib(data)
            result["rss"][label] = _rss_mib(_server_pid(endpoint.split(":")[2].split("/")[0]))

        location = Path(tmp) / "oxigraph"
        with running(lambda port: [OXIGRAPH, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"]) as base:
            remote("oxigraph", base + "/query", [], location)
        with virtuoso(Path(tmp) / "virtuoso", buffers=VIRTUOSO_BUFFERS) as server:
            remote("virtuoso", server.endpoint, ["--graph-store", server.graph_store(server.loader)],
                   Path(tmp) / "virtuoso")
    return result


def table(results: list[dict]) -> str:
    stores = ["embedded", "oxigraph", "virtuoso"]
    lines = [f"Measured {machine_line()}; other jobs shared the 2 cores. `kg build` wall time as a command; "
             f"queries in process to the full answer, median of {REPEAT}.", ""]
    lines += ["| projects | quads | store | load | disk | server RSS after the queries |", "| --- | --- | --- | --- | --- | --- |"]
    for r in results:
        for store in stores:
            rss = f"{r['rss'][store]:,.0f} MiB" if store in r["rss"] else "(in the kg process)"
            lines.append(f"| {r['size']:,} | {r['summary']['quads']:,} | {store} | {r['load'][store]:.1f} s | "
                         f"{r['disk'][store]:,.0f} MiB | {rss} |")
    lines += ["", "| query | " + " | ".join(f"{s} {r['size']:,}" for r in results for s in stores) + " |",
              "| --- |" + " --- |" * (len(results) * len(stores))]
    for name in [q.name for q in list_queries()]:
        cells = []
        for r in results:
            counts = {r["rows"][(name, s)] for s in stores}
            for s in stores:
                mark = "" if len(counts) == 1 else f" ({r['rows'][(name, s)]} rows!)"
                cells.append(f"{r['queries'][(name, s)]:.3f} s{mark}")
        rows = "/".join(f"{r['rows'][(name, 'embedded')]:,}" for r in results)
        lines.append(f"| {name} ({rows} rows) | " + " | ".join(cells) + " |")
    lines += ["", "| all named queries | " + " | ".join(
        f"{sum(r['queries'][(n, s)] for n in [q.name for q in list_queries()]):.2f} s" for r in results for s in stores) + " |"]
    return "\n".join(lines) + "\n"


def main(sizes: list[int]) -> None:
    WORK.mkdir(parents=True, exist_ok=True)
    results = []
    for size in sizes:
        results.append(measure(size))
        print(table(results), flush=True)
    (WORK / "remote-results-table.md").write_text(table(results), encoding="utf-8")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1000, 10000])
