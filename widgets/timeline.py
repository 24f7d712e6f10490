"""The day's plan as a timeline picture (matplotlib, no pyplot): sessions, activities, sleep, now.

Two layouts of the same picture: the wide one (clock across, for desktops) and the narrow
one (clock down the page, sessions as labelled bars, for phones: at 351 CSS px wide every
label is at least 12 px tall). The planner serves both in one ``<picture>`` and lets the
browser choose by :data:`NARROW_MEDIA`.

Cold and heat blocks differ in colour AND hatching AND a letter, so colour never carries
the meaning alone. The figure is returned as SVG text; :func:`widgets.schedule.describe`
is its text alternative.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import NamedTuple

import matplotlib

matplotlib.use("Agg")  # no GUI; set before any figure exists
from matplotlib.dates import DateFormatter, HourLocator, date2num  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402

from .schedule import ACTIVE, Plan  # noqa: E402

STYLE = {
    "cold": {"color": "#1f5fa8", "hatch": "//", "letter": "C", "label": "Cold"},
    "heat": {"color": "#c2410c", "hatch": "xx", "letter": "H", "label": "Heat"},
}
ACTIVITY_STYLE = {ACTIVE: ("#e9d8a6", "Active"), "resting": ("#cfe3d4", "Resting")}
SLEEP_COLOUR = "#d9dee4"
FIGSIZE = (10, 2.9)
MARGINS = {"left": 0.096, "right": 0.975, "bottom": 0.285, "top": 0.905}

NARROW_MEDIA = "(max-width: 40rem)"
"""The media query under which the page shows the narrow picture (a phone held upright)."""
NARROW_FIGSIZE = (3.6, 8.0)
"""One day, clock down the page. 3.6 in = 259.2 pt wide: at 351 CSS px a 9 pt label is 12.2 px."""
NARROW_FONT = 9
"""The smallest text in the narrow picture, in points."""
NARROW_MARGINS = {"left": 0.155, "right": 0.98, "bottom": 0.02, "top": 0.88}
# Columns of the narrow day, in axes fractions: activities, session bars, session labels, 'now'.
NARROW_ACTIVITY = (0.02, 0.38)
NARROW_SESSION = (0.45, 0.15)
NARROW_LABEL_X = 0.63
NARROW_TITLE_PAD = 20
"""Points from the top of the day's axes to its title: room for the column headings."""
NARROW_LINE_PT = 12
"""Least distance between two labels in one column, in points (a 9 pt line of text)."""


def _width(start: dt.datetime, end: dt.datetime) -> float:
    return date2num(end) - date2num(start)


def _no_axis_label_layout(ax) -> None:
    """The axes have no axis labels: pin them, so a redraw does not measure every tick label
    to place them (about a sixth of the narrow picture's redraw). Same picture."""
    ax.xaxis.set_label_coords(0.5, 0)
    ax.yaxis.set_label_coords(0, 0.5)


def _frame() -> tuple[Figure, "matplotlib.axes.Axes"]:
    """What every timeline shares: the figure, the two rows, the clock axis, grid and legend."""
    fig = Figure(figsize=FIGSIZE, dpi=100)
    # Fixed margins, not a layout engine: every timeline has the same labels, title and legend,
    # and constrained layout drew the figure twice, half the time of a redraw.
    fig.subplots_adjust(**MARGINS)
    ax = fig.add_subplot()
    ax.set_ylim(-0.6, 1.6)
    ax.set_yticks([0, 1], labels=["Activities", "Cold / heat"], fontsize=11)
    ax.xaxis.set_major_locator(HourLocator(byhour=range(0, 24, 3)))
    ax.xaxis.set_major_formatter(DateFormatter("%H:%M"))
    ax.tick_params(axis="x", labelsize=11)
    _no_axis_label_layout(ax)
    ax.grid(axis="x", which="major", color="#b8c4d0", linewidth=0.6)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    legend = _legend_handles()
    legend.append(Patch(facecolor=SLEEP_COLOUR, label="Asleep (also labelled on the chart)"))
    ax.legend(handles=legend, loc="lower center", bbox_to_anchor=(0.5, 0.01), bbox_transform=fig.transFigure,
              ncols=3, frameon=False, fontsize=10)
    return fig, ax


