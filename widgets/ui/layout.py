"""Layout helpers shared by the views."""

from __future__ import annotations

import ipywidgets as w


def row(*children: w.Widget) -> w.HBox:
    """A row of controls that wraps onto the next line on a narrow screen."""
    box = w.HBox(list(children), layout=w.Layout(flex_flow="row wrap"))
    box.add_class("sr-row")
    return box
