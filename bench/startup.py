"""How long the CLI takes to start and answer (run: make bench-startup).

Analysts run queries one after another and scripts call the CLI in loops, so the time of
`kg query shared-targets` on the sample store is compared with the least a Python
command over the same store can take: `python -c "import pyoxigraph, click"`. Each
command runs 21 times after one warm-up; the medians go to bench/results.md.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.report import machine_line, replace_section  # noqa: E402

RUNS = 21
TARGET_RATIO = 5.0  # issue 19: at most 5× the bare interpreter with pyoxigraph and click


def median_seconds(command: list[str], cwd: Path) -> float:
    subprocess.run(command, cwd=cwd, check=True, capture_output=True)  # warm the file cache
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run(command, cwd=cwd, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    python = sys.executable
    script = Path(python).with_name("kg")  # the console script a user runs
    kg_command = [str(script)] if script.exists() else [python, "-m", "kg"]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        subprocess.run([*kg_command, "build", str(ROOT / "corpus"), "--store", ".kg", "--no-nlp"],
                       cwd=work, check=True, capture_output=True)
        baseline = median_seconds([python, "-c", "import pyoxigraph, click"], work)
        rows = [("`python -c \"import pyoxigraph, click\"` (the floor)", baseline)]
        for label, command in [
            ("`python -c \"import kg\"`", [python, "-c", "import kg"]),
            ("`kg --help`", [*kg_command, "--help"]),
            ("`kg query shared-targets` (sample store)", [*kg_command, "query", "shared-targets", "--store", ".kg"]),
            ("`kg query projects` (sample store)", [*kg_command, "query", "projects", "--store", ".kg"]),
        ]:
            rows.append((label, median_seconds(command, work)))
    headline = rows[3][1] / baseline
    section = "\n".join([
        "## CLI start-up",
        "",
        f"`make bench-startup` (bench/startup.py), {machine_line()}. Median of {RUNS} runs each, after one "
        "warm-up, wall time of the whole process.",
        "",
        "| command | median | × the floor |",
        "| --- | ---: | ---: |",
        *(f"| {label} | {seconds * 1000:.0f} ms | {seconds / baseline:.1f}× |" for label, seconds in rows),
        "",
        f"`kg query shared-targets` takes **{headline:.1f}×** the floor (target ≤ {TARGET_RATIO:.0f}×).",
        "",
    ])
    replace_section("## CLI start-up", section)
    print(section)


if __name__ == "__main__":
    main()
