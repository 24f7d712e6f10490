"""The day's plan as a timeline picture: sessions, activities, sleep, now. SVG written directly.

Two layouts of the same picture: the wide one (clock across, for desktops) and the narrow
one (clock down the page, sessions as labelled bars, for phones: at 351 CSS px wide every
label is at least 12 px tall). The planner serves both in one ``<picture>`` and lets the
browser choose by :data:`NARROW_MEDIA`.

Cold and heat blocks differ in colour AND hatching AND a letter, so colour never carries
the meaning alone. :func:`widgets.schedule.describe` is the pictures' text alternative.

The pictures are a few dozen rectangles, lines and labels, so they are written here rather than
drawn by a plotting library: importing and drawing with matplotlib took about 1.9 s of CPU in
every kernel that showed a planner (two thirds of the page's start-up) and about 0.3 s per change.
Text is placed from its font size (:func:`text_width` is a generous estimate for a sans-serif
font); the browser tests measure the real glyphs and check that no label spills or overlaps.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple, Sequence, Union
from xml.sax.saxutils import escape

from .schedule import ACTIVE, Plan

STYLE = {
    "cold": {"color": "#1f5fa8", "hatch": "//", "letter": "C", "label": "Cold"},
    "heat": {"color": "#c2410c", "hatch": "xx", "letter": "H", "label": "Heat"},
}
ACTIVITY_STYLE = {ACTIVE: ("#e9d8a6", "Active"), "resting": ("#cfe3d4", "Resting")}
SLEEP_COLOUR = "#d9dee4"
INK = "#1b2733"
GRID = "#b8c4d0"
MUTED = "#3d4a57"
FONT = "'DejaVu Sans', Verdana, Arial, sans-serif"
_BOLD = ' font-weight="bold"'

NARROW_MEDIA = "(max-width: 40rem)"
"""The media query under which the page shows the narrow picture (a phone held upright)."""
NARROW_FONT = 9
"""The smallest text in the narrow picture, in the picture's units (259 wide: 12.2 px at 351 CSS px)."""
NARROW_LINE = 12
"""Least distance between two labels in one column of the narrow picture (a 9-unit line of text)."""


class Box(NamedTuple):
    """A rectangle in picture units: left, top, right, bottom."""

    x0: float
    y0: float
    x1: float
    y1: float


class Layout(NamedTuple):
    """A picture's width, the height of each day's panel, where the plot sits in a day's panel
    (days stack one under another), and the height left below the days (the wide legend)."""

    width: float
    day_height: float
    plot: Box
    foot: float = 0

    def height(self, days: int) -> float:
        return self.day_height * days + self.foot


WIDE = Layout(720, 172, Box(84, 34, 698, 148), foot=40)
NARROW = Layout(259, 576, Box(40, 76, 255, 566))
# Columns of the narrow day, as fractions of the plot's width: activities, session bars, labels.
NARROW_ACTIVITY = (0.02, 0.38)
NARROW_SESSION = (0.45, 0.15)
NARROW_LABEL_X = 0.63


def text_width(text: str, size: float, bold: bool = False) -> float:
    """A generous width for ``text`` at ``size`` in a sans-serif font (DejaVu Sans' widest digits
    and capitals are about 0.64 and 0.77 of the size; most letters are narrower)."""
    return len(text) * size * (0.68 if bold else 0.62)


class Text(NamedTuple):
    """One label: ``y`` is the middle of the line; ``anchor`` is SVG's start, middle or end."""

    x: float
    y: float
    text: str
    size: float
    anchor: str = "middle"
    bold: bool = False
    colour: str = INK

    def box(self) -> Box:
        width = text_width(self.text, self.size, self.bold)
        left = {"start": self.x, "middle": self.x - width / 2, "end": self.x - width}[self.anchor]
        return Box(left, self.y - 0.6 * self.size, left + width, self.y + 0.6 * self.size)


