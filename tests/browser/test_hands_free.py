"""Hands-free holds in the browser: what the page asks the browser to do during a hold.

An init script replaces ``speechSynthesis.speak`` (and ``cancel``), ``navigator.vibrate`` and
``navigator.wakeLock.request`` (and its sentinel's ``release``) with recorders that push
``{what, text, t, clocks}`` into ``window.__calls``: ``t`` is ``performance.now()`` and
``clocks`` the text of every clock on the page at that moment, so each cue is checked against
the clock the person would see. Every hold timer in the test server runs for TIMER_SECONDS (3 s);
"+10 s" makes a hold long enough for the "10 seconds left" cue.
"""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Locator, Page, expect

from .conftest import LOAD_TIMEOUT_MS, TIMER_SECONDS, new_page, open_lesson
from .test_app import WCAG_TAGS

DESKTOP, PHONE = (1280, 900), (375, 667)
FINISH_MS = (TIMER_SECONDS + 8) * 1000
SPEAK = "Speak the cues (Hold, time left, Release)"
VIBRATE = "Vibrate when a hold ends (on phones)"
AWAKE = "Keep the screen on while the clock runs"
CANNOT = {
    SPEAK: "This browser cannot speak.",
    VIBRATE: "This browser cannot vibrate.",
    AWAKE: "This browser cannot keep the screen on: touch the screen now and then, "
           "or give it a longer sleep time in the device's settings.",
}
WAKE_REFUSED = "The browser refused to keep the screen on just now: touch the screen now and then."

RECORDER = """
(() => {
  window.__calls = [];
  const record = (what, text) => window.__calls.push({
    what, text: String(text), t: performance.now(),
    clocks: [...document.querySelectorAll('.sr-clock-time')].map(e => e.textContent),
  });
  if (window.speechSynthesis) {
    window.speechSynthesis.speak = (utterance) => record('speak', utterance.text);
    window.speechSynthesis.cancel = () => record('cancel', '');
  }
  Object.defineProperty(navigator, 'vibrate', { configurable: true,
    value: (pattern) => { record('vibrate', JSON.stringify(pattern)); return true; } });
  const held = new Set();
  const request = async (type) => {
    const sentinel = new EventTarget();
    sentinel.type = type;
    sentinel.released = false;
    const end = (what) => {
      if (sentinel.released) return;
      sentinel.released = true;
      held.delete(sentinel);
      record(what, type);
      sentinel.dispatchEvent(new Event('release'));
    };
    sentinel.release = async () => end('wake-release');
    sentinel.drop = () => end('wake-dropped');
    held.add(sentinel);
    record('wake-request', type);
    return sentinel;
  };
  Object.defineProperty(navigator, 'wakeLock', { configurable: true, value: { request } });
  // What a browser does when the tab is hidden: it drops the page's wake locks by itself.
  let visibility = 'visible';
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => visibility });
  window.__hide = () => {
    for (const sentinel of [...held]) sentinel.drop();
    visibility = 'hidden';
    document.dispatchEvent(new Event('visibilitychange'));
  };
  window.__show = () => { visibility = 'visible'; document.dispatchEvent(new Event('visibilitychange')); };
  window.__held = () => held.size;
})();
"""

WITHOUT_APIS = """
(() => {
  for (const name of ['speechSynthesis', 'SpeechSynthesisUtterance']) {
    delete window[name];
    delete Window.prototype[name];
    if (name in window) Object.defineProperty(window, name, { configurable: true, value: undefined });
  }
  delete Navigator.prototype.vibrate;
  delete Navigator.prototype.wakeLock;
})();
"""


@contextmanager
def app_page(browser, size=DESKTOP, scripts=(RECORDER,)):
    """A fresh browser context (so fresh localStorage) whose pages run ``scripts`` before the app."""
    page, watch = new_page(browser, *size)
    for script in scripts:
        page.add_init_script(script)
    try:
        yield page
    finally:
        page.context.close()
    assert not watch.problems(), "\n".join(watch.problems())


def calf_timer(page: Page, app_url: str) -> Locator:
    open_lesson(page, app_url, "02_stretches.ipynb")
    page.wait_for_selector(".sr-stretch-calf-wall .sr-timer .sr-hands-free", timeout=LOAD_TIMEOUT_MS)
    return page.locator(".sr-stretch-calf-wall .sr-timer")


def arm_raises(page: Page, app_url: str) -> Locator:
    open_lesson(page, app_url, "03_back_spasms.ipynb")
    page.wait_for_selector(".sr-back-routine", timeout=LOAD_TIMEOUT_MS)
    page.get_by_role("radio", name="It has eased, or the cramping is only mild").check()
    arms = page.locator(".sr-exercise-arms-overhead .sr-sequence")
    expect(arms.locator(".sr-hands-free")).to_be_visible()
    return arms


