"""A real Voilà server (the app's own launcher) and a real headless Chromium, per test run.

Every page a test opens is watched: a request to any host but the app's own is blocked
and recorded, and so is every console error and page error; the test fails on any of them.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Page, sync_playwright

from tests.harness import CHROMIUM_FLAGS, chromium, start_app, stop

LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}
# Pages can take a while on a busy 2-core machine; these are limits, not expectations.
LOAD_TIMEOUT_MS = 60_000
TIMER_SECONDS = 3
"""Every hold timer in the test server runs for this long (widgets.ui.hold_timer.TEST_SECONDS_ENV)."""


@pytest.fixture(scope="session")
def app_log(tmp_path_factory) -> Path:
    """The app server's log (everything it and tornado print)."""
    return tmp_path_factory.mktemp("server") / "voila.log"


@pytest.fixture(scope="session")
def app_url(app_log) -> str:
    """Start `python -m spasm_relief_app.server` (what `make app` runs) on a free port on 127.0.0.1."""
    process, base = start_app(log=app_log, env={"SPASM_RELIEF_TIMER_SECONDS": str(TIMER_SECONDS)})
    try:
        yield base
    finally:
        stop(process)


@pytest.fixture(scope="session")
def browser():
    executable = chromium()
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


def new_page(browser, width: int = 1280, height: int = 900, **context_options) -> tuple[Page, Watch]:
    """A page in a fresh context (``context_options`` go to it, e.g. ``timezone_id``), watched: a request
    to another host, a console or page error, or a browser dialog is a problem."""
    context = browser.new_context(viewport={"width": width, "height": height}, reduced_motion="reduce",
                                  **context_options)
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
    page.on("dialog", lambda dialog: (watch.page_errors.append(f"a browser dialog opened: {dialog.message}"),
                                      dialog.dismiss()))
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


def planner_uses_browser_time(page: Page, at: dt.datetime) -> None:
    """Wait until the planner has heard the browser's time (its untouched start moves to it).

    Until then the planner plans with the server's clock; a test that types into the planner
    before would race with that message (and around midnight the two clocks' days differ).
    """
    page.wait_for_function("(t) => [...document.querySelectorAll('.sr-planner input[type=time]')]"
                           ".some(i => i.value === t)", arg=f"{at:%H:%M}", timeout=LOAD_TIMEOUT_MS)


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