class Drawing:
    """An SVG picture being written: shapes in order, then labels on top."""

    def __init__(self, layout: Layout, days: int = 1) -> None:
        self.layout = layout
        self.width, self.height = layout.width, layout.height(days)
        self.shapes: list[str] = []
        self.texts: list[Text] = []

    def rect(self, box: Box, fill: str, gid: str = "", stroke: bool = False) -> None:
        attributes = f' id="{gid}"' if gid else ""
        if stroke:
            attributes += f' stroke="{INK}" stroke-width="0.8"'
        self.shapes.append(f'<rect{attributes} x="{box.x0:.1f}" y="{box.y0:.1f}" width="{box.x1 - box.x0:.1f}" '
                           f'height="{box.y1 - box.y0:.1f}" fill="{fill}"/>')

    def line(self, x0: float, y0: float, x1: float, y1: float, colour: str = INK, width: float = 0.6,
             gid: str = "", dashed: bool = False) -> None:
        attributes = (f' id="{gid}"' if gid else "") + (' stroke-dasharray="6 3"' if dashed else "")
        self.shapes.append(f'<line{attributes} x1="{x0:.1f}" y1="{y0:.1f}" x2="{x1:.1f}" y2="{y1:.1f}" '
                           f'stroke="{colour}" stroke-width="{width}"/>')

    def group(self, gid: str, lines: list[tuple[float, float, float, float]]) -> None:
        """Many thin lines as one path (the hour marks)."""
        path = " ".join(f"M{x0:.1f} {y0:.1f}L{x1:.1f} {y1:.1f}" for x0, y0, x1, y1 in lines)
        self.shapes.append(f'<path id="{gid}" d="{path}" stroke="{INK}" stroke-width="0.6" fill="none"/>')

    def text(self, label: Text, backing: bool = False) -> None:
        """A label; with ``backing``, on a white box that hides the grid and the 'now' line under it."""
        if backing:
            self.rect(label.box(), "#ffffff")
        self.texts.append(label)

    def svg(self) -> str:
        width, height = self.width, self.height
        labels = "".join(
            f'<text x="{t.x:.1f}" y="{t.y:.1f}" text-anchor="{t.anchor}" dominant-baseline="central" '
            f'style="font-size: {t.size}px"{_BOLD if t.bold else ""} fill="{t.colour}">'
            f"{escape(t.text)}</text>" for t in self.texts)
        return (f'<?xml version="1.0" encoding="utf-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" '
                f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" font-family="{FONT}">'
                f"<defs>{_HATCHES}</defs>"
                f'<rect width="{width}" height="{height}" fill="#ffffff"/>{"".join(self.shapes)}{labels}</svg>\n')


def _hatch(kind: str, paths: str) -> str:
    return (f'<pattern id="hatch-{kind}" patternUnits="userSpaceOnUse" width="6" height="6">'
            f'<rect width="6" height="6" fill="{STYLE[kind]["color"]}"/>'
            f'<path d="{paths}" stroke="#ffffff" stroke-opacity="0.75" stroke-width="1.1"/></pattern>')


_FORWARD = "M-1 1L1 -1M0 6L6 0M5 7L7 5"  # // : one diagonal
_HATCHES = _hatch("cold", _FORWARD) + _hatch("heat", _FORWARD + "M-1 5L1 7M0 0L6 6M5 -1L7 1")  # xx: both


def _day_span(plan: Plan) -> tuple[dt.datetime, dt.datetime]:
    """The stretch of clock a day's picture shows: midnight to midnight, or to an hour past a late bed time."""
    day_start = dt.datetime.combine(plan.request.day, dt.time(0, 0))
    return day_start, max(day_start + dt.timedelta(days=1), plan.bed + dt.timedelta(hours=1))


def _hours(plan: Plan) -> list[dt.datetime]:
    day_start, day_end = _day_span(plan)
    return [day_start + dt.timedelta(hours=h) for h in range(int((day_end - day_start) / dt.timedelta(hours=1)) + 1)]


