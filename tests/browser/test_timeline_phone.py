"""The planner's timeline on a phone and on a desktop: the browser picks the narrow picture
(hours down the page) below 40rem and the wide one above it, and both keep the text alternative."""

from __future__ import annotations

import datetime as dt

import pytest

from .conftest import browser_clock_at, new_page, open_lesson, planner_uses_browser_time

SHOWN = """() => {
    const img = document.querySelector('.sr-planner .sr-timeline picture img');
    const source = img && img.parentElement.querySelector('source');
    if (!img || !source || !img.complete || !img.currentSrc) return null;
    const box = img.getBoundingClientRect();
    return {current: img.currentSrc, narrow: source.getAttribute('srcset'), wide: img.getAttribute('src'),
            media: source.getAttribute('media'), alt: img.getAttribute('alt'),
            width: box.width, height: box.height, natural: [img.naturalWidth, img.naturalHeight]};
}"""


def shown_timeline(browser, app_url: str, width: int, height: int) -> dict:
    page, watch = new_page(browser, width, height)
    try:
        at = browser_clock_at(page, dt.time(10, 0))  # today's plan has sessions, whenever the test runs
        open_lesson(page, app_url, "04_ice_and_heat.ipynb")
        planner_uses_browser_time(page, at)
        page.wait_for_selector(".sr-planner .sr-table", timeout=60_000)
        handle = page.wait_for_function(SHOWN, timeout=30_000)
        shown = handle.json_value()
    finally:
        page.context.close()
    assert not watch.problems(), "\n".join(watch.problems())
    return shown


@pytest.mark.parametrize("width, height", [(375, 812), (1280, 900)])
def test_the_phone_gets_the_narrow_timeline_and_the_desktop_the_wide_one(browser, app_url, width, height):
    shown = shown_timeline(browser, app_url, width, height)
    assert shown["media"] == "(max-width: 40rem)"
    assert shown["narrow"].startswith("data:image/svg+xml;base64,") and shown["narrow"] != shown["wide"]
    assert shown["alt"].startswith("Plan for ")  # describe(plan), whichever picture is shown
    if width < 640:
        assert shown["current"] == shown["narrow"]
        assert shown["width"] <= width and shown["height"] > 1.5 * shown["width"]  # tall and narrow
    else:
        assert shown["current"] == shown["wide"]
        assert shown["width"] > 2 * shown["height"]
