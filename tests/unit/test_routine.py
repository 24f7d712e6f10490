"""Sequences of holds (sides and reps), the day tracker, and the back routine's safety gate."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from widgets.back_check import BackCheck
from widgets.content import content
from widgets.routine import DayTracker, Routine, RoutineError, exercise_holds, stretch_holds

C = content()


def stretch(stretch_id):
    return next(s for s in C.stretching.stretches if s.id == stretch_id)


def test_stretch_one_side_or_left_then_right():
    thigh = stretch("thigh-standing")
    assert [h.label for h in stretch_holds(thigh, 30)] == ["Hold the stretch"]
    both = stretch_holds(thigh, 30, both_sides=True)
    assert [(h.side, h.seconds) for h in both] == [("left", 30), ("right", 30)]
    with pytest.raises(RoutineError, match="works both sides at once"):
        stretch_holds(stretch("calf-wall"), 30, both_sides=True)


def test_arm_raises_default_to_the_article_dose():
    holds = exercise_holds(C.back.exercise("arms-overhead"))
    assert len(holds) == 10 and {h.seconds for h in holds} == {5}
    assert holds[2].label == "Rep 3 of 10"


def test_knee_to_chest_switches_sides_each_rep():
    holds = exercise_holds(C.back.exercise("knee-to-chest"), reps=7)
    assert len(holds) == 14 and {h.seconds for h in holds} == {10}
    assert [h.label for h in holds[:3]] == ["Rep 1 of 7, left side", "Rep 1 of 7, right side", "Rep 2 of 7, left side"]


@pytest.mark.parametrize(("exercise", "kwargs"), [("arms-overhead", {"hold_seconds": 11}),
                                                  ("arms-overhead", {"reps": 9}),
                                                  ("knee-to-chest", {"reps": 4}),
                                                  ("knee-to-chest", {"reps": 11}),
                                                  ("knee-to-chest", {"hold_seconds": 5})])
def test_doses_outside_the_article_range_are_refused(exercise, kwargs):
    with pytest.raises(RoutineError, match="the figure the article gives"):
        exercise_holds(C.back.exercise(exercise), **kwargs)


def test_exercises_without_a_dose_have_no_timer():
    with pytest.raises(RoutineError, match="gives no reps"):
        exercise_holds(C.back.exercise("high-knee-walk"))


def test_routine_moves_on_only_when_asked():
    routine = Routine(exercise_holds(C.back.exercise("arms-overhead")))
    with pytest.raises(RoutineError, match="Finish this hold first"):
        routine.advance()
    routine.hold_finished()
    assert routine.current.rep == 1 and "press Next" in routine.progress()
    assert routine.advance().label == "Rep 2 of 10"
    assert routine.progress() == "Rep 2 of 10."


def test_progress_says_where_you_are_once_and_leaves_the_time_to_the_timer():
    """Issue 10: "Rep 1 of 10 (hold 1 of 10)" and "Rep 1 of 10: hold for 5 seconds" together."""
    routine = Routine(exercise_holds(C.back.exercise("knee-to-chest"), reps=5))
    assert routine.progress() == "Rep 1 of 5, left side."
    assert "hold for" not in routine.progress() and "seconds" not in routine.progress()
    routine.hold_finished()
    assert routine.progress() == "Rep 1 of 5, left side: done. Rest, then press Next when you are ready."


@given(st.integers(5, 10))
def test_a_full_run_visits_every_hold_once(reps):
    holds = exercise_holds(C.back.exercise("knee-to-chest"), reps=reps)
    routine = Routine(holds)
    seen = [routine.current]
    while True:
        routine.hold_finished()
        if routine.complete:
            break
        seen.append(routine.advance())
    assert seen == list(holds)
    assert routine.progress() == f"All done: {2 * reps} of {2 * reps} holds finished."
    with pytest.raises(RoutineError, match="last one"):
        routine.advance()
    routine.restart()
    assert routine.position == 0 and not routine.finished_current


def test_day_tracker():
    tracker = DayTracker(C.back.exercise("arms-overhead").per_day)
    assert tracker.summary() == "0 of 3\u20134 sessions done today."
    for _ in range(3):
        tracker.record()
    assert "that is enough for today" in tracker.summary()
    tracker.record()
    with pytest.raises(RoutineError, match="already 4 sessions"):
        tracker.record()
    tracker.reset()
    with pytest.raises(RoutineError, match="No session"):
        tracker.undo()


def test_back_check_gate():
    check = BackCheck.from_content(C)
    assert not check.unlocked and check.reason == "no-answer"
    check.choose_pain("severe")
    assert not check.unlocked and check.reason == "pain"
    check.choose_pain("easing")
    assert not check.unlocked
    check.choose_pain("eased")
    assert check.unlocked and check.reason == "open"
    check.flags.answer("cauda-equina", True)
    assert not check.unlocked and check.reason == "red-flag"
    with pytest.raises(KeyError, match="unknown pain level"):
        check.choose_pain("fine")


def test_cue_words_name_each_rep_and_side_as_the_page_does():
    """Hands-free holds: the clock says these words before "Hold" as each hold of a set starts."""
    arms = Routine(exercise_holds(C.back.exercise("arms-overhead")))
    said = []
    while True:
        said.append(arms.cue_words)
        assert arms.progress() == f"{arms.cue_words}."  # the very words the page shows
        arms.hold_finished()
        if arms.is_last:
            break
        arms.advance()
    assert said == [f"Rep {n} of 10" for n in range(1, 11)]
    knee = Routine(exercise_holds(C.back.exercise("knee-to-chest"), reps=5))
    assert knee.cue_words == "Rep 1 of 5, left side"
    knee.hold_finished()
    knee.advance()
    assert knee.cue_words == "Rep 1 of 5, right side"
    sides = Routine(stretch_holds(stretch("thigh-standing"), 30, both_sides=True))
    assert sides.cue_words == "Left side"
    sides.hold_finished()
    sides.advance()
    assert sides.cue_words == "Right side"
    sides.restart()
    assert sides.cue_words == "Left side"


def test_a_lone_hold_has_no_cue_words_the_clock_says_only_hold():
    assert Routine(stretch_holds(stretch("calf-wall"), 30)).cue_words == ""
    assert Routine(stretch_holds(stretch("thigh-standing"), 30)).cue_words == ""
