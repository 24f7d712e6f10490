"""What only the visitor's browser knows: their local time and the page's query string.

A preheated kernel builds the page before anyone asks for it, so its own clock and
environment say nothing about the visitor. This hidden widget reports both once the page is
shown. Values come from a client, so they are checked before use.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from urllib.parse import parse_qs

import anywidget
import traitlets


class PageInfo(anywidget.AnyWidget):
    _esm = Path(__file__).with_name("page_info.js").read_text(encoding="utf-8")

    now = traitlets.Unicode("").tag(sync=True)
    query = traitlets.Unicode("").tag(sync=True)


def parse_browser_time(value: str) -> dt.datetime | None:
    """``"2026-11-24T09:30"`` -> a datetime; anything else (or an absurd date) -> None."""
    if not isinstance(value, str) or len(value) > 40:
        return None
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    if moment.tzinfo is not None or not 2000 <= moment.year <= 2200:
        return None
    return moment


def query_flag(query: str, name: str) -> str:
    """The value of ``name`` in a query string such as ``?mode=class`` ('' if absent)."""
    return parse_qs(query.lstrip("?")).get(name, [""])[0][:40].lower() if isinstance(query, str) else ""
