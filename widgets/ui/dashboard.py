"""My plan: the public dashboard. Warning signs first; then a personal plan, printable and calendar-ready."""

from __future__ import annotations

import base64
import datetime as dt

import ipywidgets as w

from ..content import Content, content
from ..my_plan import BACK, MyPlan
from ..printable import printable_plan
from .back import ExercisePanel
from .html import cite, esc, fact_item
from .hydration import DrinkPlannerView
from .static_html import PageSizedBox
from .planner import PlannerView
from .red_flags import RedFlagView
from .safe import guarded
from .stretches import StretchCard

STYLE = {"description_width": "initial"}


def _section(title: str, text: str = "") -> w.HTML:
    extra = f"<p>{esc(text)}</p>" if text else ""
    return w.HTML(f'<div class="sr"><h2 class="sr-section">{esc(title)}</h2>{extra}</div>', layout=w.Layout(width="100%"))


def stretch_safety_html(c: Content) -> str:
    """Before stretching: the safety sources' cautions, with their sources."""
    items = "".join(fact_item(c, f) for f in c.safety.stretch_cautions)
    return f'<div class="sr sr-panel sr-warn sr-stretch-safety"><h3>Before you stretch</h3><ul>{items}</ul></div>'


def first_steps_html() -> str:
    fr = content().first_response
    now = "".join(f"<li><strong>{esc(s.title)}.</strong> {esc(s.text)}"
                  + (f" <em>{esc(s.caution)}</em>" if s.caution else "") + "</li>" for s in fr.now)
    after = "".join(f"<li><strong>{esc(s.title)}.</strong> {esc(s.text)}</li>" for s in fr.after)
    return (f'<div class="sr"><h3>Right now</h3><ol>{now}</ol>'
            f"<h3>Over the next few days</h3><ol>{after}</ol></div>")


