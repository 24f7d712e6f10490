"""What to drink around a planned bout of exercise: only what the article says, with no invented timings or amounts.

The article's drink advice is for hard or long exercise (replace water and salts with water and
an electrolyte drink); it gives no timings and no amounts, and nothing for lighter activity.
So the plan names the person's own exercise window and that one piece of advice, and says
plainly when the article has nothing to add.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .content import Hydration
from .errors import InputError


class DrinkPlanError(InputError):
    """Input the drink planner cannot use; the message is meant for the person."""


@dataclass(frozen=True)
class DrinkStep:
    when: str
    what: str


def drink_plan(hydration: Hydration, start: dt.time | None, end: dt.time | None,
               heavy: bool | None) -> tuple[DrinkStep, ...]:
    """The plan for exercise from ``start`` to ``end``; empty until the person has entered both times."""
    if start is None and end is None:
        return ()
    if start is None or end is None:
        raise DrinkPlanError("Enter both when the exercise starts and when it ends.")
    if end <= start:
        raise DrinkPlanError("The exercise must end after it starts (on the same day).")
    window = f"{start:%H:%M}\u2013{end:%H:%M}"
    if heavy:
        return (DrinkStep(f"Around your exercise ({window})", hydration.before_heavy_use),)
    return (DrinkStep(f"Your activity ({window})", hydration.drink_plan.light),)