def _draw_plan(ax, plan: Plan, now: dt.datetime | None) -> None:
    """The day's own artists: sleep, sessions, activities, now, the hour marks and the title."""
    day_start, day_end = _day_span(plan)
    ax.set_xlim(date2num(day_start), date2num(day_end))

    # sleep, shaded and labelled
    for begin, end in ((day_start, plan.wake), (plan.bed, day_end)):
        if end > begin:
            ax.axvspan(date2num(begin), date2num(end), color=SLEEP_COLOUR, alpha=0.9, lw=0, gid="sleep")
            if end - begin >= dt.timedelta(hours=2):
                ax.text(date2num(begin + (end - begin) / 2), 0.5, "asleep", ha="center", va="center",
                        fontsize=10, color="#3d4a57")

    for number, session in enumerate(plan.sessions):
        style = STYLE[session.kind]
        ax.broken_barh([(date2num(session.start), _width(session.start, session.end))], (0.62, 0.76),
                       facecolors=style["color"], edgecolors="#1b2733", hatch=style["hatch"], linewidth=0.8,
                       gid=f"session-{session.kind}-{number}")
        ax.text(date2num(session.start) + _width(session.start, session.end) / 2, 1.5, style["letter"],
                ha="center", va="center", fontsize=10, fontweight="bold", color=style["color"])

    for begin, end, activity in plan.activity_windows():
        colour, word = ACTIVITY_STYLE[activity.kind]
        ax.broken_barh([(date2num(begin), _width(begin, end))], (-0.35, 0.7), facecolors=colour,
                       edgecolors="#1b2733", linewidth=0.8, gid=f"activity-{activity.kind}")
        ax.text(date2num(begin) + _width(begin, end) / 2, 0, f"{word}", ha="center", va="center", fontsize=9)

    if now is not None and plan.wake <= now <= plan.bed:
        ax.axvline(date2num(now), color="#1b2733", linestyle="--", linewidth=1.6, gid="now")
        ax.text(date2num(now), -0.55, " now", fontsize=10, va="bottom", color="#1b2733")

    # hourly marks as one collection: minor ticks would be dozens of Tick artists, the slowest part of a redraw
    hours = [date2num(day_start + dt.timedelta(hours=h))
             for h in range(int((day_end - day_start) / dt.timedelta(hours=1)) + 1)]
    ax.vlines(hours, 0, 0.03, transform=ax.get_xaxis_transform(), colors="#1b2733", linewidth=0.6, gid="hours")
    ax.set_title(f"{plan.request.day:%A %d %B}: day {plan.day_number} since the spasm", fontsize=12, loc="left")


def _day_span(plan: Plan) -> tuple[dt.datetime, dt.datetime]:
    """The stretch of clock a day's picture shows: midnight to midnight, or to an hour past a late bed time."""
    day_start = dt.datetime.combine(plan.request.day, dt.time(0, 0))
    return day_start, max(day_start + dt.timedelta(days=1), plan.bed + dt.timedelta(hours=1))


def _legend_handles() -> list[Patch]:
    return [Patch(facecolor=STYLE[k]["color"], hatch=STYLE[k]["hatch"], edgecolor="#1b2733",
                  label=f"{STYLE[k]['label']} ({STYLE[k]['letter']})") for k in ("cold", "heat")]


def _narrow_frame() -> tuple[Figure, "matplotlib.axes.Axes"]:
    """The narrow picture's frame: the figure, the legend on top, one day's axes with its column
    headings and clock. (Several days would stack one such axes per day under the legend.)"""
    fig = Figure(figsize=NARROW_FIGSIZE, dpi=100)
    fig.subplots_adjust(**NARROW_MARGINS)  # fixed margins, as in the wide frame
    ax = fig.add_subplot()
    ax.set_xlim(0, 1)
    ax.xaxis.tick_top()
    ax.set_xticks([_middle(NARROW_ACTIVITY), (NARROW_SESSION[0] + 1) / 2],
                  labels=["Activities", "Cold / heat"], fontsize=NARROW_FONT)
    ax.tick_params(axis="x", length=0, pad=3)
    ax.yaxis.set_major_locator(HourLocator(byhour=range(0, 24, 2)))
    ax.yaxis.set_major_formatter(DateFormatter("%H:%M"))
    ax.tick_params(axis="y", labelsize=NARROW_FONT)
    _no_axis_label_layout(ax)
    ax.grid(axis="y", which="major", color="#b8c4d0", linewidth=0.6)
    for side in ("bottom", "right"):
        ax.spines[side].set_visible(False)
    handles = [*_legend_handles(), Patch(facecolor=SLEEP_COLOUR, label="Asleep")]
    fig.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0.997), ncols=3, frameon=False,
               fontsize=NARROW_FONT, handlelength=1.6, handleheight=1.1, handletextpad=0.4, columnspacing=1.0,
               borderaxespad=0.2)
    return fig, ax


def _middle(column: tuple[float, float]) -> float:
    return column[0] + column[1] / 2


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


