"""The diary's trend chart: pain and cramps over the recent days, drawn by matplotlib as SVG text.

matplotlib is imported only here and only when there is something to draw, so a page whose diary
is empty never loads it (the static site's offline check runs every page without it). The chart is
read without colour: pain is a line with round markers and its value written above each point,
cramps are hatched bars with their count on top. Its text alternative is
:func:`widgets.diary.trend_text`; the page shows a table of the same days beside it.
"""

from __future__ import annotations

import datetime as dt
import io
import re

from .diary import PAIN_MAX, Entry

PAIN_COLOUR = "#1a5fb4"
CRAMPS_COLOUR = "#8a4b00"


def chart_svg(entries: tuple[Entry, ...], first: dt.date, last: dt.date) -> str:
    """An SVG chart of ``entries`` over the days ``first`` to ``last`` (days without an entry stay empty)."""
    from matplotlib import rc_context
    from matplotlib.figure import Figure  # no pyplot: no backend, no global state

    days = [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]
    index = {d: i for i, d in enumerate(days)}
    shown = [e for e in entries if e.day in index]
    fig = Figure(figsize=(5.6, 4.0), dpi=72)
    fig.subplots_adjust(left=0.13, right=0.98, top=0.97, bottom=0.09, hspace=0.12)  # fixed: a layout engine costs ~0.3 s
    pain_ax, cramp_ax = fig.subplots(2, 1, sharex=True, height_ratios=(3, 2))
    xs = [index[e.day] for e in shown]
    pain_ax.plot(xs, [e.pain for e in shown], color=PAIN_COLOUR, marker="o", markersize=6, linewidth=2)
    for x, e in zip(xs, shown):
        pain_ax.annotate(str(e.pain), (x, e.pain), textcoords="offset points", xytext=(0, 7), ha="center",
                         fontsize=12, color="#111111")
    pain_ax.set_ylim(-0.5, PAIN_MAX + 2)
    pain_ax.set_yticks([0, 5, 10])
    pain_ax.set_ylabel(f"Pain (0 to {PAIN_MAX})", fontsize=12)
    pain_ax.grid(axis="y", color="#dddddd")
    top = max([e.cramps for e in shown] + [1])
    cramp_ax.bar(xs, [e.cramps for e in shown], color="white", edgecolor=CRAMPS_COLOUR, hatch="///", width=0.6)
    for x, e in zip(xs, shown):
        cramp_ax.annotate(str(e.cramps), (x, e.cramps), textcoords="offset points", xytext=(0, 2), ha="center",
                          va="bottom", fontsize=12, color="#111111")
    cramp_ax.set_ylim(0, top * 1.35 + 0.5)
    cramp_ax.set_ylabel("Cramps", fontsize=12)
    step = max(1, len(days) // 7)
    cramp_ax.set_xticks(range(0, len(days), step))
    cramp_ax.set_xticklabels([f"{d.day} {d:%b}" for d in days[::step]], fontsize=11)
    cramp_ax.set_xlim(-0.6, len(days) - 0.4)
    for ax in (pain_ax, cramp_ax):
        ax.spines[["top", "right"]].set_visible(False)
        ax.tick_params(labelsize=11)
    out = io.StringIO()
    with rc_context({"svg.fonttype": "none", "font.family": "sans-serif"}):  # text as text: smaller and faster
        fig.savefig(out, format="svg", metadata={"Date": None})
    svg = out.getvalue()
    svg = re.sub(r"<\?xml[^>]*>\s*|<!DOCTYPE[^>]*>\s*", "", svg)
    # Scale to the page: drop the fixed size, keep the viewBox.
    svg = re.sub(r'(<svg[^>]*?)\s(width|height)="[^"]*"', r"\1", svg, count=1)
    svg = re.sub(r'(<svg[^>]*?)\s(width|height)="[^"]*"', r"\1", svg, count=1)
    return svg
