"""My diary on My plan (widgets/ui/diary.py), in the real app with a real Chromium profile.

A person notes days, sees the chart, the table and a warning sign with its sources, saves the diary
as CSV and JSON, loads a file (a bad one changes nothing), and finds the diary again after a reload
and after closing and reopening the browser; the start page's "Forget me" removes it.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from playwright.sync_api import Page, expect

from widgets.content import content
from widgets.diary import STORAGE_KEY, Diary, make_entry, read_csv, read_json, to_json
from widgets.navigation import find_page

from .conftest import LOAD_TIMEOUT_MS, open_lesson
from .test_progress import Profile, axe_clean, fits

C = content()
MY_PLAN = find_page(C, "my-plan").file
START = find_page(C, "start-here").file
LONG = next(f for f in C.safety.red_flags if f.id == "long-cramp")


def stored(page: Page) -> list | None:
    raw = page.evaluate("k => window.localStorage.getItem(k)", STORAGE_KEY)
    return None if raw is None else json.loads(raw)


def wait_stored(page: Page, days: int) -> None:
    page.wait_for_function("([k, n]) => (JSON.parse(localStorage.getItem(k) || '[]')).length === n",
                           arg=[STORAGE_KEY, days], timeout=LOAD_TIMEOUT_MS)


def open_diary(page: Page, app_url: str, opens_itself: bool):
    """Go to My plan and to its diary: a browser that keeps a diary shows it at once; otherwise the
    diary waits behind "Open my diary" (pressed here by keyboard), so the page stays light."""
    open_lesson(page, app_url, MY_PLAN)
    launcher = page.locator(".sr-diary-launcher")
    diary = page.locator(".sr-diary")
    if opens_itself:
        expect(launcher.get_by_role("button", name="Hide my diary")).to_be_visible(timeout=LOAD_TIMEOUT_MS)
    else:
        toggle = launcher.get_by_role("button", name="Open my diary")
        expect(toggle).to_be_visible(timeout=LOAD_TIMEOUT_MS)
        expect(diary).to_have_count(0)  # not built until asked for
        toggle.focus()
        page.keyboard.press("Enter")
        expect(launcher.get_by_role("button", name="Hide my diary")).to_be_focused()
    expect(diary).to_be_visible(timeout=LOAD_TIMEOUT_MS)
    return diary


def choose(page: Page, button, file: dict) -> None:
    """Press the upload button and pick ``file`` in the file chooser it opens."""
    with page.expect_file_chooser() as chooser:
        button.click()
    chooser.value.set_files(file)


def browser_today(page: Page) -> dt.date:
    return dt.date.fromisoformat(page.evaluate(
        "() => { const d = new Date(); return d.getFullYear() + '-' + String(d.getMonth() + 1).padStart(2, '0')"
        " + '-' + String(d.getDate()).padStart(2, '0'); }"))


@pytest.mark.parametrize("width, height", [(1280, 900), (375, 760)])
def test_a_diary_is_noted_checked_saved_loaded_and_kept_until_forgotten(browser, app_url, tmp_path, width, height):
    profile = Profile(browser, tmp_path / "profile", width, height)
    page = profile.page
    try:
        diary = open_diary(page, app_url, opens_itself=False)
        today = browser_today(page)
        expect(diary.locator(".sr-diary-rules")).to_contain_text("NHS: Leg cramps")
        expect(diary.locator(".sr-diary-empty")).to_be_visible()

        # bad input: a clear message, nothing stored
        diary.get_by_label("How many cramps").fill("three")
        diary.get_by_role("button", name="Save this day").click()
        expect(diary.locator(".sr-diary-status").get_by_role("alert")).to_contain_text("must be a whole number from 0 to 99 (got 'three')")
        assert stored(page) is None

        # today: pain 6, 3 cramps, the longest over the warning sign's minutes, a cold pack; by keyboard
        diary.get_by_label("Worst pain that day (0 to 10)").select_option("6")
        diary.get_by_label("How many cramps").fill("3")
        diary.get_by_label("Longest cramp (minutes)").fill(str(LONG.minutes + 2))
        diary.get_by_role("checkbox", name="Cold pack").check()
        diary.get_by_role("button", name="Save this day").focus()
        page.keyboard.press("Enter")
        expect(diary.get_by_role("status")).to_have_text(f"Saved {today:%a} {today.day} {today:%b} in your diary.")
        wait_stored(page, 1)
        assert stored(page) == [{"date": today.isoformat(), "pain": 6, "cramps": 3,
                                 "longest_cramp_minutes": LONG.minutes + 2, "woke_at_night": False,
                                 "sessions": ["cold"]}]
        warning = diary.locator(".sr-diary-findings")
        expect(warning).to_contain_text(f"longer than {LONG.minutes} minutes")
        expect(warning.get_by_role("link", name="NHS: Leg cramps (opens in a new tab)")).to_be_visible()
        expect(diary.get_by_role("img", name="Chart of your diary")).to_be_visible()
        expect(diary.get_by_role("img", name="Chart of your diary")).to_have_attribute(
            "aria-label", f"Chart of your diary, the last {C.diary.chart_days} days. One day noted, "
            f"{today:%a} {today.day} {today:%b}: pain 6 of 10, 3 cramps.")
        expect(diary.locator(".sr-diary-table tbody tr")).to_have_count(1)
        axe_clean(page)
        fits(page)

        # the files: CSV and JSON of the same diary
        with page.expect_download() as info:
            diary.get_by_role("link", name="CSV file (for a spreadsheet)").click()
        assert info.value.suggested_filename == f"spasm-relief-diary-{today.isoformat()}.csv"
        from_csv = read_csv(C, open(info.value.path(), "rb").read())
        with page.expect_download() as info:
            diary.get_by_role("link", name="JSON file").click()
        assert read_json(C, open(info.value.path(), "rb").read()) == from_csv
        assert from_csv.to_data() == stored(page)

        # a file that is not a diary: a message naming it, the diary unchanged
        upload = diary.get_by_role("button", name="Load a diary file")
        choose(page, upload, {"name": "shopping.csv", "mimeType": "text/csv", "buffer": b"item,price\nmilk,1\n"})
        expect(diary.locator(".sr-diary-status").get_by_role("alert")).to_contain_text("shopping.csv: This CSV file is not a Spasm Relief diary")
        expect(diary.locator(".sr-diary-status").get_by_role("alert")).to_contain_text("Your diary is unchanged.")
        assert len(stored(page)) == 1

        # a diary saved elsewhere: two earlier days with self-care, no easing since
        earlier = Diary(tuple(make_entry(C, day=today - dt.timedelta(days=n), pain=6, cramps=3, sessions=["stretch"])
                              for n in (3, 2)))
        choose(page, upload, {"name": "phone.json", "mimeType": "application/json",
                              "buffer": to_json(earlier).encode()})
        expect(diary.get_by_role("status")).to_have_text("Loaded phone.json: 2 days added, 0 replaced.")
        wait_stored(page, 3)
        expect(diary.locator(".sr-diary-findings li")).to_have_count(2)
        expect(diary.locator('.sr-diary-findings li[data-rule="diary-not-easing"]')).to_contain_text(
            "The sources do not say after how many days")
        axe_clean(page)

        # choosing a noted day shows it in the form, to change or remove
        page.reload()
        diary = open_diary(page, app_url, opens_itself=True)
        expect(diary.locator(".sr-diary-table tbody tr")).to_have_count(3)
        expect(diary.get_by_role("button", name="Update this day")).to_be_visible()
        expect(diary.get_by_label("How many cramps")).to_have_value("3")
    finally:
        profile.close()

    # the browser closed and opened again: the diary is still there; "Forget me" removes it
    profile = Profile(browser, tmp_path / "profile", width, height)
    page = profile.page
    try:
        diary = open_diary(page, app_url, opens_itself=True)
        expect(diary.locator(".sr-diary-table tbody tr")).to_have_count(3)
        open_lesson(page, app_url, START)
        panel = page.locator(".sr-progress")
        panel.get_by_role("button", name="Forget me", exact=True).click()
        panel.get_by_role("button", name="Yes, forget me", exact=True).click()
        expect(panel.get_by_role("status")).to_contain_text("your progress and your diary are cleared")
        assert stored(page) is None
        diary = open_diary(page, app_url, opens_itself=False)
        expect(diary.locator(".sr-diary-empty")).to_be_visible()
        expect(diary.get_by_role("button", name="Delete my whole diary")).to_be_disabled()
    finally:
        profile.close()


def test_delete_asks_first_and_a_stored_diary_that_cannot_be_read_is_left_alone(browser, app_url, tmp_path):
    profile = Profile(browser, tmp_path / "profile", 375, 760)
    page = profile.page
    try:
        diary = open_diary(page, app_url, opens_itself=False)
        today = browser_today(page)
        page.evaluate("([k, v]) => localStorage.setItem(k, v)",
                      [STORAGE_KEY, json.dumps([{"date": today.isoformat(), "pain": 2, "cramps": 1}])])
        page.reload()
        diary = open_diary(page, app_url, opens_itself=True)
        expect(diary.locator(".sr-diary-table tbody tr")).to_have_count(1)
        diary.get_by_role("button", name="Delete my whole diary").click()
        keep = diary.get_by_role("button", name="Keep my diary")
        expect(keep).to_be_visible()
        keep.click()
        assert len(stored(page)) == 1
        diary.get_by_role("button", name="Delete my whole diary").click()
        diary.get_by_role("button", name="Yes, delete it").click()
        expect(diary.get_by_role("status")).to_have_text("Your diary is deleted from this browser.")
        page.wait_for_function("k => localStorage.getItem(k) === null", arg=STORAGE_KEY, timeout=LOAD_TIMEOUT_MS)

        # something else under the key (edited by hand, another version): said, and left as it is
        page.evaluate("([k, v]) => localStorage.setItem(k, v)", [STORAGE_KEY, '[{"date": "soon", "pain": 2}]'])
        page.reload()
        diary = open_diary(page, app_url, opens_itself=True)
        expect(diary.locator(".sr-diary-status").get_by_role("alert")).to_contain_text("Your stored diary could not be read")
        assert stored(page) == [{"date": "soon", "pain": 2}]
        axe_clean(page)
    finally:
        profile.close()
