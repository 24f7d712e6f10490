"""Whether the gentle back routine is safe to start: the pain check and every back warning sign."""

from __future__ import annotations

from dataclasses import dataclass, field

from .content import BackCare, Content
from .red_flags import RedFlagCheck


@dataclass
class BackCheck:
    back: BackCare
    flags: RedFlagCheck
    pain: str | None = None
    _levels: dict = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._levels = {level.id: level for level in self.back.pain_levels}

    @classmethod
    def from_content(cls, content: Content) -> "BackCheck":
        return cls(content.back, RedFlagCheck.from_content(content, ("back",)))

    def choose_pain(self, level_id: str | None) -> None:
        if level_id is not None and level_id not in self._levels:
            raise KeyError(f"unknown pain level {level_id!r}; choose one of the answers shown")
        self.pain = level_id

    @property
    def unlocked(self) -> bool:
        """Open only with no warning sign that stops self-care and a pain level that allows the exercises."""
        return not self.flags.stops_self_care and self.pain is not None and self._levels[self.pain].unlocks

    @property
    def not_yet(self) -> str | None:
        """Why the routine stays closed for the chosen pain level (None if it opens or none is chosen)."""
        if self.pain is None:
            return None
        return self._levels[self.pain].not_yet

    @property
    def reason(self) -> str:
        if self.flags.stops_self_care:
            return "red-flag"
        if self.pain is None:
            return "no-answer"
        return "open" if self.unlocked else "pain"
