"""Issue 15 in the browser: class mode holds, answers lock at Finish, and the answers file.

Opened with ``?mode=class`` the self-check keeps class mode on (the tick box cannot be unticked,
not even by a page whose disabled controls were switched back on), every question's button says
"Save answer N", and at Finish the answers lock: a changed answer cannot raise the score. The
downloaded answers file is read back with :func:`widgets.answers_file.read`, and carries the typed
name and the date and time in the learner's own time zone (each test runs in a time zone far from
the server's UTC, so a file dated on the server's clock would show). Without ``?mode=class`` the
learner may choose class mode, and "Try again" after Finish starts afresh on the same cards.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Locator, Page, expect

from widgets.answers_file import read
from widgets.quiz import questions

from .conftest import LOAD_TIMEOUT_MS, new_page
from .test_progress import axe_clean as no_axe_violations
from .test_progress import fits

QS = questions()
CLASS_MODE = "Class mode: feedback and score appear at Finish"
NAME = "Your name or nickname (optional, for your teacher)"
DOWNLOAD = "Download my answers (CSV)"
RESET_MS = 30_000  # "Yes, clear my answers" resets every card: slow on a busy 2-core machine
SIZES = [pytest.param(1280, 900, "America/St_Johns", id="1280px"),  # UTC-3:30 (or -2:30 in summer)
         pytest.param(375, 667, "Asia/Kathmandu", id="375px")]  # UTC+5:45
# Switch a control back on in the page (as a page changed by its user could): the kernel must still refuse.
ENABLE = "e => { e.disabled = false; e.removeAttribute('disabled'); }"
RADIO_ORDERS = ("els => els.map(e => [...e.querySelectorAll('label')].map(l => l.textContent.trim()).join('|'))"
                ".join('\\n')")


def quiz_page(browser, width: int, height: int, zone: str, query: str, app_url: str):
    """The self-check in a fresh context whose clock runs in ``zone``, watched like conftest's pages."""
    page, watch = new_page(browser, width, height, timezone_id=zone, accept_downloads=True)
    page.goto(f"{app_url}/voila/render/06_check_yourself.ipynb{query}", timeout=LOAD_TIMEOUT_MS)
    page.wait_for_selector(".sr-quiz .sr-question", timeout=LOAD_TIMEOUT_MS)
    return page, watch, page.locator(".sr-quiz")


def close(page: Page, watch) -> None:
    page.context.close()
    assert not watch.problems(), "\n".join(watch.problems())


def first_card(quiz: Locator):
    q = QS[0]
    assert q.kind == "single", "these tests expect the bank to open with a single-choice question"
    right = next(o for o in q.options if o.correct)
    wrong = next(o for o in q.options if not o.correct)
    return quiz.locator(f".sr-q-{q.id}"), right, wrong


def download(page: Page, quiz: Locator) -> tuple[str, bytes]:
    link = quiz.get_by_role("link", name=DOWNLOAD)
    with page.expect_download() as info:
        link.click()
    return info.value.suggested_filename, Path(info.value.path()).read_bytes()


def check_saved_at(saved_at: dt.datetime, zone: str, before: dt.datetime, file_name: str, slug: str) -> None:
    """The file's time is now, in the learner's time zone, and the file's name carries its date and time."""
    assert before.replace(microsecond=0) <= saved_at <= dt.datetime.now(dt.timezone.utc)
    assert saved_at.utcoffset() == saved_at.astimezone(ZoneInfo(zone)).utcoffset() != dt.timedelta(0)
    assert file_name == f"spasm-relief-answers-{slug}-{saved_at:%Y-%m-%d-%H%M}.csv"


