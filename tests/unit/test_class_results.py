"""Class results for teachers (widgets/class_results.py and widgets/ui/class_results.py), without a browser.

A class's answers files, made with the self-check's own writer, are summed up per question; bad files
(another tool's, changed, the same file or student twice, another set of questions, not UTF-8) are named
with their reason and the others still count. Hypothesis: any set of valid files gives counts that add
up and match the learners' own quizzes; damaged files never stop the others and are always named.
Also: the page is declared in lessons.toml and listed apart in the contents, and it is a thin notebook.
"""

from __future__ import annotations

import base64
import csv
import datetime as dt
import io
import re
import shutil
import subprocess
import sys
from typing import Any

import nbformat
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from widgets import class_results as model
from widgets.answers_file import BOM, file_name, question_set, write
from widgets.class_results import SUMMARY_COLUMNS, UNREADABLE, combine, summary_csv, summary_file_name
from widgets.content import Lessons, content
from widgets.navigation import find_page, page_links
from widgets.paths import ASSETS_DIR, NOTEBOOKS_DIR, REPO_ROOT
from widgets.progress import recorded_page
from widgets.quiz import Quiz, questions
from widgets.schema import ContentError, load
from widgets.ui import page
from widgets.ui.class_results import (DOWNLOAD_LABEL, HIDE_LABEL, UPLOAD_LABEL, ClassResultsView, chart_svg,
                                      figure_html, uploaded)

C = content()
QS = questions()
AT = dt.datetime(2026, 11, 26, 10, 15, 3, tzinfo=dt.timezone(dt.timedelta(hours=1)))


def first(kind: str, more_than_one_right: bool = False):
    return next(q for q in QS if q.kind == kind and (not more_than_one_right or len(q.correct_indices) > 1))


SINGLE, MULTIPLE, NUMERIC = first("single"), first("multiple", True), first("numeric")


def wrong_options(q) -> list[int]:
    return [i for i in range(len(q.options)) if i not in q.correct_indices]


def quiz_of(answers: dict[str, Any]) -> Quiz:
    quiz = Quiz(QS, seed=3)
    for qid, response in answers.items():
        quiz.answer(qid, response)
    return quiz


def class_file(answers: dict[str, Any], student: str, minute: int = 15, bank=QS) -> tuple[str, bytes]:
    """One learner's answers file as the self-check page writes it: (its name, its bytes)."""
    at = AT.replace(minute=minute)
    quiz = Quiz(bank, seed=3)
    for qid, response in answers.items():
        quiz.answer(qid, response)
    return file_name(student, at), write(quiz, student, at).encode("utf-8")


W1, W2 = wrong_options(SINGLE)[:2]
RIGHT_SINGLE = next(iter(SINGLE.correct_indices))
M_WRONG = wrong_options(MULTIPLE)[0]
M_RIGHT = sorted(MULTIPLE.correct_indices)
FAR = NUMERIC.answer + NUMERIC.tolerance + 50  # surely wrong
FAR_TEXT = f"{FAR:g}"

CLASS = {
    "Ana": {SINGLE.id: RIGHT_SINGLE, MULTIPLE.id: set(M_RIGHT), NUMERIC.id: f"{NUMERIC.answer:g}"},
    "Ben": {SINGLE.id: W1, MULTIPLE.id: {*M_RIGHT, M_WRONG}, NUMERIC.id: FAR_TEXT},
    "Cai": {SINGLE.id: W1, MULTIPLE.id: {M_RIGHT[0]}, NUMERIC.id: f"{FAR:.1f}"},
    "Dee": {SINGLE.id: W2, NUMERIC.id: f"{FAR:.1f}".replace(".", ",")},
    "": {},  # a student who gave no name and answered nothing
}


def class_files() -> list[tuple[str, bytes]]:
    return [class_file(answers, name, minute=i) for i, (name, answers) in enumerate(CLASS.items())]


def result_of(results, question):
    return next(r for r in results.results if r.question.id == question.id)


# ---- the sums ---------------------------------------------------------------------------------------