def _draw_narrow_plan(ax, plan: Plan, now: dt.datetime | None) -> None:
    """One day down the page: sleep, activities, sessions with their letter and time, now, hours, title."""
    day_start, day_end = _day_span(plan)
    ax.set_ylim(date2num(day_end), date2num(day_start))  # earliest at the top
    fig = ax.figure
    points_per_day = ax.get_position().height * fig.get_figheight() * 72 / _width(day_start, day_end)
    gap = NARROW_LINE_PT / points_per_day  # one line of text, in days

    for begin, end in ((day_start, plan.wake), (plan.bed, day_end)):
        if end > begin:
            ax.axhspan(date2num(begin), date2num(end), color=SLEEP_COLOUR, alpha=0.9, lw=0, gid="sleep")
            if end - begin >= dt.timedelta(hours=2):
                ax.text(0.5, date2num(begin + (end - begin) / 2), "asleep", ha="center", va="center",
                        fontsize=NARROW_FONT + 1, color="#3d4a57")

    windows = plan.activity_windows()
    for (begin, end, activity), y in zip(windows, _spread(
            [date2num(b) + _width(b, e) / 2 for b, e, _a in windows], gap)):
        colour, word = ACTIVITY_STYLE[activity.kind]
        ax.broken_barh([NARROW_ACTIVITY], (date2num(begin), _width(begin, end)), facecolors=colour,
                       edgecolors="#1b2733", linewidth=0.8, gid=f"activity-{activity.kind}")
        ax.text(_middle(NARROW_ACTIVITY), y, word, ha="center", va="center", fontsize=NARROW_FONT)

    middles = [date2num(s.start) + _width(s.start, s.end) / 2 for s in plan.sessions]
    for number, (session, y) in enumerate(zip(plan.sessions, _spread(middles, gap))):
        style = STYLE[session.kind]
        ax.broken_barh([NARROW_SESSION], (date2num(session.start), _width(session.start, session.end)),
                       facecolors=style["color"], edgecolors="#1b2733", hatch=style["hatch"], linewidth=0.8,
                       gid=f"session-{session.kind}-{number}")
        ax.text(NARROW_LABEL_X, y, f"{style['letter']} {session.start:%H:%M}", ha="left", va="center",
                fontsize=NARROW_FONT, fontweight="bold", color=style["color"],
                bbox={"boxstyle": "square,pad=0.1", "facecolor": "white", "edgecolor": "none"})  # over grid and now

    if now is not None and plan.wake <= now <= plan.bed:
        ax.axhline(date2num(now), color="#1b2733", linestyle="--", linewidth=1.6, gid="now")
        ax.text(1.0, date2num(now), "now", ha="right", va="bottom", fontsize=NARROW_FONT, color="#1b2733")

    hours = [date2num(day_start + dt.timedelta(hours=h))
             for h in range(int((day_end - day_start) / dt.timedelta(hours=1)) + 1)]
    ax.hlines(hours, 0, 0.03, transform=ax.get_yaxis_transform(), colors="#1b2733", linewidth=0.6, gid="hours")
    # y given: a fixed place above the column headings (otherwise every redraw measures them to place it)
    ax.set_title(f"{plan.request.day:%A %d %B}\nday {plan.day_number} since the spasm", fontsize=NARROW_FONT + 1,
                 loc="left", y=1.0, pad=NARROW_TITLE_PAD)


def draw(plan: Plan, now: dt.datetime | None = None) -> Figure:
    """A one-day timeline figure. The caller owns it; nothing is kept in a global figure list."""
    fig, ax = _frame()
    _draw_plan(ax, plan, now)
    return fig


def _svg_text(fig: Figure) -> str:
    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "spasm-relief"}):
        fig.savefig(buffer, format="svg", metadata={"Date": None})  # same plan, same picture
    return buffer.getvalue()


def to_svg(fig: Figure) -> str:
    svg = _svg_text(fig)
    fig.clear()  # the figure is done with; let it go
    return svg


def timeline_svg(plan: Plan, now: dt.datetime | None = None) -> str:
    return to_svg(draw(plan, now))


def draw_narrow(plan: Plan, now: dt.datetime | None = None) -> Figure:
    """The narrow (phone) timeline figure: clock down the page. The caller owns it."""
    fig, ax = _narrow_frame()
    _draw_narrow_plan(ax, plan, now)
    return fig


def narrow_timeline_svg(plan: Plan, now: dt.datetime | None = None) -> str:
    return to_svg(draw_narrow(plan, now))


class Pictures(NamedTuple):
    """Both layouts of one plan's timeline, as SVG text."""

    wide: str
    narrow: str


def _clear(ax) -> None:
    for artist in (*ax.patches, *ax.texts, *ax.collections, *ax.lines):
        artist.remove()


class Timeline:
    """One planner's timeline, redrawn in place: each layout's frame (figure, axes, ticks, legend)
    is made once, and each redraw replaces only the day's own artists. Same pictures as
    :func:`timeline_svg` and :func:`narrow_timeline_svg`, in about two thirds of the time."""

    def __init__(self) -> None:
        self.fig, self.ax = _frame()
        self._narrow: tuple[Figure, "matplotlib.axes.Axes"] | None = None  # made on first use

    def svg(self, plan: Plan, now: dt.datetime | None = None) -> str:
        """The wide picture."""
        _clear(self.ax)
        _draw_plan(self.ax, plan, now)
        return _svg_text(self.fig)

    def narrow_svg(self, plan: Plan, now: dt.datetime | None = None) -> str:
        """The narrow (phone) picture."""
        if self._narrow is None:
            self._narrow = _narrow_frame()
        fig, ax = self._narrow
        _clear(ax)
        _draw_narrow_plan(ax, plan, now)
        return _svg_text(fig)

    def svgs(self, plan: Plan, now: dt.datetime | None = None) -> Pictures:
        """Both pictures, for a ``<picture>`` that lets the browser choose."""
        return Pictures(self.svg(plan, now), self.narrow_svg(plan, now))
