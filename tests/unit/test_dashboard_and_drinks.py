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
    assert [s.when for s in heavy] == ["Around your exercise (10:00\u201311:30)"]
    assert "electrolyte" in heavy[-1].what
    light = drink_plan(C.hydration, dt.time(10, 0), dt.time(11, 0), heavy=False)
    assert len(light) == 1 and "electrolyte" not in light[-1].what and "gives none" in light[-1].what
    assert not any(re.search(r"\d+\s*(ml|l|litre|cup|glass)", s.what, re.I) for s in heavy + light)
    # no timing the article does not give: nothing "before" or "during"
    assert not any(re.match(r"(Before|During|After)\b", s.when) for s in heavy + light)


def test_drinks_start_empty_with_no_invented_defaults():
    assert drink_plan(C.hydration, None, None, heavy=False) == ()
    from widgets.ui.hydration import DrinkPlannerView

    view = DrinkPlannerView()
    assert view.start.value is None and view.end.value is None and view.heavy.value is False
    assert view.steps == () and "Enter when your next exercise" in view.output.value and view.message.value == ""


@pytest.mark.parametrize(("start", "end", "message"), [(None, dt.time(9, 0), "Enter both"),
                                                        (dt.time(10, 0), dt.time(9, 0), "must end after")])
def test_drinks_bad_input(start, end, message):
    with pytest.raises(DrinkPlanError, match=message):
        drink_plan(C.hydration, start, end, heavy=True)


def test_quiz_view_feedback_score_reset_and_class_mode():
    qs = questions()
    view = QuizView(Quiz(qs, seed=5))
    card = next(c for c in view.cards if c.question.kind == "single")
    card.control.value = next(iter(card.question.correct_indices))
    card.check.click()
    assert "Right" in card.feedback.value
    assert "Score: " in view.score.value
    assert "data:text/csv" in view.download.value
    view.again.click()
    view.clear.click()  # "Try again" asks first; this confirms
    assert view.quiz.answered == 0 and all(c.feedback.value == "" for c in view.cards)
    hidden = QuizView(Quiz(qs, seed=5), class_mode=True)
    first = next(c for c in hidden.cards if c.question.kind == "single")
    first.control.value = next(iter(first.question.correct_indices))
    first.check.click()
    assert "Feedback comes at the end" in first.feedback.value and "Right" not in first.feedback.value
    assert "Score" not in hidden.score.value
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
    view.pain.value = "mild"
    assert view.plan_box.layout.display is None
    view.flags.boxes["clot-breathing"].value = True
    assert view.plan_box.layout.display == "none" and "Your plan is hidden" in view.help_only.value
    assert view.flags.reveal.count == 1  # the help panel is brought into view
    view.flags.clear.click()
    assert view.plan_box.layout.display is None


def test_my_plan_waits_for_how_bad_it_is():
    view = MyPlanView(clock=lambda: NOW)
    assert view.plan_box.layout.display == "none" and "How bad is it right now?" in view.waiting.value
    assert view.printable.value == ""
    view.pain.value = "painful"
    assert view.plan_box.layout.display is None and view.waiting.value == ""


def test_my_plan_severity_changes_what_a_calf_plan_says():
    view = MyPlanView(clock=lambda: NOW)
    texts = {}
    for severity in ("mild", "painful", "severe"):
        view.pain.value = severity
        texts[severity] = view.severity_note.value
        assert len(view.moves.children) == 2  # the stretches are still offered
    assert len(set(texts.values())) == 3
    assert "check the warning signs" in texts["severe"]


def test_my_plan_a_cramp_that_will_not_ease_is_the_ten_minute_warning_sign():
    view = MyPlanView(clock=lambda: NOW)
    view.pain.value = "wont-ease"
    assert view.plan_box.layout.display == "none"
    assert "10 minutes" in view.flags.panel.value and 'data-level="doctor"' in view.flags.panel.value
    assert view.flags.reveal.count == 1
    view.pain.value = "mild"
    assert view.plan_box.layout.display is None and "sr-danger" not in view.flags.panel.value


def test_my_plan_night_cramps_alone_keep_the_plan():
    view = MyPlanView(clock=lambda: NOW)
    view.pain.value = "mild"
    view.flags.boxes["night-cramps"].value = True
    assert view.plan_box.layout.display is None and len(view.moves.children) == 2
    assert 'data-stops="false"' in view.flags.panel.value and "See a doctor" in view.flags.panel.value
    view.flags.boxes["numb-swollen-weak"].value = True
    assert view.plan_box.layout.display == "none"


def test_my_plan_calf_and_back():
    view = MyPlanView(clock=lambda: NOW)
    view.pain.value = "mild"
    assert len(view.moves.children) == 2  # both calf stretches, each with a timer
    assert "Before you stretch" in view.moves_intro.value
    view.area.value = "back"
    assert len(view.moves.children) == len(C.back.exercises)
    view.pain.value = "severe"
    assert view.moves.children == () and C.back.locked_heading in view.moves_intro.value


def test_my_plan_shows_the_cold_and_heat_rules_beside_the_plan():
    view = MyPlanView(clock=lambda: NOW)
    view.pain.value = "mild"
    safety = view.planner.safety.value
    assert "Never put ice straight on bare skin" in safety and "Ask a professional first" in safety
    assert "Raynaud" in safety and "heart condition" in safety and "nerve damage" in safety
    assert "fall asleep" in safety


def test_printable_plan_contains_the_plan():
    view = MyPlanView(clock=lambda: NOW)
    view.pain.value = "mild"
    link = view.printable.value
    assert 'download="my-spasm-relief-plan.html"' in link
    import base64
    document = base64.b64decode(re.search(r"base64,([^\"]+)", link).group(1)).decode()
    assert "<h1>My Spasm Relief plan</h1>" in document and "Educational, not a diagnosis" in document
    assert "Wall calf stretch" in document and "<svg" in document and "@page" in document
    assert "Made on Tuesday 24 November 2026 at 12:00" in document
    for session in view.planner.plan.sessions:
        assert f"{session.start:%H:%M}" in document


def _document(view) -> str:
    import base64
    return base64.b64decode(re.search(r"base64,([^\"]+)", view.printable.value).group(1)).decode()


def test_printable_plan_reads_on_a_phone_and_carries_every_safety_part():
    view = MyPlanView(clock=lambda: NOW)
    view.pain.value = "mild"
    view.drinks.start.value, view.drinks.end.value, view.drinks.heavy.value = dt.time(15, 0), dt.time(17, 0), True
    document = _document(view)
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in document
    assert "Around your exercise (15:00\u201317:00)" in document
    assert C.first_response.now[2].caution in document  # the massage clot caution
    assert "Ask a professional first" in document and "Raynaud" in document
    assert "Never put ice straight on bare skin" in document


def test_printable_plan_lists_only_the_chosen_countrys_number():
    view = MyPlanView(clock=lambda: NOW)
    view.pain.value = "mild"
    assert "999" in _document(view) and "911" in _document(view)  # none chosen: all numbers
    view.flags.region.value = "United Kingdom"
    document = _document(view)
    assert "United Kingdom 999" in document and "911" not in document and "112" not in document


def test_class_mode_from_the_address():
    view = QuizView(Quiz(questions(), seed=1))
    assert not view.class_mode.value
    view.page.query = "?mode=class"
    assert view.class_mode.value and "The score appears when you finish" in view.score.value
