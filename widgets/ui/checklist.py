"""A tick-off checklist view: a checkbox per step, the reason under it, and progress in words."""

from __future__ import annotations

import ipywidgets as w

from ..checklist import Checklist
from ..content import content
from .html import esc
from .safe import guarded
from .tick_boxes import tick_boxes, untick_all


def progress_html(checklist: Checklist) -> str:
    kind = "sr-ok" if checklist.complete else "sr-warn"
    heading = "Done" if checklist.complete else "In progress"
    extra = " Next, read how to look after the muscle over the next few days." if checklist.complete else ""
    return (
        f'<div class="sr sr-panel {kind}" role="status"><h4>{heading}</h4>'
        f"<p>{esc(checklist.summary())}{extra}</p></div>"
    )


class ChecklistView:
    def __init__(self, checklist: Checklist, legend: str):
        self.checklist = checklist
        self.status = w.HTML()
        self.progress = w.HTML(progress_html(checklist))
        rows: list[w.Widget] = [w.HTML(f'<p class="sr-legend">{esc(legend)}</p>')]
        self.boxes = tick_boxes(((s.id, f"{n}. {s.title}: {s.text}") for n, s in enumerate(checklist.steps, start=1)),
                                self._on_tick, self.status, "ticking step", "sr-step-")
        for step in checklist.steps:
            why = f"Why: {step.why}"
            if step.caution:
                why += f" Careful: {step.caution}"
            rows += [self.boxes[step.id], w.HTML(f'<p class="sr-step-why">{esc(why)}</p>')]
        self.reset = w.Button(description="Start again", tooltip="Untick every step", layout=w.Layout(width="auto"))
        self.reset.on_click(self._on_reset)
        self.widget = w.VBox([*rows, self.progress, self.reset, self.status], layout=w.Layout(width="100%"))
        self.widget.add_class("sr-widget")
        self.widget.add_class("sr-checklist")

    def _on_tick(self, step_id: str, ticked: bool) -> None:
        self.checklist.tick(step_id, ticked)
        self._refresh()

    def _on_reset(self, _button):
        @guarded(self.status, "resetting the checklist")
        def run():
            self.checklist.reset()
            untick_all(self.boxes)
            self._refresh()

        run()

    def _refresh(self) -> None:
        self.status.value = ""
        self.progress.value = progress_html(self.checklist)


def first_minute() -> w.VBox:
    """The 'first minute' checklist from the first-response content."""
    return ChecklistView(Checklist(content().first_response.now), "Your first minute, step by step:").widget
