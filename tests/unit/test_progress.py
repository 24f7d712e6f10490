"""Progress kept in the learner's browser: what the kernel hands over (widgets/progress.py) and the
widgets that carry it (widgets/ui/browser_progress.py). The browser side is tests/browser/test_progress.py."""

from __future__ import annotations

import re
import sys

import IPython
import IPython.display
import nbformat
import pytest

from widgets import progress as model
from widgets.content import content
from widgets.navigation import find_page, page_href
from widgets.paths import NOTEBOOKS_DIR
from widgets.quiz import Quiz, questions
from widgets.ui import page
from widgets.ui import browser_progress as view
from widgets.ui.static_html import PLACEHOLDER_MIME, STATIC_HTML_MIME

C = content()
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def test_the_listed_lessons_are_the_numbered_ones_in_teaching_order_linked_by_id():
    listed = model.listed_lessons(C)
    numbered = [lesson for lesson in C.lessons if lesson.number > 0]
    assert [x.id for x in listed] == [lesson.id for lesson in numbered]
    assert "start-here" not in {x.id for x in listed} and C.dashboard.id not in {x.id for x in listed}
    assert [x.number for x in listed] == list(range(1, len(numbered) + 1))
    for x in listed:
        lesson = find_page(C, x.id)
        assert (x.title, x.href) == (lesson.title, page_href(lesson.file))
    assert model.panel_lessons(C)[0] == {"id": "first-response", "number": 1, "title": "The first response",
                                         "href": "01_first_response.ipynb"}


def test_in_the_static_site_the_links_are_its_html_pages(monkeypatch):
    monkeypatch.setattr(sys, "platform", "emscripten")
    hrefs = [x["href"] for x in model.panel_lessons(C)]
    assert hrefs[0] == "01_first_response.html" and all(h.endswith(".html") for h in hrefs)


def test_only_lessons_are_recorded():
    assert model.recorded_page(C, "first-response") == "first-response"
    assert model.recorded_page(C, "check-yourself") == "check-yourself"
    assert model.recorded_page(C, "start-here") == ""  # the start page shows the record; it is not a lesson to do
    assert model.recorded_page(C, C.dashboard.id) == ""
    with pytest.raises(KeyError, match="no-such-page"):
        model.recorded_page(C, "no-such-page")


@pytest.mark.parametrize(("right", "total", "answered", "expected"), [
    (7, 12, 9, {"right": 7, "total": 12, "text": "7 of 12 right"}),
    (0, 12, 1, {"right": 0, "total": 12, "text": "0 of 12 right"}),
    (12, 12, 12, {"right": 12, "total": 12, "text": "12 of 12 right"}),
    (0, 12, 0, None),  # "Finish" with nothing answered: nothing to keep
    (3, 12, 2, None),  # more right than answered
    (13, 12, 13, None),
    (1, 0, 1, None),
    (-1, 12, 3, None),
    (True, 12, 3, None),
    (1.0, 12, 3, None),
])
def test_a_score_to_keep(right, total, answered, expected):
    assert model.score_record(right, total, answered) == expected


def test_the_rules_say_what_opened_finished_and_best_mean_and_that_nothing_goes_to_the_server():
    assert "opened once its page has been shown" in model.RULES
    assert "finished once you have reached its end" in model.RULES
    assert "\u201cFinish and show feedback\u201d" in model.RULES
    assert "nothing about your progress is sent to or kept on the server" in model.PRIVACY
    assert 0 < model.FINISH_DWELL_MS <= 3000
    assert model.STORAGE_KEY == "spasm-relief.progress"


def test_the_panel_carries_the_lessons_rules_and_key():
    box = view.progress()
    assert {"sr-widget", "sr-progress-widget"} <= set(box._dom_classes)
    (panel,) = box.children
    assert panel.kind == "panel" and panel.key == model.STORAGE_KEY
    assert panel.lessons == model.panel_lessons(C) and panel.rules == model.RULES and panel.privacy == model.PRIVACY
    assert panel.score == {} and panel.page_id == ""


def test_keep_score_hands_each_finish_to_the_browser_and_ignores_nonsense():
    keeper = view.score_keeper()
    assert keeper.kind == "record" and keeper.page_id == ""  # keeps a score, records no visit
    keeper.keep_score(3, 10, 5)
    assert keeper.score == {"right": 3, "total": 10, "text": "3 of 10 right", "n": 1}
    keeper.keep_score(3, 10, 5)  # the same score again is still news: the browser hears it
    assert keeper.score["n"] == 2
    keeper.keep_score(0, 10, 0)
    assert keeper.score["n"] == 2


