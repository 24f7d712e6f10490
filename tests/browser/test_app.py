"""The app in a real browser: every page, the warning-sign check, navigation, accessibility, files."""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from widgets.content import content
from widgets.navigation import find_page

from .conftest import LOAD_TIMEOUT_MS, new_page, open_lesson

LESSONS = content().lessons
FILES = [lesson.file for lesson in LESSONS]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


@pytest.mark.parametrize("lesson_id", [lesson.id for lesson in LESSONS])
def test_page_renders_without_code_or_errors(page, app_url, lesson_id):
    lesson = find_page(content(), lesson_id)
    open_lesson(page, app_url, lesson.file)
    expect(page).to_have_title(f"{lesson.title} · Spasm Relief")
    expect(page.locator("h1")).to_have_count(1)
    notices = page.get_by_role("complementary", name="Educational notice")
    expect(notices.first).to_contain_text("Educational, not a diagnosis or treatment.")
    expect(notices).to_have_count(2)  # top and bottom of the page
    body = page.locator("body").inner_text()
    for leak in ("from widgets import", "ui.header", "Traceback", "Error displaying widget", "ModuleNotFoundError"):
        assert leak not in body
    expect(page.locator(".jp-InputArea-editor:visible, .jp-CodeCell .jp-InputArea:visible, .highlight:visible")).to_have_count(0)
    expect(page.get_by_role("navigation", name="Lesson navigation (top)")).to_be_visible()


@pytest.mark.parametrize("file", FILES)
def test_accessibility_scan_is_clean(page, app_url, file):
    open_lesson(page, app_url, file)
    page.wait_for_selector(".sr-widget", timeout=LOAD_TIMEOUT_MS)
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    assert results.violations_count == 0, results.generate_report()


def test_a_ticked_warning_sign_shows_the_get_help_panel(page, app_url):
    open_lesson(page, app_url, "00_start_here.ipynb")
    calm = page.locator(".sr-red-flags").get_by_role("status")
    expect(calm).to_contain_text("No warning signs ticked")
    page.get_by_role("checkbox", name="Are you short of breath, or do you have pain in your chest?").check()
    alert = page.locator(".sr-red-flags").get_by_role("alert")
    expect(alert).to_contain_text("Stop self-care and get help")
    expect(alert).to_contain_text("Call an emergency number now")
    numbers = alert.get_by_role("list", name="Emergency numbers").get_by_role("listitem")
    expect(numbers).to_have_count(4)
    page.get_by_label("Country or region").select_option(label="Australia (000)")
    expect(numbers).to_have_count(1)
    expect(numbers).to_have_text("Australia: 000")
    page.get_by_role("button", name="Clear my answers").click()
    expect(page.locator(".sr-red-flags").get_by_role("alert")).to_have_count(0)
    expect(calm).to_contain_text("No warning signs ticked")


def test_keyboard_alone_can_answer_a_warning_sign(page, app_url):
    open_lesson(page, app_url, "00_start_here.ipynb")
    first = page.get_by_role("checkbox").first
    first.focus()
    page.keyboard.press("Space")
    expect(first).to_be_checked()
    expect(page.locator(".sr-red-flags").get_by_role("alert")).to_contain_text("See a doctor about this")
    page.keyboard.press("Tab")
    expect(page.get_by_role("checkbox").nth(1)).to_be_focused()


def test_navigation_links_lead_to_the_right_pages(page, app_url):
    open_lesson(page, app_url, FILES[0])
    for index in range(1, len(FILES)):
        page.get_by_role("navigation", name="Lesson navigation (top)").get_by_role("link", name="Next:").click()
        page.wait_for_url(f"**/voila/render/{FILES[index]}", timeout=LOAD_TIMEOUT_MS)
        page.wait_for_selector(".sr-nav", timeout=LOAD_TIMEOUT_MS)
        expect(page.locator("h1")).to_be_visible()
    nav = page.get_by_role("navigation", name="Lesson navigation (bottom)")
    nav.get_by_role("link", name="Previous:").click()
    page.wait_for_url(f"**/voila/render/{FILES[-2]}", timeout=LOAD_TIMEOUT_MS)
    page.wait_for_selector(".sr-nav", timeout=LOAD_TIMEOUT_MS)
    page.get_by_role("navigation", name="Lesson navigation (top)").get_by_role("link", name="All lessons").click()
    page.wait_for_url(f"**/voila/render/{FILES[0]}#contents", timeout=LOAD_TIMEOUT_MS)
    contents = page.get_by_role("navigation", name="All lessons")
    expect(contents.get_by_role("link")).to_have_count(len(FILES) - 1)
    contents.get_by_role("link", name=LESSONS[1].title).click()
    page.wait_for_url(f"**/voila/render/{FILES[1]}", timeout=LOAD_TIMEOUT_MS)


