"""A run of holds on one timer: left then right, or "Rep 3 of 10". It moves on only when asked.

The words shown for the current hold ("Rep 3 of 10") are also given to the clock, which says
them as the hold starts when the person has chosen spoken cues."""

from __future__ import annotations

import ipywidgets as w

from ..routine import Hold, Routine
from .hold_timer import HoldTimerView
from .html import esc
from .layout import row
from .safe import guarded


class HoldSequenceView:
    def __init__(self, holds: tuple[Hold, ...], name: str):
        self.routine = Routine(holds)
        self.name = name
        self.timer = HoldTimerView(holds[0].seconds, name, on_finish=self._on_hold_finished,
                                   cue_words=self.routine.cue_words)
        self.where = w.HTML()
        self.next = w.Button(description="Next", tooltip="Go to the next hold", disabled=True,
                             layout=w.Layout(width="auto"))
        self.again = w.Button(description="Start the whole set again", layout=w.Layout(width="auto"))
        self.next.on_click(guarded(self.timer.problem, "moving to the next hold")(self._on_next))
        self.again.on_click(guarded(self.timer.problem, "starting again")(self._on_again))
        controls = [self.where, self.timer.widget]
        if len(holds) > 1:
            controls.append(row(self.next, self.again))
        self.widget = w.VBox(controls, layout=w.Layout(width="100%"))
        self.widget.add_class("sr-sequence")
        self._show()

    def _show(self) -> None:
        r = self.routine
        if len(r.holds) == 1:  # one hold: the timer's own status says it all
            self.where.value = ""
            return
        # One line, said once: "Rep 1 of 10." (the timer below states the hold time).
        text, label = r.progress(), r.current.label
        shown = (f"<strong>{esc(label)}</strong>{esc(text[len(label):])}" if text.startswith(label)
                 else f"<strong>{esc(text)}</strong>")
        self.where.value = f'<p class="sr sr-where" role="status">{shown}</p>'
        self.next.disabled = not r.finished_current or r.is_last
        if r.finished_current and not r.is_last:
            following = r.holds[r.position + 1]
            self.next.description = f"Next: {following.label}"
        else:
            self.next.description = "Next"

    def _on_hold_finished(self) -> None:
        self.routine.hold_finished()
        self._show()

    def _on_next(self, _button=None) -> None:
        hold = self.routine.advance()
        self.timer.load(hold.seconds, self.routine.cue_words)
        self._show()

    def _on_again(self, _button=None) -> None:
        self.routine.restart()
        self.timer.load(self.routine.current.seconds, self.routine.cue_words)
        self._show()

    def stop(self) -> None:
        """Pause the clock (for example when the person picks another body area)."""
        self.timer._on_pause()
