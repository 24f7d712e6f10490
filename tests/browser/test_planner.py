"""The ice-and-heat planner in the browser: rule and day changes, a bad time, the calendar download."""

from __future__ import annotations

import datetime as dt

from axe_playwright_python.sync_playwright import Axe
from icalendar import Calendar
from playwright.sync_api import Page, expect

from .conftest import browser_clock_at, open_lesson, planner_uses_browser_time
from .test_app import WCAG_TAGS


def planner(page: Page, app_url: str):
    """The planner on lesson 4, with the browser's clock at 10:00 today so today's plan has room."""
    at = browser_clock_at(page, dt.time(10, 0))
    open_lesson(page, app_url, "04_ice_and_heat.ipynb")
    page.wait_for_selector(".sr-planner .sr-table", timeout=60_000)
    planner_uses_browser_time(page, at)
    return page.locator(".sr-planner")


def set_start(p, day: dt.date, time: str = "08:00") -> None:
    """A spasm that began at a fixed time, planned for a later day, makes the plan independent of the time the test runs."""
    p.get_by_label("Spasm started on").fill(day.isoformat())
    p.get_by_label("at", exact=True).fill(time)


def kinds_in_table(p) -> set[str]:
    cells = p.locator(".sr-table tbody tr td:nth-child(2)").all_inner_texts()
    return {"cold" if "Cold" in c else "heat" if "Heat" in c else c for c in cells}


def test_rule_and_day_change_the_table(page, app_url):
    p = planner(page, app_url)
    today, tomorrow = dt.date.today(), dt.date.today() + dt.timedelta(days=1)
    set_start(p, today, "00:00")
    p.get_by_label("Days to plan").select_option(label="1 day")  # one day at a time here
    expect(p.locator(".sr-table")).to_have_count(1)
    p.get_by_label("Day to plan").fill(tomorrow.isoformat())
    expect(p.locator(".sr-table caption")).to_contain_text(f"{tomorrow:%A %d %B}")
    expect(p.locator(".sr-table tbody tr").first).to_contain_text("07:00")  # a later day starts at wake-up
    assert kinds_in_table(p) == {"cold"}  # main rule, first days: cold only
    p.get_by_label("Rule").select_option(label="Second rule: shorter, more frequent sessions")
    expect(p.locator(".sr-table tbody")).to_contain_text("Heat")
    assert kinds_in_table(p) == {"cold", "heat"}
    expect(p.get_by_label("Cold session")).to_have_value("15 minutes")  # the top of 12-15, inside the safety limit
    later = today + dt.timedelta(days=3)
    p.get_by_label("Day to plan").fill(later.isoformat())
    expect(p.locator(".sr-table caption")).to_contain_text(f"{later:%A %d %B}")
    assert kinds_in_table(p) == {"heat"}
    expect(p.get_by_role("img", name=f"Plan for {later:%A %d %B} (day 4 since the spasm)")).to_be_visible()


def test_a_day_that_has_passed_is_refused(page, app_url):
    p = planner(page, app_url)
    yesterday = dt.date.today() - dt.timedelta(days=1)
    set_start(p, yesterday - dt.timedelta(days=1))
    p.get_by_label("Day to plan").fill(yesterday.isoformat())
    expect(p.get_by_role("alert")).to_contain_text("The day to plan has already passed")
    expect(p.locator(".sr-table")).to_have_count(0)


def test_a_bad_time_shows_a_message_not_a_plan(page, app_url):
    p = planner(page, app_url)
    p.get_by_label("Bed time").fill("06:00")
    alert = p.get_by_role("alert")
    expect(alert).to_contain_text("Bed time is not after wake-up time")
    expect(p.locator(".sr-table")).to_have_count(0)
    expect(p.get_by_role("link", name="Download calendar (.ics)")).to_have_count(0)
    p.get_by_label("I go to bed after midnight").check()
    expect(p.locator(".sr-table").first).to_be_visible()
    expect(p.get_by_role("alert")).to_have_count(0)
    future = dt.date.today() + dt.timedelta(days=2)
    p.get_by_label("Spasm started on").fill(future.isoformat())
    expect(p.get_by_role("alert")).to_contain_text("The spasm's start is in the future")


def test_long_cold_needs_the_box(page, app_url):
    p = planner(page, app_url)
    p.get_by_label("Cold session").select_option(label="25 minutes")
    expect(p.get_by_role("alert")).to_contain_text("no more than 20 minutes")
    p.get_by_label("I have read the warning and choose the article's longer cold time").check()
    expect(p.get_by_role("alert")).to_have_count(0)
    expect(p.locator(".sr-table tbody tr").first).to_contain_text("25")


def test_the_days_until_after_the_switch_and_one_calendar_file_for_them(page, app_url):
    """A spasm that began today, planned from tomorrow: by default tomorrow and the day after (the
    first day of heat), a table for each day, the days one under another in the picture, and one
    calendar file with every session of both days."""
    p = planner(page, app_url)
    today, tomorrow = dt.date.today(), dt.date.today() + dt.timedelta(days=1)
    set_start(p, today, "00:00")
    p.get_by_label("First day to plan").fill(tomorrow.isoformat())
    captions = p.locator(".sr-table caption")
    expect(captions).to_have_count(2)
    expect(captions.first).to_contain_text(f"{tomorrow:%A %d %B} (day 2 since the spasm)")
    expect(captions.last).to_contain_text(f"{tomorrow + dt.timedelta(days=1):%A %d %B} (day 3 since the spasm)")
    expect(p.get_by_label("Days to plan")).to_contain_text("2 days: until a day after the switch from cold to heat")
    expect(p.get_by_role("img", name=f"Plan for {tomorrow + dt.timedelta(days=1):%A %d %B}")).to_have_count(1)
    days = [(table.locator("caption").inner_text(), table.locator("tbody tr").all_inner_texts())
            for table in p.locator(".sr-table").all()]
    with page.expect_download() as info:
        p.get_by_role("link", name="Download calendar (.ics)").click()
    download = info.value
    assert download.suggested_filename == f"spasm-relief-{tomorrow.isoformat()}-2-days.ics"
    events = Calendar.from_ical(open(download.path(), "rb").read()).walk("VEVENT")
    rows = [(caption, row) for caption, day_rows in days for row in day_rows]
    assert len(events) == len(rows) > 0
    assert any("Cold" in row for _c, row in rows) and any("Heat" in row for _c, row in rows)
    for event, (caption, row) in zip(events, rows):
        start = event.decoded("dtstart")
        assert f"{start:%A %d %B}" in caption and start.strftime("%H:%M") in row
        description = str(event["description"])
        kind = "cold" if "Cold" in row else "heat"
        assert f"Use {kind} safely:" in description and "Ask a professional first:" in description
        assert "Stop self-care and get help if" in description
    p.get_by_label("Days to plan").select_option(label="5 days")
    expect(captions).to_have_count(5)
    expect(p.get_by_role("link", name="Download calendar (.ics)")).to_contain_text(
        f"to {tomorrow + dt.timedelta(days=4):%A %d %B}")


def test_planner_with_an_activity_is_accessible(page, app_url):
    p = planner(page, app_url)
    p.get_by_role("button", name="Add an activity").click()
    expect(p.get_by_label("Activity 1 from")).to_be_visible()
    p.get_by_label("What (optional)").fill("walk the dog")
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    assert results.violations_count == 0, results.generate_report()
