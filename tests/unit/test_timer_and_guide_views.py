"""The stretch guide, hold timer and back routine views, driven without a kernel or browser.

The browser's ticks are simulated by setting the clock's ``elapsed`` and ``running``
values as the front end would.
"""

from __future__ import annotations

from widgets.back_check import BackCheck
from widgets.content import content
from widgets.ui.back import BackRoutineView, dose_text
from widgets.ui.hold_sequence import HoldSequenceView
from widgets.routine import stretch_holds
from widgets.ui.hold_timer import HoldTimerView
from widgets.ui.stretches import StretchGuideView

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


def test_timer_view_refuses_too_short_with_a_message():
    view = HoldTimerView(10)
    view.start.click()
    browser_ticks(view, 5)
    view.less.click()
    assert "already passed" in view.problem.value and view.clock.duration == 10


def test_sequence_waits_for_next():
    thigh = next(s for s in C.stretching.stretches if s.id == "thigh-standing")
    seq = HoldSequenceView(stretch_holds(thigh, 3, both_sides=True), "t")
    assert seq.next.disabled
    seq.timer.start.click()
    browser_ticks(seq.timer, 3)
    assert not seq.next.disabled and seq.next.description == "Next: Right side"
    seq.next.click()
    assert "Right side" in seq.where.value and seq.timer.clock.elapsed == 0 and not seq.timer.clock.running


def test_guide_swaps_cards_and_keeps_them():
    guide = StretchGuideView(C.stretching)
    calf = guide.shown.children
    assert len(calf) == 2
    guide.area.value = "hand"
    assert len(guide.shown.children) == 1 and "Hand against the wall" in guide.shown.children[0].children[0].value
    guide.area.value = "calf"
    assert guide.shown.children == calf  # the same widgets again: no rebuild, no flicker


def test_guide_refuses_an_unknown_area_from_a_client():
    guide = StretchGuideView(C.stretching)
    guide._on_area({"new": "elbow"})
    assert "There is no stretch for that body area (elbow)" in guide.status.value


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