def test_first_minute_checklist_and_feeling_check(page, app_url):
    open_lesson(page, app_url, "01_first_response.ipynb")
    checklist = page.locator(".sr-checklist")
    boxes = checklist.get_by_role("checkbox")
    expect(boxes).to_have_count(3)
    expect(checklist.get_by_role("status")).to_contain_text("0 of 3 steps done. Next: Stop.")
    for i in range(3):
        boxes.nth(i).check()
    expect(checklist.get_by_role("status")).to_contain_text("All 3 steps done.")
    checklist.get_by_role("button", name="Start again").click()
    expect(checklist.get_by_role("status")).to_contain_text("0 of 3 steps done.")
    feeling = page.locator(".sr-feeling")
    feeling.get_by_role("radio", name="Sore or a bit stiff, but getting better").check()
    expect(feeling.get_by_role("status")).to_contain_text("That is normal.")
    feeling.get_by_role("radio", name="Worse, swollen, numb or weak, or the cramp will not ease").check()
    expect(feeling.get_by_role("alert")).to_contain_text("Stop self-care and get help")


def test_start_page_reads_well_at_375_px(browser, app_url):
    page, watch = new_page(browser, width=375, height=800)
    try:
        open_lesson(page, app_url, FILES[0])
        page.wait_for_selector(".sr-red-flags", timeout=LOAD_TIMEOUT_MS)
        overflow = page.evaluate("""() => [...document.querySelectorAll('#sr-page *')]
            .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1 && e.getClientRects().length)
            .map(e => e.tagName + '.' + e.className).slice(0, 5)""")
        assert overflow == [], f"wider than a 375 px phone: {overflow}"
        font = page.evaluate("() => parseFloat(getComputedStyle(document.querySelector('.jp-RenderedMarkdown p')).fontSize)")
        assert font >= 16
    finally:
        page.context.close()
    assert not watch.problems(), watch.problems()


def status(url: str) -> int:
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.parametrize(
    "path",
    ["/voila/files/pyproject.toml", "/voila/files/00_start_here.ipynb", "/voila/files/../pyproject.toml",
     "/assets/../pyproject.toml", "/assets/%2e%2e/pyproject.toml", "/assets/../spasm_relief_app/server.py",
     "/voila/files/../deploy/voila/voila.json", "/assets/", "/pyproject.toml"],
)
def test_files_outside_assets_are_not_served(app_url, path):
    assert status(app_url + path) in (403, 404)


def test_assets_are_served_and_the_root_goes_to_the_start_page(app_url):
    assert status(app_url + "/assets/styles/spasm-relief.css") == 200
    assert status(app_url + "/assets/content/stretching.toml") == 200
    for path in ("/", "/voila/tree", "/voila/tree/"):
        assert status(app_url + path) in (301, 302)
    with urllib.request.urlopen(app_url + "/", timeout=30) as response:
        assert response.url.endswith("/voila/render/00_start_here.ipynb")


def test_front_end_is_sent_compressed_and_cacheable(page, app_url):
    """Every script and style a page loads comes gzipped, and files named by their content hash
    are kept by the browser for good, so a class downloads Voilà's front end once per learner."""
    responses = []
    page.on("response", lambda r: responses.append(r) if "/voila/" in r.url and
            r.url.split("?")[0].endswith((".js", ".css")) else None)
    open_lesson(page, app_url, FILES[0])
    assert len(responses) > 20
    hashed = [r for r in responses if "/voila/labextensions/" in r.url and "remoteEntry." in r.url]
    assert len(hashed) >= 2
    for response in responses:
        headers = response.all_headers()
        assert response.status == 200, response.url
        assert headers.get("content-encoding") == "gzip", response.url
        assert "max-age=" in headers.get("cache-control", ""), response.url
    for response in hashed:
        assert "immutable" in response.all_headers()["cache-control"], response.url
