"""Extraction throughput on synthetic corpora (run: make bench-extract).

Writes bench/extract-results.md with the machine, versions and date.
"""

from __future__ import annotations

import datetime
import os
import platform
import resource
import sys
import tempfile
import time
from pathlib import Path

import kg
from kg.synth import write_corpus

SIZES = [int(s) for s in os.environ.get("KG_BENCH_SIZES", "1000,10000").split(",")]


def measure(projects: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        manifest = write_corpus(tmp, projects=projects, seed=1)
        size = sum(p.stat().st_size for p in Path(tmp).glob("*.txt"))
        start = time.perf_counter()
        found = indicators = 0
        for item in kg.extract(tmp):
            if isinstance(item, kg.Project):
                found += 1
                indicators += len(item.indicators)
        seconds = time.perf_counter() - start
    assert found == manifest.projects and indicators == manifest.indicators
    return {"projects": projects, "files": manifest.files, "mb": size / 1e6, "seconds": seconds,
            "indicators": indicators}


def main() -> None:
    rows = [measure(n) for n in SIZES]
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    lines = [
        "# Extraction benchmark",
        "",
        f"{datetime.date.today()} · {platform.processor() or platform.machine()} · {os.cpu_count()} cores · "
        f"Python {platform.python_version()} · kg {kg.__version__} · one process",
        "",
        "`kg synth --seed 1` corpora (all five layouts, GB18030 and CRLF files among them), read with "
        "`kg.extract` (read → parse → normalise); every project and indicator of the manifest found.",
        "",
        "| projects | files | indicators | MB | seconds | projects/s | MB/s |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        lines.append(f"| {r['projects']:,} | {r['files']:,} | {r['indicators']:,} | {r['mb']:.1f} | "
                     f"{r['seconds']:.2f} | {r['projects'] / r['seconds']:,.0f} | {r['mb'] / r['seconds']:.2f} |")
    lines += ["", f"Peak RSS of the whole run: {peak:.0f} MB.", ""]
    out = Path(__file__).with_name("extract-results.md")
    out.write_text("\n".join(lines), encoding="utf-8")
    sys.stdout.write("\n".join(lines))


if __name__ == "__main__":
    main()