@pytest.mark.parametrize(("width", "height", "zone"), SIZES)
def test_class_mode_from_the_address_holds_locks_at_finish_and_gives_the_teacher_a_file(
        browser, app_url, width, height, zone):
    before = dt.datetime.now(dt.timezone.utc)
    page, watch, quiz = quiz_page(browser, width, height, zone, "?mode=class", app_url)
    try:
        box = quiz.get_by_role("checkbox", name=CLASS_MODE)
        expect(box).to_be_checked(timeout=LOAD_TIMEOUT_MS)
        expect(box).to_be_disabled(timeout=LOAD_TIMEOUT_MS)  # it waits for the address to reach the kernel
        expect(quiz.locator(".sr-class-fixed")).to_have_text(
            "Your teacher's link turned class mode on, so it stays on for this page and cannot be turned off here.")
        how = quiz.locator(".sr-quiz-how")
        for words in ("Class mode is on.", "press Save answer", "You can change an answer",
                      "Your answers then lock: the feedback and your score appear",
                      "Download your answers file", "give it to your teacher"):
            expect(how).to_contain_text(words)
        box.click(force=True)  # a click on the disabled box changes nothing
        expect(box).to_be_checked()
        box.evaluate(ENABLE)  # even switched back on in the page, unticking it is refused by the kernel
        box.click()
        expect(quiz.get_by_role("alert").first).to_contain_text(
            "Class mode stays on: your teacher's link turned it on for this page.")
        expect(box).to_be_checked()

        card, right, wrong = first_card(quiz)
        save = card.get_by_role("button", name="Save answer 1", exact=True)
        expect(save).to_be_visible()
        expect(quiz.get_by_role("button", name=re.compile(r"^Check answer"))).to_have_count(0)
        card.get_by_role("radio", name=wrong.text, exact=True).check()
        save.click()
        status = card.get_by_role("status")
        expect(status).to_have_text("Answer 1 saved. Feedback comes at the end, when you press Finish. "
                                    "Until then you can change it and save it again.")
        expect(status).not_to_contain_text("Right")
        expect(status).not_to_contain_text("Not quite")
        score = quiz.locator(".sr-score")
        expect(score).to_have_text(f"1 of {len(QS)} answered. The score appears when you finish.")
        expect(quiz.get_by_role("link", name=DOWNLOAD)).to_have_count(0)  # the file tells right from wrong
        expect(quiz.locator(".sr-answers-file")).to_contain_text("ready once you press Finish")

        finish = quiz.get_by_role("button", name="Finish and show feedback")
        finish.click()
        expect(score).to_have_text(f"Score: 0 of {len(QS)} right (1 answered).")
        expect(status).to_contain_text("Not quite")
        locked = quiz.locator(".sr-answers-locked")
        expect(locked).to_have_text("Your answers are locked. In class mode there is no Try again on this page. "
                                    "Download your answers file below and give it to your teacher.")
        expect(quiz.get_by_role("button", name="Try again (new order)")).to_be_hidden()
        expect(finish).to_be_disabled()
        expect(save).to_be_disabled()
        radio = card.get_by_role("radio", name=right.text, exact=True)
        expect(radio).to_be_disabled()

        # The answer changed to the right one and saved again, with the page's controls switched back on:
        # the kernel refuses, in words, and the score does not rise.
        radio.evaluate(ENABLE)
        radio.check()
        save.evaluate(ENABLE)
        save.click()
        expect(card.get_by_role("alert")).to_contain_text("Your answers are locked: you pressed Finish.")
        expect(score).to_have_text(f"Score: 0 of {len(QS)} right (1 answered).")
        expect(card.get_by_role("status")).to_contain_text("Not quite")  # the feedback stays under the message
        expect(card.get_by_role("radio", name=wrong.text, exact=True)).to_be_checked()  # the saved answer is back

        name = quiz.get_by_label(NAME)
        name.fill("x" * 61)
        expect(quiz.locator(".sr-answers-file").get_by_role("alert")).to_contain_text(
            "A name or nickname can be at most 60 characters long; this one has 61.")
        expect(quiz.get_by_role("link", name=DOWNLOAD)).to_have_count(0)
        name.fill("  Zoë O'Brien, table 4 ")
        expect(quiz.locator(".sr-answers-file").get_by_role("alert")).to_have_count(0)
        link = quiz.get_by_role("link", name=DOWNLOAD)
        expect(link).to_have_attribute("download", re.compile(r"^spasm-relief-answers-zoe-o-brien-table-4-"))
        fits(page)
        no_axe_violations(page)

        file_name, data = download(page, quiz)
        assert data.startswith("\ufeff".encode("utf-8"))
        got = read(data, QS)
        assert got.student == "Zoë O'Brien, table 4"
        check_saved_at(got.saved_at, zone, before, file_name, "zoe-o-brien-table-4")
        assert (got.score_right, got.score_total, got.answered) == (0, len(QS), 1)
        assert got.answers[QS[0].id] == wrong.text and got.results[QS[0].id] == "wrong"
        assert all(got.results[q.id] == "not answered" for q in QS[1:])
    finally:
        close(page, watch)


