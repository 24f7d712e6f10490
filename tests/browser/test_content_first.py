"""Issue 11, content first: the lesson's text is in the page the server sends and on screen, styled,
before any script has loaded; only the widgets wait for Voilà's front end and the kernel.

Nothing here measures time: each test holds back or blocks the front end and checks what a reader
has on screen meanwhile (the speed itself is measured by ``make bench``).
"""

from __future__ import annotations

import html as html_lib
import json
import re
import urllib.request

from playwright.sync_api import expect

from tests.harness import REPO
from widgets.content import content
from widgets.navigation import find_page

from .conftest import LOAD_TIMEOUT_MS, new_page, open_lesson

INK = "rgb(27, 39, 51)"  # --sr-ink
MUTED = "rgb(74, 90, 106)"  # --sr-muted
BRAND = "rgb(29, 53, 87)"  # --sr-brand
WIDGET_JSON = 'script[type="application/vnd.voila.cell-output+json"]'


def front_end(url: str) -> bool:
    """Voilà's front end: voila.js and its chunks, and voila-style.js (not the stylesheets)."""
    return "/voila/static/" in url or "voila-style.js" in url


def first_heading(file: str) -> str:
    notebook = json.loads((REPO / "notebooks" / file).read_text(encoding="utf-8"))
    for cell in notebook["cells"]:
        for line in "".join(cell["source"]).splitlines():
            if cell["cell_type"] == "markdown" and line.startswith("# "):
                return line[2:].strip()
    raise AssertionError(f"{file} has no title")


def served(app_url: str, file: str) -> str:
    with urllib.request.urlopen(f"{app_url}/voila/render/{file}", timeout=60) as response:
        return response.read().decode()


def test_the_page_as_sent_carries_the_lesson_and_nothing_blocks_its_first_paint(app_url):
    lesson = find_page(content(), "stretches")
    html = served(app_url, lesson.file)
    head, body = html[: html.index("<body")], html[html.index("<body"):]
    # no script is loaded in the head, and the front end's scripts wait for the page (defer)
    assert not re.search(r"<script[^>]*\bsrc=", head), head
    external = re.findall(r"<script[^>]*\bsrc=[^>]*>", body)
    assert external and all(" defer " in tag or tag.startswith("<script defer") for tag in external), external
    # the content is not hidden, and no "Running ..." screen
    assert re.search(r'<main id="sr-page">', body)
    assert "display: none" not in body[: body.index('<main id="sr-page">') + 40]
    assert "Running" not in body and "Executing" not in body
    # the app's stylesheet comes before the first cell; no Mermaid loader, no other host
    assert body.index("/assets/styles/spasm-relief.css") < body.index("cell-index")
    assert "mermaid" not in html and "cdn" not in html
    # the lesson's own words are in the HTML, and so are its HTML outputs (written by the server,
    # not sent as JSON for the front end): the time to learn, the cautions, the navigation links
    assert re.search(r"<h1[^>]*>" + re.escape(html_lib.escape(first_heading(lesson.file), quote=False)), body)
    assert f"about {lesson.minutes} minutes" in body
    assert re.search(r'<a rel="next" href="03_back_spasms.ipynb">', body)
    # the one widget output goes to the front end as JSON, with a placeholder beside it
    assert body.count('class="sr-placeholder"') == body.count("application/vnd.voila.cell-output+json") >= 1


def test_text_is_on_screen_and_styled_before_any_script_and_links_work(browser, app_url):
    page, watch = new_page(browser, 375, 760)
    page.route(front_end, lambda route: route.abort())  # the front end never arrives
    page.goto(f"{app_url}/voila/render/01_first_response.ipynb", timeout=LOAD_TIMEOUT_MS)
    heading = page.locator("#sr-page h1").first
    expect(heading).to_be_visible()
    assert heading.evaluate("e => getComputedStyle(e).color") == BRAND
    body_font = page.evaluate("() => getComputedStyle(document.body).fontFamily")
    assert "Times" not in body_font and ("system-ui" in body_font or "sans" in body_font.lower()), body_font
    assert page.evaluate("() => getComputedStyle(document.body).color") == INK
    # the warning: first-response cautions and the navigation are HTML, readable now
    expect(page.locator(".sr-header .sr-notice")).to_be_visible()
    # a calm placeholder where each widget will be, in the page's font, saying nothing alarming
    placeholder = page.locator(".sr-placeholder").first
    placeholder.scroll_into_view_if_needed()
    expect(placeholder).to_be_visible()
    style = placeholder.evaluate("""e => { const s = getComputedStyle(e);
        return {color: s.color, font: s.fontFamily, border: s.borderTopStyle, minHeight: parseFloat(s.minHeight) || 0}; }""")
    assert style["color"] == MUTED and style["font"] == body_font, style
    assert style["border"] != "none" and style["minHeight"] >= 32, style
    assert placeholder.get_attribute("aria-hidden") == "true"
    # the loading state is a thin bar and a status line for screen readers, not a screen
    status = page.locator("#loading[role=status]")
    expect(status).to_contain_text("loading")
    assert status.bounding_box()["height"] <= 8
    # the navigation is a plain link: it works with no script at all
    page.locator(".sr-header a[rel=next]").click()
    page.wait_for_url("**/02_stretches.ipynb", timeout=LOAD_TIMEOUT_MS)
    expect(page.locator("#sr-page h1").first).to_be_visible()
    page.context.close()
    assert not watch.page_errors and not watch.foreign, watch.problems()


