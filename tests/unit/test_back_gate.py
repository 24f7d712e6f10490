"""The back routine's gate: every back warning sign closes it, and each pain answer says why in its own words."""

from __future__ import annotations

import pytest

from widgets.back_check import BackCheck
from widgets.content import content
from widgets.ui.back import BackRoutineView, locked_html

C = content()
BACK_FLAGS = [f.id for f in C.safety.red_flags if f.topic == "back"]


def test_lesson_three_asks_every_back_warning_sign():
    view = BackRoutineView(BackCheck.from_content(C))
    assert set(view.flags.boxes) == set(BACK_FLAGS) and len(BACK_FLAGS) == 4


@pytest.mark.parametrize("flag_id", BACK_FLAGS)
def test_each_back_warning_sign_keeps_the_routine_closed(flag_id):
    view = BackRoutineView(BackCheck.from_content(C))
    view.pain.value = "eased"
    assert view.routine.layout.display is None
    view.flags.boxes[flag_id].value = True
    assert view.routine.layout.display == "none" and "The exercises stay closed" in view.gate.value


def test_still_painful_is_not_told_about_a_severe_spasm():
    check = BackCheck.from_content(C)
    check.choose_pain("easing")
    easing = locked_html(check)
    assert "severe" not in easing.lower() and "still sore" in easing
    check.choose_pain("severe")
    assert "severe one worse" in locked_html(check)
