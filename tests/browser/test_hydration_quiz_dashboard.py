"""Lessons 05 and 06 and the My plan dashboard, in the browser."""

from __future__ import annotations

import base64
import datetime as dt
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from widgets.answers_file import read
from widgets.quiz import questions

from .conftest import LOAD_TIMEOUT_MS, TIMER_SECONDS, open_lesson
from .test_app import WCAG_TAGS

QS = questions()


def quiz_page(page: Page, app_url: str, query: str = ""):
    page.goto(f"{app_url}/voila/render/06_check_yourself.ipynb{query}", timeout=LOAD_TIMEOUT_MS)
    page.wait_for_selector(".sr-quiz .sr-question", timeout=LOAD_TIMEOUT_MS)
    return page.locator(".sr-quiz")


def first_single(quiz):
    q = next(q for q in QS if q.kind == "single")
    assert q is QS[0], "these tests expect the bank to open with a single-choice question"
    return q, quiz.locator(f".sr-q-{q.id}")


def test_drink_planner(page, app_url):
    open_lesson(page, app_url, "05_hydration.ipynb")
    drinks = page.locator(".sr-drinks")
    # nothing is filled in for the person: no invented exercise, no invented sweat
    expect(drinks.get_by_label("Exercise starts")).to_have_value("")
    expect(drinks.get_by_label("ends")).to_have_value("")
    expect(drinks.get_by_label("It will be hard or long work (heavy sweating)")).not_to_be_checked()
    expect(drinks).to_contain_text("Enter when your next exercise")
    drinks.get_by_label("Exercise starts").fill("10:00")
    drinks.get_by_label("ends").fill("11:30")
    drinks.get_by_label("It will be hard or long work (heavy sweating)").check()
    expect(drinks.get_by_role("status")).to_contain_text("electrolyte drink")
    drinks.get_by_label("It will be hard or long work (heavy sweating)").uncheck()
    expect(drinks.get_by_role("status")).not_to_contain_text("electrolyte")
    drinks.get_by_label("ends").fill("09:00")
    expect(drinks.get_by_role("alert")).to_contain_text("The exercise must end after it starts")


def test_answer_right_and_wrong_see_feedback_score_and_reset(page, app_url):
    quiz = quiz_page(page, app_url)
    q, card = first_single(quiz)
    wrong = next(o for o in q.options if not o.correct)
    right = next(o for o in q.options if o.correct)
    card.get_by_role("radio", name=wrong.text, exact=True).check()
    card.get_by_role("button", name="Check answer 1").click()
    expect(card.get_by_role("status")).to_contain_text("Not quite")
    expect(card.get_by_role("status")).to_contain_text(wrong.feedback)
    expect(quiz.locator(".sr-score")).to_have_text(f"Score: 0 of {len(QS)} right (1 answered).")
    card.get_by_role("radio", name=right.text, exact=True).check()
    card.get_by_role("button", name="Check answer 1").click()
    expect(card.get_by_role("status")).to_contain_text("Right")
    expect(quiz.locator(".sr-score")).to_have_text(f"Score: 1 of {len(QS)} right (1 answered).")
    numeric = next(q for q in QS if q.kind == "numeric")
    number = [q.id for q in QS].index(numeric.id) + 1
    box = quiz.get_by_label(f"Answer to question {number} ({numeric.unit})")
    box.fill("a lot")
    quiz.get_by_role("button", name=f"Check answer {number}", exact=True).click()
    expect(quiz.locator(f".sr-q-{numeric.id}").get_by_role("alert")).to_contain_text("Please type a number")
    with page.expect_download() as info:
        quiz.get_by_role("link", name="Download my answers (CSV)").click()
    assert info.value.suggested_filename.startswith("spasm-relief-answers-anonymous-")
    answers = read(Path(info.value.path()).read_bytes(), QS)  # the tidy answers file (widgets/answers_file.py)
    assert answers.answers[q.id] == right.text and answers.results[q.id] == "right"
    assert (answers.score_right, answers.score_total, answers.answered) == (1, len(QS), 1)
    quiz.get_by_role("button", name="Try again (new order)").click()
    quiz.get_by_role("button", name="Yes, clear my answers").click()
    expect(quiz.locator(".sr-score")).to_have_text(f"Score: 0 of {len(QS)} right (0 answered).")
    expect(quiz.locator(".sr-question").first.get_by_role("status")).to_have_count(0)


