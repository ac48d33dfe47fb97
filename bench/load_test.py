"""Bounded load test of kg serve on loopback (run: make bench-serve).

1,000 queries from 20 concurrent clients against a real server on 127.0.0.1, over the
sample store; records errors, p50 and p95 latency in bench/results.md.
"""

from __future__ import annotations

import datetime
import json
import os
import platform
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
        f"{datetime.date.today()} · {platform.machine()} · {os.cpu_count()} cores · Python {platform.python_version()} · "
        f"kg {kg.__version__}",
        "",
        f"{QUERIES:,} queries from {CLIENTS} concurrent clients on 127.0.0.1 against `kg serve` over the sample "
        "store, mixing named queries and a SPARQL COUNT (`make bench-serve`, bench/load_test.py).",
        "",
        "| queries | clients | errors | p50 ms | p95 ms | queries/s |",
        "| ---: | ---: | ---: | ---: | ---: | ---: |",
        f"| {QUERIES:,} | {CLIENTS} | {r['errors']} | {r['p50']:.1f} | {r['p95']:.1f} | {r['qps']:.0f} |",
        "",
    ])
    results = ROOT / "bench" / "results.md"
    text = results.read_text(encoding="utf-8") if results.exists() else "# Benchmarks\n\n"
    start = text.find("## kg serve load test")
    if start >= 0:
        end = text.find("\n## ", start + 3)
        text = text[:start] + section + (text[end + 1:] if end >= 0 else "")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    results.write_text(text, encoding="utf-8")
    print(section)


if __name__ == "__main__":
    main()
