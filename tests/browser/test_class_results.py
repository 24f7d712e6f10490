"""Class results for teachers (notebooks/07_class_results.ipynb), in the real app at 1280 and 375 px.

A class's answers files are made with the self-check's own writer (widgets.answers_file.write), and
the teacher picks them all at once in the browser's file chooser (the page's FileUpload button opens
it; Playwright fills it with ``FileChooser.set_files``, its ``set_input_files`` for a file input that
ipywidgets keeps out of the page). The page shows each lesson's chart and table with the right
figures, the most common wrong answer and why, each student's score by name, a message naming each
bad file (changed, another tool's, a second copy, a second file for one student, another set of
questions), and the summary download; it fits the screen and axe finds nothing.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.unit.test_class_results import (AT, CLASS, NUMERIC, QS, SINGLE, W1, class_file, class_files, result_of,
                                           tampered)
from widgets.answers_file import BOM, file_name
from widgets.class_results import SUMMARY_COLUMNS, combine, summary_csv, summary_file_name
from widgets.content import content
from widgets.navigation import find_page

from .conftest import LOAD_TIMEOUT_MS, new_page, open_lesson
from .test_progress import axe_clean, fits

C = content()
TEACHER = C.teacher
DRAW_MS = 120_000  # reading the files and drawing a chart per lesson on a busy 2-core machine: a limit only


def write_class(folder: Path) -> tuple[list[Path], dict[str, str]]:
    """The class's files on disk: five that count, five that cannot. Returns the paths and, for each bad
    file, the start of the message the page must show for it."""
    good = class_files()
    ana_name, ana = good[0]
    ben_name, ben = good[1]
    bad = [
        ("ana-edited.csv", tampered(ana)),
        ("gradebook.csv", b"name,score\r\nAna,3\r\n"),
        ("copy of " + ben_name, ben),
        class_file({SINGLE.id: W1}, "BEN", minute=40),
        ("fay-old-questions.csv", class_file({SINGLE.id: W1}, "Fay", bank=QS[:-1])[1]),
    ]
    paths = []
    for name, data in good + bad:
        path = folder / name
        path.write_bytes(data)
        paths.append(path)
    reasons = {
        "ana-edited.csv": "This file was changed after it was saved",
        "gradebook.csv": "This is not a Spasm Relief answers file",
        "copy of " + ben_name: f"This is the same file as {ben_name}, which is already counted.",
        file_name("BEN", AT.replace(minute=40)): f"Ben's answers are already counted, from {ben_name}",
        "fay-old-questions.csv": "This file was made with a different set of questions",
    }
    return paths, reasons


def choose_files(page: Page, button, paths: list[Path], keyboard: bool = False) -> None:
    """Open the file chooser with the page's button (by mouse, or by Tab and Enter) and pick ``paths``."""
    with page.expect_file_chooser(timeout=LOAD_TIMEOUT_MS) as chooser:
        if keyboard:
            button.focus()
            page.keyboard.press("Enter")
        else:
            button.click()
    assert chooser.value.is_multiple()  # many files at once
    chooser.value.set_files(paths)


def csv_rows(data: bytes) -> list[list[str]]:
    text = data.decode("utf-8")
    assert text.startswith(BOM)
    return list(csv.reader(io.StringIO(text[1:], newline="")))


