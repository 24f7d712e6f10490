"""'How does it feel now?': pick what matches and get advice from the first-response content."""

from __future__ import annotations

import ipywidgets as w

from ..content import Feeling, content
from ..navigation import page_link
from .html import esc
from .safe import guarded

PROMPT = "Pick the answer that matches how the muscle feels now."


def feedback_html(feeling: Feeling | None) -> str:
    if feeling is None:
        return f'<div class="sr" role="status"><p>{esc(PROMPT)}</p></div>'
    if feeling.warning:
        return (
            '<div class="sr sr-panel sr-danger" role="alert"><h4>\u26a0 Warning sign</h4>'
            f'<p>{esc(feeling.feedback)} <a href="{page_link(content(), "start-here", "warning-signs")}">'
            "Go to the warning-sign check</a>.</p></div>"
        )
    return f'<div class="sr sr-panel sr-ok" role="status"><h4>What this means</h4><p>{esc(feeling.feedback)}</p></div>'


class FeelingView:
    def __init__(self, feelings: tuple[Feeling, ...]):
        self.feelings = {f.id: f for f in feelings}
        self.status = w.HTML()
        self.choice = w.RadioButtons(options=[(f.label, f.id) for f in feelings], value=None,
                                     description="How does it feel?", style={"description_width": "initial"},
                                     layout=w.Layout(width="100%"))
        self.feedback = w.HTML(feedback_html(None))
        self.choice.observe(self._on_choice, names="value")
        self.widget = w.VBox([self.choice, self.feedback, self.status], layout=w.Layout(width="100%"))
        self.widget.add_class("sr-widget")
        self.widget.add_class("sr-feeling")

    def _on_choice(self, change):
        @guarded(self.status, "checking how it feels")
        def run():
            value = change["new"]  # None or one of the options: ipywidgets refuses anything else
            self.status.value = ""
            self.feedback.value = feedback_html(self.feelings.get(value))

        run()


def feeling_check() -> w.VBox:
    return FeelingView(content().first_response.feelings).widget
