"""Progress kept in the learner's own browser (anywidget; front end in browser_progress.js).

One widget class, two jobs (its ``kind``):

- ``"record"``: hidden. On a lesson page (``page_id``) it marks the lesson opened, and finished
  once the page's footer has been on screen; in the self-check it keeps the best ``score`` the
  kernel hands it at "Finish". :func:`record_page` shows one from every lesson's footer.
- ``"panel"``: the start page's "Your progress" (:func:`progress`): each lesson with its state in
  words, the best score, "Continue where you left off", and "Forget me" (asked in the page first).

The record is written and read by the browser only (localStorage); the kernel never receives it,
and this widget never sends anything to the kernel.
"""

from __future__ import annotations

from pathlib import Path

import anywidget
import ipywidgets as w
import traitlets

from ..content import content
from ..diary import STORAGE_KEY as DIARY_KEY
from ..progress import FINISH_DWELL_MS, PRIVACY, RULES, STORAGE_KEY, panel_lessons, recorded_page, score_record
from .static_html import PLACEHOLDER_MIME


class Progress(anywidget.AnyWidget):
    _esm = Path(__file__).with_name("browser_progress.js").read_text(encoding="utf-8")

    kind = traitlets.Unicode("record").tag(sync=True)
    """``"record"`` (hidden, keeps the record) or ``"panel"`` (shows it, on the start page)."""
    key = traitlets.Unicode(STORAGE_KEY).tag(sync=True)
    page_id = traitlets.Unicode("").tag(sync=True)
    """The lesson this page is (``"record"``); empty: record no visit (the quiz's score keeper)."""
    dwell_ms = traitlets.Int(FINISH_DWELL_MS).tag(sync=True)
    score = traitlets.Dict({}).tag(sync=True)
    """The latest score at "Finish": ``{"right", "total", "text", "n"}`` (``n`` counts, so the same score twice is news)."""
    lessons = traitlets.List([]).tag(sync=True)
    """For the panel: ``[{"id", "number", "title", "href"}]`` in teaching order."""
    rules = traitlets.Unicode("").tag(sync=True)
    forget_keys = traitlets.List([]).tag(sync=True)
    """More localStorage keys that "Forget me" clears with the progress (the diary's)."""
    privacy = traitlets.Unicode("").tag(sync=True)

    def keep_score(self, right: int, total: int, answered: int) -> None:
        """Hand a score at "Finish" to the browser, which keeps it if it is the best so far."""
        record = score_record(right, total, answered)
        if record is not None:
            self.score = {**record, "n": int(self.score.get("n", 0)) + 1}


class _Quiet(Progress):
    """A recorder shown on its own (in the footer's cell): the app's template gives it no
    "Loading" placeholder, since it draws nothing."""

    def _repr_mimebundle_(self, **kwargs):
        bundle = super()._repr_mimebundle_(**kwargs)  # anywidget's: (data, metadata)
        if bundle is None:
            return None
        data, metadata = bundle if isinstance(bundle, tuple) else (bundle, {})
        return {**data, PLACEHOLDER_MIME: {"quiet": True}}, metadata


def recorder(page_id: str) -> Progress | None:
    """The hidden recorder for the page ``page_id``, or None if the page is not a lesson to record."""
    lesson = recorded_page(content(), page_id)
    if not lesson:
        return None
    widget = _Quiet(kind="record", page_id=lesson)
    widget.add_class("sr-progress-record")
    return widget


def record_page(page_id: str) -> None:
    """Show the recorder of a lesson page in the running cell (the footer's), if there is a kernel.

    The footer itself is drawn from static HTML in the app (no widget of it is drawn there), so the
    recorder is a separate output of the same cell, shown just before it.
    """
    from IPython import get_ipython
    from IPython.display import display

    widget = recorder(page_id)
    if widget is not None and get_ipython() is not None:
        display(widget)


def score_keeper() -> Progress:
    """A hidden recorder for the self-check: :meth:`Progress.keep_score` at "Finish"."""
    widget = Progress(kind="record")
    widget.add_class("sr-progress-score")
    return widget


def progress() -> w.VBox:
    """The start page's "Your progress" panel, in a box like every other widget on a page (the app's
    template takes a placeholder away once a drawn ``jupyter-widgets`` element is beside it, and an
    anywidget's own element is not one)."""
    panel = Progress(kind="panel", lessons=panel_lessons(content()), rules=RULES, privacy=PRIVACY,
                     forget_keys=[DIARY_KEY])
    box = w.VBox([panel], layout=w.Layout(width="100%"))
    box.add_class("sr-widget")
    box.add_class("sr-progress-widget")
    return box