def test_a_class_is_summed_up_per_question_with_the_most_common_wrong_answer_and_why():
    results = combine(class_files(), QS)
    assert results.problems == () and results.students == 5

    single = result_of(results, SINGLE)
    assert (single.students, single.answered, single.right, single.wrong, single.not_answered) == (5, 4, 1, 3, 1)
    (top,) = single.most_common_wrong
    assert (top.text, top.count) == (SINGLE.options[W1].text, 2)
    assert top.why == ((SINGLE.options[W1].text, SINGLE.options[W1].feedback),)  # the bank's own feedback
    assert [a.count for a in single.wrong_answers] == [2, 1]

    multiple = result_of(results, MULTIPLE)
    assert (multiple.answered, multiple.right, multiple.wrong) == (3, 1, 2)
    assert len(multiple.most_common_wrong) == 2  # two wrong answers, given once each: a tie, both shown
    by_text = {a.text: a for a in multiple.wrong_answers}
    ben = " | ".join(o.text for i, o in enumerate(MULTIPLE.options) if i in {*M_RIGHT, M_WRONG})
    assert by_text[ben].why == ((MULTIPLE.options[M_WRONG].text, MULTIPLE.options[M_WRONG].feedback),)
    missed = [MULTIPLE.options[i] for i in M_RIGHT[1:]]
    assert by_text[MULTIPLE.options[M_RIGHT[0]].text].why == tuple(
        (f"Not ticked: {o.text}", o.feedback) for o in missed)

    numeric = result_of(results, NUMERIC)
    (top,) = numeric.most_common_wrong  # "95", "95.0" and "95,0" are one answer
    assert top.count == 3 and top.text == f"{FAR:g} {NUMERIC.unit}".strip()
    assert top.why == ((top.text, NUMERIC.feedback_wrong),)

    untouched = result_of(results, QS[-1])
    assert (untouched.answered, untouched.not_answered, untouched.most_common_wrong) == (0, 5, ())


def test_scores_are_listed_by_name_and_files_without_a_name_still_count():
    results = combine(class_files(), QS)
    assert [(s.name, s.right, s.total) for s in results.scores] == [
        ("Ana", 3, len(QS)), ("Ben", 0, len(QS)), ("Cai", 0, len(QS)), ("Dee", 0, len(QS))]
    assert [s.answered for s in results.scores] == [3, 3, 3, 2]
    assert len(results.unnamed) == 1 and results.unnamed[0].file.startswith("spasm-relief-answers-anonymous-")
    assert sum(r.right for r in results.results) == sum(f.answers.score_right for f in results.loaded)


def test_questions_are_grouped_by_lesson_in_teaching_order_with_lesson_titles():
    results = combine(class_files(), QS)
    order = [lesson.id for lesson in C.lessons]
    assert [g.lesson_id for g in results.lessons] == sorted({q.lesson for q in QS}, key=order.index)
    for group in results.lessons:
        assert group.title == find_page(C, group.lesson_id).title
        assert all(r.question.lesson == group.lesson_id for r in group.questions)
        assert [r.number for r in group.questions] == sorted(r.number for r in group.questions)
        assert group.words() == " ".join(f"Question {r.number}: {r.right} right, {r.wrong} wrong, "
                                         f"{r.not_answered} not answered." for r in group.questions)
    assert sum(len(g.questions) for g in results.lessons) == len(QS)


# ---- bad files ------------------------------------------------------------------------------------

def tampered(data: bytes) -> bytes:
    """Ana's first answer, right, marked wrong (the score left as it was)."""
    text = data.decode("utf-8")
    row = next(line for line in text.split("\r\n") if f",{SINGLE.id}," in line)
    return text.replace(row, row.replace(",right,", ",wrong,")).encode("utf-8")


