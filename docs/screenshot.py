"""Refresh the README's pictures (`make screenshot`).

- docs/screenshot.png: the start page with a warning sign ticked;
- docs/progress.png: the start page's "Your progress" after a few lessons and a self-check;
- docs/diary.png: My diary on a phone (375 px) with five days noted and a warning sign found;
- docs/hands-free.png: a stretch's hold timer with its hands-free options open;
- docs/planner-days.png: the cold and heat planner's three days, one under another.
"""

from __future__ import annotations

import datetime as dt
import json
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
            page.close()
            progress(browser, base)
            diary(browser, base)
            hands_free(browser, base)
            planner(browser, base)
            browser.close()
    finally:
        stop(server)


def ready(page, base: str, notebook: str, selector: str) -> None:
    page.goto(f"{base}/voila/render/{notebook}")
    page.wait_for_selector(selector, timeout=90_000)
    page.wait_for_function("() => !document.querySelector('#loading')", timeout=90_000)


def progress(browser, base: str) -> None:
    from widgets.progress import STORAGE_KEY
    from widgets.quiz import questions

    total = len(questions())
    record = {"opened": ["first-response", "stretches", "back-spasms"], "finished": ["first-response", "stretches"],
              "last": "back-spasms", "best": {"right": total - 4, "total": total, "text": f"{total - 4} of {total} right"}}
    page = browser.new_page(viewport={"width": 1000, "height": 800})
    page.add_init_script(f"localStorage.setItem({json.dumps(STORAGE_KEY)}, {json.dumps(json.dumps(record))})")
    ready(page, base, "00_start_here.ipynb", ".sr-progress-list li")
    page.locator(".sr-progress").screenshot(path=str(REPO / "docs" / "progress.png"))
    page.close()


def diary(browser, base: str) -> None:
    from widgets.diary import STORAGE_KEY

    today = dt.date.today()
    days = [(6, 7, 5, ["cold", "stretch"], None, False), (5, 6, 4, ["cold", "massage"], 12, False),
            (3, 5, 3, ["heat", "stretch"], None, True), (2, 3, 1, ["heat"], None, False),
            (1, 2, 1, ["stretch", "walk"], None, False)]
    entries = [{"date": (today - dt.timedelta(days=n)).isoformat(), "pain": pain, "cramps": cramps,
                "sessions": sessions, "longest_cramp_minutes": longest, "woke_at_night": woke}
               for n, pain, cramps, sessions, longest, woke in days]
    page = browser.new_page(viewport={"width": 375, "height": 760}, device_scale_factor=2)
    page.add_init_script(f"localStorage.setItem({json.dumps(STORAGE_KEY)}, {json.dumps(json.dumps(entries))})")
    ready(page, base, "my_plan.ipynb", ".sr-diary-chart svg")
    diary = page.locator(".sr-diary")
    top = diary.locator(".sr-diary-findings").bounding_box()
    bottom = diary.locator(".sr-diary-table").bounding_box()
    page.set_viewport_size({"width": 375, "height": int(bottom["y"] + bottom["height"] - top["y"]) + 40})
    diary.locator(".sr-diary-findings").scroll_into_view_if_needed()
    page.evaluate("() => document.querySelector('.sr-diary-findings').scrollIntoView({block: 'start'})")
    page.wait_for_timeout(300)
    page.screenshot(path=str(REPO / "docs" / "diary.png"))
    page.close()


def hands_free(browser, base: str) -> None:
    page = browser.new_page(viewport={"width": 1000, "height": 700})
    ready(page, base, "02_stretches.ipynb", ".sr-stretch-calf-wall .sr-timer")
    timer = page.locator(".sr-stretch-calf-wall .sr-timer")
    timer.locator(".sr-hands-free summary").click()
    timer.scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    timer.screenshot(path=str(REPO / "docs" / "hands-free.png"))
    page.close()


def planner(browser, base: str) -> None:
    page = browser.new_page(viewport={"width": 1000, "height": 900})
    ready(page, base, "04_ice_and_heat.ipynb", ".sr-planner .sr-table")
    page.locator(".sr-planner .sr-timeline").screenshot(path=str(REPO / "docs" / "planner-days.png"))
    page.close()


if __name__ == "__main__":
    main()