def _spread(wanted: list[float], gap: float) -> list[float]:
    """Label positions as near as can be to ``wanted`` (in any order) but at least ``gap`` apart,
    a label pushed down the page when the one above is too close."""
    placed = list(wanted)
    previous = None
    for index in sorted(range(len(wanted)), key=wanted.__getitem__):
        if previous is not None and placed[index] - previous < gap:
            placed[index] = previous + gap
        previous = placed[index]
    return placed


def _legend(d: Drawing, y: float, size: float, entries: list[tuple[str, str, str]], swatch: tuple[float, float],
            gap: float) -> None:
    """One row of legend entries (fill, gid, words), centred across the picture."""
    widths = [swatch[0] + 4 + text_width(words, size) for _fill, _gid, words in entries]
    x = (d.layout.width - sum(widths) - gap * (len(entries) - 1)) / 2
    for (fill, gid, words), width in zip(entries, widths):
        d.rect(Box(x, y - swatch[1] / 2, x + swatch[0], y + swatch[1] / 2), fill, gid, stroke=True)
        d.text(Text(x + swatch[0] + 4, y, words, size, "start"))
        x += width + gap


def _legend_entries(sleep_words: str, activities: bool = False) -> list[tuple[str, str, str]]:
    entries = [*((f"url(#hatch-{k})", f"legend-{k}", f"{STYLE[k]['label']} ({STYLE[k]['letter']})")
                 for k in ("cold", "heat")), (SLEEP_COLOUR, "legend-sleep", sleep_words)]
    if activities:
        entries += [(colour, f"legend-{kind}", f"{word} ({word[0]})") for kind, (colour, word) in ACTIVITY_STYLE.items()]
    return entries


def _activity_label(width: float, word: str) -> str:
    """An activity's word where it fits in its bar, else its first letter (the legend spells it out)."""
    return word if text_width(word, 9) <= width else word[0]


Days = Union[Plan, Sequence[Plan]]


def _days(plans: Days) -> list[Plan]:
    return [plans] if isinstance(plans, Plan) else list(plans)


def _shifted(box: Box, dy: float) -> Box:
    return Box(box.x0, box.y0 + dy, box.x1, box.y1 + dy)


class _Day(NamedTuple):
    """One day's panel in a picture: its plan, where its plot sits, and the clock it shows."""

    plan: Plan
    top: float
    plot: Box
    suffix: str  # added to the ids of the days after the first, so every id is used once
    start: dt.datetime
    end: dt.datetime


def _draw(layout: Layout, plans: Days, now: dt.datetime | None, draw_day) -> Drawing:
    """A picture of one day or several, one under another; shapes are numbered across the days."""
    days = _days(plans)
    d = Drawing(layout, len(days))
    numbers = iter(range(10_000))
    for index, plan in enumerate(days):
        top = index * layout.day_height
        draw_day(d, _Day(plan, top, _shifted(layout.plot, top), f"-d{index + 1}" if index else "", *_day_span(plan)),
                 now, numbers)
    return d


def draw_wide(plans: Days, now: dt.datetime | None = None) -> Drawing:
    """Clock across the page, one day under another: a row of cold and heat sessions over a row
    of activities; the legend under the last day."""
    d = _draw(WIDE, plans, now, _wide_day)
    _legend(d, d.height - 18, 10, _legend_entries("Asleep (labelled)", activities=True), (18, 12), 18)
    return d


