"""The hold timer view: the seconds tick in the browser, the kernel only hears about them.

A :class:`~widgets.ui.clock.Clock` counts seconds in the browser and shows the time left
and a progress bar, both readable by screen readers; it also announces the time left now
and then. The kernel starts, pauses, resets and extends it, keeps
:class:`~widgets.hold_timer.HoldTimer` in step, and cues the end with a message and, if
chosen, a chime. While the clock runs, the status line names no time: only the clock
does, so the page never shows two different times. The clock's hands-free help (spoken cues,
a vibration at the end, the screen kept on) lives in the browser; the kernel only gives it
the words that name the hold ("Rep 3 of 10"), ``cue_words``.
"""

from __future__ import annotations

import io
import math
import os
import struct
import wave
from typing import Callable

import ipywidgets as w

from ..hold_timer import EXTEND_STEP, RUNNING, HoldTimer, TimerError
from .clock import Clock
from .html import esc
from .layout import row
from .safe import guarded

ANNOUNCE_EVERY = 10
"""Seconds between spoken progress updates while the timer runs (the clock makes them)."""
SHORTEST_NOTE = "That is as short as this hold can be now."
LONGEST_NOTE = "That is as long as a hold can be."

TEST_SECONDS_ENV = "SPASM_RELIEF_TIMER_SECONDS"
"""If set (tests and demos), every hold timer runs for this many seconds instead."""


