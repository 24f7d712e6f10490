"""The warning-sign check: a yes/no checkbox per red flag, a country choice, and a help panel."""

from __future__ import annotations

import ipywidgets as w

from ..content import content
from ..red_flags import RedFlagCheck
from .html import cite, esc
from .reveal import Reveal
from .safe import guarded
from .tick_boxes import tick_boxes, untick_all

NO_REGION = "Not chosen (show all numbers)"


def panel_html(check: RedFlagCheck) -> str:
    """The panel under the questions: calm when every answer is no, 'get help' on any yes."""
    c = content()
    if not check.needs_help:
        return (
            '<div class="sr sr-panel sr-ok" role="status">'
            "<h3>No warning signs ticked</h3>"
            "<p>Self-care at home is a reasonable start. If anything on this list changes, "
            "stop and come back to this check.</p></div>"
        )
    reasons = "".join(
        f"<li><strong>{esc(flag.question)}</strong><br>{esc(flag.advice)} {cite(c, flag.sources)}</li>"
        for flag in check.triggered
    )
    numbers = "".join(
        f'<li><span class="sr-region">{esc(n.region)}:</span> <span class="sr-number">{esc(n.number)}</span></li>'
        for n in check.emergency_numbers()
    )
    where = "" if check.region else "<p>Choose your country or region above to see just your number.</p>"
    if check.stops_self_care:
        title = "\u26a0 Stop self-care and get help"
        what = "Do not carry on with the self-care in this tutorial until a professional has checked you."
    else:
        title = "\u26a0 See a doctor about this"
        what = "The sources say the self-care in this tutorial can carry on while you wait for the appointment."
    return (
        '<div class="sr sr-panel sr-danger" role="alert" data-level="' + esc(check.level) + '" '
        f'data-stops="{str(check.stops_self_care).lower()}">'
        f"<h3>{title}</h3>"
        f"<p><strong>{esc(check.heading)}.</strong> {what}</p>"
        f"<ul>{reasons}</ul>"
        "<h4>Emergency numbers</h4>"
        f'<ul class="sr-numbers" aria-label="Emergency numbers">{numbers}</ul>{where}'
        "<p>If you are elsewhere, use your local emergency number. "
        "When it is not an emergency, contact your doctor or local health advice service.</p></div>"
    )


class RedFlagView:
    """The view: builds the controls from a :class:`RedFlagCheck` and keeps the panel in step."""

    def __init__(self, check: RedFlagCheck):
        self.check = check
        self.status = w.HTML(layout=w.Layout(width="100%"))
        self.panel = w.HTML(panel_html(check), layout=w.Layout(width="100%"))
        self.panel.add_class("sr-help-panel")
        self.boxes = tick_boxes(((f.id, f.question) for f in check.flags), self._on_tick, self.status,
                                "answering warning sign", "sr-flag-")
        options = [(NO_REGION, "")] + [(f"{n.region} ({n.number})", n.region) for n in check.numbers]
        self.region = w.Dropdown(options=options, value="", description="Country or region",
                                 style={"description_width": "initial"})
        self.region.observe(self._on_region, names="value")
        self.clear = w.Button(description="Clear my answers", tooltip="Untick every warning sign",
                              layout=w.Layout(width="auto"))
        self.clear.on_click(self._on_clear)
        intro = w.HTML(
            '<p class="sr-legend" id="sr-flags-legend">Tick any statement that is true for you right now.</p>'
        )
        # On a phone the panel starts below the screen: a "yes" brings it into view (focus stays put).
        self.reveal = Reveal(".sr-red-flags .sr-help-panel")
        self.widget = w.VBox([intro, *self.boxes.values(), self.region, self.clear, self.status, self.panel,
                              self.reveal], layout=w.Layout(width="100%"))
        self.widget.add_class("sr-widget")
        self.widget.add_class("sr-red-flags")

    def _on_tick(self, flag_id: str, yes: bool) -> None:
        self.check.answer(flag_id, yes)
        self._refresh()
        if yes:
            self.reveal.show()

    def _on_region(self, change):
        @guarded(self.status, "choosing a region")
        def run():
            self.check.choose_region(change["new"] or None)
            self._refresh()

        run()

    def _on_clear(self, _button):
        @guarded(self.status, "clearing answers")
        def run():
            self.check.reset()
            untick_all(self.boxes)
            self._refresh()

        run()

    def refresh(self) -> None:
        """Redraw the panel from the check (for answers given elsewhere on the page)."""
        self.status.value = ""
        self.panel.value = panel_html(self.check)

    _refresh = refresh


def red_flag_check(topics: tuple[str, ...] | None = None) -> w.VBox:
    """The warning-sign check for the given topics (default: every warning sign), ready to display."""
    return RedFlagView(RedFlagCheck.from_content(content(), topics)).widget
