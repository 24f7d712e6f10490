"""Progress kept only in the learner's browser (widgets/ui/browser_progress.js), in the real app.

A person opens lessons, reaches the end of some, finishes the self-check; the start page then shows
each lesson's state in words, the best score and where to continue. The record survives a reload
and closing and reopening the browser (a persistent Chromium profile), is never sent to the
kernel, and "Forget me" (asked in the page first) removes it.
"""

from __future__ import annotations

import json
import re
import urllib.request
from urllib.parse import urlparse

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.harness import CHROMIUM_FLAGS, chromium
from widgets.content import content
from widgets.navigation import find_page, page_link
from widgets.progress import FINISH_DWELL_MS, STORAGE_KEY, listed_lessons
from widgets.quiz import questions

from .conftest import LOAD_TIMEOUT_MS, LOCAL_HOSTS, Watch, new_page, open_lesson
from .test_app import WCAG_TAGS
from .test_polish import FIT_JS, ring_after_tab

C = content()
LESSONS = listed_lessons(C)
QS = questions()
START = find_page(C, "start-here").file
# Every write to the record, so a test can wait for the browser to have handled a score.
SPY = """(() => {
  const set = Storage.prototype.setItem;
  window.__progressWrites = 0;
  Storage.prototype.setItem = function (key, value) {
    if (key === %s) window.__progressWrites += 1;
    return set.call(this, key, value);
  };
})();""" % json.dumps(STORAGE_KEY)


def file_of(lesson_id: str) -> str:
    return find_page(C, lesson_id).file


def record(page: Page) -> dict | None:
    raw = page.evaluate("k => window.localStorage.getItem(k)", STORAGE_KEY)
    return None if raw is None else json.loads(raw)


def wait_for_record(page: Page, test: str, arg=None) -> None:
    """Wait until ``test`` (a JS expression of ``r``, the record, and ``a``) holds."""
    page.wait_for_function(
        f"([k, a]) => {{ const r = JSON.parse(window.localStorage.getItem(k) || 'null'); return !!r && ({test}); }}",
        arg=[STORAGE_KEY, arg], timeout=LOAD_TIMEOUT_MS)


class Profile:
    """A Chromium with a profile on disk (closing and reopening it keeps its localStorage), watched
    like conftest's pages: no other host, no console or page error. Every websocket frame the page
    sends (to the kernel) is kept, to show the record never goes there."""

    def __init__(self, browser, directory, width: int, height: int):
        self.context = browser.browser_type.launch_persistent_context(
            str(directory), executable_path=chromium(), args=CHROMIUM_FLAGS, headless=True,
            viewport={"width": width, "height": height}, reduced_motion="reduce")
        self.watch = Watch()
        self.sent: list[str] = []

        def route(route):
            host = urlparse(route.request.url).hostname or ""
            if route.request.url.startswith(("data:", "blob:")) or host in LOCAL_HOSTS:
                route.continue_()
            else:
                self.watch.foreign.append(route.request.url)
                route.abort()

        self.context.route("**/*", route)
        self.context.add_init_script(SPY)
        self.page = self.context.pages[0] if self.context.pages else self.context.new_page()
        self.page.on("console", lambda m: self.watch.console_errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.watch.page_errors.append(str(e)))
        self.page.on("websocket", lambda ws: ws.on(
            "framesent", lambda payload: self.sent.append(payload if isinstance(payload, str)
                                                          else payload.decode("utf-8", "replace"))))

    def close(self) -> None:
        self.context.close()
        assert not self.watch.problems(), "\n".join(self.watch.problems())
        for frame in self.sent:  # the record stays in the browser: nothing of it goes to the kernel
            assert STORAGE_KEY not in frame and '"finished":' not in frame and '"opened":' not in frame, frame[:300]


def open_and_wait_recorded(page: Page, app_url: str, lesson_id: str) -> None:
    open_lesson(page, app_url, file_of(lesson_id))
    wait_for_record(page, "r.opened.includes(a) && r.last === a", lesson_id)


def reach_the_end(page: Page, lesson_id: str) -> None:
    footer = page.locator(".sr-footer")
    footer.scroll_into_view_if_needed()
    expect(footer).to_be_in_viewport()
    wait_for_record(page, "r.finished.includes(a)", lesson_id)


def answer_first(quiz, right: bool) -> None:
    q = QS[0]
    assert q.kind == "single", "these tests expect the bank to open with a single-choice question"
    option = next(o for o in q.options if o.correct is right)
    card = quiz.locator(f".sr-q-{q.id}")
    card.get_by_role("radio", name=option.text, exact=True).check()
    card.get_by_role("button", name="Check answer 1").click()
    expect(card.get_by_role("status")).to_contain_text("Right" if right else "Not quite")


def finish(page: Page, quiz, expected_score: str) -> None:
    writes = page.evaluate("() => window.__progressWrites")
    quiz.get_by_role("button", name="Finish and show feedback").click()
    expect(quiz.locator(".sr-score")).to_have_text(expected_score)
    # the kernel hands the score over just after the score line: the browser writes the record then
    page.wait_for_function("n => window.__progressWrites > n", arg=writes, timeout=LOAD_TIMEOUT_MS)