def test_each_bad_file_is_named_with_its_reason_and_the_others_still_count():
    good = class_files()
    ana_name, ana = good[0]
    ben_name, ben = good[1]
    other_set = class_file({SINGLE.id: W1}, "Fay", bank=QS[:-1])
    files = [
        ("gradebook.csv", b"name,score\r\nAna,3\r\n"),  # another tool's file
        ("ana-edited.csv", tampered(ana)),  # changed after it was saved
        *good[1:],
        ("copy of ben.csv", ben),  # the same file twice
        class_file({SINGLE.id: RIGHT_SINGLE}, "  BEN ", minute=40),  # the same student twice
        ("fay-old-questions.csv", other_set[1]),  # another set of questions
        ("latin1.csv", "caf\xe9".encode("latin-1")),  # not UTF-8
    ]
    results = combine(files, QS)
    assert [f.file for f in results.loaded] == [name for name, _ in good[1:]]  # Ben, Cai, Dee, the unnamed
    reasons = {p.file: p.message for p in results.problems}
    assert list(reasons) == ["gradebook.csv", "ana-edited.csv", "copy of ben.csv",
                             file_name("BEN", AT.replace(minute=40)), "fay-old-questions.csv", "latin1.csv"]
    assert reasons["gradebook.csv"].startswith("This is not a Spasm Relief answers file")
    assert reasons["ana-edited.csv"].startswith("This file was changed after it was saved")
    assert reasons["copy of ben.csv"] == (f"This is the same file as {ben_name}, which is already counted. "
                                          "Each file counts once, so this copy was left out.")
    assert reasons[file_name("BEN", AT.replace(minute=40))].startswith(
        f"Ben's answers are already counted, from {ben_name} (saved on 26 November 2026 at 10:01). "
        "This file was saved on 26 November 2026 at 10:40.")
    assert reasons["fay-old-questions.csv"].startswith("This file was made with a different set of questions")
    assert "not UTF-8" in reasons["latin1.csv"]
    assert str(results.problems[0]) == f"gradebook.csv: {reasons['gradebook.csv']}"
    single = result_of(results, SINGLE)
    assert (single.students, single.right, single.wrong) == (4, 0, 3)  # Ana's file does not count


def test_strange_names_and_entries_become_plain_names_and_messages():
    ok = class_files()[1][1]
    results = combine([(None, ok), ("  ", b""), ("a\x00b\nc.csv", b"x"), ("x" * 500, None)], QS)
    assert [f.file for f in results.loaded] == ["file 1"]
    assert [p.file for p in results.problems] == ["file 2", "ab c.csv", "x" * 119 + "\u2026"]
    assert [p.message for p in results.problems] == ["The file is empty.",
                                                     "This is not a Spasm Relief answers file: its first row is not "
                                                     "the header the self-check page writes (format, student, "
                                                     "saved_at, question_set, question_id, lesson, goal, question, "
                                                     "answer, result, score_right, score_total).",
                                                     "The file could not be read."]


def test_a_fault_in_reading_is_named_and_does_not_stop_the_other_files(monkeypatch):
    real = model.answers_file.read

    def faulty(data, bank):
        if data == b"boom":
            raise IndexError("a bug")
        return real(data, bank)

    monkeypatch.setattr(model.answers_file, "read", faulty)
    results = combine([("bad.csv", b"boom"), class_files()[1]], QS)
    assert results.students == 1 and [(p.file, p.message) for p in results.problems] == [("bad.csv", UNREADABLE)]


# ---- Hypothesis -------------------------------------------------------------------------------------

def response(q):
    if q.kind == "single":
        return st.integers(0, len(q.options) - 1)
    if q.kind == "multiple":
        return st.sets(st.integers(0, len(q.options) - 1), min_size=1)
    return st.sampled_from([f"{q.answer:g}", f"{q.answer:g}".replace(".", ","), "0", "12.5",
                            f"{q.answer + q.tolerance + 1:g}"])


ANSWERS = st.fixed_dictionaries({}, optional={q.id: response(q) for q in QS})
NAMES = st.sampled_from(["", "", "Ana", "ana ", "Ben", "Zoë O'Brien", "李"]) | st.text(
    st.characters(categories=("L", "N", "Zs")), max_size=12)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(st.tuples(ANSWERS, NAMES, st.integers(0, 59)), min_size=1, max_size=6))
