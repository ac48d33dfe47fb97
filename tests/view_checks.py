"""What a reader of the graph view checks, as functions over a Playwright page (shared by
tests/test_view_scale.py and bench/view_bench.py)."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

FIRST_DRAW = "window.kgView && kgView.firstDraw !== null"
# Run ``action`` and resolve, in ms, once the frame after it has been painted.
TIMED = ("() => new Promise(done => { const start = performance.now(); %s; "
         "requestAnimationFrame(() => setTimeout(() => done(performance.now() - start))); })")


def build_synthetic(folder: Path, projects: int) -> str:
    """A store of ``projects`` synthetic projects (``kg synth`` then ``kg build --no-nlp``)."""
    corpus, store = folder / "corpus", folder / "store"
    for args in (["synth", "--projects", str(projects), "-o", str(corpus)],
                 ["build", str(corpus), "--store", str(store), "--no-nlp"]):
        done = subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, timeout=1800)
        assert done.returncode in (0, 1), done.stderr[-2000:]  # 1: the planted broken tables
    return str(store)


def wait_until(page, expression: str, *, timeout_ms: int = 120_000) -> None:
    """Poll ``expression`` until it is true. Not ``page.wait_for_function``: that evaluates a string
    with eval, which kg serve's Content-Security-Policy forbids."""
    deadline = time.monotonic() + timeout_ms / 1000
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise TimeoutError(f"still false after {timeout_ms} ms: {expression}")
        page.wait_for_timeout(20)


def open_view(page, url: str, *, timeout_ms: int = 120_000) -> dict:
    """Load the page; the time to its first painted frame as the page measured it (ms since
    navigation began) and as seen from outside (wall clock, s)."""
    started = time.perf_counter()
    page.goto(url)
    wait_until(page, FIRST_DRAW, timeout_ms=timeout_ms)
    return {"first_draw_ms": page.evaluate("kgView.firstDraw"), "wall_s": time.perf_counter() - started,
            "timings": page.evaluate("kgView.timings")}


def timed(page, action: str) -> float:
    """ms from running ``action`` (JavaScript) in the page to the next painted frame."""
    return page.evaluate(TIMED % action)


def label_boxes(page) -> list[dict]:
    return page.evaluate("kgView.drawnLabels.map(({text, x, y, w, h}) => ({text, x, y, w, h}))")


def overlaps(boxes: list[dict]) -> list[tuple[str, str]]:
    """Pairs of drawn labels whose boxes intersect."""
    found = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            if a["x"] < b["x"] + b["w"] and b["x"] < a["x"] + a["w"] and a["y"] < b["y"] + b["h"] and b["y"] < a["y"] + a["h"]:
                found.append((a["text"], b["text"]))
    return found


def outside(page, boxes: list[dict]) -> list[str]:
    """Labels cut off by the drawing's edge."""
    width, height = page.evaluate("[document.getElementById('sigma').clientWidth, document.getElementById('sigma').clientHeight]")
    return [b["text"] for b in boxes if b["x"] < 0 or b["y"] < 0 or b["x"] + b["w"] > width or b["y"] + b["h"] > height]


def status(page) -> str:
    return page.locator("#status").inner_text()


def click_node(page, node_id: str) -> None:
    """A real mouse click where the node is drawn."""
    point = page.evaluate("id => kgView.viewport(id)", node_id)
    box = page.locator("#sigma").bounding_box()
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
