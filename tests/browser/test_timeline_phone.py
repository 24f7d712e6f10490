"""The planner's timeline on a phone and on a desktop: the browser picks the narrow picture
(hours down the page) below 40rem and the wide one above it, and both keep the text alternative."""

from __future__ import annotations

import datetime as dt

import pytest

from widgets.timeline import pictures

from ..unit.test_planner_outputs import CASES
from .conftest import browser_clock_at, new_page, open_lesson, planner_uses_browser_time

SHOWN = """() => {
    const img = document.querySelector('.sr-planner .sr-timeline picture img');
    const source = img && img.parentElement.querySelector('source');
    if (!img || !source || !img.complete || !img.currentSrc) return null;
    const box = img.getBoundingClientRect();
    return {current: img.currentSrc, days: +img.closest('.sr-plan').dataset.days, narrow: source.getAttribute('srcset'), wide: img.getAttribute('src'),
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
        assert shown["width"] > 2 * shown["height"] / shown["days"]  # wide: each day's strip


GLYPHS = """() => {
    const svg = document.querySelector('svg');
    const view = svg.viewBox.baseVal;
    return [...svg.querySelectorAll('text')].map(t => {
        const b = t.getBBox();
        return {text: t.textContent, x0: b.x, y0: b.y, x1: b.x + b.width, y1: b.y + b.height,
                width: view.width, height: view.height};
    });
}"""


@pytest.mark.parametrize("layout", ["wide", "narrow"])
@pytest.mark.parametrize("case", range(len(CASES)))
def test_with_the_real_glyphs_no_label_spills_or_covers_another(browser, layout, case):
    """The pictures place text from its size; here Chromium lays out the real glyphs (the font a
    phone or a desktop would pick for the picture's sans-serif) and measures each label."""
    make, now = CASES[case]
    svg = getattr(pictures(make(), now), layout)
    page, watch = new_page(browser, 400, 800)
    try:
        page.set_content(svg.split("?>", 1)[1])
        boxes = page.evaluate(GLYPHS)
    finally:
        page.context.close()
    assert len(boxes) > 10
    for box in boxes:
        assert -0.5 <= box["x0"] and box["x1"] <= box["width"] + 0.5, box
        assert -0.5 <= box["y0"] and box["y1"] <= box["height"] + 0.5, box
    # glyph boxes include the line's ascent and descent: allow a hair of vertical touching
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            apart = (a["x1"] <= b["x0"] or b["x1"] <= a["x0"] or a["y1"] - 1.5 <= b["y0"] or b["y1"] - 1.5 <= a["y0"])
            assert apart, (a, b)