def test_class_mode_hides_feedback_until_the_end(page, app_url):
    quiz = quiz_page(page, app_url, "?mode=class")
    expect(quiz.get_by_label("Class mode: feedback and score appear at Finish")).to_be_checked()
    q, card = first_single(quiz)
    card.get_by_role("radio", name=next(o for o in q.options if o.correct).text, exact=True).check()
    card.get_by_role("button", name="Save answer 1").click()
    expect(card.get_by_role("status")).to_contain_text("Answer 1 saved. Feedback comes at the end")
    expect(quiz.locator(".sr-score")).not_to_contain_text("Score")
    quiz.get_by_role("button", name="Finish and show feedback").click()
    expect(card.get_by_role("status")).to_contain_text("Right")
    expect(quiz.locator(".sr-score")).to_contain_text(f"Score: 1 of {len(QS)}")


def my_plan(page: Page, app_url: str, severity: str = "Mild, or already easing"):
    open_lesson(page, app_url, "my_plan.ipynb")
    plan = page.locator(".sr-dashboard")
    plan.get_by_role("radio", name=severity).check()
    page.wait_for_selector(".sr-dashboard .sr-plan-output .sr-table", timeout=LOAD_TIMEOUT_MS)
    return plan


def test_my_plan_with_a_red_flag_shows_only_get_help(page, app_url):
    plan = my_plan(page, app_url)
    plan.get_by_role("checkbox", name="Is the pain in one leg only").check()
    expect(plan.get_by_role("alert")).to_contain_text("Stop self-care and get help")
    expect(plan.locator(".sr-my-plan")).to_be_hidden()
    expect(plan.get_by_role("timer")).to_have_count(0)
    expect(plan.get_by_role("link", name="Printable plan (HTML)")).to_be_hidden()


def test_my_plan_for_a_calf_has_timers_timeline_and_a_printable_plan(page, app_url):
    plan = my_plan(page, app_url)
    expect(plan.get_by_label("Where is the spasm?")).to_have_value("Calf")
    expect(plan.get_by_role("timer")).to_have_count(2)
    expect(plan.locator(".sr-timeline img")).to_be_visible()
    plan.locator(".sr-stretch-calf-wall").get_by_role("button", name="Start", exact=True).click()
    expect(plan.locator(".sr-stretch-calf-wall").get_by_role("timer")).to_have_text("Done", timeout=(TIMER_SECONDS + 8) * 1000)
    yesterday = dt.date.today() - dt.timedelta(days=1)
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    plan.get_by_label("Spasm started on").fill(yesterday.isoformat())
    plan.get_by_label("at", exact=True).fill("08:00")
    plan.get_by_label("Day to plan").fill(tomorrow.isoformat())
    expect(plan.locator(".sr-table caption").first).to_contain_text(f"{tomorrow:%A %d %B}")
    first_row = plan.locator(".sr-table tbody tr").first.inner_text()
    expect(plan.locator(f'a.sr-download[data-day="{tomorrow.isoformat()}"]')).to_have_count(1)
    with page.expect_download() as info:
        plan.get_by_role("link", name="Printable plan (HTML)").click()
    document = open(info.value.path(), encoding="utf-8").read()
    assert "<h1>My Spasm Relief plan</h1>" in document and "Wall calf stretch" in document
    assert first_row.split()[0].split("\u2013")[0] in document and "Educational, not a diagnosis" in document
    # the printable plan opens and lays out as a page of its own
    printable = page.context.new_page()
    printable.goto("data:text/html;base64," + base64.b64encode(document.encode()).decode())
    expect(printable.get_by_role("heading", name="My Spasm Relief plan")).to_be_visible()
    expect(printable.get_by_role("img", name="A person leans towards a wall")).to_be_visible()
    printable.close()
    with page.expect_download() as info:
        plan.get_by_role("link", name="Download calendar (.ics)").click()
    assert open(info.value.path(), encoding="utf-8").read().startswith("BEGIN:VCALENDAR")


def test_my_plan_for_the_back_keeps_the_routine_locked_until_pain_eases(page, app_url):
    plan = my_plan(page, app_url, severity="Severe or very painful")
    plan.get_by_label("Where is the spasm?").select_option(label="Back")
    expect(plan.locator(".sr-exercise")).to_have_count(0)
    plan.get_by_role("radio", name="Mild, or already easing").check()
    expect(plan.locator(".sr-exercise")).to_have_count(4)
    expect(plan.locator(".sr-exercise-arms-overhead").get_by_role("timer")).to_be_visible()
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    assert results.violations_count == 0, results.generate_report()


def test_quiz_page_after_answers_is_accessible(page, app_url):
    quiz = quiz_page(page, app_url)
    q, card = first_single(quiz)
    card.get_by_role("radio", name=q.options[0].text, exact=True).check()
    card.get_by_role("button", name="Check answer 1").click()
    expect(card.get_by_role("status")).to_be_visible()
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    assert results.violations_count == 0, results.generate_report()