@pytest.mark.parametrize(("width", "height"), [(1280, 900), (375, 760)])
def test_a_teacher_loads_the_class_files_and_reads_the_results(browser, app_url, tmp_path, width, height):
    paths, reasons = write_class(tmp_path)
    expected = combine([(p.name, p.read_bytes()) for p in paths], QS)
    assert expected.students == 5 and len(expected.problems) == 5
    page, watch = new_page(browser, width, height)
    try:
        open_lesson(page, app_url, TEACHER.file)
        expect(page.get_by_role("heading", level=1)).to_have_accessible_name(TEACHER.title)
        results = page.locator(".sr-class-results")
        expect(results).to_contain_text("Nothing is stored on the server.")
        expect(results.get_by_text("Your class's answers files")).to_be_visible()  # the button's visible label
        button = results.get_by_role("button", name=re.compile(r"^Choose answer files"))
        expect(button).to_be_visible()
        expect(results.get_by_role("status")).to_have_text("No files loaded yet.")
        expect(results.get_by_role("button", name="Forget these files")).to_be_disabled()
        axe_clean(page)

        choose_files(page, button, paths, keyboard=True)  # Tab to the button, Enter, pick ten files
        status = results.get_by_role("status")
        expect(status).to_have_text("10 files read: 5 students counted. 5 files were left out; the reasons are below.",
                                    timeout=DRAW_MS)
        charts = results.get_by_role("img", name=re.compile(r"^Chart of the answers to the questions on "))
        expect(charts).to_have_count(len(expected.lessons), timeout=DRAW_MS)

        # each bad file is named, with its reason
        problems = results.locator(".sr-class-problems li")
        expect(problems).to_have_count(5)
        for name, start in reasons.items():
            expect(problems.filter(has_text=name).first).to_contain_text(f"{name}: {start}")
        expect(results.locator(".sr-class-problems h3")).to_have_text("5 files left out")

        # the first question's figures, in the table and in the chart's text alternative
        lesson = find_page(C, SINGLE.lesson)
        single = result_of(expected, SINGLE)
        assert (single.answered, single.right, single.wrong, single.not_answered) == (4, 1, 3, 1)
        table = results.get_by_role("table", name=f"{lesson.title}: answers of 5 students")
        expect(table.locator("tbody tr").filter(has=page.locator(f"th:text-is('Question {single.number}')"))
               .locator("td")).to_have_text(["4", "1", "3", "1"])
        chart = results.get_by_role("img", name=re.compile(f"questions on {re.escape(lesson.title)}\\. "))
        expect(chart).to_have_attribute("aria-label", re.compile(
            f"Question {single.number}: 1 right, 3 wrong, 1 not answered\\."))
        box = chart.bounding_box()
        assert box and 0 < box["width"] <= width

        # the most common wrong answer, and the bank's feedback that explains it
        card = results.locator(f".sr-class-q-{SINGLE.id}")
        expect(card).to_contain_text(f"Most common wrong answer (2 of 5 students): {SINGLE.options[W1].text}")
        expect(card).to_contain_text(SINGLE.options[W1].feedback)
        numeric = results.locator(f".sr-class-q-{NUMERIC.id}")
        far = result_of(expected, NUMERIC).most_common_wrong[0]
        expect(numeric).to_contain_text(f"Most common wrong answer (3 of 5 students): {far.text}")
        expect(numeric).to_contain_text(NUMERIC.feedback_wrong)

        # each student's score, by name; the file without a name is counted, not listed
        scores = results.get_by_role("table", name="Scores by name (4)")
        expect(scores.locator("tbody th")).to_have_text(["Ana", "Ben", "Cai", "Dee"])
        expect(scores.locator("tbody tr").first.locator("td").first).to_have_text(f"3 of {len(QS)}")
        expect(results).to_contain_text("1 file gave no name")
        assert [name for name in CLASS if name] == ["Ana", "Ben", "Cai", "Dee"]

        # the summary: one row per question, the same figures
        link = results.get_by_role("link", name="Download the summary (CSV)")
        with page.expect_download() as info:
            link.click()
        assert info.value.suggested_filename == summary_file_name(expected)
        data = Path(info.value.path()).read_bytes()
        assert data.decode("utf-8") == summary_csv(expected)
        rows = csv_rows(data)
        assert tuple(rows[0]) == SUMMARY_COLUMNS and len(rows) == len(QS) + 1
        row = dict(zip(SUMMARY_COLUMNS, rows[1 + single.number - 1]))
        assert (row["question_id"], row["answered"], row["right"], row["most_common_wrong_answer"]) == (
            SINGLE.id, "4", "1", SINGLE.options[W1].text)

        fits(page)
        axe_clean(page)

        # before showing the page to a class: the names go, by keyboard
        hide = results.get_by_role("checkbox", name=re.compile("^Hide the students' names"))
        hide.focus()
        page.keyboard.press("Space")
        expect(results.locator(".sr-class-scores")).to_contain_text("Names and scores are hidden.")
        expect(results.get_by_role("table", name="Scores by name (4)")).to_have_count(0)
        hide.uncheck()
        expect(scores.locator("tbody th")).to_have_text(["Ana", "Ben", "Cai", "Dee"])

        # choosing again replaces the files; "Forget these files" takes them all off the page
        choose_files(page, button, paths[:2])
        expect(status).to_have_text("2 files read: 2 students counted.", timeout=DRAW_MS)
        expect(results.locator(".sr-class-problems")).to_have_count(0)
        expect(results.get_by_role("table", name="Scores by name (2)").locator("tbody th")).to_have_text(["Ana", "Ben"])
        expect(results.locator(".sr-class-chart-wait")).to_have_count(0, timeout=DRAW_MS)
        expect(results.get_by_role("table", name=f"{lesson.title}: answers of 2 students")).to_be_visible(
            timeout=DRAW_MS)
        results.get_by_role("button", name="Forget these files").click()
        expect(status).to_have_text("No files loaded yet.", timeout=DRAW_MS)
        expect(charts).to_have_count(0)
        expect(results.get_by_role("link", name="Download the summary (CSV)")).to_have_count(0)
        expect(button).to_have_text(re.compile(r"\(0\)$"))
    finally:
        page.context.close()
    assert not watch.problems(), "\n".join(watch.problems())


def test_the_start_page_lists_the_teachers_page_apart_and_leads_there(browser, app_url):
    page, watch = new_page(browser, 375, 760)
    try:
        open_lesson(page, app_url, C.lessons[0].file)
        lessons = page.get_by_role("navigation", name="All lessons")
        expect(lessons.get_by_role("link", name=TEACHER.title)).to_have_count(0)
        teachers = page.get_by_role("navigation", name="For teachers")
        expect(teachers.get_by_role("heading", name="For teachers")).to_be_visible()
        teachers.get_by_role("link", name=TEACHER.title).click()
        page.wait_for_url(f"**/voila/render/{TEACHER.file}", timeout=LOAD_TIMEOUT_MS)
        page.wait_for_selector(".sr-class-results", timeout=LOAD_TIMEOUT_MS)
        nav = page.get_by_role("navigation", name="Lesson navigation (top)")
        expect(nav.get_by_role("link")).to_have_text(["Start here", "All lessons"])
    finally:
        page.context.close()
    assert not watch.problems(), "\n".join(watch.problems())
