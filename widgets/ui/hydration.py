"""The hydration lesson's views: the minerals, the supplements question, and a drink planner."""

from __future__ import annotations

import datetime as dt

import ipywidgets as w
from IPython.display import HTML

from ..content import content
from ..drinks import drink_plan
from .html import cite, esc, fact_item
from .layout import row
from .safe import guarded

STYLE = {"description_width": "initial"}


def minerals() -> HTML:
    c = content()
    h = c.hydration
    items = "".join(f"<li><strong>{esc(m.name.capitalize())}</strong>: {esc(m.role)}</li>" for m in h.mineral_details)
    return HTML(
        f'<div class="sr"><p>{esc(h.minerals_role)} {cite(c, h.sources)}</p><ul>{items}</ul>'
        f"<p>{cite(c, h.mineral_sources)}</p></div>"
    )


def drinks() -> HTML:
    c = content()
    h = c.hydration
    kinds = ", ".join(esc(d) for d in h.drinks)
    return HTML(
        f'<div class="sr"><ul><li>{esc(h.why)}</li><li>Drinks that help: {kinds}.</li>'
        f"<li>{esc(h.before_heavy_use)}</li></ul><p>{cite(c, h.sources)}</p></div>"
    )


def supplements() -> HTML:
    """The article's view on supplements, next to what other sources say about medicines."""
    c = content()
    others = "".join(fact_item(c, f) for f in c.safety.medicines)
    return HTML(
        '<div class="sr sr-disagreement"><h3>Supplements and medicines: two views</h3><ul>'
        f"<li><strong>The article's view:</strong> {esc(c.hydration.supplements_article_view)} "
        f"{cite(c, c.hydration.sources)}</li>{others}</ul><p><strong>{esc(c.safety.medicine_stance)}</strong></p></div>"
    )


def steps_html(steps) -> str:
    items = "".join(f"<li><strong>{esc(s.when)}:</strong> {esc(s.what)}</li>" for s in steps)
    return f'<div class="sr sr-panel sr-ok" role="status"><h4>Your drinks</h4><ol>{items}</ol></div>'


class DrinkPlannerView:
    """Empty until the person enters their exercise: no invented defaults."""

    def __init__(self):
        self.hydration = content().hydration
        self.start = w.TimePicker(value=None, description="Exercise starts", style=STYLE)
        self.end = w.TimePicker(value=None, description="ends", style=STYLE)
        self.heavy = w.Checkbox(value=False, indent=False, description="It will be hard or long work (heavy sweating)")
        self.output = w.HTML()
        self.message = w.HTML()
        self.steps: tuple = ()
        for control in (self.start, self.end, self.heavy):
            control.observe(self._update, names="value")
        self.widget = w.VBox([row(self.start, self.end), self.heavy, self.message, self.output],
                             layout=w.Layout(width="100%"))
        self.widget.add_class("sr-widget")
        self.widget.add_class("sr-drinks")
        self._update()

    def _update(self, _change=None) -> None:
        @guarded(self.message, "planning drinks")
        def run():
            self.steps = ()
            self.output.value = ""
            self.message.value = ""
            self.steps = drink_plan(self.hydration, self.start.value, self.end.value, self.heavy.value)
            self.output.value = steps_html(self.steps) if self.steps else (
                '<p class="sr sr-waiting">Enter when your next exercise or heavy job starts and ends to see what '
                "to drink.</p>")

        run()


def drink_planner() -> w.VBox:
    return DrinkPlannerView().widget
