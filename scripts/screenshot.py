"""Screenshot the HTML graph view in headless Chromium (run: make screenshot).

docs/sample-graph.png: the sample, a project clicked; docs/graph-2000-*.png: 2,000 synthetic
projects, opening on their communities, one community opened, and a search.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import kg  # noqa: E402
from kg.analyze import to_networkx  # noqa: E402
from kg.export.network import write_network  # noqa: E402
from tests.browser import browser_page  # noqa: E402
from tests.view_checks import build_synthetic, open_view, wait_until  # noqa: E402

DOCS = ROOT / "docs"


def page_of(store: str, out: Path) -> Path:
    write_network(to_networkx(store), "html", out)
    return out


def sample(tmp: Path) -> None:
    kg.build([ROOT / "corpus"], store=str(tmp / "sample"))
    page_file = page_of(str(tmp / "sample"), tmp / "sample.html")
    with browser_page() as page:
        open_view(page, page_file.as_uri())
        page.evaluate("kgView.select(DATA.nodes.find(n => n.label === '市委组织部履职提升项目经费').id)")
        page.screenshot(path=str(DOCS / "sample-graph.png"))


def synthetic(tmp: Path) -> None:
    page_file = page_of(build_synthetic(tmp / "s2000", 2000), tmp / "s2000.html")
    with browser_page() as page:
        open_view(page, page_file.as_uri())
        page.screenshot(path=str(DOCS / "graph-2000-communities.png"))
        page.evaluate("kgView.openCommunity(0)")
        page.wait_for_timeout(300)
        page.screenshot(path=str(DOCS / "graph-2000-community.png"))
        page.fill("#search", "考生满意度")
        wait_until(page, "kgView.hits.length > 0")
        page.wait_for_timeout(400)  # the camera's move
        page.screenshot(path=str(DOCS / "graph-2000-search.png"))


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        sample(Path(tmp))
        synthetic(Path(tmp))
    print(f"wrote {', '.join(sorted(p.name for p in DOCS.glob('*.png')))} in {DOCS}")


if __name__ == "__main__":
    main()