class MyPlanView:
    def __init__(self, clock=dt.datetime.now):
        c = self.c = content()
        self.clock = clock
        self.message = w.HTML()
        self.model = MyPlan.from_content(c)
        self.check = self.model.check
        self.flags = RedFlagView(self.check)
        for box in self.flags.boxes.values():
            box.observe(lambda _c: self._refresh(), names="value")
        self.flags.clear.on_click(lambda _b: self._refresh())
        self.flags.region.observe(lambda _c: self._printable(), names="value")

        self.area = w.Dropdown(options=[(a.capitalize(), a) for a in self.model.areas], value=self.model.area,
                               description="Where is the spasm?", style=STYLE)
        self.area.add_class("sr-area")
        self.pain = w.RadioButtons(options=[(s.label, s.id) for s in c.first_response.severities], value=None,
                                   description="How bad is it right now?", style=STYLE, layout=w.Layout(width="100%"))
        self.pain.add_class("sr-severity")
        self.severity_note = w.HTML(layout=w.Layout(width="100%"))
        self.area.observe(self._on_change, names="value")
        self.pain.observe(self._on_change, names="value")

        self.first = w.HTML(first_steps_html(), layout=w.Layout(width="100%"))
        self.moves_intro = w.HTML(layout=w.Layout(width="100%"))
        self.moves = w.VBox(layout=w.Layout(width="100%"))
        self._stretch_cards: dict[str, list[StretchCard]] = {}
        self._back_panels: list[ExercisePanel] | None = None
        self.planner = PlannerView(c, clock)
        self.planner.result.observe(lambda _c: self._printable(), names="value")
        self.drinks = DrinkPlannerView()
        self.drinks.output.observe(lambda _c: self._printable(), names="value")
        self.printable = w.HTML()

        self.plan_box = w.VBox([
            _section("3. What to do"), self.first,
            _section("4. Stretch or exercise"), self.moves_intro, self.moves,
            _section("5. Cold and heat today",
                     "Fill in when it started and your day; the timeline and table update as you go."),
            self.planner.widget,
            _section("6. Drinks"), self.drinks.widget,
            _section("7. Keep your plan"), self.printable,
        ], layout=w.Layout(width="100%"))
        self.plan_box.add_class("sr-my-plan")
        self.waiting = w.HTML()
        self.help_only = w.HTML()
        self.widget = PageSizedBox([_section("1. Check for warning signs first"), self.flags.widget, self.help_only,
                              _section("2. About your spasm"), self.area, self.pain, self.severity_note,
                              self.message, self.waiting, self.plan_box],
                             layout=w.Layout(width="100%"))
        self.widget.add_class("sr-widget")
        self.widget.add_class("sr-dashboard")
        self._refresh()

    # ---- reacting ----

    def _on_change(self, _change=None) -> None:
        @guarded(self.message, "updating your plan")
        def run():
            self.model.choose_area(self.area.value)
            had_help = self.check.needs_help
            self.model.choose_severity(self.pain.value)
            self.flags.refresh()  # an answer such as "it will not ease" is itself a warning sign
            self._refresh()
            if self.check.needs_help and not had_help:
                self.flags.reveal.show()  # the answer is itself a warning sign: show its panel

        run()

    def _refresh(self) -> None:
        model = self.model
        severity = model.severity
        if severity is None:
            self.severity_note.value = ""
        else:
            self.severity_note.value = (f'<div class="sr sr-panel sr-note" role="status" data-severity="{esc(severity.id)}">'
                                        f"<p>{esc(severity.advice)} {cite(self.c, severity.sources)}</p></div>")
        if model.state == "get-help":
            self.plan_box.layout.display = "none"
            self.waiting.value = ""
            self.help_only.value = ('<div class="sr sr-panel sr-danger" role="status"><p><strong>Your plan is '
                                    "hidden</strong> because a warning sign applies. Get help first, as the panel "
                                    "above explains.</p></div>")
            self._stop_moves()
        elif model.state == "waiting":
            self.plan_box.layout.display = "none"
            self.help_only.value = ""
            self.waiting.value = ('<p class="sr sr-waiting" role="status">Answer <strong>How bad is it right '
                                  "now?</strong> above to see your plan.</p>")
            self._stop_moves()
        else:
            self.plan_box.layout.display = None
            self.help_only.value = ""
            self.waiting.value = ""
            self._show_moves()
            self._printable()

    def _stop_moves(self) -> None:
        for cards in self._stretch_cards.values():
            for card in cards:
                card.stop()
        for panel in self._back_panels or []:
            panel.stop()

    def _show_moves(self) -> None:
        model, area = self.model, self.model.area
        self._stop_moves()
        if area == BACK:
            if model.back_open:
                if self._back_panels is None:
                    self._back_panels = [ExercisePanel(e) for e in self.c.back.exercises]
                self.moves_intro.value = ('<div class="sr sr-panel sr-ok" role="status"><p>Your back has eased '
                                          "enough for these gentle exercises. Stop any that make it worse.</p></div>")
                self.moves.children = [p.widget for p in self._back_panels]
            else:
                self.moves_intro.value = (f'<div class="sr sr-panel sr-warn" role="status"><p>'
                                          f"{esc(self.c.back.locked_heading)}. {esc(self.c.back.locked_text)}</p></div>")
                self.moves.children = []
            return
        if not model.offers_stretches:
            self.moves_intro.value = ('<div class="sr sr-panel sr-warn" role="status"><p>No stretching for now: '
                                      "see the advice above.</p></div>")
            self.moves.children = []
            return
        if area not in self._stretch_cards:
            self._stretch_cards[area] = [StretchCard(s, self.c.stretching) for s in self.c.stretching.for_area(area)]
        self.moves_intro.value = stretch_safety_html(self.c)
        self.moves.children = [card.box for card in self._stretch_cards[area]]

    def _printable(self) -> None:
        @guarded(self.message, "preparing the printable plan")
        def run():
            if not self.model.shows_plan:
                self.printable.value = ""
                return
            plan = getattr(self.planner, "course", None)
            svg = getattr(self.planner, "svg", None)
            made = self.clock().replace(second=0, microsecond=0)
            document = printable_plan(self.c, self.model, plan=plan, timeline_svg=svg,
                                      made=made, drinks=self.drinks.steps)
            data = base64.b64encode(document.encode("utf-8")).decode()
            day = plan.first.request.day.isoformat() if plan is not None else ""
            covers = plan.span if plan is not None else "no cold and heat plan"
            self.printable.value = (
                f'<p class="sr"><a class="sr-download" data-day="{day}" download="my-spasm-relief-plan.html" '
                f'href="data:text/html;charset=utf-8;base64,{data}">Printable plan (HTML)</a> '
                f'<span class="sr-cite">Covers {esc(covers)}. Open it and print it (A4 or Letter). The calendar '
                "file is under the timeline above.</span></p>")

        run()


def my_plan() -> w.VBox:
    return MyPlanView().widget
