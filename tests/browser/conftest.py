"""A real Voilà server (the app's own launcher) and a real headless Chromium, per test run.

Every page a test opens is watched: a request to any host but the app's own is blocked
and recorded, and so is every console error and page error; the test fails on any of them.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Page, sync_playwright

REPO = Path(__file__).resolve().parents[2]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
# Pages can take a while on a busy 2-core machine; these are limits, not expectations.
LOAD_TIMEOUT_MS = 60_000
TIMER_SECONDS = 3
"""Every hold timer in the test server runs for this long (widgets.ui.hold_timer.TEST_SECONDS_ENV)."""


def _chromium() -> str:
    candidates = [os.environ.get("SPASM_RELIEF_CHROMIUM", ""), "/usr/bin/chromium",
                  shutil.which("chromium") or "", shutil.which("chromium-browser") or ""]
    for candidate in candidates:
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    pytest.fail(
        "No Chromium found, and the browser tests are never skipped. Install one "
        "(Debian/Ubuntu: sudo apt-get install chromium) or set SPASM_RELIEF_CHROMIUM=/path/to/chromium.",
        pytrace=False,
    )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(url: str, process: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the app server exited early:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"the app server did not answer within {timeout} s:\n{log.read_text()[-3000:]}")


@pytest.fixture(scope="session")
def app_log(tmp_path_factory) -> Path:
    """The app server's log (everything it and tornado print)."""
    return tmp_path_factory.mktemp("server") / "voila.log"


@pytest.fixture(scope="session")
def app_url(app_log) -> str:
    """Start `python -m widgets.server` (what `make app` runs) on a free port on 127.0.0.1."""
    port = _free_port()
    log = app_log
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "widgets.server", "--port", str(port)],
            cwd=REPO, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
            env={**os.environ, "SPASM_RELIEF_TIMER_SECONDS": str(TIMER_SECONDS)},
        )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(f"{base}/assets/styles/spasm-relief.css", process, log)
        yield base
    finally:
        _stop(process)


def _stop(process: subprocess.Popen) -> None:
    """Stop a server started in its own session, and everything it started (kernels)."""
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


@pytest.fixture(scope="session")
def browser():
    executable = _chromium()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS, headless=True)
        yield browser
        browser.close()


class Watch:
    """What a page did that it should not: foreign requests, console errors, page errors."""

    def __init__(self):
        self.foreign: list[str] = []
        self.console_errors: list[str] = []
        self.page_errors: list[str] = []

    def problems(self) -> list[str]:
        return ([f"request to another host: {u}" for u in self.foreign]
                + [f"console error: {m}" for m in self.console_errors]
                + [f"page error: {m}" for m in self.page_errors])


def new_page(browser, width: int = 1280, height: int = 900) -> tuple[Page, Watch]:
    context = browser.new_context(viewport={"width": width, "height": height}, reduced_motion="reduce")
    page = context.new_page()
    watch = Watch()

    def route(route):
        host = urlparse(route.request.url).hostname or ""
        if route.request.url.startswith(("data:", "blob:")) or host in LOCAL_HOSTS:
            route.continue_()
        else:
            watch.foreign.append(route.request.url)
            route.abort()

    page.route("**/*", route)
    page.on("console", lambda msg: watch.console_errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda error: watch.page_errors.append(str(error)))
    return page, watch


@pytest.fixture
def page_and_watch(browser):
    page, watch = new_page(browser)
    yield page, watch
    page.context.close()
    assert not watch.problems(), "\n".join(watch.problems())


@pytest.fixture
def page(page_and_watch) -> Page:
    return page_and_watch[0]


def browser_clock_at(page: Page, time: dt.time, day: dt.date | None = None) -> dt.datetime:
    """Make the page's ``Date`` read a fixed local time (today unless ``day``); timers keep running.

    The planner plans from the visitor's 'now', so a test that expects sessions today would
    otherwise pass or fail with the hour it runs at (after about 22:10 no session fits before bed).
    """
    at = dt.datetime.combine(day or dt.date.today(), time)
    page.clock.set_fixed_time(at)
    return at


def open_lesson(page: Page, app_url: str, file: str) -> None:
    """Go to a lesson and wait until Voilà has rendered it and its widgets are live."""
    page.goto(f"{app_url}/voila/render/{file}", timeout=LOAD_TIMEOUT_MS)
    page.wait_for_selector("#sr-page", state="visible", timeout=LOAD_TIMEOUT_MS)
    page.wait_for_selector(".sr-nav", timeout=LOAD_TIMEOUT_MS)
    # The text is there at once; Voilà's front end then takes each widget's JSON out of the page and
    # draws the widget (its placeholder goes then), and removes #loading when it has started.
    page.wait_for_function(
        "() => !document.querySelector('#loading')"
        " && !document.querySelector('script[type=\"application/vnd.voila.cell-output+json\"]')"
        " && [...document.querySelectorAll('.sr-placeholder')].every(e => getComputedStyle(e).display === 'none')",
        timeout=LOAD_TIMEOUT_MS,
    )
