"""Open a page in the machine's headless Chromium with no network (shared by browser tests)."""

from __future__ import annotations

import shutil
from contextlib import contextmanager

import pytest

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        pytest.skip("Chromium is not installed (Debian package chromium; `make test` installs it as root)")
    return path


@contextmanager
def browser_page(allow: str = "file://"):
    """A page whose console errors and requests are recorded; requests outside ``allow`` are refused."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.errors, page.requests = [], []
            page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: page.errors.append(str(e)))
            page.on("request", lambda r: page.requests.append(r.url))
            page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(allow)
                       else route.abort())
            yield page
        finally:
            browser.close()
