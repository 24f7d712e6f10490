"""The stretch guide, hold timer and back routine views, driven without a kernel or browser.

The browser's ticks are simulated by setting the clock's ``elapsed`` and ``running``
values as the front end would.
"""

from __future__ import annotations

import re

import pytest
from traitlets import TraitError

from widgets.back_check import BackCheck
from widgets.content import content
from widgets.routine import dose_text
from widgets.ui.back import BackRoutineView
from widgets.ui.hold_sequence import HoldSequenceView
from widgets.routine import exercise_holds, stretch_holds
from widgets.ui.hold_timer import HoldTimerView
from widgets.ui.stretches import StretchCard, StretchGuideView

C = content()


def browser_ticks(view: HoldTimerView, seconds: int) -> None:
    """What clock.js does each second while running, including its stop at the end."""
    for _ in range(seconds):
        if not view.clock.running:
            return
        nxt = view.clock.elapsed + 1
        if nxt >= view.clock.duration:
            with view.clock.hold_trait_notifications():
                view.clock.elapsed = view.clock.duration
                view.clock.running = False
        else:
            view.clock.elapsed = nxt


def test_timer_view_start_finish_reset():
    view = HoldTimerView(3, "Test timer")
    view.start.click()
    assert view.clock.running and "Holding" in view.status.value
    browser_ticks(view, 3)
    assert view.model.state == "finished" and "Time is up" in view.cue.value and not view.clock.running
    assert view.audio.children == ()  # no sound unless asked for
    view.reset.click()
    assert view.clock.elapsed == 0 and view.cue.value == "" and "Ready" in view.status.value


def test_timer_view_sound_when_chosen():
    view = HoldTimerView(2)
    view.sound.value = True
    view.start.click()
    browser_ticks(view, 2)
    (audio,) = view.audio.children
    assert audio.autoplay and audio.value[:4] == b"RIFF"


def test_timer_view_pause_and_extend():
    view = HoldTimerView(30)
    view.start.click()
    browser_ticks(view, 4)
    view.pause.click()
    assert not view.clock.running and "Paused with 0:26 left" in view.status.value
    view.more.click()
    assert view.clock.duration == 40 and view.clock.elapsed == 4
    view.less.click()
    view.less.click()
    assert view.clock.duration == 20


def test_timer_view_clamps_a_shortening_while_running_without_an_error():
    view = HoldTimerView(10)
    view.start.click()
    browser_ticks(view, 5)
    view.less.click()
    assert view.problem.value == "" and view.clock.duration == 6 and view.less.disabled
    assert "as short as this hold can be" in view.status.value


def test_minus_ten_at_five_seconds_before_starting_clamps_and_then_disables():
    """Issue 10: "-10 s" at 0:05 showed "Please check your input: Cannot go below 0:01"."""
    view = HoldTimerView(5)
    assert not view.less.disabled and not view.more.disabled
    focused = []
    view.more.focus = lambda: focused.append("+10 s")
    view.less.click()
    assert focused == ["+10 s"]  # the pressed button is now disabled: the focus stays in the timer
    assert view.problem.value == "" and "Please check" not in view.status.value
    assert view.clock.duration == 1 and view.model.duration == 1
    assert "Ready: hold for 0:01. That is as short as this hold can be now." in view.status.value
    assert view.less.disabled and view.less.tooltip == "The hold cannot be made shorter now"
    view.less.click()  # a click that slips through (or a stray client message) changes nothing
    assert view.problem.value == "" and view.clock.duration == 1
    view.more.click()
    assert view.clock.duration == 11 and not view.less.disabled and "as short" not in view.status.value


def test_minus_ten_is_disabled_while_running_once_nothing_can_be_taken_off():
    view = HoldTimerView(12)
    view.start.click()
    browser_ticks(view, 1)
    assert not view.less.disabled
    view.less.click()  # 12 -> 2: one second past the second already held
    assert view.clock.duration == 2 and view.less.disabled
    view.pause.click()
    view.reset.click()  # back to the content's time: taking off is possible again
    assert view.clock.duration == 12 and not view.less.disabled


def test_status_never_states_a_time_while_the_clock_runs():
    """Issue 10: the clock said 0:27 while the status said "Holding: 0:30 left"."""
    view = HoldTimerView(30)
    view.start.click()
    for _ in range(25):
        browser_ticks(view, 1)
        assert view.model.state == "running"
        assert "Holding" in view.status.value and not any(ch.isdigit() for ch in view.status.value.split(">", 1)[1])
    view.pause.click()
    assert "Paused with 0:05 left" in view.status.value


def test_a_tick_that_arrives_after_pause_is_undone_so_clock_and_status_agree():
    view = HoldTimerView(30)
    view.start.click()
    browser_ticks(view, 4)
    view.pause.click()
    view.clock.elapsed = 5  # the browser ticked once more before it heard "pause"
    assert view.clock.elapsed == 4 and "Paused with 0:26 left" in view.status.value


def test_sequence_waits_for_next():
    thigh = next(s for s in C.stretching.stretches if s.id == "thigh-standing")
    seq = HoldSequenceView(stretch_holds(thigh, 3, both_sides=True), "t")
    assert seq.next.disabled
    seq.timer.start.click()
    browser_ticks(seq.timer, 3)
    assert not seq.next.disabled and seq.next.description == "Next: Right side"
    seq.next.click()
    assert "Right side" in seq.where.value and seq.timer.clock.elapsed == 0 and not seq.timer.clock.running


