"""Refresh docs/screenshot.png: the start page with a warning sign ticked (`make screenshot`)."""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # run as a script (python docs/screenshot.py): the shared harness is in tests/

from tests.harness import CHROMIUM_FLAGS, chromium, start_app, stop  # noqa: E402


def main() -> None:
    server, base = start_app()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium(), args=CHROMIUM_FLAGS)
            page = browser.new_page(viewport={"width": 1000, "height": 1250})
            page.goto(base + "/voila/render/00_start_here.ipynb")
            page.wait_for_selector(".sr-red-flags", timeout=60_000)
            page.get_by_role("checkbox", name="Is the pain in one leg only").check()
            page.get_by_label("Country or region").select_option(label="United Kingdom (999)")
            page.wait_for_selector(".sr-danger")
            page.get_by_role("heading", name="First, check for warning signs").scroll_into_view_if_needed()
            page.evaluate("() => document.querySelector('.sr-red-flags').scrollIntoView({block: 'end'})")
            page.wait_for_timeout(300)
            page.screenshot(path=str(REPO / "docs" / "screenshot.png"))
            browser.close()
    finally:
        stop(server)


if __name__ == "__main__":
    main()
