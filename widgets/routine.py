"""Sequences of holds: both sides of a stretch, or the counted reps of a back exercise.

A :class:`Routine` is a list of holds with a position. It moves on only when asked
(:meth:`Routine.advance`), so nothing changes on the page by itself; the person rests
for as long as they like between holds. :class:`DayTracker` counts the day's sessions.
"""

from __future__ import annotations

from dataclasses import dataclass

from .content import Exercise, Stretch
from .errors import InputError
from .schema import Range

SIDES = ("left", "right")


class RoutineError(InputError):
    """A routine request that cannot be carried out; the message is meant for the person."""


@dataclass(frozen=True)
class Hold:
    label: str
    seconds: int
    rep: int = 1
    reps: int = 1
    side: str | None = None


def _pick(value: int | None, allowed: Range, what: str) -> int:
    if value is None:
        return allowed.low
    if isinstance(value, bool) or not isinstance(value, int) or value not in allowed:
        raise RoutineError(f"Choose {what} from {allowed} (the figure the article gives).")
    return value


def stretch_holds(stretch: Stretch, hold_seconds: int, both_sides: bool = False) -> tuple[Hold, ...]:
    """One hold, or left then right when the stretch is done on each side and both are asked for."""
    if both_sides and not stretch.each_side:
        raise RoutineError(f"The {stretch.name.lower()} works both sides at once.")
    if not both_sides:
        return (Hold("Hold the stretch", hold_seconds),)
    return tuple(Hold(f"{side.capitalize()} side", hold_seconds, side=side) for side in SIDES)


def exercise_holds(exercise: Exercise, reps: int | None = None, hold_seconds: int | None = None) -> tuple[Hold, ...]:
    """The exercise's reps, each with its hold (on each side for one-sided exercises).

    ``reps`` and ``hold_seconds`` must lie in the article's range; by default the low end.
    """
    if exercise.reps is None or exercise.hold_seconds is None:
        raise RoutineError(f"The article gives no reps and hold time for the {exercise.name.lower()}.")
    count = _pick(reps, exercise.reps, "the number of reps")
    seconds = _pick(hold_seconds, exercise.hold_seconds, "the hold time in seconds")
    holds = []
    for rep in range(1, count + 1):
        sides = SIDES if exercise.each_side else (None,)
        for side in sides:
            where = f", {side} side" if side else ""
            holds.append(Hold(f"Rep {rep} of {count}{where}", seconds, rep, count, side))
    return tuple(holds)


@dataclass
class Routine:
    holds: tuple[Hold, ...]
    position: int = 0
    finished_current: bool = False

    def __post_init__(self) -> None:
        if not self.holds:
            raise RoutineError("A routine needs at least one hold.")

    @property
    def current(self) -> Hold:
        return self.holds[self.position]

    @property
    def is_last(self) -> bool:
        return self.position == len(self.holds) - 1

    @property
    def complete(self) -> bool:
        return self.is_last and self.finished_current

    def hold_finished(self) -> None:
        self.finished_current = True

    def advance(self) -> Hold:
        """Go to the next hold; only once the current one is finished."""
        if not self.finished_current:
            raise RoutineError("Finish this hold first, or press Reset to start again.")
        if self.is_last:
            raise RoutineError("That was the last one: the routine is complete.")
        self.position += 1
        self.finished_current = False
        return self.current

    def restart(self) -> None:
        self.position = 0
        self.finished_current = False

    @property
    def cue_words(self) -> str:
        """What the clock may say as the current hold starts, the words the page shows for it:
        ``"Rep 3 of 10"``, ``"Rep 2 of 5, left side"``, ``"Right side"``. A lone hold has none
        (the clock then says only "Hold")."""
        return "" if len(self.holds) == 1 else self.current.label

    def progress(self) -> str:
        """Where the person is, said once: ``"Rep 3 of 10."`` The timer beside it states the
        hold time (which +10 s / -10 s can change), so this line does not repeat it."""
        hold = self.current
        if self.complete:
            return f"All done: {len(self.holds)} of {len(self.holds)} holds finished."
        if self.finished_current:
            return f"{hold.label}: done. Rest, then press Next when you are ready."
        return f"{hold.label}."


@dataclass
class DayTracker:
    """How many of the day's sessions of an exercise are done (for example 2 of 3-4)."""

    per_day: Range
    done: int = 0

    def record(self) -> None:
        if self.done >= self.per_day.high:
            raise RoutineError(f"That is already {self.done} sessions today, the most the article suggests.")
        self.done += 1

    def undo(self) -> None:
        if self.done == 0:
            raise RoutineError("No session recorded today yet.")
        self.done -= 1

    def reset(self) -> None:
        self.done = 0

    def summary(self) -> str:
        target = str(self.per_day)
        if self.done >= self.per_day.low:
            return f"{self.done} sessions done today (the article suggests {target} a day): that is enough for today."
        return f"{self.done} of {target} sessions done today."


def dose_text(exercise: Exercise) -> str:
    """How much of an exercise, in words: the hold, the repeats and how often a day, from the content."""
    parts = []
    if exercise.hold_seconds:
        side = " on each side" if exercise.each_side else ""
        parts.append(f"hold {exercise.hold_seconds} seconds{side}")
    if exercise.reps:
        parts.append(f"repeat {exercise.reps} times")
    if exercise.per_day:
        parts.append(f"{exercise.per_day} times a day")
    return ", ".join(parts).capitalize() + "." if parts else "Take it slowly; the article gives no count."
