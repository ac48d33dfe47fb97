"""Bounded load test of kg serve on loopback (run: make bench-serve).

Without arguments: 1,000 queries from 20 concurrent clients over the sample store. With
``--store DIR`` (or KG_BENCH_STORE=DIR): a built store, by default 5,000 queries from 50
clients, e.g. the 100k-project store of bench/scale.py. Each run first asks every named
query once for its first page of 50 rows, one at a time (cold: no cached answer), then sends
the load over the named queries that answered within the server's timeout plus a SPARQL COUNT. Records errors by
status, p50/p95 per path, and the server's memory (its process and its query workers)
before and after, in bench/results.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import kg  # noqa: E402
from bench.report import machine_line, replace_section  # noqa: E402
from kg.query import list_queries  # noqa: E402
from kg.serve.pool import rss_bytes  # noqa: E402
from tests.servers import running  # noqa: E402

PARAMS = {"metric": "服务党员教育", "entity": "党员", "project": "党员教育培训项目经费"}
PAGE = 50  # rows of each named query's first page
COUNT = "/sparql?query=" + urllib.parse.quote("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s a kg:Indicator } }")
SECTION = "## kg serve load test"  # the sample store
STORE_SECTION = "## kg serve under load over a built store (issue 24)"


def named_paths() -> dict[str, str]:
    """Every named query's first page (PAGE rows, the total beside them) with the sample's
    parameter values, as a client that pages asks for it."""
    return {q.name: f"/api/queries/{q.name}?" + urllib.parse.urlencode({**{p: PARAMS[p] for p in q.params},
                                                                       "limit": PAGE})
            for q in list_queries()}


def fetch(base: str, path: str) -> tuple[float, int]:
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(base + path, timeout=120) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    except OSError:
        status = 0
    return time.perf_counter() - start, status


def server_memory(base: str) -> int:
    """RSS of the server process and its query workers, bytes."""
    port = base.rsplit(":", 1)[1].encode()
    for proc in Path("/proc").iterdir():
        try:
            args = (proc / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"serve" in args and b"--port" in args and args[args.index(b"--port") + 1] == port:
            pid = int(proc.name)
            children = [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
            return sum(rss_bytes(p) for p in [pid, *children])
    return 0


def run(store: str, queries: int, clients: int) -> dict:
    command = lambda port: [sys.executable, "-m", "kg", "serve", "--store", store, "--port", str(port)]  # noqa: E731
    with running(command, "/health", wait=120) as base:
        fetch(base, "/health")
        memory = {"start": server_memory(base)}
        cold = {name: fetch(base, path) for name, path in named_paths().items()}
        memory["warm"] = server_memory(base)
        paths = [named_paths()[name] for name, (_, status) in cold.items() if status == 200] + [COUNT]

        def one(i: int) -> tuple[str, float, int]:
            path = paths[i % len(paths)]
            return (path, *fetch(base, path))

        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=clients) as pool:
            results = list(pool.map(one, range(queries)))
        wall = time.perf_counter() - started
        memory["after"] = server_memory(base)
        time.sleep(5)
        memory["settled"] = server_memory(base)
    by_path = defaultdict(list)
    for path, seconds, status in results:
        by_path[path].append(seconds * 1000)
    latencies = sorted(r[1] * 1000 for r in results)
    return {"cold": cold, "paths": paths, "statuses": Counter(r[2] for r in results),
            "by_path": {p: (statistics.median(v), percentile(v, 95)) for p, v in by_path.items()},
            "p50": statistics.median(latencies), "p95": percentile(latencies, 95), "wall": wall,
            "qps": queries / wall, "memory": memory}


def percentile(values: list[float], pct: int) -> float:
    ordered = sorted(values)
    return ordered[max(int(len(ordered) * pct / 100) - 1, 0)]


def label(path: str) -> str:
    if path == COUNT:
        return "SPARQL COUNT of indicators"
    return urllib.parse.unquote(path.split("/api/queries/")[1]).split("?")[0]


def report(r: dict, *, store_name: str, queries: int, clients: int) -> str:
    mb = {k: v / 2**20 for k, v in r["memory"].items()}
    errors = sum(n for status, n in r["statuses"].items() if status != 200)
    busy = r["statuses"].get(503, 0)
    lines = [
        f"### {store_name}",
        "",
        f"{queries:,} queries from {clients} concurrent clients, `kg serve` defaults (2 query workers, 10 s "
        f"timeout, answer cache 32 MB); each named query asked for its first page of {PAGE} rows "
        f"(`?limit={PAGE}`, the total row count beside it). Errors: {errors} ({busy} × 503 busy/timeout, documented; "
        f"{errors - busy} other). All requests: p50 {r['p50']:.1f} ms, p95 {r['p95']:.1f} ms, "
        f"{r['qps']:.0f} queries/s.",
        "",
        "| path | cold, alone | under load p50 ms | under load p95 ms |",
        "| --- | ---: | ---: | ---: |",
    ]
    cold_by_path = {named_paths()[n]: v for n, v in r["cold"].items()}
    for path in sorted(set(cold_by_path) | set(r["by_path"]), key=label):
        seconds, status = cold_by_path.get(path, (None, None))
        cold = "–" if seconds is None else f"{seconds:.3f} s" + ("" if status == 200 else f" ({status}, left out)")
        p50, p95 = r["by_path"].get(path, (None, None))
        load = ("–", "–") if p50 is None else (f"{p50:.1f}", f"{p95:.1f}")
        lines.append(f"| {label(path)} | {cold} | {load[0]} | {load[1]} |")
    lines += [
        "",
        f"Memory of the server and its workers (RSS): {mb['start']:.0f} MB at start, {mb['warm']:.0f} MB after "
        f"each named query once, {mb['after']:.0f} MB right after the load, {mb['settled']:.0f} MB 5 s later "
        f"({100 * (mb['settled'] - mb['warm']) / mb['warm']:+.1f} % against the warm figure).",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--store", default=os.environ.get("KG_BENCH_STORE"), help="a built store (default: the sample)")
    parser.add_argument("--queries", type=int, default=None)
    parser.add_argument("--clients", type=int, default=None)
    args = parser.parse_args()
    queries = args.queries or (5000 if args.store else 1000)
    clients = args.clients or (50 if args.store else 20)
    with tempfile.TemporaryDirectory() as tmp:
        store = args.store
        if store is None:
            store = str(Path(tmp) / "store")
            kg.build([ROOT / "corpus"], store=store)
        r = run(store, queries, clients)
    name = f"`{args.store}`" if args.store else "the sample store"
    body = report(r, store_name=name, queries=queries, clients=clients)
    print(body)
    heading = STORE_SECTION if args.store else SECTION
    replace_section(heading, "\n".join([heading, "", machine_line(), "",
                                        "`make bench-serve` (bench/load_test.py), on 127.0.0.1; "
                                        "`KG_BENCH_STORE=DIR make bench-serve` for a built store.", "", body]))


if __name__ == "__main__":
    main()