@pytest.mark.parametrize(("width", "height", "zone"), SIZES)
def test_without_the_address_the_learner_chooses_and_try_again_after_finish_reuses_the_cards(
        browser, app_url, width, height, zone):
    before = dt.datetime.now(dt.timezone.utc)
    page, watch, quiz = quiz_page(browser, width, height, zone, "", app_url)
    try:
        box = quiz.get_by_role("checkbox", name=CLASS_MODE)
        card, right, wrong = first_card(quiz)
        expect(box).not_to_be_checked()
        expect(box).to_be_enabled()
        expect(quiz.locator(".sr-class-fixed")).to_have_count(0)
        expect(quiz.locator(".sr-quiz-how")).to_contain_text("locks your answers")
        box.check()  # the learner's own choice
        expect(card.get_by_role("button", name="Save answer 1", exact=True)).to_be_visible()
        expect(quiz.locator(".sr-quiz-how")).to_contain_text("Class mode is on.")
        box.uncheck()  # ...which the learner may drop again before Finish
        check = card.get_by_role("button", name="Check answer 1", exact=True)
        expect(check).to_be_visible()

        card.get_by_role("radio", name=right.text, exact=True).check()
        check.click()
        expect(card.get_by_role("status")).to_contain_text("Right")
        score = quiz.locator(".sr-score")
        expect(score).to_have_text(f"Score: 1 of {len(QS)} right (1 answered).")
        file_name, data = download(page, quiz)  # outside class mode the file is there before Finish too
        got = read(data, QS)
        assert got.student == "" and got.results[QS[0].id] == "right" and got.score_right == 1
        check_saved_at(got.saved_at, zone, before, file_name, "anonymous")

        quiz.locator(".sr-question").evaluate_all("els => els.forEach(e => e.dataset.kept = 'yes')")
        orders = quiz.locator(".sr-question .widget-radio-box").evaluate_all(RADIO_ORDERS)
        quiz.get_by_role("button", name="Finish and show feedback").click()
        expect(quiz.locator(".sr-answers-locked")).to_have_text(
            "Your answers are locked. Press Try again to start afresh with the options in a new order.")
        expect(check).to_be_disabled()
        expect(box).to_be_disabled()  # class mode cannot be chosen after Finish
        expect(card.get_by_role("radio", name=wrong.text, exact=True)).to_be_disabled()
        no_axe_violations(page)

        quiz.get_by_role("button", name="Try again (new order)").click()
        quiz.get_by_role("button", name="Yes, clear my answers").click()
        expect(score).to_have_text(f"Score: 0 of {len(QS)} right (0 answered).", timeout=RESET_MS)
        expect(quiz.locator(".sr-answers-locked")).to_have_count(0)
        # the same cards, blank and enabled, with the options in a new order
        expect(quiz.locator(".sr-question[data-kept='yes']")).to_have_count(len(QS))
        expect(card.get_by_role("status")).to_have_count(0)
        expect(check).to_be_enabled()
        expect(box).to_be_enabled()
        expect(card.get_by_role("radio", name=right.text, exact=True)).not_to_be_checked()
        page.wait_for_function(f"(old) => ({RADIO_ORDERS})([...document.querySelectorAll("
                               "'.sr-quiz .sr-question .widget-radio-box')]) !== old", arg=orders,
                               timeout=RESET_MS)
        card.get_by_role("radio", name=wrong.text, exact=True).check()
        check.click()
        expect(card.get_by_role("status")).to_contain_text("Not quite")
        expect(score).to_have_text(f"Score: 0 of {len(QS)} right (1 answered).")
        fits(page)
    finally:
        close(page, watch)
