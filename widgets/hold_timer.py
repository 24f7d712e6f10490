"""The hold timer's state: how long to hold, how far along it is, and what the buttons may do.

The seconds themselves tick in the browser (the ``Clock`` widget in ``widgets/ui/clock.js``);
the view reports each tick here with :meth:`HoldTimer.tick`. This model decides what a tick, a button press
or a client's stray value means, so the rules are tested without a browser or kernel.
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import InputError

READY, RUNNING, PAUSED, FINISHED = "ready", "running", "paused", "finished"

EXTEND_STEP = 10
"""Seconds added or removed by the +10 s / -10 s buttons."""
MIN_SECONDS = 1
MAX_SECONDS = 600


class TimerError(InputError):
    """A request the timer cannot carry out; the message is meant for the person."""


def clock(seconds: int) -> str:
    """``75`` -> ``"1:15"``."""
    seconds = max(0, int(seconds))
    return f"{seconds // 60}:{seconds % 60:02d}"


@dataclass
class HoldTimer:
    duration: int
    elapsed: int = 0
    state: str = READY

    def __post_init__(self) -> None:
        if isinstance(self.duration, bool) or not isinstance(self.duration, int):
            raise TimerError("A hold time is a whole number of seconds.")
        if not MIN_SECONDS <= self.duration <= MAX_SECONDS:
            raise TimerError(f"A hold time must be between {MIN_SECONDS} and {MAX_SECONDS} seconds.")
        self.base_duration = self.duration

    # ---- what the buttons do ----

    def start(self) -> None:
        """Start or resume. Starting a running timer changes nothing; a finished one starts again."""
        if self.state == FINISHED:
            self.elapsed = 0
        self.state = RUNNING

    def pause(self) -> None:
        if self.state == RUNNING:
            self.state = PAUSED

    def reset(self) -> None:
        """Back to the start, with the hold time the content gave (extensions undone)."""
        self.elapsed = 0
        self.duration = self.base_duration
        self.state = READY

    @property
    def shortest(self) -> int:
        """The shortest the hold can be made now: one second more than has already passed."""
        return MIN_SECONDS if self.state == FINISHED else max(MIN_SECONDS, self.elapsed + 1)

    @property
    def can_shorten(self) -> bool:
        return self.duration > self.shortest

    @property
    def can_lengthen(self) -> bool:
        return self.duration < MAX_SECONDS

    def extend(self, seconds: int = EXTEND_STEP) -> int:
        """Add (or, with a negative number, remove) seconds from the hold time.

        The new time is kept between :attr:`shortest` and ``MAX_SECONDS``: a step that would
        pass a limit stops at it, and one that cannot act at all changes nothing. Returns the
        seconds actually added (negative when removed), so the view can say when a limit was met.
        """
        if isinstance(seconds, bool) or not isinstance(seconds, int):
            raise TimerError("Time is added or taken off in whole seconds.")
        new = min(MAX_SECONDS, max(self.shortest, self.duration + seconds))
        if seconds > 0:
            new = max(new, self.duration)  # adding never shortens
        elif seconds < 0:
            new = min(new, self.duration)  # taking off never lengthens
        change = new - self.duration
        if change == 0:
            return 0
        self.duration = new
        if self.state == FINISHED:
            if self.elapsed < new:
                self.state = PAUSED  # more time on a finished hold: ready to carry on
            else:
                self.elapsed = new  # a finished hold made shorter is still finished
        return change

    # ---- what the browser reports ----

    def tick(self, elapsed: int) -> bool:
        """Record the browser's elapsed seconds. Returns True when this tick finishes the hold.

        A value that makes no sense (negative, past the end, going backwards while running,
        or arriving while not running) is ignored rather than trusted: the browser is a client.
        """
        if isinstance(elapsed, bool) or not isinstance(elapsed, int):
            return False
        if self.state != RUNNING or elapsed < 0 or elapsed > self.duration:
            return False
        self.elapsed = elapsed
        if elapsed >= self.duration:
            self.state = FINISHED
            return True
        return False

    # ---- what the view shows ----

    @property
    def remaining(self) -> int:
        return max(0, self.duration - self.elapsed)

    def status(self) -> str:
        left = clock(self.remaining)
        return {
            READY: f"Ready: hold for {clock(self.duration)}.",
            # No time while running: the clock counts in the browser, and a number written
            # here would fall behind it. The clock shows (and announces) the time left.
            RUNNING: "Holding: keep going until the clock says Done.",
            PAUSED: f"Paused with {left} left.",
            FINISHED: "Done: you can let go now.",
        }[self.state]
