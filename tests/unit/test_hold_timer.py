"""The hold timer's state machine: start, pause, resume, reset, extend, finish, double start, stray ticks."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from widgets.hold_timer import FINISHED, MAX_SECONDS, PAUSED, READY, RUNNING, HoldTimer, TimerError, clock


def run(timer: HoldTimer, seconds: int) -> bool:
    finished = False
    for _ in range(seconds):
        finished = timer.tick(timer.elapsed + 1) or finished
    return finished


def test_start_run_finish():
    timer = HoldTimer(30)
    assert timer.state == READY and timer.status() == "Ready: hold for 0:30."
    timer.start()
    assert not run(timer, 29) and timer.remaining == 1 and timer.status() == "Holding: 0:01 left."
    assert run(timer, 1)
    assert timer.state == FINISHED and timer.remaining == 0 and timer.status() == "Done: you can let go now."


def test_pause_stops_the_count_and_resume_carries_on():
    timer = HoldTimer(30)
    timer.start()
    run(timer, 10)
    timer.pause()
    assert timer.state == PAUSED and timer.status() == "Paused with 0:20 left."
    assert timer.tick(11) is False and timer.elapsed == 10  # a late tick while paused is ignored
    timer.start()
    assert timer.state == RUNNING and timer.elapsed == 10


def test_double_start_does_not_change_anything():
    timer = HoldTimer(30)
    timer.start()
    run(timer, 5)
    timer.start()
    assert timer.state == RUNNING and timer.elapsed == 5


def test_reset_restores_the_content_hold_time():
    timer = HoldTimer(30)
    timer.start()
    timer.extend(10)
    run(timer, 12)
    timer.reset()
    assert (timer.state, timer.elapsed, timer.duration) == (READY, 0, 30)


def test_extend_and_shorten():
    timer = HoldTimer(30)
    timer.extend(10)
    assert timer.duration == 40
    timer.extend(-10)
    timer.extend(-10)
    assert timer.duration == 20
    timer.start()
    run(timer, 15)
    with pytest.raises(TimerError, match="already passed"):
        timer.extend(-10)
    with pytest.raises(TimerError, match="longer than"):
        timer.extend(MAX_SECONDS)


def test_extending_a_finished_hold_lets_it_carry_on():
    timer = HoldTimer(5)
    timer.start()
    run(timer, 5)
    timer.extend(10)
    assert timer.state == PAUSED and timer.remaining == 10
    timer.start()
    assert timer.elapsed == 5


def test_start_after_finish_starts_again():
    timer = HoldTimer(3)
    timer.start()
    run(timer, 3)
    timer.start()
    assert timer.state == RUNNING and timer.elapsed == 0


@pytest.mark.parametrize("value", [-1, 99, 2.5, "3", True, None])
def test_stray_ticks_are_ignored(value):
    timer = HoldTimer(30)
    timer.start()
    run(timer, 2)
    assert timer.tick(value) is False and timer.elapsed == 2 and timer.state == RUNNING


@pytest.mark.parametrize("bad", [0, -5, MAX_SECONDS + 1, 2.5, "30", True])
def test_bad_hold_times_are_refused(bad):
    with pytest.raises(TimerError):
        HoldTimer(bad)


def test_clock():
    assert [clock(0), clock(9), clock(30), clock(75), clock(-3)] == ["0:00", "0:09", "0:30", "1:15", "0:00"]


actions = st.lists(st.one_of(st.sampled_from(["start", "pause", "reset", "tick"]),
                             st.integers(-3, 3).map(lambda n: ("extend", n * 10))), max_size=60)


@given(st.integers(1, 120), actions)
def test_invariants_hold_whatever_the_buttons(duration, steps):
    timer = HoldTimer(duration)
    for step in steps:
        if step == "tick":
            timer.tick(timer.elapsed + 1)
        elif isinstance(step, tuple):
            try:
                timer.extend(step[1])
            except TimerError:
                pass
        else:
            getattr(timer, step)()
        assert 0 <= timer.elapsed <= timer.duration <= MAX_SECONDS
        assert timer.duration >= 1
        assert (timer.state == FINISHED) == (timer.elapsed == timer.duration)
        if timer.state == FINISHED:
            assert timer.remaining == 0
        if timer.state == READY:
            assert timer.elapsed == 0