def test_any_set_of_valid_files_gives_counts_that_add_up(learners):
    files, quizzes = [], []
    for n, (answers, name, minute) in enumerate(learners):
        at = AT.replace(minute=minute)
        quiz = quiz_of(answers)
        files.append((f"{n}.csv", write(quiz, name, at).encode("utf-8")))
        quizzes.append((name, quiz, files[-1][1]))
    results = combine(files, QS)
    # what should count: each file once, each named student once (the first file), every unnamed file
    kept, names, seen = [], set(), set()
    for name, quiz, data in quizzes:
        key = model.same_student(name)
        if data in seen or (key and key in names):
            continue
        seen.add(data)
        names.add(key) if key else None
        kept.append(quiz)
    assert results.students == len(kept) and len(results.problems) == len(files) - len(kept)
    assert all(p.message.endswith("left out.") or "load the files again" in p.message for p in results.problems)
    for r in results.results:
        assert r.students == len(kept)
        assert r.right + r.wrong + r.not_answered == r.students and 0 <= r.right <= r.answered <= r.students
        assert sum(a.count for a in r.wrong_answers) == r.wrong
        assert r.right == sum(q.results[r.question.id].correct for q in kept if r.question.id in q.results)
        assert r.answered == sum(r.question.id in q.results for q in kept)
        if r.wrong:
            assert r.most_common_wrong and all(a.count == max(b.count for b in r.wrong_answers)
                                               for a in r.most_common_wrong)
            assert all(a.why for a in r.wrong_answers)  # every wrong answer has the bank's reason
    assert sum(r.right for r in results.results) == sum(q.score for q in kept)
    rows = list(csv.reader(io.StringIO(summary_csv(results).removeprefix(BOM), newline="")))
    assert len(rows) == len(QS) + 1 and all(len(row) == len(SUMMARY_COLUMNS) for row in rows)


GOOD = [class_file(answers, name, minute=i) for i, (name, answers) in enumerate(list(CLASS.items())[:3])]


@st.composite
def damaged(draw) -> bytes:
    """Random bytes, or a good file with bytes flipped, inserted or cut."""
    if draw(st.booleans()):
        return draw(st.binary(max_size=400))
    data = bytearray(draw(st.sampled_from(GOOD))[1])
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(data) - 1)) if data else 0
        how = draw(st.sampled_from(["flip", "insert", "cut"]))
        if how == "flip" and data:
            data[at] = draw(st.integers(0, 255))
        elif how == "insert":
            data[at:at] = draw(st.sampled_from([b",", b'"', b"\r\n", b"\xff", b"x"]))
        else:
            del data[at:at + draw(st.integers(1, 200))]
    return bytes(data)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(damaged(), min_size=1, max_size=4), st.permutations(range(len(GOOD))))
def test_damaged_files_are_named_and_never_stop_the_others(bad, order):
    files = [(f"bad-{i}.csv", data) for i, data in enumerate(bad)] + [GOOD[i] for i in order]
    results = combine(files, QS)  # never raises
    named = [f.file for f in results.loaded] + [p.file for p in results.problems]
    assert sorted(named) == sorted(name for name, _ in files)  # every file: counted, or named with its reason
    reasons = {p.file: p.message for p in results.problems}
    for name, _ in GOOD:  # a good file counts, unless a damaged copy the reader still accepts came first
        assert name in [f.file for f in results.loaded] or re.search(r"already counted, from bad-\d\.csv",
                                                                     reasons[name]), reasons.get(name)
    for p in results.problems:
        assert p.message != UNREADABLE and p.message.endswith(".")
    for r in results.results:
        assert r.right + r.wrong + r.not_answered == r.students == results.students


# ---- the summary file -------------------------------------------------------------------------------

def test_the_summary_is_a_tidy_table_one_row_per_question():
    results = combine(class_files(), QS)
    text = summary_csv(results)
    assert text.startswith(BOM) and text.endswith("\r\n") and not re.search(r"(?<!\r)\n", text.replace('\n"', ""))
    rows = list(csv.reader(io.StringIO(text[1:], newline="")))
    assert tuple(rows[0]) == SUMMARY_COLUMNS
    assert len(rows) == len(QS) + 1 and all(len(row) == len(SUMMARY_COLUMNS) for row in rows)
    by_id = {row[4]: dict(zip(SUMMARY_COLUMNS, row)) for row in rows[1:]}
    assert list(by_id) == [q.id for q in QS]
    single = by_id[SINGLE.id]
    assert single["question_set"] == question_set(QS) and single["lesson"] == find_page(C, SINGLE.lesson).title
    assert single["goal"] == SINGLE.goal_text and single["question"] == SINGLE.prompt
    assert single["correct_answer"] == SINGLE.correct_text()
    assert [single[k] for k in ("students", "answered", "right", "wrong", "not_answered")] == ["5", "4", "1", "3", "1"]
    assert (single["most_common_wrong_answer"], single["most_common_wrong_count"]) == (SINGLE.options[W1].text, "2")
    assert single["equally_common_wrong_answers"] == "0"
    assert by_id[MULTIPLE.id]["equally_common_wrong_answers"] == "1"  # a tie of two
    assert by_id[QS[-1].id]["most_common_wrong_answer"] == "" and by_id[QS[-1].id]["most_common_wrong_count"] == "0"
    assert summary_file_name(results) == "spasm-relief-class-summary-2026-11-26.csv"