def _chime() -> bytes:
    """A soft two-note chime as WAV bytes, made here so nothing is fetched."""
    rate, out = 22050, io.BytesIO()
    frames = bytearray()
    for freq, length in ((660.0, 0.18), (880.0, 0.32)):
        n = int(rate * length)
        for i in range(n):
            envelope = min(1.0, i / 300) * (1 - i / n)
            frames += struct.pack("<h", int(9000 * envelope * math.sin(2 * math.pi * freq * i / rate)))
    with wave.open(out, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes(bytes(frames))
    return out.getvalue()


CHIME = _chime()


def effective_seconds(seconds: int) -> int:
    override = os.environ.get(TEST_SECONDS_ENV, "")
    return int(override) if override.isdigit() and int(override) > 0 else seconds


class HoldTimerView:
    def __init__(self, seconds: int, name: str = "Hold timer", on_finish: Callable[[], None] | None = None,
                 cue_words: str = ""):
        self.model = HoldTimer(effective_seconds(seconds))
        self.on_finish = on_finish
        self.note = ""  # said once after the status, when a +/- step met a limit
        self.clock = Clock(name=name, duration=self.model.duration, announce_every=ANNOUNCE_EVERY,
                           cue_words=cue_words)
        self.clock.add_class("sr-clock-widget")

        self.start = w.Button(description="Start", button_style="primary", tooltip=f"Start the {name.lower()}")
        self.pause = w.Button(description="Pause", tooltip="Pause the timer")
        self.reset = w.Button(description="Reset", tooltip="Back to the start")
        self.more = w.Button(description=f"+{EXTEND_STEP} s")
        self.less = w.Button(description=f"\u2212{EXTEND_STEP} s")
        for button in (self.start, self.pause, self.reset, self.more, self.less):
            button.layout = w.Layout(width="auto")
        self.sound = w.Checkbox(value=False, description="Play a sound at the end", indent=False)
        self.status = w.HTML(self._status_html())
        self.cue = w.HTML()
        self.audio = w.Box()
        self.problem = w.HTML()
        self._steps()

        self.start.on_click(self._guard(self._on_start, "starting the timer"))
        self.pause.on_click(self._guard(self._on_pause, "pausing the timer"))
        self.reset.on_click(self._guard(self._on_reset, "resetting the timer"))
        self.more.on_click(self._guard(lambda _b: self._on_extend(EXTEND_STEP), "adding time"))
        self.less.on_click(self._guard(lambda _b: self._on_extend(-EXTEND_STEP), "taking time off"))
        self.clock.observe(self._guard(self._on_tick, "counting"), names="elapsed")
        self.clock.observe(self._guard(self._on_running, "counting"), names="running")

        buttons = row(self.start, self.pause, self.reset, self.less, self.more)
        self.widget = w.VBox([self.clock, buttons, self.sound, self.status, self.cue,
                              self.problem, self.audio], layout=w.Layout(width="100%"))
        self.widget.add_class("sr-widget")
        self.widget.add_class("sr-timer")

    def _guard(self, callback, action):
        return guarded(self.problem, action)(callback)

    # ---- buttons ----

    def _on_start(self, _button=None) -> None:
        self.model.start()
        self.clock.elapsed = self.model.elapsed
        self.problem.value = ""
        self.cue.value = ""
        self.note = ""
        self.clock.running = True  # setting it twice is harmless: the browser runs one ticker
        self._show()

    def _on_pause(self, _button=None) -> None:
        self.model.pause()
        self.clock.running = False
        self.note = ""
        self._show()

    def _on_reset(self, _button=None) -> None:
        self.model.reset()
        self.clock.running = False
        self._resize()
        self.cue.value = ""
        self.problem.value = ""
        self.note = ""
        self._show()

    def _on_extend(self, seconds: int) -> None:
        """+10 s / -10 s. A step that meets a limit stops there and says so in the status line;
        a step that cannot act at all (its button is disabled then) changes nothing."""
        try:
            change = self.model.extend(seconds)
        except TimerError:
            change = 0
        self.problem.value = ""
        self.note = ""
        if change != seconds:
            if seconds < 0 and not self.model.can_shorten:
                self.note = SHORTEST_NOTE
            elif seconds > 0 and not self.model.can_lengthen:
                self.note = LONGEST_NOTE
        if change:
            self._resize()
        self._show()
        pressed, other = (self.less, self.more) if seconds < 0 else (self.more, self.less)
        if pressed.disabled and not other.disabled:
            other.focus()  # a disabled button drops the keyboard focus: keep it in the timer

    def _resize(self) -> None:
        with self.clock.hold_sync():
            self.clock.duration = self.model.duration
            if self.model.state != RUNNING:  # while running, the browser owns the seconds
                self.clock.elapsed = self.model.elapsed

    # ---- the browser's ticks ----

    def _on_tick(self, change) -> None:
        value = change["new"]
        finished = self.model.tick(value)
        if finished:
            self._finish()
        elif self.model.state == RUNNING:
            self._steps()  # the floor for -10 s rises with every second held
        elif value != self.model.elapsed:
            # A tick the browser sent just before it heard "pause" (or "reset"): the kernel's
            # time is the one the status line states, so the clock goes back to it.
            self.clock.elapsed = self.model.elapsed

    def _on_running(self, change) -> None:
        # The browser stops the clock by itself at the end; any other stop is a pause.
        if change["new"] or self.model.state != RUNNING:
            return
        if self.clock.elapsed >= self.model.duration:
            if self.model.tick(self.model.duration):
                self._finish()
        else:
            self.model.pause()
            self._show()

    def _finish(self) -> None:
        self.clock.running = False
        self._show()
        self.cue.value = ('<div class="sr sr-panel sr-ok sr-cue" role="alert"><h4>\u2714 Time is up</h4>'
                          "<p>Well done: ease out of the stretch slowly.</p></div>")
        if self.sound.value:
            self.audio.children = (w.Audio(value=CHIME, format="wav", autoplay=True, controls=False,
                                           layout=w.Layout(display="none")),)
        if self.on_finish:
            self.on_finish()

    # ---- display ----

    def _status_html(self) -> str:
        text = f"{self.model.status()} {self.note}".strip()
        return f'<p class="sr sr-timer-status" role="status" aria-live="polite">{esc(text)}</p>'

    def _steps(self) -> None:
        """Disable +10 s / -10 s when they cannot act; the tooltip says why."""
        self.less.disabled = not self.model.can_shorten
        self.less.tooltip = (f"Take off up to {EXTEND_STEP} seconds" if self.model.can_shorten
                             else "The hold cannot be made shorter now")
        self.more.disabled = not self.model.can_lengthen
        self.more.tooltip = (f"Add {EXTEND_STEP} seconds" if self.model.can_lengthen
                             else "The hold cannot be made longer")

    def _show(self) -> None:
        self.status.value = self._status_html()
        self._steps()

    def load(self, seconds: int, cue_words: str = "") -> None:
        """Use this timer for a new hold (the next rep or side), ready to start.

        ``cue_words`` ("Rep 2 of 10") is what the clock says before "Hold" when this hold
        starts, if the person chose spoken cues."""
        self.clock.running = False
        self.model = HoldTimer(effective_seconds(seconds))
        with self.clock.hold_sync():
            self.clock.cue_words = cue_words
            self._resize()
        self.cue.value = ""
        self.note = ""
        self._show()
