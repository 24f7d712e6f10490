"""The drink planner, the printable plan, the quiz view and the My plan dashboard, without a browser."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from widgets.content import content
from widgets.drinks import DrinkPlanError, drink_plan
from widgets.quiz import Quiz, questions
from widgets.ui.dashboard import MyPlanView
from widgets.ui.quiz import QuizView

C = content()
NOW = dt.datetime(2026, 11, 24, 12, 0)


def test_drinks_around_heavy_and_light_exercise():
    heavy = drink_plan(C.hydration, dt.time(10, 0), dt.time(11, 30), heavy=True)
    assert [s.when for s in heavy] == ["Before 10:00", "During 10:00\u201311:30", "After 11:30"]
    assert "electrolyte" in heavy[-1].what
    light = drink_plan(C.hydration, dt.time(10, 0), dt.time(11, 0), heavy=False)
    assert len(light) == 2 and "electrolyte" not in light[-1].what
    assert not any(re.search(r"\d+\s*(ml|l|litre|cup|glass)", s.what, re.I) for s in heavy + light)


@pytest.mark.parametrize(("start", "end", "message"), [(None, dt.time(9, 0), "Enter when"),
                                                        (dt.time(10, 0), dt.time(9, 0), "must end after")])
def test_drinks_bad_input(start, end, message):
    with pytest.raises(DrinkPlanError, match=message):
        drink_plan(C.hydration, start, end, heavy=True)


def test_quiz_view_feedback_score_reset_and_class_mode():
    qs = questions()
    view = QuizView(Quiz(qs, seed=5))
    card = view.cards[0]
    q = card.question
    if q.kind == "single":
        card.control.value = next(iter(q.correct_indices))
    card.check.click()
    assert "Right" in card.feedback.value or q.kind != "single"
    assert "Score: " in view.score.value
    assert "data:text/csv" in view.download.value
    view.again.click()
    assert view.quiz.answered == 0 and all(c.feedback.value == "" for c in view.cards)
    hidden = QuizView(Quiz(qs, seed=5), class_mode=True)
    first = hidden.cards[0]
    if first.question.kind == "single":
        first.control.value = 0
        first.check.click()
        assert "Feedback comes at the end" in first.feedback.value and "Score" not in hidden.score.value
    hidden.finish.click()
    assert "Score: " in hidden.score.value
    assert all(c.feedback.value for c in hidden.cards)


def test_quiz_view_shows_a_message_for_a_bad_number():
    view = QuizView(Quiz(questions(), seed=5))
    card = next(c for c in view.cards if c.question.kind == "numeric")
    card.control.value = "lots"
    card.check.click()
    assert "Please type a number" in card.feedback.value


def test_my_plan_red_flag_hides_everything_but_help():
    view = MyPlanView(clock=lambda: NOW)
    assert view.plan_box.layout.display is None
    view.flags.boxes["clot-breathing"].value = True
    assert view.plan_box.layout.display == "none" and "Your plan is hidden" in view.help_only.value
    view.flags.clear.click()
    assert view.plan_box.layout.display is None


def test_my_plan_calf_and_back():
    view = MyPlanView(clock=lambda: NOW)
    assert len(view.moves.children) == 2  # both calf stretches, each with a timer
    view.area.value = "back"
    assert view.moves.children == () and "How bad is it" in view.moves_intro.value
    view.pain.value = "severe"
    assert view.moves.children == () and C.back.locked_heading in view.moves_intro.value
    view.pain.value = "eased"
    assert len(view.moves.children) == len(C.back.exercises)


def test_printable_plan_contains_the_plan():
    view = MyPlanView(clock=lambda: NOW)
    link = view.printable.value
    assert 'download="my-spasm-relief-plan.html"' in link
    import base64
    document = base64.b64decode(re.search(r"base64,([^\"]+)", link).group(1)).decode()
    assert "<h1>My Spasm Relief plan</h1>" in document and "Educational, not a diagnosis" in document
    assert "Wall calf stretch" in document and "<svg" in document and "@page" in document
    assert "Made on Tuesday 24 November 2026 at 12:00" in document
    for session in view.planner.plan.sessions:
        assert f"{session.start:%H:%M}" in document


def test_class_mode_from_the_address():
    view = QuizView(Quiz(questions(), seed=1))
    assert not view.class_mode.value
    view.page.query = "?mode=class"
    assert view.class_mode.value and "The score appears when you finish" in view.score.value
