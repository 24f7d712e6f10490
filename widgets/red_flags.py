"""The warning-sign check: which red flags a person has said yes to, and what that means."""

from __future__ import annotations

from dataclasses import dataclass, field

from .content import LEVELS, Content, EmergencyNumber, RedFlag

LEVEL_HEADINGS = {
    "emergency": "Call an emergency number now",
    "urgent": "Get urgent medical advice today",
    "doctor": "See a doctor about this",
}


@dataclass
class RedFlagCheck:
    """Yes/no answers to the warning-sign questions, plus the person's country or region."""

    flags: tuple[RedFlag, ...]
    numbers: tuple[EmergencyNumber, ...]
    answers: dict[str, bool] = field(default_factory=dict)
    region: str | None = None
    implied: set[str] = field(default_factory=set)
    """Warning signs that another answer already says yes to (a cramp that will not ease)."""

    @classmethod
    def from_content(cls, content: Content, topics: tuple[str, ...] | None = None) -> "RedFlagCheck":
        """The warning signs about ``topics`` (see ``safety.toml``), or every warning sign."""
        flags = tuple(f for f in content.safety.red_flags if topics is None or f.topic in topics)
        return cls(flags, content.safety.emergency_numbers)

    def _flag(self, flag_id: str) -> RedFlag:
        for flag in self.flags:
            if flag.id == flag_id:
                return flag
        raise KeyError(f"unknown warning sign {flag_id!r}")

    def answer(self, flag_id: str, yes: bool) -> None:
        self._flag(flag_id)
        if not isinstance(yes, bool):
            raise TypeError("an answer is yes (True) or no (False)")
        self.answers[flag_id] = yes

    def choose_region(self, region: str | None) -> None:
        if region is not None and region not in {n.region for n in self.numbers}:
            raise KeyError(f"unknown country or region {region!r}")
        self.region = region

    def imply(self, flag_ids: set[str] | frozenset[str]) -> None:
        """Set the warning signs that other answers imply (replacing earlier ones)."""
        for flag_id in flag_ids:
            self._flag(flag_id)
        self.implied = set(flag_ids)

    def reset(self) -> None:
        self.answers.clear()

    @property
    def triggered(self) -> tuple[RedFlag, ...]:
        """The flags answered yes (or implied), most serious first, in question order within a level."""
        yes = [f for f in self.flags if self.answers.get(f.id) or f.id in self.implied]
        return tuple(sorted(yes, key=lambda f: LEVELS.index(f.level)))

    @property
    def needs_help(self) -> bool:
        """Any warning sign applies: the help panel shows."""
        return bool(self.triggered)

    @property
    def stops_self_care(self) -> bool:
        """A warning sign applies that the sources say should stop self-care until someone has checked."""
        return any(flag.stops_self_care for flag in self.triggered)

    @property
    def level(self) -> str | None:
        """The most serious level among the yes answers, or None if every answer is no."""
        triggered = self.triggered
        return triggered[0].level if triggered else None

    @property
    def heading(self) -> str | None:
        if not self.level:
            return None
        if not self.stops_self_care:
            return f"{LEVEL_HEADINGS[self.level]}; self-care can carry on meanwhile"
        return LEVEL_HEADINGS[self.level]

    def emergency_numbers(self) -> tuple[EmergencyNumber, ...]:
        """The chosen region's number, or every number while no region is chosen."""
        if self.region is None:
            return self.numbers
        return tuple(n for n in self.numbers if n.region == self.region)
