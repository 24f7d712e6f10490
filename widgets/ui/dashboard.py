"""My plan: the public dashboard. Warning signs first; then a personal plan, printable and calendar-ready."""

from __future__ import annotations

import base64
import datetime as dt

import ipywidgets as w

from ..back_check import BackCheck
from ..content import content
from ..printable import printable_plan
from ..red_flags import RedFlagCheck
from .back import ExercisePanel, dose_text
from .html import esc
from .hydration import DrinkPlannerView
from .planner import PlannerView
from .red_flags import RedFlagView
from .safe import guarded
from .stretches import StretchCard

STYLE = {"description_width": "initial"}


def _section(title: str, text: str = "") -> w.HTML:
    extra = f"<p>{esc(text)}</p>" if text else ""
    return w.HTML(f'<div class="sr"><h2 class="sr-section">{esc(title)}</h2>{extra}</div>', layout=w.Layout(width="100%"))


def first_steps_html() -> str:
    fr = content().first_response
    now = "".join(f"<li><strong>{esc(s.title)}.</strong> {esc(s.text)}</li>" for s in fr.now)
    after = "".join(f"<li><strong>{esc(s.title)}.</strong> {esc(s.text)}</li>" for s in fr.after)
    return (f'<div class="sr"><h3>Right now</h3><ol>{now}</ol>'
            f"<h3>Over the next few days</h3><ol>{after}</ol></div>")


class MyPlanView:
    def __init__(self, clock=dt.datetime.now):
        c = self.c = content()
        self.clock = clock
        self.message = w.HTML()
        self.check = RedFlagCheck.from_content(c)
        self.flags = RedFlagView(self.check)
        for box in self.flags.boxes.values():
            box.observe(lambda _c: self._refresh(), names="value")
        self.flags.clear.on_click(lambda _b: self._refresh())

        areas = [(a.capitalize(), a) for a in c.stretching.body_areas] + [("Back", "back")]
        self.area = w.Dropdown(options=areas, value=areas[0][1], description="Where is the spasm?", style=STYLE)
        self.area.add_class("sr-area")
        self.pain = w.RadioButtons(options=[(p.label, p.id) for p in c.back.pain_levels], value=None,
                                   description="How bad is it right now?", style=STYLE, layout=w.Layout(width="100%"))
        self.area.observe(self._on_change, names="value")
        self.pain.observe(self._on_change, names="value")

        self.first = w.HTML(first_steps_html(), layout=w.Layout(width="100%"))
        self.moves_intro = w.HTML(layout=w.Layout(width="100%"))
        self.moves = w.VBox(layout=w.Layout(width="100%"))
        self._stretch_cards: dict[str, list[StretchCard]] = {}
        self.back_check = BackCheck(c.back, self.check)
        self._back_panels: list[ExercisePanel] | None = None
        self.planner = PlannerView(c, clock)
        self.planner.result.observe(lambda _c: self._printable(), names="value")
        self.drinks = DrinkPlannerView()
        self.printable = w.HTML()

        self.plan_box = w.VBox([
            _section("2. About your spasm"), self.area, self.pain,
            _section("3. What to do"), self.first,
            _section("4. Stretch or exercise"), self.moves_intro, self.moves,
            _section("5. Cold and heat today",
                     "Fill in when it started and your day; the timeline and table update as you go."),
            self.planner.widget,
            _section("6. Drinks"), self.drinks.widget,
            _section("7. Keep your plan"), self.printable,
        ], layout=w.Layout(width="100%"))
        self.plan_box.add_class("sr-my-plan")
        self.help_only = w.HTML()
        self.widget = w.VBox([_section("1. Check for warning signs first"), self.flags.widget, self.help_only,
                              self.message, self.plan_box], layout=w.Layout(width="100%"))
        self.widget.add_class("sr-widget")
        self.widget.add_class("sr-dashboard")
        self._show_moves()
        self._refresh()

    # ---- reacting ----

    def _on_change(self, _change=None) -> None:
        @guarded(self.message, "updating your plan")
        def run():
            self.back_check.choose_pain(self.pain.value)
            self._show_moves()
            self._printable()

        run()

    def _refresh(self) -> None:
        if self.check.needs_help:
            self.plan_box.layout.display = "none"
            self.help_only.value = ('<div class="sr sr-panel sr-danger" role="status"><p><strong>Your plan is '
                                    "hidden</strong> because you ticked a warning sign. Get help first, as the panel "
                                    "above explains.</p></div>")
            for cards in self._stretch_cards.values():
                for card in cards:
                    card.stop()
        else:
            self.plan_box.layout.display = None
            self.help_only.value = ""
            self._show_moves()
            self._printable()

    def _show_moves(self) -> None:
        area = self.area.value
        if area == "back":
            if self.back_check.unlocked:
                if self._back_panels is None:
                    self._back_panels = [ExercisePanel(e) for e in self.c.back.exercises]
                self.moves_intro.value = ('<div class="sr sr-panel sr-ok" role="status"><p>Your back has eased '
                                          "enough for these gentle exercises. Stop any that make it worse.</p></div>")
                self.moves.children = [p.widget for p in self._back_panels]
            else:
                why = ("Answer 'How bad is it right now?' above to see whether the exercises are safe yet."
                       if self.pain.value is None else f"{self.c.back.locked_heading}. {self.c.back.locked_text}")
                self.moves_intro.value = f'<div class="sr sr-panel sr-warn" role="status"><p>{esc(why)}</p></div>'
                self.moves.children = []
                for panel in self._back_panels or []:
                    panel.stop()
            return
        if area not in self._stretch_cards:
            self._stretch_cards[area] = [StretchCard(s, self.c.stretching) for s in self.c.stretching.for_area(area)]
        for cards in self._stretch_cards.values():
            for card in cards:
                card.stop()
        self.moves_intro.value = ('<p class="sr">Stretch gently and stop if it hurts. Skip stretching if a warning '
                                  "sign applies, or if the muscle might be torn.</p>")
        self.moves.children = [card.box for card in self._stretch_cards[area]]

    def _printable(self) -> None:
        @guarded(self.message, "preparing the printable plan")
        def run():
            plan = getattr(self.planner, "plan", None)
            svg = getattr(self.planner, "svg", None)
            made = self.clock().replace(second=0, microsecond=0)
            document = printable_plan(self.c, area=self.area.value, back_open=self.back_check.unlocked, plan=plan,
                                      timeline_svg=svg, dose_text=dose_text, made=made)
            data = base64.b64encode(document.encode("utf-8")).decode()
            day = plan.request.day.isoformat() if plan is not None else ""
            covers = f"{plan.request.day:%A %d %B}" if plan is not None else "no cold and heat plan"
            self.printable.value = (
                f'<p class="sr"><a class="sr-download" data-day="{day}" download="my-spasm-relief-plan.html" '
                f'href="data:text/html;charset=utf-8;base64,{data}">Printable plan (HTML)</a> '
                f'<span class="sr-cite">Covers {esc(covers)}. Open it and print it (A4 or Letter). The calendar '
                "file is under the timeline above.</span></p>")

        run()


def my_plan() -> w.VBox:
    return MyPlanView().widget
