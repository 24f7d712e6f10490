"""The stretch guide and the back routine in the browser, with every timer shortened to 3 s."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from widgets.content import content

from .conftest import TIMER_SECONDS, open_lesson
from .test_app import WCAG_TAGS

C = content()
FINISH_MS = (TIMER_SECONDS + 8) * 1000  # the hold plus generous slack for a busy machine


def stretch_page(page: Page, app_url: str) -> None:
    open_lesson(page, app_url, "02_stretches.ipynb")
    page.wait_for_selector(".sr-stretch-guide .sr-timer", timeout=60_000)


def back_page(page: Page, app_url: str) -> None:
    open_lesson(page, app_url, "03_back_spasms.ipynb")
    page.wait_for_selector(".sr-back-routine", timeout=60_000)


def test_each_body_area_shows_its_cards_and_pictures(page, app_url):
    stretch_page(page, app_url)
    area = page.get_by_label("Body area")
    for name in C.stretching.body_areas:
        area.select_option(label=name.capitalize())
        expected = C.stretching.for_area(name)
        cards = page.locator(".sr-cards article")
        expect(cards).to_have_count(len(expected))
        for card, stretch in zip(cards.all(), expected):
            expect(card.get_by_role("heading")).to_contain_text(stretch.name)
            expect(card.get_by_role("img", name=stretch.alt)).to_be_visible()
            expect(card).to_contain_text(f"Hold: about {C.stretching.hold_seconds} seconds")
            expect(card.locator("svg")).to_have_count(1)
        expect(page.locator(".sr-cards .sr-timer")).to_have_count(len(expected))


def test_hold_timer_runs_finishes_and_cues(page, app_url):
    stretch_page(page, app_url)
    timer = page.locator(".sr-stretch-calf-wall .sr-timer")
    clock = timer.get_by_role("timer")
    expect(clock).to_have_text(f"0:0{TIMER_SECONDS} left")
    bar = timer.locator("progress")
    expect(bar).to_have_attribute("aria-label", "Wall calf stretch timer progress")
    timer.get_by_role("button", name="Start", exact=True).click()
    expect(clock).to_have_text("Done", timeout=FINISH_MS)
    expect(timer.get_by_role("alert")).to_contain_text("Time is up")
    expect(timer.get_by_role("status")).to_have_text("Done: you can let go now.")
    expect(bar).to_have_attribute("aria-valuetext", f"{TIMER_SECONDS} seconds of {TIMER_SECONDS} seconds held")
    timer.get_by_role("button", name="Reset").click()
    expect(clock).to_have_text(f"0:0{TIMER_SECONDS} left")
    expect(timer.get_by_role("status")).to_have_text(f"Ready: hold for 0:0{TIMER_SECONDS}.")
    expect(timer.get_by_role("alert")).to_have_count(0)


def test_pause_stops_the_count_and_extend_adds_time(page, app_url):
    stretch_page(page, app_url)
    timer = page.locator(".sr-stretch-calf-wall .sr-timer")
    clock = timer.get_by_role("timer")
    timer.get_by_role("button", name="+10 s").click()
    expect(clock).to_have_text("0:13 left")
    timer.get_by_role("button", name="Start", exact=True).click()
    expect(clock).not_to_have_text("0:13 left", timeout=5000)
    timer.get_by_role("button", name="Pause").click()
    expect(timer.get_by_role("status")).to_contain_text("Paused with")
    paused_at = clock.inner_text()
    page.wait_for_timeout(2500)
    expect(clock).to_have_text(paused_at)
    timer.get_by_role("button", name="Start", exact=True).click()  # resume
    timer.get_by_role("button", name="Start", exact=True).click()  # a second press must not double the speed
    page.wait_for_timeout(2200)
    seconds_left = int(clock.inner_text().split()[0].split(":")[1])
    assert int(paused_at.split()[0].split(":")[1]) - seconds_left <= 3


def test_left_then_right(page, app_url):
    stretch_page(page, app_url)
    page.get_by_label("Body area").select_option(label="Thigh")
    card = page.locator(".sr-stretch-thigh-standing")
    card.get_by_role("button", name="Left then right").click()
    expect(card.locator(".sr-where")).to_contain_text("Left side")
    card.get_by_role("button", name="Start", exact=True).click()
    expect(card.get_by_role("timer")).to_have_text("Done", timeout=FINISH_MS)
    next_button = card.get_by_role("button", name="Next: Right side")
    expect(next_button).to_be_enabled()
    page.wait_for_timeout(1500)
    expect(card.locator(".sr-where")).to_contain_text("Left side")  # it waits for the person
    next_button.click()
    expect(card.locator(".sr-where")).to_contain_text("Right side")
    card.get_by_role("button", name="Start", exact=True).click()
    expect(card.locator(".sr-where")).to_contain_text("All done: 2 of 2 holds finished.", timeout=FINISH_MS)


def test_keyboard_alone_runs_the_timer(page, app_url):
    stretch_page(page, app_url)
    timer = page.locator(".sr-stretch-calf-wall .sr-timer")
    page.get_by_label("Body area").focus()
    for _ in range(40):  # Tab until the Start button has the focus, as a keyboard user would
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement && document.activeElement.textContent.trim()") == "Start":
            break
    expect(timer.get_by_role("button", name="Start", exact=True)).to_be_focused()
    page.keyboard.press("Enter")
    expect(timer.get_by_role("status")).to_contain_text("Holding")
    page.keyboard.press("Tab")
    expect(timer.get_by_role("button", name="Pause")).to_be_focused()
    page.keyboard.press("Space")
    expect(timer.get_by_role("status")).to_contain_text("Paused with")


def test_back_routine_is_locked_until_safe(page, app_url):
    back_page(page, app_url)
    exercises = page.locator(".sr-back-exercises")
    expect(exercises).to_be_hidden()
    expect(page.locator(".sr-back-routine")).to_contain_text("Answer the pain check first")
    page.get_by_role("radio", name="Severe or very painful").check()
    expect(page.locator(".sr-back-routine")).to_contain_text(C.back.locked_heading)
    expect(exercises).to_be_hidden()
    page.get_by_role("radio", name="It has eased, or the cramping is only mild").check()
    expect(exercises).to_be_visible()
    for exercise in C.back.exercises:
        card = exercises.get_by_role("article", name=exercise.name)
        expect(card.get_by_role("img", name=exercise.alt)).to_be_visible()
    page.get_by_role("checkbox", name="With back pain: any new trouble controlling").check()
    expect(exercises).to_be_hidden()
    expect(page.locator(".sr-back-routine").get_by_role("alert")).to_contain_text("Call an emergency number now")


def test_back_rep_sequence_and_today_tracker(page, app_url):
    back_page(page, app_url)
    page.get_by_role("radio", name="It has eased, or the cramping is only mild").check()
    arms = page.locator(".sr-exercise-arms-overhead")
    expect(arms.locator(".sr-dose")).to_contain_text("Hold 5\u201310 seconds, repeat 10 times, 3\u20134 times a day.")
    expect(arms.locator(".sr-where")).to_contain_text("Rep 1 of 10")
    arms.get_by_role("button", name="Start", exact=True).click()
    next_button = arms.get_by_role("button", name="Next: Rep 2 of 10")
    expect(next_button).to_be_enabled(timeout=FINISH_MS)
    next_button.click()
    expect(arms.locator(".sr-where")).to_contain_text("Rep 2 of 10")
    expect(arms.get_by_role("timer")).to_have_text(f"0:0{TIMER_SECONDS} left")

    knee = page.locator(".sr-exercise-knee-to-chest")
    knee.get_by_label("Reps").select_option("5")
    expect(knee.locator(".sr-where")).to_contain_text("Rep 1 of 5, left side")

    today = arms.get_by_role("status").filter(has_text="sessions done today")
    expect(today).to_have_text("0 of 3\u20134 sessions done today.")
    arms.get_by_role("button", name="I finished a session").click()
    expect(today).to_have_text("1 of 3\u20134 sessions done today.")
    arms.get_by_role("button", name="Reset today").click()
    expect(today).to_have_text("0 of 3\u20134 sessions done today.")


@pytest.mark.parametrize("state", ["thigh, both sides", "back routine open"])
def test_accessibility_scan_after_interaction(page, app_url, state):
    if state == "thigh, both sides":
        stretch_page(page, app_url)
        page.get_by_label("Body area").select_option(label="Thigh")
        page.locator(".sr-stretch-thigh-standing").get_by_role("button", name="Left then right").click()
        page.wait_for_selector(".sr-where:has-text('Left side')")
    else:
        back_page(page, app_url)
        page.get_by_role("radio", name="It has eased, or the cramping is only mild").check()
        page.wait_for_selector(".sr-back-exercises:visible")
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    assert results.violations_count == 0, results.generate_report()
