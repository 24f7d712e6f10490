"""The gentle back routine: a safety gate (pain and red flags), then four exercises with counted reps."""

from __future__ import annotations

import ipywidgets as w

from ..back_check import BackCheck
from ..content import Exercise, content
from ..navigation import page_link
from ..routine import DayTracker, RoutineError, dose_text, exercise_holds
from ..schema import Range
from .hold_sequence import HoldSequenceView
from .html import esc, picture
from .red_flags import RedFlagView
from .layout import row
from .safe import guarded


def exercise_html(exercise: Exercise) -> str:
    steps = "".join(f"<li>{esc(step)}</li>" for step in exercise.steps)
    return (
        f'<article class="sr sr-card" aria-label="{esc(exercise.name)}"><h3>{esc(exercise.name)}</h3>'
        f'<div class="sr-card-body">{picture(exercise.illustration, exercise.alt)}'
        f'<div class="sr-card-text"><ol class="sr-steps">{steps}</ol>'
        f"<p><strong>Why:</strong> {esc(exercise.purpose)}</p>"
        f'<p class="sr-dose"><strong>How much:</strong> {esc(dose_text(exercise))}</p></div></div></article>'
    )


def _chooser(allowed: Range, description: str) -> w.Dropdown | None:
    if allowed.is_single:
        return None
    return w.Dropdown(options=list(range(allowed.low, allowed.high + 1)), value=allowed.low,
                      description=description, style={"description_width": "initial"},
                      layout=w.Layout(width="auto"))


class ExercisePanel:
    """One exercise: its card and, where the article gives a dose, a counted set and a day tracker."""

    def __init__(self, exercise: Exercise):
        self.exercise = exercise
        self.status = w.HTML()
        parts: list[w.Widget] = [w.HTML(exercise_html(exercise), layout=w.Layout(width="100%"))]
        self.sequence = None
        self.reps = self.hold = None
        if exercise.reps and exercise.hold_seconds:
            self.reps = _chooser(exercise.reps, "Reps")
            self.hold = _chooser(exercise.hold_seconds, "Hold (seconds)")
            choosers = [c for c in (self.reps, self.hold) if c is not None]
            for chooser in choosers:
                chooser.observe(guarded(self.status, "changing the set")(self._rebuild), names="value")
            self.slot = w.VBox(layout=w.Layout(width="100%"))
            self._rebuild()
            if choosers:
                parts.append(row(*choosers))
            parts.append(self.slot)
        self.tracker = None
        if exercise.per_day:
            self.tracker = DayTracker(exercise.per_day)
            self.today = w.HTML()
            self.done_button = w.Button(description="I finished a session", layout=w.Layout(width="auto"))
            self.undo_button = w.Button(description="Undo", tooltip="Take back the last session",
                                        layout=w.Layout(width="auto"))
            self.reset_button = w.Button(description="Reset today", layout=w.Layout(width="auto"))
            self.done_button.on_click(guarded(self.status, "recording a session")(lambda _b: self._track("record")))
            self.undo_button.on_click(guarded(self.status, "undoing a session")(lambda _b: self._track("undo")))
            self.reset_button.on_click(guarded(self.status, "resetting today")(lambda _b: self._track("reset")))
            self._show_today()
            parts += [w.HTML('<p class="sr-legend">Today</p>'), self.today,
                      row(self.done_button, self.undo_button, self.reset_button)]
        parts.append(self.status)
        self.widget = w.VBox(parts, layout=w.Layout(width="100%"))
        self.widget.add_class("sr-exercise")
        self.widget.add_class(f"sr-exercise-{exercise.id}")

    def _rebuild(self, _change=None) -> None:
        reps = self.reps.value if self.reps is not None else None
        hold = self.hold.value if self.hold is not None else None
        holds = exercise_holds(self.exercise, reps=reps, hold_seconds=hold)
        if self.sequence is not None:
            self.sequence.stop()
        self.sequence = HoldSequenceView(holds, f"{self.exercise.name} timer")
        self.slot.children = [self.sequence.widget]
        self.status.value = ""

    def _track(self, action: str) -> None:
        getattr(self.tracker, action)()
        self.status.value = ""
        self._show_today()

    def _show_today(self) -> None:
        self.today.value = f'<p class="sr" role="status">{esc(self.tracker.summary())}</p>'

    def stop(self) -> None:
        if self.sequence is not None:
            self.sequence.stop()


def locked_html(check: BackCheck) -> str:
    back = check.back
    if check.reason == "red-flag":
        return ('<div class="sr sr-panel sr-danger" role="status"><h3 class="sr-locked">The exercises stay closed</h3>'
                "<p>You ticked a warning sign above. Get help first, as the panel above explains.</p></div>")
    if check.reason == "no-answer":
        return ('<div class="sr sr-panel sr-warn" role="status"><h3>Answer the pain check first</h3>'
                "<p>The exercises appear once you have said how your back feels.</p></div>")
    return (f'<div class="sr sr-panel sr-warn" role="status"><h3 class="sr-locked">{esc(back.locked_heading)}</h3>'
            f"<p>{esc(check.not_yet or back.locked_text)}</p>"
            f'<p>See <a href="{page_link(content(), "first-response")}">the first response</a> for resting well. If the pain '
            "is not settling, or you are worried, contact a doctor.</p></div>")


class BackRoutineView:
    def __init__(self, check: BackCheck):
        self.check = check
        self.status = w.HTML()
        levels = check.back.pain_levels
        self.pain = w.RadioButtons(options=[(level.label, level.id) for level in levels], value=None,
                                   description="How is your back right now?",
                                   style={"description_width": "initial"}, layout=w.Layout(width="100%"))
        self.pain.observe(guarded(self.status, "answering the pain check")(self._on_pain), names="value")
        self.flags = RedFlagView(check.flags)
        for box in self.flags.boxes.values():
            box.observe(guarded(self.status, "answering a warning sign")(lambda _c: self._refresh()), names="value")
        self.flags.clear.on_click(guarded(self.status, "clearing answers")(lambda _b: self._refresh()))
        self.gate = w.HTML()
        self.panels = [ExercisePanel(e) for e in check.back.exercises]
        self.routine = w.VBox([p.widget for p in self.panels], layout=w.Layout(width="100%"))
        self.routine.add_class("sr-back-exercises")
        self.widget = w.VBox([self.pain, self.flags.widget, self.status, self.gate, self.routine],
                             layout=w.Layout(width="100%"))
        self.widget.add_class("sr-widget")
        self.widget.add_class("sr-back-routine")
        self._refresh()

    def _on_pain(self, change) -> None:
        self.check.choose_pain(change["new"])
        self._refresh()

    def _refresh(self) -> None:
        self.status.value = ""
        if self.check.unlocked:
            self.gate.value = ('<div class="sr sr-panel sr-ok" role="status"><h3>\u2714 Ready when you are</h3>'
                               "<p>Go gently. If any exercise makes the spasm worse, stop it.</p></div>")
            self.routine.layout.display = None
        else:
            self.gate.value = locked_html(self.check)
            self.routine.layout.display = "none"
            for panel in self.panels:
                panel.stop()


def back_routine() -> w.VBox:
    return BackRoutineView(BackCheck.from_content(content())).widget

