"""My plan where it is really used: a 375 px phone, with a cramp now."""

from __future__ import annotations

import base64
import datetime as dt

import pytest
from playwright.sync_api import expect

from widgets.content import content

from .conftest import LOAD_TIMEOUT_MS, browser_clock_at, new_page, open_lesson, planner_uses_browser_time

C = content()
PHONE = {"width": 375, "height": 812}
MORNING = dt.time(10, 0)  # the phone's clock: a plan for today has room, whenever the test runs


@pytest.fixture
def phone(browser, app_url):
    """My plan on a 375 px phone at 10:00: (page, the dashboard); fails on any foreign request or console error."""
    page, watch = new_page(browser, **PHONE)
    at = browser_clock_at(page, MORNING)
    open_lesson(page, app_url, "my_plan.ipynb")
    planner_uses_browser_time(page, at)
    yield page, page.locator(".sr-dashboard")
    page.context.close()
    assert not watch.problems(), "\n".join(watch.problems())


def _wait_in_view(page, selector: str) -> None:
    """Wait until the element's top edge is on the screen (the panel was scrolled to)."""
    page.wait_for_function("(s) => { const b = document.querySelector(s).getBoundingClientRect();"
                           " return b.height > 0 && b.top >= 0 && b.top < window.innerHeight; }", arg=selector,
                           timeout=LOAD_TIMEOUT_MS)


def test_ticking_a_warning_sign_on_a_phone_brings_the_help_panel_into_view(phone):
    page, plan = phone
    box = plan.get_by_role("checkbox", name="Are you short of breath, or do you have pain in your chest?")
    box.scroll_into_view_if_needed()
    box.check()
    panel = ".sr-dashboard .sr-help-panel .sr-danger"
    expect(page.locator(panel)).to_contain_text("Call an emergency number now")
    _wait_in_view(page, panel)
    # the person keeps their place: focus stays on the box they ticked
    expect(box).to_be_focused()


def test_the_plan_waits_for_how_bad_it_is_and_each_answer_changes_it(phone):
    page, plan = phone
    expect(plan.locator(".sr-my-plan")).to_be_hidden()
    expect(plan.get_by_role("status").filter(has_text="How bad is it right now?")).to_be_visible()
    notes = {}
    for severity in C.first_response.severities[:3]:
        plan.get_by_role("radio", name=severity.label).check()
        note = plan.locator(f'[data-severity="{severity.id}"]')
        expect(note).to_contain_text(severity.advice)
        notes[severity.id] = note.inner_text()
        expect(plan.locator(".sr-my-plan")).to_be_visible()
    assert len(set(notes.values())) == 3
    wont_ease = C.first_response.severities[3]
    plan.get_by_role("radio", name=wont_ease.label).check()
    expect(plan.locator(".sr-help-panel .sr-danger")).to_contain_text("10 minutes")
    expect(plan.locator(".sr-my-plan")).to_be_hidden()


def test_a_phone_plan_starts_now_and_shows_its_safety_rules(phone):
    page, plan = phone
    plan.get_by_role("radio", name="Mild, or already easing").check()
    table = plan.locator(".sr-plan-output .sr-table").first  # today's, then the days after
    expect(table).to_be_visible()
    expect(table.locator("caption")).to_contain_text(f"{dt.date.today():%A %d %B}")
    # the phone says it is 10:00: the first session starts then, not at the server's hour
    expect(table.locator("tbody tr").first).to_contain_text(f"{MORNING:%H:%M}–")
    safety = plan.locator(".sr-plan-safety")
    expect(safety).to_be_visible()
    expect(safety).to_contain_text("Never put ice straight on bare skin")
    expect(safety).to_contain_text("Raynaud")
    expect(safety).to_contain_text("before bed time")
    expect(plan.locator(".sr-stretch-safety")).to_contain_text("Never rub or stretch a leg that might have a blood clot")


def test_late_in_the_evening_a_phone_gets_tomorrows_plan_and_the_reason(browser, app_url):
    page, watch = new_page(browser, **PHONE)
    try:
        late = browser_clock_at(page, dt.time(22, 50))
        open_lesson(page, app_url, "my_plan.ipynb")
        planner_uses_browser_time(page, late)
        plan = page.locator(".sr-dashboard")
        plan.get_by_role("radio", name="Painful, but bearable").check()
        output = plan.locator(".sr-plan-output")
        expect(output).to_contain_text("It is too late for cold or heat today")
        tomorrow = late.date() + dt.timedelta(days=1)
        expect(output.locator(".sr-table caption").first).to_contain_text(f"{tomorrow:%A %d %B}")
        expect(output.locator(".sr-table tbody tr").first).to_contain_text("07:00–")
        expect(plan.get_by_label("Day to plan")).to_have_value(tomorrow.isoformat())
        expect(plan.locator(".sr-plan-safety")).to_contain_text("before bed time")
        assert output.locator("img[alt^='Plan for']").count() == 1
    finally:
        page.context.close()
    assert not watch.problems(), "\n".join(watch.problems())


def test_the_printable_plan_reads_on_a_phone(phone):
    page, plan = phone
    plan.get_by_label("Country or region").select_option(label="Australia (000)")
    plan.get_by_role("radio", name="Mild, or already easing").check()
    link = plan.get_by_role("link", name="Printable plan (HTML)")
    expect(link).to_be_visible()
    href = link.get_attribute("href")
    document = base64.b64decode(href.split("base64,", 1)[1]).decode()
    assert "Australia 000" in document and "999" not in document
    printable = page.context.new_page()
    printable.goto("data:text/html;base64," + base64.b64encode(document.encode()).decode())
    size = printable.evaluate("() => parseFloat(getComputedStyle(document.querySelector('li')).fontSize)")
    assert size >= 14, size
    assert printable.evaluate("() => document.scrollingElement.scrollWidth <= window.innerWidth + 1")
    printable.close()


def test_the_start_pages_check_also_brings_its_panel_into_view_on_a_phone(browser, app_url):
    page, watch = new_page(browser, **PHONE)
    try:
        open_lesson(page, app_url, "00_start_here.ipynb")
        box = page.get_by_role("checkbox", name="Is the pain in one leg only")
        box.scroll_into_view_if_needed()
        box.check()
        panel = ".sr-red-flags .sr-help-panel .sr-danger"
        expect(page.locator(panel)).to_contain_text("Get urgent medical advice today")
        _wait_in_view(page, panel)
    finally:
        page.context.close()
    assert not watch.problems(), "\n".join(watch.problems())
