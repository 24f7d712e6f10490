"""My plan's decisions: what the plan offers for a body area, how bad the spasm is, and the warning signs.

Pure Python, so the rules are tested without a kernel; :mod:`widgets.ui.dashboard` only shows
what this model decides.

* Nothing is planned until the person has said how bad it is right now.
* A warning sign that stops self-care hides the whole plan (the help panel says what to do).
  A warning sign that does not (night cramps on their own) shows the panel and keeps the plan.
* "It will not ease" is the long-cramp warning sign: answering it counts as ticking that sign.
* Stretches are offered only where the answer allows them; the back routine opens only where
  the answer allows it (the article: once the pain has eased or the cramping is mild).
"""

from __future__ import annotations

from dataclasses import dataclass

from .content import Content, Severity
from .red_flags import RedFlagCheck

BACK = "back"


@dataclass
class MyPlan:
    content: Content
    check: RedFlagCheck
    area: str
    severity_id: str | None = None

    @classmethod
    def from_content(cls, content: Content) -> "MyPlan":
        return cls(content, RedFlagCheck.from_content(content), content.stretching.body_areas[0])

    @property
    def areas(self) -> tuple[str, ...]:
        return (*self.content.stretching.body_areas, BACK)

    def choose_area(self, area: str) -> None:
        if area not in self.areas:
            raise KeyError(f"unknown body area {area!r}; choose one of {', '.join(self.areas)}")
        self.area = area

    def choose_severity(self, severity_id: str | None) -> None:
        severity = None if severity_id is None else self.content.first_response.severity(severity_id)
        self.severity_id = severity_id
        self.check.imply({severity.red_flag} if severity is not None and severity.red_flag else set())

    @property
    def severity(self) -> Severity | None:
        return None if self.severity_id is None else self.content.first_response.severity(self.severity_id)

    @property
    def answered(self) -> bool:
        return self.severity is not None

    @property
    def shows_plan(self) -> bool:
        """The plan's sections (what to do, moves, cold and heat, drinks, keep) are shown."""
        return self.answered and not self.check.stops_self_care

    @property
    def offers_stretches(self) -> bool:
        return self.shows_plan and self.area != BACK and self.severity.stretch

    @property
    def back_open(self) -> bool:
        return self.shows_plan and self.area == BACK and self.severity.back_exercises

    @property
    def state(self) -> str:
        """One word for the page and the tests: why the plan looks as it does."""
        if self.check.stops_self_care:
            return "get-help"
        if not self.answered:
            return "waiting"
        return "plan"
