"""The day's plan as a timeline picture (matplotlib, no pyplot): sessions, activities, sleep, now.

Cold and heat blocks differ in colour AND hatching AND a letter, so colour never carries
the meaning alone. The figure is returned as SVG text; :func:`widgets.schedule.describe`
is its text alternative.
"""

from __future__ import annotations

import datetime as dt
import io

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


def _width(start: dt.datetime, end: dt.datetime) -> float:
    return date2num(end) - date2num(start)


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
    ax.grid(axis="x", which="major", color="#b8c4d0", linewidth=0.6)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    legend = [Patch(facecolor=STYLE[k]["color"], hatch=STYLE[k]["hatch"], edgecolor="#1b2733",
                    label=f"{STYLE[k]['label']} ({STYLE[k]['letter']})") for k in ("cold", "heat")]
    legend.append(Patch(facecolor=SLEEP_COLOUR, label="Asleep (also labelled on the chart)"))
    ax.legend(handles=legend, loc="lower center", bbox_to_anchor=(0.5, 0.01), bbox_transform=fig.transFigure,
              ncols=3, frameon=False, fontsize=10)
    return fig, ax


def _draw_plan(ax, plan: Plan, now: dt.datetime | None) -> None:
    """The day's own artists: sleep, sessions, activities, now, the hour marks and the title."""
    day_start = dt.datetime.combine(plan.request.day, dt.time(0, 0))
    day_end = max(day_start + dt.timedelta(days=1), plan.bed + dt.timedelta(hours=1))
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


class Timeline:
    """One planner's timeline, redrawn in place: the frame (figure, axes, ticks, legend) is made
    once, and each redraw replaces only the day's own artists. Same picture as
    :func:`timeline_svg`, in about two thirds of the time."""

    def __init__(self) -> None:
        self.fig, self.ax = _frame()

    def svg(self, plan: Plan, now: dt.datetime | None = None) -> str:
        for artist in (*self.ax.patches, *self.ax.texts, *self.ax.collections, *self.ax.lines):
            artist.remove()
        _draw_plan(self.ax, plan, now)
        return _svg_text(self.fig)