def visible_text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", "", html.replace("<br>", " ")).split())


def test_guided_set_says_which_rep_once():
    """Issue 10: "Rep 1 of 10 (hold 1 of 10)" and "Rep 1 of 10: hold for 5 seconds" side by side."""
    seq = HoldSequenceView(exercise_holds(C.back.exercise("arms-overhead")), "Arm raise timer")
    where = visible_text(seq.where.value)
    assert where == "Rep 1 of 10." and where.count("Rep 1 of 10") == 1
    assert "hold 1 of" not in where and "hold for" not in where
    assert "(hold" not in seq.where.value
    timer_text = visible_text(seq.timer.status.value)
    assert timer_text == "Ready: hold for 0:05." and "Rep" not in timer_text  # the time is said once, by the timer
    seq.timer.start.click()
    browser_ticks(seq.timer, 5)
    assert visible_text(seq.where.value) == "Rep 1 of 10: done. Rest, then press Next when you are ready."
    seq.next.click()
    assert visible_text(seq.where.value) == "Rep 2 of 10."


def test_guide_swaps_cards_and_keeps_them():
    guide = StretchGuideView(C.stretching)
    calf = guide.shown.children
    assert len(calf) == 2
    guide.area.value = "hand"
    assert len(guide.shown.children) == 1 and "Hand against the wall" in guide.shown.children[0].children[0].value
    guide.area.value = "calf"
    assert guide.shown.children == calf  # the same widgets again: no rebuild, no flicker


def test_guide_refuses_an_area_that_is_not_offered_before_the_view_sees_it():
    guide = StretchGuideView(C.stretching)
    calf = guide.shown.children
    with pytest.raises(TraitError):
        guide.area.set_state({"index": len(guide.area.options)})  # what a client's bad message does
    assert guide.area.value == "calf" and guide.shown.children == calf and guide.status.value == ""


def test_back_routine_gate():
    view = BackRoutineView(BackCheck.from_content(C))
    assert view.routine.layout.display == "none"
    view.pain.value = "severe"
    assert C.back.locked_heading in view.gate.value and view.routine.layout.display == "none"
    view.pain.value = "eased"
    assert view.routine.layout.display is None and "Ready when you are" in view.gate.value
    view.flags.boxes["cauda-equina"].value = True
    assert view.routine.layout.display == "none" and "stay closed" in view.gate.value


def test_dose_text_from_content():
    assert dose_text(C.back.exercise("arms-overhead")) == "Hold 5\u201310 seconds, repeat 10 times, 3\u20134 times a day."
    assert dose_text(C.back.exercise("knee-to-chest")) == "Hold 10 seconds on each side, repeat 5\u201310 times, 2\u20133 times a day."
    assert dose_text(C.back.exercise("both-knees")).startswith("Take it slowly")


# ---- hands-free holds: the clock is given the words the set shows, to say as each hold starts ----

def test_the_clock_is_given_the_words_the_set_shows_for_each_hold():
    seq = HoldSequenceView(exercise_holds(C.back.exercise("arms-overhead")), "Arm raise timer")
    clock = seq.timer.clock
    assert clock.cue_words == "Rep 1 of 10" and visible_text(seq.where.value) == "Rep 1 of 10."
    seq.timer.start.click()
    browser_ticks(seq.timer, 5)
    assert clock.cue_words == "Rep 1 of 10"  # the end changes nothing: the next hold's words come with Next
    seq.next.click()
    assert (clock.cue_words, clock.elapsed, clock.running) == ("Rep 2 of 10", 0, False)
    assert visible_text(seq.where.value) == f"{clock.cue_words}."  # the same words, said and shown
    seq.again.click()
    assert clock.cue_words == "Rep 1 of 10" and visible_text(seq.where.value) == "Rep 1 of 10."


def test_the_next_holds_words_reach_the_browser_with_its_reset_clock_in_one_message():
    """The browser must have "Rep 2 of 10" before Start can be pressed for rep 2: the words and the
    reset clock change inside one ``hold_sync`` (so they travel as one message), and Start sends
    no words again."""
    seq = HoldSequenceView(exercise_holds(C.back.exercise("arms-overhead")), "Arm raise timer")
    clock = seq.timer.clock
    seq.timer.start.click()
    browser_ticks(seq.timer, 5)
    changes = []
    clock.observe(lambda change: changes.append((change["name"], change["new"], clock._holding_sync)),
                  names=["cue_words", "elapsed", "running"])
    seq.next.click()
    assert changes == [("cue_words", "Rep 2 of 10", True), ("elapsed", 0, True)]
    changes.clear()
    seq.timer.start.click()
    assert changes == [("running", True, False)]


def test_sides_of_a_stretch_are_named_and_a_lone_hold_has_no_words():
    thigh = next(s for s in C.stretching.stretches if s.id == "thigh-standing")
    card = StretchCard(thigh, C.stretching)
    assert card.sequence.timer.clock.cue_words == ""  # one hold: the clock says only "Hold"
    card.sides.value = True
    clock = card.sequence.timer.clock
    assert clock.cue_words == "Left side"
    timer = card.sequence.timer
    timer.start.click()
    browser_ticks(timer, clock.duration)
    card.sequence.next.click()
    assert clock.cue_words == "Right side"
    assert HoldTimerView(30).clock.cue_words == ""
