"""A JSON value kept only in the visitor's browser (localStorage), for the diary (browser_store.js).

The browser hands over what it keeps when the page is shown (``value``, then ``loaded``), whether it
lets the page keep anything (``available``) and its own date (``today``); the kernel writes by
setting ``value`` (an empty list removes the key). Values come from a client: the model that reads
them (e.g. :func:`widgets.diary.from_data`) checks them.
"""

from __future__ import annotations

from pathlib import Path

import anywidget
import traitlets


class BrowserStore(anywidget.AnyWidget):
    _esm = Path(__file__).with_name("browser_store.js").read_text(encoding="utf-8")

    key = traitlets.Unicode("").tag(sync=True)
    value = traitlets.Any([]).tag(sync=True)
    loaded = traitlets.Bool(False).tag(sync=True)
    available = traitlets.Bool(True).tag(sync=True)
    today = traitlets.Unicode("").tag(sync=True)
