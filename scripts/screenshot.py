"""Screenshot the sample graph's HTML view in headless Chromium (run: make screenshot)."""

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


def main() -> None:
    out = ROOT / "docs" / "sample-graph.png"
    with tempfile.TemporaryDirectory() as tmp:
        store = str(Path(tmp) / "store")
        kg.build([ROOT / "corpus"], store=store)
        page_file = Path(tmp) / "graph.html"
        write_network(to_networkx(store), "html", page_file)
        with browser_page() as page:
            page.goto(page_file.as_uri())
            page.wait_for_selector(".node")
            page.locator('.node[data-type="metric"]').filter(has_text="服务党员教育").dispatch_event("click")
            page.screenshot(path=str(out))
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