def _wide_day(d: Drawing, day: _Day, now: dt.datetime | None, numbers) -> None:
    plan, top, plot, suffix, day_start, day_end = day
    scale = (plot.x1 - plot.x0) / ((day_end - day_start) / dt.timedelta(minutes=1))

    def x(moment: dt.datetime) -> float:
        return plot.x0 + (moment - day_start) / dt.timedelta(minutes=1) * scale

    sessions_row, activity_row, words_y = Box(0, top + 52, 0, top + 86), Box(0, top + 98, 0, top + 130), top + 92
    for hour in _hours(plan)[::3]:
        d.line(x(hour), plot.y0, x(hour), plot.y1, GRID)
    for begin, end in ((day_start, plan.wake), (plan.bed, day_end)):
        if end > begin:
            d.rect(Box(x(begin), plot.y0, x(end), plot.y1), SLEEP_COLOUR, f"sleep-{'morning' if begin == day_start else 'night'}{suffix}")
            if end - begin >= dt.timedelta(hours=2):
                d.text(Text(x(begin + (end - begin) / 2), words_y, "asleep", 10, colour=MUTED))
    for session in plan.sessions:
        style = STYLE[session.kind]
        d.rect(Box(x(session.start), sessions_row.y0, x(session.end), sessions_row.y1), f"url(#hatch-{session.kind})",
               f"session-{session.kind}-{next(numbers)}", stroke=True)
        d.text(Text(x(session.start + (session.end - session.start) / 2), top + 44, style["letter"], 10, bold=True,
                    colour=style["color"]))
    # each activity says what it is: its word, or its letter where the word is wider than the bar
    windows = plan.activity_windows()
    words = [_activity_label(x(end) - x(begin), ACTIVITY_STYLE[a.kind][1]) for begin, end, a in windows]
    gap = max((text_width(word, 9) for word in words), default=0) + 2
    for (begin, end, activity), word, at in zip(windows, words, _spread([x(b + (e - b) / 2) for b, e, _a in windows], gap)):
        d.rect(Box(x(begin), activity_row.y0, x(end), activity_row.y1), ACTIVITY_STYLE[activity.kind][0],
               f"activity-{activity.kind}-{next(numbers)}", stroke=True)
        d.text(Text(at, (activity_row.y0 + activity_row.y1) / 2, word, 9))
    if now is not None and plan.wake <= now <= plan.bed:
        d.line(x(now), plot.y0, x(now), plot.y1, INK, 1.6, "now", dashed=True)
        d.text(Text(x(now) + 3, top + 140, "now", 10, "start"))

    d.line(plot.x0, plot.y1, plot.x1, plot.y1, INK, 0.8)  # the clock's axis
    d.line(plot.x0, plot.y0, plot.x0, plot.y1, INK, 0.8)
    d.group("hours" + suffix, [(x(h), plot.y1, x(h), plot.y1 - 3.4) for h in _hours(plan)])
    for hour in _hours(plan)[::3]:
        d.text(Text(x(hour), plot.y1 + 14, f"{hour:%H:%M}", 11))
    d.text(Text(plot.x0 - 8, (sessions_row.y0 + sessions_row.y1) / 2, "Cold / heat", 11, "end"))
    d.text(Text(plot.x0 - 8, (activity_row.y0 + activity_row.y1) / 2, "Activities", 11, "end"))
    d.text(Text(plot.x0, top + 18, f"{plan.request.day:%A %d %B}: day {plan.day_number} since the spasm", 12,
                "start"))


def draw_narrow(plans: Days, now: dt.datetime | None = None) -> Drawing:
    """Clock down the page (earliest at the top), one day under another: activities beside the
    cold and heat sessions, each session labelled with its letter and start time; the legend on top."""
    d = _draw(NARROW, plans, now, _narrow_day)
    _legend(d, 12, NARROW_FONT, _legend_entries("Asleep"), (14, 10), 12)
    return d