def test_no_summary_cell_starts_like_a_spreadsheet_formula():
    assert model._cell("=HYPERLINK(1)") == "'=HYPERLINK(1)" and model._cell("-5 minutes") == "'-5 minutes"
    assert model._cell("-5") == "-5" and model._cell("+1,5") == "+1,5" and model._cell("Ana") == "Ana"


# ---- the view ---------------------------------------------------------------------------------------

def upload(view: ClassResultsView, files: list[tuple[str, bytes]]) -> None:
    """As the browser does: FileUpload's value becomes the chosen files."""
    view.upload.value = tuple({"name": name, "type": "text/csv", "size": len(data), "content": memoryview(data),
                               "last_modified": dt.datetime(2026, 11, 26, tzinfo=dt.timezone.utc)}
                              for name, data in files)


def test_the_page_before_any_file_offers_the_upload_and_says_nothing_is_stored():
    view = ClassResultsView()
    assert view.upload.multiple and view.upload.accept == ".csv" and view.upload.description == UPLOAD_LABEL
    assert view.upload.tooltip and view.upload.icon == ""  # no "null" title, no icon glyph in the button's name
    assert view.hide.description == HIDE_LABEL and view.forget.disabled
    intro = view.widget.children[0].value
    assert "Nothing is stored on the server." in intro and "forgotten" in intro
    assert "No files loaded yet." in view.status.value
    assert view.lessons.value == view.download.value == view.scores.value == view.problems.value == ""


def test_the_view_shows_charts_tables_wrong_answers_scores_and_the_download():
    view = ClassResultsView()
    files = class_files() + [("<b>gradebook</b>.csv", b"name,score\r\n")]
    upload(view, files)
    assert view.message.value == ""
    assert "6 files read: 5 students counted. 1 file was left out; the reasons are below." in view.status.value
    assert ('<strong class="sr-class-file">&lt;b&gt;gradebook&lt;/b&gt;.csv</strong>: This is not'
            in view.problems.value)
    html = view.lessons.value
    results = view.results
    assert html.count('role="img"') == len(results.lessons) == html.count("<table")
    for group in results.lessons:
        assert f'aria-label="Chart of the answers to the questions on {group.title}. ' in html.replace("&#x27;", "'")
        assert group.words() in html
    assert '<th scope="row">Question 1</th><td>4</td><td>1</td><td>3</td><td>1</td>' in html
    assert f"<strong>Most common wrong answer</strong> (2 of 5 students): <q>{SINGLE.options[W1].text}</q>" in (
        html.replace("&#x27;", "'"))
    assert "<strong>Most common wrong answers</strong>, 2 given equally often (1 of 5 students each)" in html
    assert '<svg aria-hidden="true" focusable="false"' in html and "<?xml" not in html
    scores = view.scores.value
    assert [re.sub(r"<.*?>", "", m) for m in re.findall(r'<th scope="row">.*?</th>', scores)] == [
        "Ana", "Ben", "Cai", "Dee"]
    assert "1 file gave no name" in scores
    link = re.search(r'download="([^"]+)" href="data:text/csv;charset=utf-8;base64,([^"]+)">([^<]+)<',
                     view.download.value)
    assert link[1] == summary_file_name(results) and link[3] == DOWNLOAD_LABEL
    assert base64.b64decode(link[2]).decode("utf-8") == summary_csv(results)

    view.hide.value = True  # before showing the page to a class
    assert "Ana" not in view.scores.value and "hidden" in view.scores.value
    view.hide.value = False
    assert "Ana" in view.scores.value

    view.forget.click()
    assert view.upload.value == () and view.results is None and view.forget.disabled
    assert view.lessons.value == view.scores.value == view.download.value == view.problems.value == ""
    assert "No files loaded yet." in view.status.value


def test_only_bad_files_draw_no_chart_and_offer_no_download():
    view = ClassResultsView()
    upload(view, [("a.csv", b"x"), ("b.csv", b"")])
    assert "2 files read: 0 students counted. 2 files were left out" in view.status.value
    assert view.lessons.value == view.download.value == view.scores.value == ""
    assert view.problems.value.count("<li>") == 2


