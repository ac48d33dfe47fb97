"""Bounded load test of kg serve on loopback (run: make bench-serve).

1,000 queries from 20 concurrent clients against a real server on 127.0.0.1, over the
sample store; records errors, p50 and p95 latency in bench/results.md.
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import kg  # noqa: E402
from bench.report import machine_line, replace_section  # noqa: E402
from tests.servers import running  # noqa: E402

CLIENTS, QUERIES = 20, 1000
PATHS = [
    "/api/queries/shared-targets", "/api/queries/projects", "/api/queries/cost-vs-budget",
    "/api/queries/metric-targets?metric=" + urllib.parse.quote("服务党员教育"),
    "/sparql?query=" + urllib.parse.quote("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s a kg:Indicator } }"),
]


def run() -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        store = str(Path(tmp) / "store")
        kg.build([ROOT / "corpus"], store=store)
        command = lambda port: [sys.executable, "-m", "kg", "serve", "--store", store, "--port", str(port)]  # noqa: E731
        with running(command, "/health") as base:
            def one(i: int) -> tuple[float, bool]:
                start = time.perf_counter()
                try:
                    with urllib.request.urlopen(base + PATHS[i % len(PATHS)], timeout=30) as response:
                        ok = response.status == 200 and json.load(response) is not None
                except OSError:
                    ok = False
                return time.perf_counter() - start, ok

            started = time.perf_counter()
            with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
                results = list(pool.map(one, range(QUERIES)))
            wall = time.perf_counter() - started
    latencies = sorted(r[0] * 1000 for r in results)
    return {"errors": sum(not r[1] for r in results), "p50": statistics.median(latencies),
            "p95": latencies[int(len(latencies) * 0.95) - 1], "wall": wall, "qps": QUERIES / wall}


def main() -> None:
    r = run()
    section = "\n".join([
        "## kg serve load test",
        "",
        machine_line(),
        "",
        f"{QUERIES:,} queries from {CLIENTS} concurrent clients on 127.0.0.1 against `kg serve` over the sample "
        "store, mixing named queries and a SPARQL COUNT (`make bench-serve`, bench/load_test.py).",
        "",
        "| queries | clients | errors | p50 ms | p95 ms | queries/s |",
        "| ---: | ---: | ---: | ---: | ---: | ---: |",
        f"| {QUERIES:,} | {CLIENTS} | {r['errors']} | {r['p50']:.1f} | {r['p95']:.1f} | {r['qps']:.0f} |",
        "",
    ])
    replace_section("## kg serve load test", section)
    print(section)


if __name__ == "__main__":
    main()