def test_a_recorder_only_for_lessons_and_it_asks_for_no_visible_placeholder():
    assert view.recorder("start-here") is None and view.recorder(C.dashboard.id) is None
    rec = view.recorder("stretches")
    assert (rec.kind, rec.page_id, rec.key) == ("record", "stretches", model.STORAGE_KEY)
    assert "sr-progress-record" in rec._dom_classes
    bundle, _metadata = rec._repr_mimebundle_()  # anywidget's form: (data, metadata)
    assert bundle[PLACEHOLDER_MIME] == {"quiet": True} and WIDGET_VIEW in bundle and STATIC_HTML_MIME not in bundle


@pytest.fixture
def shown(monkeypatch):
    """What builders display as a side effect, as if in a kernel."""
    out = []
    monkeypatch.setattr(IPython, "get_ipython", lambda: object())
    monkeypatch.setattr(IPython.display, "display", lambda *objs, **kw: out.extend(objs))
    return out


def test_every_lesson_footer_shows_its_recorder(shown):
    for lesson in C.lessons:
        shown.clear()
        footer = page.footer(lesson.id)
        assert STATIC_HTML_MIME in footer._repr_mimebundle_()  # the footer itself is unchanged
        if lesson.number == 0:
            assert shown == []
        else:
            assert len(shown) == 1 and isinstance(shown[0], view.Progress), lesson.id
            assert (shown[0].kind, shown[0].page_id) == ("record", lesson.id)
    shown.clear()
    page.footer(C.dashboard.id)
    assert shown == []


def test_outside_a_kernel_the_footer_shows_nothing_more(capsys):
    footer = page.footer("first-response")
    assert footer.children and capsys.readouterr().out == ""


def test_finish_hands_the_score_to_the_browser_side_widget():
    from widgets.ui.quiz import QuizView

    qs = questions()
    quiz_view = QuizView(Quiz(qs, seed=5))
    assert quiz_view.progress in quiz_view.widget.children
    quiz_view.finish.click()  # nothing answered: nothing to keep
    assert quiz_view.progress.score == {}
    card = next(c for c in quiz_view.cards if c.question.kind == "single")
    card.control.value = next(iter(card.question.correct_indices))
    card.check.click()
    quiz_view.finish.click()
    assert quiz_view.progress.score == {"right": 1, "total": len(qs), "text": f"1 of {len(qs)} right", "n": 1}
    # the kernel only hands the score over: checking an answer sends nothing (and after Finish the
    # answers are locked: a new answer is refused, and Finish again hands nothing more)
    other = next(c for c in quiz_view.cards if c is not card and c.question.kind == "single")
    other.control.value = next(iter(other.question.correct_indices))
    other.check.click()
    assert quiz_view.progress.score["n"] == 1
    quiz_view.finish.click()
    assert quiz_view.progress.score["right"] == 1 and quiz_view.progress.score["n"] == 1
    quiz_view.again.click()  # outside class mode "Try again" starts afresh
    quiz_view.clear.click()
    for answered in (card, other):
        answered.control.value = next(iter(answered.question.correct_indices))
        answered.check.click()
    quiz_view.finish.click()
    assert quiz_view.progress.score["right"] == 2 and quiz_view.progress.score["n"] == 2


def test_the_browser_code_never_sends_to_the_kernel_and_shows_text_as_text():
    js = view.Progress._esm
    assert isinstance(js, str) and "localStorage" in js
    for sending in ("save_changes", "model.set(", "model.send(", "fetch(", "XMLHttpRequest", "sendBeacon"):
        assert sending not in js, sending
    # no HTML from the record, and the question before forgetting is asked in the page
    assert "innerHTML" not in js and not re.search(r"(?<![\w])(?:window\.)?confirm\(", js)


def test_the_start_page_has_the_panel_in_one_line_and_the_lessons_are_unchanged_in_shape():
    nb = nbformat.read(NOTEBOOKS_DIR / find_page(C, "start-here").file, as_version=4)
    code = [c.source for c in nb.cells if c.cell_type == "code"]
    assert "ui.progress()" in code
    assert code.index("ui.progress()") > code.index("ui.red_flag_check()")  # the warning signs come first
    for lesson in C.lessons[1:]:
        nb = nbformat.read(NOTEBOOKS_DIR / lesson.file, as_version=4)
        calls = re.findall(r"ui\.(\w+)\(", "\n".join(c.source for c in nb.cells if c.cell_type == "code"))
        assert "progress" not in calls  # each lesson records itself through its footer
