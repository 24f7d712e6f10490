"""A countdown clock widget that ticks in the browser (anywidget; front end in clock.js).

It shows the time left as text (role="timer") and a native <progress> bar with an
accessible name and value, and every ``announce_every`` seconds it says the time left
in a hidden polite live region. The kernel starts, pauses and resizes it; the browser adds
the seconds, so the clock keeps going without a kernel round trip each second.

Hands-free help, all in the browser since the browser knows the ticks: under the clock,
"Hands-free options" (a disclosure) offers spoken cues ("Rep 3 of 10. Hold.", "10 seconds
left", "5 seconds left", "Release."), a short vibration at the end of a hold, and keeping the
screen on while the clock runs. The choices are kept in the browser's localStorage, so they
hold for every timer on every page and after a reload; a browser that cannot do one says so
beside its (disabled) box.
"""

from __future__ import annotations

from pathlib import Path

import anywidget
import traitlets


class Clock(anywidget.AnyWidget):
    _esm = Path(__file__).with_name("clock.js").read_text(encoding="utf-8")

    name = traitlets.Unicode("Hold timer").tag(sync=True)
    duration = traitlets.Int(30).tag(sync=True)
    elapsed = traitlets.Int(0).tag(sync=True)
    running = traitlets.Bool(False).tag(sync=True)
    announce_every = traitlets.Int(10).tag(sync=True)
    """Seconds between spoken "time left" updates while running (0: never)."""
    cue_words = traitlets.Unicode("").tag(sync=True)
    """Words said before "Hold" as a hold starts from zero, if spoken cues are chosen: "Rep 3 of 10"."""
