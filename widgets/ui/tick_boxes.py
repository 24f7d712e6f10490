"""A column of labelled checkboxes whose ticks go to a model, with errors shown, and an untick-all."""

from __future__ import annotations

from typing import Callable, Iterable

import ipywidgets as w

from .safe import guarded


def tick_boxes(items: Iterable[tuple[str, str]], on_tick: Callable[[str, bool], None], status: w.HTML,
               action: str, css_prefix: str) -> dict[str, w.Checkbox]:
    """One full-width checkbox per (key, label); ticking calls ``on_tick(key, ticked)`` guarded by ``status``."""
    boxes = {}
    for key, label in items:
        box = w.Checkbox(value=False, description=label, indent=False, layout=w.Layout(width="100%"))
        box.add_class(f"{css_prefix}{key}")

        def handler(change, key=key):
            on_tick(key, bool(change["new"]))

        box.observe(guarded(status, f"{action} {key}")(handler), names="value")
        boxes[key] = box
    return boxes


def untick_all(boxes: dict[str, w.Checkbox]) -> None:
    for box in boxes.values():
        box.value = False