def test_when_the_front_end_arrives_widgets_replace_placeholders_where_the_reader_is(browser, app_url):
    page, watch = new_page(browser, 375, 760)
    held = []
    page.route("**/voila/static/voila.js", lambda route: held.append(route))
    # (a deferred script holds DOMContentLoaded back, so wait for the page's end instead)
    page.goto(f"{app_url}/voila/render/04_ice_and_heat.ipynb", wait_until="commit", timeout=LOAD_TIMEOUT_MS)
    page.wait_for_function("() => document.querySelector('main#sr-page') && document.querySelector('.sr-footer')",
                           timeout=LOAD_TIMEOUT_MS)
    # the reader scrolls down to the planner's text while the front end is still on its way
    page.locator("#sr-page h2").nth(2).scroll_into_view_if_needed()
    page.evaluate("() => window.scrollBy(0, 200)")
    scrolled = page.evaluate("() => window.scrollY")
    assert scrolled > 500
    assert page.locator(".sr-placeholder:visible").count() >= 1
    for route in held:
        route.fallback()
    page.wait_for_function(f"() => !document.querySelector('#loading') && !document.querySelector('{WIDGET_JSON}')",
                           timeout=LOAD_TIMEOUT_MS)
    page.wait_for_selector(".sr-planner select", timeout=LOAD_TIMEOUT_MS)
    # every placeholder has gone, the widgets are drawn in the page, and the reader is where they were
    assert page.locator(".sr-placeholder:visible").count() == 0
    assert page.locator("#sr-page .sr-planner").count() == 1
    assert abs(page.evaluate("() => window.scrollY") - scrolled) < 2
    page.context.close()
    assert not watch.problems(), watch.problems()


def test_a_kernel_that_does_not_answer_leaves_the_calm_placeholder_and_nothing_moves(browser, app_url):
    page, watch = new_page(browser, 375, 800)
    page.add_init_script("""window.__shifts = 0; new PerformanceObserver(list => {
        for (const entry of list.getEntries()) window.__shifts += entry.value; }).observe({type: 'layout-shift', buffered: true});""")
    page.route_web_socket("**/api/kernels/**", lambda socket: None)  # the kernel never answers
    page.goto(f"{app_url}/voila/render/my_plan.ipynb", timeout=LOAD_TIMEOUT_MS)
    # the front end has started and handed the widget to a renderer that waits for the kernel ...
    page.wait_for_function(f"() => !document.querySelector('#loading') && !document.querySelector('{WIDGET_JSON}')",
                           timeout=LOAD_TIMEOUT_MS)
    waiting = page.locator(".jp-OutputArea-output.lm-Panel", has_text="Loading widget").first
    expect(waiting).to_be_attached()
    # ... and the reader still sees the page's own calm placeholder, as tall as the screen for My plan's form
    placeholder = page.locator(".sr-placeholder").first
    expect(placeholder).to_be_visible()
    assert placeholder.bounding_box()["height"] >= 800
    assert waiting.bounding_box()["height"] == 0
    body_font = page.evaluate("() => getComputedStyle(document.body).fontFamily")
    assert placeholder.evaluate("e => getComputedStyle(e).fontFamily") == body_font
    expect(page.locator("#sr-page h1").first).to_be_visible()
    # nothing on screen has jumped: below 0.05 of layout shift, as when the form is drawn (the test below;
    # "good" is below 0.1). 0.01 exactly was measured once on a busy machine, so 0.01 was too tight a limit.
    shifts = page.evaluate("() => window.__shifts")
    assert shifts < 0.05, shifts
    page.context.close()
    assert not watch.page_errors and not watch.foreign, watch.problems()


def test_my_plan_draws_its_form_where_the_placeholder_was_without_moving_the_page(browser, app_url):
    for width, height in ((375, 800), (1280, 900)):
        page, watch = new_page(browser, width, height)
        page.add_init_script("""window.__shifts = 0; new PerformanceObserver(list => {
            for (const entry of list.getEntries()) window.__shifts += entry.value; }).observe({type: 'layout-shift', buffered: true});""")
        open_lesson(page, app_url, "my_plan.ipynb")
        expect(page.locator(".sr-dashboard .sr-severity")).to_be_visible()
        assert page.evaluate("() => window.__shifts") < 0.05, (width, page.evaluate("() => window.__shifts"))
        page.context.close()
        assert not watch.problems(), watch.problems()


def test_every_page_opens_with_its_text_and_ends_with_no_placeholder(browser, app_url):
    for lesson in content().pages:
        page, watch = new_page(browser, 375, 760)
        open_lesson(page, app_url, lesson.file)
        assert page.locator(".sr-placeholder:visible").count() == 0, lesson.file
        assert page.locator(".jp-LabShell:visible").count() == 0, lesson.file  # nothing covers the page
        box = page.locator("#sr-page h1").first.bounding_box()
        assert box and box["width"] > 0 and page.evaluate("() => document.elementFromPoint(30, 300).closest('#sr-page') !== null")
        page.context.close()
        assert not watch.problems(), (lesson.file, watch.problems())
