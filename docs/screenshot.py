"""Refresh docs/screenshot.png: the start page with a warning sign ticked (`make screenshot`)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parents[1]


def main() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "widgets.server", "--port", str(port)], cwd=REPO,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(200):
            try:
                urllib.request.urlopen(base + "/assets/styles/spasm-relief.css", timeout=2)
                break
            except OSError:
                time.sleep(0.3)
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=os.environ.get("SPASM_RELIEF_CHROMIUM", "/usr/bin/chromium"),
                args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
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
        os.killpg(server.pid, 15)
        server.wait(timeout=15)


if __name__ == "__main__":
    main()