def drawn(page: Page) -> None:
    """After a reload: wait as open_lesson does until every widget is drawn."""
    page.wait_for_selector("#sr-page", state="visible", timeout=LOAD_TIMEOUT_MS)
    page.wait_for_function(
        "() => !document.querySelector('#loading')"
        " && !document.querySelector('script[type=\"application/vnd.voila.cell-output+json\"]')"
        " && [...document.querySelectorAll('.sr-placeholder')].every(e => getComputedStyle(e).display === 'none')",
        timeout=LOAD_TIMEOUT_MS)


def panel_of(page: Page, app_url: str, reload: bool = False, listed: bool = True):
    if reload:
        page.reload(timeout=LOAD_TIMEOUT_MS)
        drawn(page)
    else:
        open_lesson(page, app_url, START)
    panel = page.get_by_role("region", name="Your progress")
    expect(panel).to_be_visible()
    expect(panel.get_by_role("listitem")).to_have_count(len(LESSONS) if listed else 0)
    return panel


def expect_states(panel, states: dict[str, str]) -> None:
    expect(panel.get_by_role("listitem")).to_have_text(
        [f"{x.number}. {x.title}: {states.get(x.id, 'not opened')}" for x in LESSONS])


def expect_nothing_stored(panel) -> None:
    expect(panel).to_contain_text("Nothing is stored in this browser yet")
    expect_states(panel, {})
    first = LESSONS[0]
    start = panel.get_by_role("link", name=f"Start with lesson 1: {first.title}", exact=True)
    expect(start).to_have_attribute("href", page_link(C, first.id))
    expect(panel.get_by_role("link", name=re.compile("Continue where you left off"))).to_have_count(0)
    expect(panel.locator(".sr-progress-best")).to_have_text("Best self-check score: none yet.")


def axe_clean(page: Page) -> None:
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    assert results.violations_count == 0, results.generate_report()


def fits(page: Page) -> None:
    """The panel's boxes stay inside the column and nothing scrolls sideways (test_polish's check)."""
    fit = page.evaluate(FIT_JS)
    assert fit["outside"] == [] and fit["sideways"] == [] and fit["page"] <= 0, fit


def rings_like_links(page: Page, panel) -> None:
    """Reached by Tab, the panel's link and button show the same focus ring as the navigation's links."""
    link = ring_after_tab(page, page.locator(".sr-nav a").first)
    for control in (panel.get_by_role("link", name=re.compile("^Continue where you left off")),
                    panel.get_by_role("button", name="Forget me", exact=True)):
        ring = ring_after_tab(page, control)
        assert not ring["clippedBy"], ring
        for key in ("style", "width", "color", "offset", "shadow"):
            assert ring[key] == link[key], (key, ring, link)


STATES = {"first-response": "finished", "stretches": "opened", "back-spasms": "finished", "ice-and-heat": "opened",
          "check-yourself": "finished"}