def _narrow_day(d: Drawing, day: _Day, now: dt.datetime | None, numbers) -> None:
    plan, top, plot, suffix, day_start, day_end = day
    span = plot.x1 - plot.x0
    scale = (plot.y1 - plot.y0) / ((day_end - day_start) / dt.timedelta(minutes=1))

    def y(moment: dt.datetime) -> float:
        return plot.y0 + (moment - day_start) / dt.timedelta(minutes=1) * scale

    def column(part: tuple[float, float]) -> tuple[float, float]:
        return plot.x0 + part[0] * span, plot.x0 + (part[0] + part[1]) * span

    activity_x, session_x = column(NARROW_ACTIVITY), column(NARROW_SESSION)
    for hour in _hours(plan)[::2]:
        d.line(plot.x0, y(hour), plot.x1, y(hour), GRID)
    for begin, end in ((day_start, plan.wake), (plan.bed, day_end)):
        if end > begin:
            d.rect(Box(plot.x0, y(begin), plot.x1, y(end)), SLEEP_COLOUR, f"sleep-{'morning' if begin == day_start else 'night'}{suffix}")
            if end - begin >= dt.timedelta(hours=2):
                d.text(Text((plot.x0 + plot.x1) / 2, y(begin + (end - begin) / 2), "asleep", NARROW_FONT + 1,
                            colour=MUTED))
    windows = plan.activity_windows()
    for (begin, end, activity), at in zip(windows, _spread([y(b + (e - b) / 2) for b, e, _a in windows], NARROW_LINE)):
        colour, word = ACTIVITY_STYLE[activity.kind]
        d.rect(Box(activity_x[0], y(begin), activity_x[1], y(end)), colour, f"activity-{activity.kind}-{next(numbers)}",
               stroke=True)
        d.text(Text(sum(activity_x) / 2, at, word, NARROW_FONT))
    if now is not None and plan.wake <= now <= plan.bed:
        d.line(plot.x0, y(now), plot.x1, y(now), INK, 1.6, "now", dashed=True)
    middles = [y(s.start + (s.end - s.start) / 2) for s in plan.sessions]
    for session, at in zip(plan.sessions, _spread(middles, NARROW_LINE)):
        style = STYLE[session.kind]
        d.rect(Box(session_x[0], y(session.start), session_x[1], y(session.end)), f"url(#hatch-{session.kind})",
               f"session-{session.kind}-{next(numbers)}", stroke=True)
        d.text(Text(plot.x0 + NARROW_LABEL_X * span, at, f"{style['letter']} {session.start:%H:%M}", NARROW_FONT,
                    "start", bold=True, colour=style["color"]), backing=True)  # over the grid and 'now'
    if now is not None and plan.wake <= now <= plan.bed:
        d.text(Text(plot.x1, y(now) - 7, "now", NARROW_FONT, "end"))

    d.line(plot.x0, plot.y0, plot.x0, plot.y1, INK, 0.8)  # the clock's axis
    d.line(plot.x0, plot.y0, plot.x1, plot.y0, INK, 0.8)
    d.group("hours" + suffix, [(plot.x0, y(h), plot.x0 + 0.03 * span, y(h)) for h in _hours(plan)])
    for hour in _hours(plan)[::2]:
        d.text(Text(plot.x0 - 4, y(hour), f"{hour:%H:%M}", NARROW_FONT, "end"))
    d.text(Text(sum(activity_x) / 2, plot.y0 - 9, "Activities", NARROW_FONT))
    d.text(Text((session_x[0] + plot.x1) / 2, plot.y0 - 9, "Cold / heat", NARROW_FONT))
    d.text(Text(plot.x0, top + 36, f"{plan.request.day:%A %d %B}", NARROW_FONT + 1, "start"))
    d.text(Text(plot.x0, top + 49, f"day {plan.day_number} since the spasm", NARROW_FONT + 1, "start"))


class Pictures(NamedTuple):
    """Both layouts of one plan's timeline, as SVG text."""

    wide: str
    narrow: str


def pictures(plans: Days, now: dt.datetime | None = None) -> Pictures:
    """Both pictures of one day or of several days, for a ``<picture>`` that lets the browser choose."""
    return Pictures(draw_wide(plans, now).svg(), draw_narrow(plans, now).svg())
