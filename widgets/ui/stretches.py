"""The stretch guide: pick a body area, see its stretch card(s), each with a hold timer."""

from __future__ import annotations

import ipywidgets as w

from ..content import Stretch, Stretching, content
from ..routine import stretch_holds
from .hold_sequence import HoldSequenceView
from .html import cite, esc, picture
from .safe import guarded


def card_html(stretch: Stretch, stretching: Stretching) -> str:
    steps = "".join(f"<li>{esc(step)}</li>" for step in stretch.steps)
    also = f' <span class="sr-cite">(for a {esc(stretch.also_called)})</span>' if stretch.also_called else ""
    sides = " on the cramping side" if stretch.each_side else ""
    feel = f"<p><strong>You should feel:</strong> {esc(stretch.feel)}</p>" if stretch.feel else ""
    return (
        f'<article class="sr sr-card" aria-label="{esc(stretch.name)}">'
        f"<h3>{esc(stretch.name)}{also}</h3>"
        f'<div class="sr-card-body">{picture(stretch.illustration, stretch.alt)}'
        f'<div class="sr-card-text"><ol class="sr-steps">{steps}</ol>'
        f"{feel}"
        f"<p><strong>When to stop:</strong> {esc(stretch.stop_when)}</p>"
        f"<p><strong>Hold:</strong> about {stretching.hold_seconds} seconds{sides}.</p>"
        f"<p>{cite(content(), stretching.sources_of(stretch))}</p></div></div></article>"
    )


class StretchCard:
    """One stretch: its card, a 'both sides' choice where it applies, and its hold timer."""

    def __init__(self, stretch: Stretch, stretching: Stretching):
        self.stretch = stretch
        self.stretching = stretching
        self.card = w.HTML(card_html(stretch, stretching), layout=w.Layout(width="100%"))
        self.box = w.VBox(layout=w.Layout(width="100%"))
        self.box.add_class("sr-stretch")
        self.box.add_class(f"sr-stretch-{stretch.id}")
        self.sides = None
        if stretch.each_side:
            self.sides = w.ToggleButtons(options=[("One side", False), ("Left then right", True)], value=False,
                                         description="Sides", style={"description_width": "initial",
                                                                     "button_width": "auto"})
            self.sides.observe(guarded(self.card, "choosing sides")(self._on_sides), names="value")
        self.sequence = self._sequence(False)
        self._layout()

    def _sequence(self, both: bool) -> HoldSequenceView:
        holds = stretch_holds(self.stretch, self.stretching.hold_seconds, both_sides=both)
        return HoldSequenceView(holds, f"{self.stretch.name} timer")

    def _layout(self) -> None:
        parts = [self.card]
        if self.sides is not None:
            parts.append(self.sides)
        parts.append(self.sequence.widget)
        self.box.children = parts

    def _on_sides(self, change) -> None:
        self.sequence.stop()
        self.sequence = self._sequence(bool(change["new"]))
        self._layout()

    def stop(self) -> None:
        self.sequence.stop()


class StretchGuideView:
    def __init__(self, stretching: Stretching):
        self.stretching = stretching
        self.cards: dict[str, list[StretchCard]] = {}
        self.status = w.HTML()
        self.area = w.Dropdown(options=[(area.capitalize(), area) for area in stretching.body_areas],
                               value=stretching.body_areas[0], description="Body area",
                               style={"description_width": "initial"})
        self.area.add_class("sr-area")
        self.shown = w.VBox(layout=w.Layout(width="100%"))
        self.shown.add_class("sr-cards")
        self.area.observe(self._on_area, names="value")
        self.widget = w.VBox([self.area, self.status, self.shown], layout=w.Layout(width="100%"))
        self.widget.add_class("sr-widget")
        self.widget.add_class("sr-stretch-guide")
        self._show(self.area.value)

    def _cards(self, area: str) -> list[StretchCard]:
        if area not in self.cards:
            self.cards[area] = [StretchCard(s, self.stretching) for s in self.stretching.for_area(area)]
        return self.cards[area]

    def _show(self, area: str) -> None:
        self.shown.children = [card.box for card in self._cards(area)]

    def _on_area(self, change) -> None:
        @guarded(self.status, "choosing a body area")
        def run():
            area = change["new"]  # one of the dropdown's options: ipywidgets refuses anything else
            for cards in self.cards.values():
                for card in cards:
                    card.stop()
            self.status.value = ""
            self._show(area)

        run()


def stretch_guide() -> w.VBox:
    return StretchGuideView(content().stretching).widget

