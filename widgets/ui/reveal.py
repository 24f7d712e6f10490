"""Bring an element into view from the kernel (anywidget; front end in reveal.js).

Voilà does not run scripts inside HTML outputs, so a view that must show something now
(a warning panel that appears below the fold on a phone) asks this hidden widget to scroll
it into view: ``Reveal(".sr-help-panel").show()``.
"""

from __future__ import annotations

from pathlib import Path

import anywidget
import traitlets


class Reveal(anywidget.AnyWidget):
    _esm = Path(__file__).with_name("reveal.js").read_text(encoding="utf-8")

    selector = traitlets.Unicode("").tag(sync=True)
    count = traitlets.Int(0).tag(sync=True)

    def __init__(self, selector: str, **kwargs):
        super().__init__(selector=selector, **kwargs)

    def show(self) -> None:
        """Scroll the element into view (each call scrolls again)."""
        self.count += 1