def calls(page: Page, *what: str) -> list[dict]:
    return [c for c in page.evaluate("() => window.__calls") if not what or c["what"] in what]


def steps(page: Page) -> list[tuple[str, str]]:
    return [(c["what"], c["text"]) for c in calls(page)]


def forget_calls(page: Page) -> None:
    page.evaluate("() => { window.__calls.length = 0; }")


def wait_for_call(page: Page, what: str, text: str | None = None, timeout: float = FINISH_MS) -> None:
    page.wait_for_function("([what, text]) => window.__calls.some(c => c.what === what"
                           " && (text === null || c.text === text))", arg=[what, text], timeout=timeout)


def open_options(timer: Locator) -> Locator:
    """Open the timer's "Hands-free options" by keyboard; returns the disclosure."""
    options = timer.locator("details.sr-hands-free")
    summary = options.locator("summary")
    summary.focus()
    timer.page.keyboard.press("Enter")
    expect(options).to_have_attribute("open", "")
    return options


def tick_by_keyboard(box: Locator) -> None:
    box.focus()
    box.page.keyboard.press("Space")


def clock_index(page: Page, timer: Locator) -> int:
    """Where this timer's clock is in each call's ``clocks``."""
    return timer.locator(".sr-clock-time").evaluate(
        "el => [...document.querySelectorAll('.sr-clock-time')].indexOf(el)")


# ---- a full hold, with the cues chosen: what is said, when, and against the clock ----

def test_a_hold_with_spoken_cues_and_vibration_is_said_in_time_with_the_clock(browser, app_url):
    with app_page(browser, DESKTOP) as page:
        timer = calf_timer(page, app_url)
        summary = timer.locator(".sr-hands-free summary")
        expect(summary).to_have_text("Hands-free options (screen kept on)")  # the defaults, in words
        options = open_options(timer)
        speak = options.get_by_role("checkbox", name=SPEAK)
        vibrate = options.get_by_role("checkbox", name=VIBRATE)
        awake = options.get_by_role("checkbox", name=AWAKE)
        expect(speak).not_to_be_checked()
        expect(vibrate).not_to_be_checked()
        expect(awake).to_be_checked()
        page.keyboard.press("Tab")  # from the summary, the keyboard reaches the first box
        expect(speak).to_be_focused()
        page.keyboard.press("Space")
        expect(speak).to_be_checked()
        tick_by_keyboard(vibrate)
        expect(vibrate).to_be_checked()
        expect(summary).to_have_text("Hands-free options (spoken cues, vibration, screen kept on)")
        assert steps(page) == [("speak", "Spoken cues are on.")]  # the person hears that it works
        # Every timer on the page follows the choice (the others' options are closed: found by CSS, not by role).
        summaries = page.locator(".sr-hands-free summary")
        assert summaries.count() >= 2
        expect(summaries).to_have_text(["Hands-free options (spoken cues, vibration, screen kept on)"] * summaries.count())
        expect(page.locator(".sr-hands-free input[name='sr-hands-free-speak']:not(:checked)")).to_have_count(0)
        # Nothing in the timer moves under reduced motion (the test browser asks for it).
        assert timer.evaluate("el => el.getAnimations({ subtree: true }).length") == 0

        forget_calls(page)
        timer.get_by_role("button", name="+10 s").click()
        hold = TIMER_SECONDS + 10
        clock = timer.get_by_role("timer")
        expect(clock).to_have_text(f"0:{hold} left")
        timer.get_by_role("button", name="Start", exact=True).click()
        wait_for_call(page, "vibrate", timeout=(hold + 8) * 1000)
        page.wait_for_timeout(500)  # nothing more should follow
        expect(clock).to_have_text("Done")
        expect(timer.get_by_role("alert")).to_contain_text("Time is up")

        assert steps(page) == [
            ("wake-request", "screen"), ("speak", "Hold."),
            ("speak", "10 seconds left"), ("speak", "5 seconds left"),
            ("wake-release", "screen"), ("speak", "Release."), ("vibrate", "300"),
        ]
        at = {(c["what"], c["text"]): c for c in calls(page)}
        start = at["speak", "Hold."]["t"]
        mine = clock_index(page, timer)
        for text, after, shows in (("Hold.", 0, f"0:{hold} left"), ("10 seconds left", hold - 10, "0:10 left"),
                                   ("5 seconds left", hold - 5, "0:05 left"), ("Release.", hold, "Done")):
            call = at["speak", text]
            assert call["clocks"][mine] == shows, (text, call["clocks"])
            seconds = (call["t"] - start) / 1000
            assert after - 0.4 <= seconds <= after + 1.5, f"{text!r} said {seconds:.2f} s after the start, not {after} s"
        assert 0 <= at["vibrate", "300"]["t"] - at["speak", "Release."]["t"] < 250
        assert abs(at["wake-request", "screen"]["t"] - start) < 250
        assert 0 <= at["speak", "Release."]["t"] - at["wake-release", "screen"]["t"] < 250
        assert page.evaluate("() => window.__held()") == 0

        results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
        assert results.violations_count == 0, results.generate_report()