@pytest.mark.parametrize(("width", "height"), [(1280, 900), (375, 760)])
def test_progress_is_kept_in_the_browser_survives_a_restart_and_forget_me_clears_it(
        browser, app_url, tmp_path, width, height):
    profile = Profile(browser, tmp_path / "profile", width, height)
    page = profile.page
    try:
        # a new visitor: nothing stored, and the panel says how to begin, in words
        panel = panel_of(page, app_url)
        assert record(page) is None
        expect_nothing_stored(panel)
        expect(panel).to_contain_text("nothing about your progress is sent to or kept on the server")
        expect(panel).to_contain_text("A lesson counts as opened once its page has been shown, and as finished "
                                      "once you have reached its end")
        fits(page)
        axe_clean(page)
        assert record(page) is None  # the start page itself is not recorded

        # lesson 1: opened on arrival; not finished while its end is off screen; finished at the end
        open_and_wait_recorded(page, app_url, "first-response")
        expect(page.locator(".sr-footer")).not_to_be_in_viewport()
        page.wait_for_timeout(FINISH_DWELL_MS + 800)
        assert "first-response" not in record(page)["finished"]
        reach_the_end(page, "first-response")

        # the self-check: the best score is kept, a lower one later does not replace it
        open_and_wait_recorded(page, app_url, "check-yourself")
        quiz = page.locator(".sr-quiz")
        answer_first(quiz, right=True)
        finish(page, quiz, f"Score: 1 of {len(QS)} right (1 answered).")
        assert record(page)["best"] == {"right": 1, "total": len(QS), "text": f"1 of {len(QS)} right"}
        quiz.get_by_role("button", name="Try again (new order)").click()
        quiz.get_by_role("button", name="Yes, clear my answers").click()
        expect(quiz.locator(".sr-score")).to_have_text(f"Score: 0 of {len(QS)} right (0 answered).")
        answer_first(quiz, right=False)
        finish(page, quiz, f"Score: 0 of {len(QS)} right (1 answered).")
        assert record(page)["best"]["right"] == 1
        reach_the_end(page, "check-yourself")

        # lesson 3 left at its end by keyboard, Tab to the footer's "Next" and Enter: finished; lesson 4 opened
        open_and_wait_recorded(page, app_url, "back-spasms")
        page.locator(".sr-footer a[rel=next]").focus()
        page.keyboard.press("Enter")
        page.wait_for_url(f"**/{file_of('ice-and-heat')}", timeout=LOAD_TIMEOUT_MS)
        drawn(page)
        wait_for_record(page, "r.opened.includes(a) && r.last === a", "ice-and-heat")
        assert "back-spasms" in record(page)["finished"] and "ice-and-heat" not in record(page)["finished"]

        # lesson 2: only opened, and the last one opened
        open_and_wait_recorded(page, app_url, "stretches")
        assert "stretches" not in record(page)["finished"]

        # the start page shows it all, in words
        for reload in (False, True):
            panel = panel_of(page, app_url, reload=reload)
            expect_states(panel, STATES)
            expect(panel.locator(".sr-progress-best")).to_have_text(f"Best self-check score: 1 of {len(QS)} right.")
            onward = panel.get_by_role("link", name="Continue where you left off: Stretching a cramp", exact=True)
            expect(onward).to_have_attribute("href", page_link(C, "stretches"))
            expect(panel).to_contain_text(f"3 of {len(LESSONS)} lessons finished, 5 opened.")
        fits(page)
        axe_clean(page)
        rings_like_links(page, panel)

        # by keyboard: "Forget me" asks first, in the page, with the safe answer focused; Escape keeps
        forget = panel.get_by_role("button", name="Forget me", exact=True)
        forget.focus()
        page.keyboard.press("Enter")
        question = panel.get_by_role("group", name=re.compile(r"^Forget your progress in this browser\?"))
        expect(question).to_be_visible()
        expect(question.get_by_role("button", name="Keep my progress")).to_be_focused()
        expect(forget).to_be_hidden()
        axe_clean(page)
        page.keyboard.press("Escape")
        expect(question).to_be_hidden()
        expect(forget).to_be_focused()
        assert record(page)["finished"]
    finally:
        profile.close()

    # the browser closed and opened again: the record is still there
    profile = Profile(browser, tmp_path / "profile", width, height)
    page = profile.page
    try:
        panel = panel_of(page, app_url)
        expect_states(panel, STATES)
        expect(panel.locator(".sr-progress-best")).to_have_text(f"Best self-check score: 1 of {len(QS)} right.")
        expect(panel.get_by_role("link", name="Continue where you left off: Stretching a cramp")).to_be_visible()

        # "Forget me", confirmed: the key is gone, the panel says so and is back to nothing stored
        panel.get_by_role("button", name="Forget me", exact=True).click()
        panel.get_by_role("button", name="Yes, forget me", exact=True).click()
        expect(panel.get_by_role("status")).to_have_text(
            "Done: your progress and your diary are cleared. Nothing about them is kept in this browser now.")
        assert record(page) is None
        expect_nothing_stored(panel)
        expect(panel.get_by_role("button", name="Forget me", exact=True)).to_be_focused()
        axe_clean(page)
        expect_nothing_stored(panel_of(page, app_url, reload=True))
    finally:
        profile.close()


def test_a_browser_that_refuses_storage_is_told_so_and_lessons_still_work(browser, app_url):
    page, watch = new_page(browser, 375, 760)
    page.add_init_script("""Object.defineProperty(window, "localStorage", {
        get() { throw new DOMException("The user has blocked storage", "SecurityError"); } });""")
    try:
        open_lesson(page, app_url, file_of("first-response"))
        page.locator(".sr-footer").scroll_into_view_if_needed()
        page.wait_for_timeout(FINISH_DWELL_MS + 500)
        panel = panel_of(page, app_url, listed=False)  # no states: the browser cannot know them
        expect(panel.locator(".sr-progress-refused")).to_have_text(re.compile(
            r"^This browser does not let the page keep anything .* so your progress cannot be kept or shown here"))
        expect(panel).not_to_contain_text("Nothing is stored")
        expect(panel.get_by_role("button", name="Forget me", exact=True)).to_be_hidden()
        expect(panel.locator(".sr-progress-best")).to_be_hidden()
        expect(panel.get_by_role("link", name=f"Start with lesson 1: {LESSONS[0].title}")).to_be_visible()
        axe_clean(page)
    finally:
        page.context.close()
    assert not watch.problems(), "\n".join(watch.problems())


def test_each_lesson_page_carries_one_recorder_with_no_visible_placeholder(app_url):
    for page_id, expected in (("first-response", 1), ("check-yourself", 1), ("start-here", 0), (C.dashboard.id, 0)):
        with urllib.request.urlopen(f"{app_url}/voila/render/{file_of(page_id)}", timeout=60) as response:
            body = response.read().decode()
        assert body.count("data-quiet") == expected, page_id
        if expected:  # just before the footer, which is still the server's own HTML
            assert body.index("data-quiet") < body.index('<div class="sr-footer">')