def test_values_that_are_not_files_become_messages():
    assert uploaded(None) == [] and uploaded("x") == []
    assert uploaded(({"name": "a.csv"}, 5)) == [("a.csv", None), (None, None)]
    view = ClassResultsView()
    view.load(uploaded(({"name": 5, "content": "text"},)))
    assert view.message.value == "" and "file 1</strong>: The file could not be read." in view.problems.value


def test_the_chart_is_svg_text_that_scales_with_a_text_alternative():
    results = combine(class_files(), QS)
    group = results.lessons[0]
    svg = chart_svg(group)
    assert svg.startswith('<svg aria-hidden="true" focusable="false"') and "viewBox" in svg
    assert not re.search(r'<svg[^>]*\s(width|height)="', svg)
    assert svg.count("<pattern") >= 2  # the parts differ by hatching, not colour alone
    figure = figure_html(group, svg)
    assert figure.startswith('<figure class="sr-figure sr-class-chart" role="img" aria-label="Chart of the answers')


def test_a_page_that_draws_nothing_never_imports_matplotlib():
    script = ("import sys; from widgets import ui; from widgets.ui.class_results import ClassResultsView; "
              "ui.header('class-results'); v = ClassResultsView(); v.load([('a.csv', b'x')]); "
              "ui.footer('class-results'); "
              "print('matplotlib' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, cwd=REPO_ROOT)
    assert result.stdout.split() == ["False"], result.stderr


# ---- the page in the tutorial -----------------------------------------------------------------------

def test_the_teachers_page_is_declared_in_lessons_toml_and_is_no_lesson():
    t = C.teacher
    assert (t.id, t.file, t.title) == ("class-results", "07_class_results.ipynb", "Class results")
    assert C.pages[-1] == t and t.id not in {lesson.id for lesson in C.lessons}
    assert find_page(C, t.id) is t and recorded_page(C, t.id) == ""  # not a lesson: no progress kept
    assert [(link.rel, link.label) for link in page_links(C, t.id)] == [("prev", "Start here"),
                                                                        ("contents", "All lessons")]
    assert 'aria-label="Lesson navigation (top)"' in page.nav_html(C, t.id, "top")


def test_the_contents_list_it_apart_for_teachers_not_as_a_numbered_lesson():
    html = page.contents().value
    lessons, teachers = html.split('<nav class="sr sr-contents sr-for-teachers"')
    assert C.teacher.file not in lessons and f'href="{C.teacher.file}"' in teachers
    assert 'aria-label="For teachers"><h3>For teachers</h3><ul><li>' in teachers and "<ol>" not in teachers
    assert C.teacher.summary.replace("'", "&#x27;") in teachers


def test_lessons_toml_refuses_a_teachers_page_that_is_also_a_lesson(tmp_path):
    toc = tmp_path / "lessons.toml"
    shutil.copy(ASSETS_DIR / "content" / "lessons.toml", toc)
    text = toc.read_text(encoding="utf-8")
    toc.write_text(text.replace('file = "07_class_results.ipynb"', 'file = "06_check_yourself.ipynb"'), "utf-8")
    with pytest.raises(ContentError, match=r"^lessons\.toml: teacher: must be a notebook whose id and file no lesson"):
        load(Lessons, toc)
    toc.write_text(text.replace("\n[teacher]", "\n[teachers]"), encoding="utf-8")
    with pytest.raises(ContentError, match=r"^lessons\.toml: teacher: "):
        load(Lessons, toc)


def test_the_teachers_page_is_a_thin_notebook():
    teacher = C.teacher
    nb = nbformat.read(NOTEBOOKS_DIR / teacher.file, as_version=4)
    assert nb.metadata["title"] == f"{teacher.title} · Spasm Relief"
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code[0].source.splitlines()[0] == "from widgets import ui"
    assert f'ui.header("{teacher.id}")' in code[0].source and code[-1].source == f'ui.footer("{teacher.id}")'
    assert "ui.class_results_view()" in [c.source for c in code]
    for cell in code:
        assert len([ln for ln in cell.source.splitlines() if ln.strip()]) <= 2 and not cell.outputs
    markdown = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert markdown.startswith(f"# {teacher.title}") and "### What's next" in markdown
