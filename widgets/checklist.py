"""A checklist of steps a person ticks off (for example the first minute of a spasm)."""

from __future__ import annotations

from dataclasses import dataclass, field

from .content import Step


@dataclass
class Checklist:
    steps: tuple[Step, ...]
    done: set[str] = field(default_factory=set)

    def _check(self, step_id: str) -> None:
        if step_id not in {s.id for s in self.steps}:
            raise KeyError(f"unknown step {step_id!r}")

    def tick(self, step_id: str, done: bool = True) -> None:
        self._check(step_id)
        if done:
            self.done.add(step_id)
        else:
            self.done.discard(step_id)

    def reset(self) -> None:
        self.done.clear()

    @property
    def count(self) -> int:
        return len(self.done)

    @property
    def total(self) -> int:
        return len(self.steps)

    @property
    def complete(self) -> bool:
        return self.count == self.total

    @property
    def next_step(self) -> Step | None:
        for step in self.steps:
            if step.id not in self.done:
                return step
        return None

    def summary(self) -> str:
        if self.complete:
            return f"All {self.total} steps done."
        return f"{self.count} of {self.total} steps done. Next: {self.next_step.title}."