# ---- the wake lock: pause, resume, reset, a hidden tab, leaving the page, the box itself ----

def test_the_screen_is_kept_on_only_while_the_clock_runs(browser, app_url):
    with app_page(browser, DESKTOP) as page:
        timer = calf_timer(page, app_url)
        options = open_options(timer)
        tick_by_keyboard(options.get_by_role("checkbox", name=SPEAK))
        for _ in range(2):  # a long hold: the steps below must all happen before it ends
            timer.get_by_role("button", name="+10 s").click()
        expect(timer.get_by_role("timer")).to_have_text(f"0:{TIMER_SECONDS + 20} left")
        forget_calls(page)
        start = timer.get_by_role("button", name="Start", exact=True)
        held = lambda: page.evaluate("() => window.__held()")  # noqa: E731

        start.click()
        wait_for_call(page, "wake-request")
        assert steps(page) == [("wake-request", "screen"), ("speak", "Hold.")] and held() == 1
        forget_calls(page)
        timer.get_by_role("button", name="Pause").click()
        wait_for_call(page, "wake-release")
        assert steps(page) == [("wake-release", "screen"), ("cancel", "")] and held() == 0  # quiet at once

        forget_calls(page)
        start.click()  # resume: "Hold." again, without a rep's words
        wait_for_call(page, "speak", "Hold.")
        assert steps(page) == [("wake-request", "screen"), ("speak", "Hold.")] and held() == 1

        forget_calls(page)
        page.evaluate("() => window.__hide()")  # the browser drops the lock of a hidden tab
        assert held() == 0 and steps(page) == [("wake-dropped", "screen")]
        page.evaluate("() => window.__show()")
        wait_for_call(page, "wake-request")  # still running: taken again
        assert held() == 1

        forget_calls(page)
        awake = options.get_by_role("checkbox", name=AWAKE)
        tick_by_keyboard(awake)  # turned off while running: let go now
        expect(awake).not_to_be_checked()
        wait_for_call(page, "wake-release")
        assert held() == 0
        tick_by_keyboard(awake)  # and on again: taken again
        wait_for_call(page, "wake-request")
        assert held() == 1

        forget_calls(page)
        page.evaluate("() => window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: true }))")
        assert steps(page) == [("wake-release", "screen")] and held() == 0  # leaving the page lets go
        page.evaluate("() => window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }))")
        wait_for_call(page, "wake-request")  # back from the page cache, still running

        forget_calls(page)
        timer.get_by_role("button", name="Reset").click()
        wait_for_call(page, "wake-release")
        expect(timer.get_by_role("timer")).to_have_text(f"0:0{TIMER_SECONDS} left")
        page.wait_for_timeout(1200)  # no tick, no cue after a reset
        assert steps(page) == [("wake-release", "screen"), ("cancel", "")] and held() == 0


# ---- off by default; remembered after a reload; on a phone ----

