"""What to drink around a planned bout of exercise: when, and what, with no invented amounts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .content import Hydration


class DrinkPlanError(ValueError):
    """Input the drink planner cannot use; the message is meant for the person."""


@dataclass(frozen=True)
class DrinkStep:
    when: str
    what: str


def drink_plan(hydration: Hydration, start: dt.time | None, end: dt.time | None, heavy: bool) -> tuple[DrinkStep, ...]:
    if start is None or end is None:
        raise DrinkPlanError("Enter when the exercise starts and ends.")
    if end <= start:
        raise DrinkPlanError("The exercise must end after it starts (on the same day).")
    advice = hydration.drink_plan
    steps = [DrinkStep(f"Before {start:%H:%M}", advice.before)]
    if heavy:
        steps.append(DrinkStep(f"During {start:%H:%M}\u2013{end:%H:%M}", advice.during_heavy))
        steps.append(DrinkStep(f"After {end:%H:%M}", advice.after_heavy))
    else:
        steps.append(DrinkStep(f"After {end:%H:%M}", advice.after_light))
    return tuple(steps)
