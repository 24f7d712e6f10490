"""The timeline plot, the calendar file and the planner view, without a kernel or browser."""

from __future__ import annotations

import datetime as dt
import gc
import re

from icalendar import Calendar

from widgets.calendar_export import plan_to_ics
from widgets.content import content
from widgets.schedule import ACTIVE, RESTING, Activity, Request, make_plan
from widgets.timeline import Timeline, draw, timeline_svg
from widgets.ui.planner import PlannerView

C = content()
NOW = dt.datetime(2026, 11, 24, 12, 0)


def busy_plan():
    return make_plan(Request("short", dt.datetime(2026, 11, 24, 8, 0), dt.date(2026, 11, 24), dt.time(7, 0),
                             dt.time(23, 0), activities=(Activity(dt.time(15, 0), dt.time(16, 0), ACTIVE, "walk"),
                                                         Activity(dt.time(19, 0), dt.time(21, 0), RESTING))),
                     C, NOW)


def test_timeline_has_one_block_per_session_of_each_kind():
    plan = busy_plan()
    svg = timeline_svg(plan, NOW)
    for kind in ("cold", "heat"):
        assert len(re.findall(rf'id="session-{kind}-\d+"', svg)) == len(plan.of_kind(kind)) > 0
    assert len(re.findall(r'id="activity-(active|resting)"', svg)) == 2
    assert 'id="now"' in svg and svg.count('id="sleep') == 2


def test_timeline_without_now_on_another_day():
    plan = make_plan(Request("main", dt.datetime(2026, 11, 24, 8, 0), dt.date(2026, 11, 26), dt.time(7, 0),
                             dt.time(23, 0)), C, NOW)
    assert 'id="now"' not in timeline_svg(plan, None)


def test_every_label_fits_inside_the_fixed_margins():
    """The timeline has fixed margins (no layout engine): no text may spill off the picture,
    with the longest day name and month, and a bed time after midnight."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    late = make_plan(Request("main", dt.datetime(2026, 9, 20, 8, 0), dt.date(2026, 9, 30), dt.time(7, 0),
                             dt.time(1, 30), overnight=True,
                             activities=(Activity(dt.time(9, 0), dt.time(10, 0), RESTING),)), C, NOW)
    for plan, now in ((busy_plan(), NOW), (late, None)):
        fig = draw(plan, now)
        canvas = FigureCanvasAgg(fig)
        canvas.draw()  # places the legend
        renderer = canvas.get_renderer()
        texts = [t for t in fig.findobj(lambda a: hasattr(a, "get_text")) if t.get_visible() and t.get_text()]
        assert len(texts) > 10
        for text in texts:
            box = text.get_window_extent(renderer)
            assert fig.bbox.x0 - 1 <= box.x0 and box.x1 <= fig.bbox.x1 + 1, text.get_text()
            assert fig.bbox.y0 - 1 <= box.y0 and box.y1 <= fig.bbox.y1 + 1, text.get_text()
        legend = fig.axes[0].get_legend().get_window_extent(renderer)
        for label in fig.axes[0].get_xticklabels():
            assert not legend.overlaps(label.get_window_extent(renderer)), label.get_text()


def test_a_timeline_redrawn_in_place_is_the_same_picture_as_a_new_one():
    quiet = make_plan(Request("main", dt.datetime(2026, 11, 24, 8, 0), dt.date(2026, 11, 26), dt.time(7, 0),
                              dt.time(23, 0)), C, NOW)
    timeline = Timeline()
    for plan, now in ((busy_plan(), NOW), (quiet, None), (busy_plan(), NOW), (quiet, None)):
        svg = timeline.svg(plan, now)
        assert svg == timeline_svg(plan, now)
    # nothing of the busy day is left behind on the quiet one
    assert "activity-" not in svg and 'id="now"' not in svg and svg.count('id="sleep') == 2


def test_figures_are_not_kept_alive():
    import weakref
    fig = draw(busy_plan(), NOW)
    ref = weakref.ref(fig)
    del fig
    gc.collect()
    assert ref() is None


def test_calendar_file_parses_back_to_every_session():
    plan = busy_plan()
    calendar = Calendar.from_ical(plan_to_ics(plan, C))
    events = calendar.walk("VEVENT")
    assert len(events) == len(plan.sessions)
    for event, session in zip(events, plan.sessions):
        assert event.decoded("dtstart") == session.start and event.decoded("dtend") == session.end
        assert str(event["summary"]).endswith(f"for {session.minutes} minutes (Spasm Relief)")
        description = str(event["description"])
        assert session.reason in description and "Safety:" in description
        assert ("wrap it in a cloth" in description) == (session.kind == "cold")
        assert event.walk("VALARM")
    assert len({str(e["uid"]) for e in events}) == len(events)


def test_planner_view_updates_and_reports_bad_input():
    view = PlannerView(C, clock=lambda: NOW)
    assert "sr-table" in view.result.value
    view.rule.value = "short"
    assert [v for _, v in view.cold_minutes.options] == [12, 13, 14, 15]
    assert view.heat_every.disabled  # the second rule fixes heat at every 4 hours
    view.bed.value = dt.time(6, 0)
    assert "Bed time is not after wake-up time" in view.message.value and view.result.value == ""
    view.bed.value = dt.time(23, 0)
    assert view.message.value == "" and "sr-table" in view.result.value


def test_planner_long_cold_needs_the_box():
    view = PlannerView(C, clock=lambda: NOW)
    assert view.cold_minutes.value == 20 and "never more than 20 minutes" in view.cold_warning.value
    view.cold_minutes.value = 30
    assert "tick the box" in view.message.value and view.result.value == ""
    view.long_cold.value = True
    assert view.message.value == "" and "30</td>" in view.result.value


def test_planner_activities():
    view = PlannerView(C, clock=lambda: NOW)
    view.add_activity.click()
    view.add_activity.click()
    assert len(view.activities) == 2
    view.activities[1]["start"].value = dt.time(15, 30)
    assert "Activities 1 and 2 overlap" in view.message.value
    view.activities[1]["remove"].click()
    assert len(view.activities) == 1 and view.message.value == ""
    for _ in range(5):
        view.add_activity.click()
    assert "up to 4 activities" in view.message.value


def test_the_visitors_clock_moves_untouched_defaults_and_bad_values_are_ignored():
    view = PlannerView(C, clock=lambda: NOW)
    view.page.now = "2026-11-27T20:40"  # the browser reports the visitor's local time
    assert view.day.value == dt.date(2026, 11, 27) and view.spasm_time.value == dt.time(19, 0)
    assert view.plan.request.day == dt.date(2026, 11, 27) and view.message.value == ""
    for bad in ("yesterday", "9999-01-01T00:00", "2026-11-27T20:40+05:00", "x" * 100):
        view.page.now = bad
        assert view.day.value == dt.date(2026, 11, 27) and view.message.value == ""
    touched = PlannerView(C, clock=lambda: NOW)
    touched.day.value = dt.date(2026, 11, 25)
    touched.page.now = "2026-11-27T20:40"
    assert touched.day.value == dt.date(2026, 11, 25)  # what the person chose is kept


def test_query_flag():
    from widgets.ui.page_info import query_flag
    assert query_flag("?mode=class", "mode") == "class"
    assert query_flag("?mode=CLASS&x=1", "mode") == "class"
    assert query_flag("", "mode") == "" and query_flag(None, "mode") == ""