def test_on_a_phone_nothing_is_said_by_default_and_the_choices_survive_a_reload(browser, app_url):
    with app_page(browser, PHONE) as page:
        timer = calf_timer(page, app_url)
        clock = timer.get_by_role("timer")
        forget_calls(page)
        timer.get_by_role("button", name="Start", exact=True).click()
        expect(clock).to_have_text("Done", timeout=FINISH_MS)
        wait_for_call(page, "wake-release")
        page.wait_for_timeout(300)
        assert steps(page) == [("wake-request", "screen"), ("wake-release", "screen")]  # no speech, no buzz

        options = open_options(timer)
        box = options.locator(".sr-hands-free-option").first
        assert box.bounding_box()["x"] + box.bounding_box()["width"] <= PHONE[0]
        assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
        tick_by_keyboard(options.get_by_role("checkbox", name=SPEAK))
        tick_by_keyboard(options.get_by_role("checkbox", name=AWAKE))  # off: the screen may sleep

        page.reload(timeout=LOAD_TIMEOUT_MS)
        page.wait_for_selector(".sr-stretch-calf-wall .sr-timer .sr-hands-free", timeout=LOAD_TIMEOUT_MS)
        page.wait_for_function("() => !document.querySelector('#loading')", timeout=LOAD_TIMEOUT_MS)
        expect(timer.locator(".sr-hands-free summary")).to_have_text("Hands-free options (spoken cues)")
        options = open_options(timer)
        expect(options.get_by_role("checkbox", name=SPEAK)).to_be_checked()
        expect(options.get_by_role("checkbox", name=VIBRATE)).not_to_be_checked()
        expect(options.get_by_role("checkbox", name=AWAKE)).not_to_be_checked()
        assert steps(page) == []
        timer.get_by_role("button", name="Start", exact=True).click()
        expect(timer.get_by_role("timer")).to_have_text("Done", timeout=FINISH_MS)
        wait_for_call(page, "speak", "Release.")
        page.wait_for_timeout(300)
        assert steps(page) == [("speak", "Hold."), ("speak", "Release.")]  # no wake lock, no vibration

        arms = arm_raises(page, app_url)  # another page: the same choices
        expect(arms.locator(".sr-hands-free summary")).to_have_text("Hands-free options (spoken cues)")


# ---- the rep's words, as the page shows them ----

@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["1280px", "375px"])
def test_each_rep_of_a_guided_set_is_named_as_it_starts(browser, app_url, size):
    with app_page(browser, size) as page:
        arms = arm_raises(page, app_url)
        tick_by_keyboard(open_options(arms).get_by_role("checkbox", name=SPEAK))
        forget_calls(page)
        expect(arms.locator(".sr-where")).to_have_text("Rep 1 of 10.")
        arms.get_by_role("button", name="Start", exact=True).click()
        next_button = arms.get_by_role("button", name="Next: Rep 2 of 10")
        expect(next_button).to_be_enabled(timeout=FINISH_MS)
        wait_for_call(page, "speak", "Release.")
        next_button.click()
        expect(arms.locator(".sr-where")).to_have_text("Rep 2 of 10.")
        arms.get_by_role("button", name="Start", exact=True).click()
        wait_for_call(page, "speak", "Rep 2 of 10. Hold.")
        assert [text for what, text in steps(page) if what == "speak"] == [
            "Rep 1 of 10. Hold.", "Release.", "Rep 2 of 10. Hold."]
        arms.get_by_role("button", name="Pause").click()


# ---- a browser that cannot: the boxes say so, disabled, and the timer still works ----

@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["1280px", "375px"])
def test_a_browser_without_speech_vibration_or_wake_lock_says_so(browser, app_url, size):
    with app_page(browser, size, scripts=(WITHOUT_APIS,)) as page:
        timer = calf_timer(page, app_url)
        assert page.evaluate("() => typeof window.speechSynthesis?.speak") != "function"
        assert page.evaluate("() => typeof navigator.vibrate") != "function"
        assert page.evaluate("() => typeof navigator.wakeLock") == "undefined"
        expect(timer.locator(".sr-hands-free summary")).to_have_text("Hands-free options (all off)")
        options = open_options(timer)
        for name, note in CANNOT.items():
            box = options.get_by_role("checkbox", name=name)
            expect(box).to_be_disabled()
            expect(box).not_to_be_checked()
            expect(box).to_have_accessible_description(note)  # read with the box
            expect(options.get_by_text(note, exact=True)).to_be_visible()
        timer.get_by_role("button", name="Start", exact=True).click()
        expect(timer.get_by_role("timer")).to_have_text("Done", timeout=FINISH_MS)
        results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
        assert results.violations_count == 0, results.generate_report()


# ---- the real APIs of this Chromium: no error, whatever they answer ----

def test_with_the_browsers_own_apis_a_hold_runs_without_an_error(browser, app_url):
    with app_page(browser, DESKTOP, scripts=()) as page:
        timer = calf_timer(page, app_url)
        options = open_options(timer)
        for name in (SPEAK, VIBRATE):
            box = options.get_by_role("checkbox", name=name)
            expect(box).to_be_enabled()
            tick_by_keyboard(box)
            expect(box).to_be_checked()
        timer.get_by_role("button", name="Start", exact=True).click()
        expect(timer.get_by_role("timer")).to_have_text("Done", timeout=FINISH_MS)
        page.wait_for_timeout(500)
        # Speech and vibration are there; the wake lock may be refused (headless), which is said, not thrown.
        notes = options.locator(".sr-hands-free-note:visible").all_inner_texts()
        assert set(notes) <= {WAKE_REFUSED}, notes
        # (the page's errors and console errors are checked when it closes)
