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
    assert not run(timer, 29) and timer.remaining == 1 and timer.status().startswith("Holding")
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
    assert timer.extend(-10) == -4 and timer.duration == 16  # stops one second past the time held
    assert not timer.can_shorten and timer.extend(-10) == 0 and timer.duration == 16
    assert timer.extend(MAX_SECONDS) == MAX_SECONDS - 16 and timer.duration == MAX_SECONDS
    assert not timer.can_lengthen and timer.extend(10) == 0


def test_taking_off_more_than_is_left_before_starting_clamps_to_the_shortest_hold():
    """Issue 10: at 0:05, "-10 s" said "Cannot go below 0:01: that time has already passed"."""
    timer = HoldTimer(5)
    assert timer.can_shorten and timer.shortest == 1
    assert timer.extend(-10) == -4  # no error: it stops at the shortest allowed time
    assert (timer.duration, timer.state, timer.status()) == (1, READY, "Ready: hold for 0:01.")
    assert not timer.can_shorten and timer.extend(-10) == 0 and timer.duration == 1


def test_a_finished_hold_can_be_shortened_only_to_one_second():
    timer = HoldTimer(5)
    timer.start()
    run(timer, 5)
    assert timer.shortest == 1 and timer.extend(-10) == -4
    assert (timer.duration, timer.elapsed, timer.state) == (1, 1, FINISHED)
    assert not timer.can_shorten


@pytest.mark.parametrize("bad", [2.5, "10", True, None])
def test_extend_refuses_what_is_not_whole_seconds(bad):
    with pytest.raises(TimerError, match="whole seconds"):
        HoldTimer(30).extend(bad)


def test_the_running_status_names_no_time_the_clock_is_the_one_truth():
    """Issue 10: the clock said 0:27 while the status still said "Holding: 0:30 left"."""
    timer = HoldTimer(30)
    timer.start()
    run(timer, 3)
    assert timer.status() == "Holding: keep going until the clock says Done."
    assert not any(ch.isdigit() for ch in timer.status())


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
            change = timer.extend(step[1])
            assert change == 0 or (change > 0) == (step[1] > 0)
            assert abs(change) <= abs(step[1])
        else:
            getattr(timer, step)()
        assert 0 <= timer.elapsed <= timer.duration <= MAX_SECONDS
        assert timer.duration >= 1
        assert (timer.state == FINISHED) == (timer.elapsed == timer.duration)
        if timer.state == FINISHED:
            assert timer.remaining == 0
        if timer.state == READY:
            assert timer.elapsed == 0
