"""The timeline plot, the calendar file and the planner view, without a kernel or browser."""

from __future__ import annotations

import datetime as dt
import gc
import re

from icalendar import Calendar

from widgets.calendar_export import plan_to_ics
from widgets.content import content
from widgets.schedule import ACTIVE, RESTING, Activity, Request, make_plan
from widgets.timeline import NARROW_MEDIA, Timeline, draw, draw_narrow, narrow_timeline_svg, timeline_svg
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
                             activities=(Activity(dt.time(9, 0), dt.time(10, 0), RESTING),)),
                     C, dt.datetime(2026, 9, 20, 12, 0))  # planned ahead: a day in the past is refused
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


# ---- the narrow (phone) timeline: hours down the page, sessions as labelled bars ----

PHONE_IMG_PX = 351
"""The picture's CSS width on a 375 px phone (the page's side padding taken off)."""


def late_plan():
    """The longest day name and month, a bed time after midnight, no 'now' (planned ten days ahead)."""
    return make_plan(Request("main", dt.datetime(2026, 9, 20, 8, 0), dt.date(2026, 9, 30), dt.time(7, 0),
                             dt.time(1, 30), overnight=True,
                             activities=(Activity(dt.time(9, 0), dt.time(10, 0), RESTING),)),
                     C, dt.datetime(2026, 9, 20, 12, 0))


def _texts(fig, renderer):
    from matplotlib.text import Text

    texts = [t for t in fig.findobj(Text) if t.get_visible() and t.get_text()]
    return [(t, t.get_window_extent(renderer)) for t in texts]


def test_narrow_timeline_has_everything_the_wide_one_has():
    plan = busy_plan()
    svg = narrow_timeline_svg(plan, NOW)
    for kind in ("cold", "heat"):
        assert len(re.findall(rf'id="session-{kind}-\d+"', svg)) == len(plan.of_kind(kind)) > 0
    assert len(re.findall(r'id="activity-(active|resting)"', svg)) == 2
    assert 'id="now"' in svg and svg.count('id="sleep') == 2 and 'id="legend' in svg
    # colour never alone: each kind has its own hatch and letter, in the bars and the legend
    assert "Cold (C)" in svg and "Heat (H)" in svg and "Asleep" in svg
    fig = draw_narrow(plan, NOW)
    words = [t.get_text() for t in fig.axes[0].texts]
    for session in plan.sessions:
        letter = "C" if session.kind == "cold" else "H"
        assert f"{letter} {session.start:%H:%M}" in words
    hatches = {p.get_gid(): p.get_hatch() for p in fig.axes[0].collections if (p.get_gid() or "").startswith("session")}
    assert {h for g, h in hatches.items() if "cold" in g} == {"//"}
    assert {h for g, h in hatches.items() if "heat" in g} == {"xx"}
    assert "Resting" in words and "Active" in words and "now" in " ".join(words)
    # hours run down the page: the y axis is the clock, earliest at the top
    ax = fig.axes[0]
    assert ax.get_ylim()[0] > ax.get_ylim()[1]
    assert not narrow_timeline_svg(plan, None).count('id="now"')


def test_narrow_timeline_is_tall_and_its_text_is_legible_on_a_phone():
    """Scaled to a 375 px phone's 351 CSS px, every font is at least 11 px tall."""
    for plan, now in ((busy_plan(), NOW), (late_plan(), None)):
        svg = narrow_timeline_svg(plan, now)
        view = re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg)
        width, height = float(view.group(1)), float(view.group(2))
        assert height > 1.5 * width
        sizes = [float(s) for s in re.findall(r"font-size: ([\d.]+)px", svg)]
        assert len(sizes) > 10
        assert min(sizes) * PHONE_IMG_PX / width >= 11, (min(sizes), width)
    # the wide picture is not (that is why the narrow one exists)
    wide = timeline_svg(busy_plan(), NOW)
    width = float(re.search(r'viewBox="0 0 ([\d.]+) ', wide).group(1))
    assert min(float(s) for s in re.findall(r"font-size: ([\d.]+)px", wide)) * PHONE_IMG_PX / width < 11


def test_every_narrow_label_fits_and_no_two_labels_overlap():
    """Fixed margins again: nothing spills off the narrow picture, the legend is clear of the ticks
    and the title, and no text covers another (sessions 45 minutes apart, 'now' on a session)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.dates import date2num

    dense = make_plan(Request("short", dt.datetime(2026, 11, 24, 8, 0), dt.date(2026, 11, 25), dt.time(6, 0),
                              dt.time(23, 30), cold_minutes=12,
                              activities=(Activity(dt.time(12, 0), dt.time(12, 20), ACTIVE),  # not in time order
                                          Activity(dt.time(8, 30), dt.time(8, 50), RESTING),
                                          Activity(dt.time(8, 0), dt.time(8, 30), RESTING, "nap"))), C, NOW)
    cases = [(busy_plan(), NOW), (busy_plan(), NOW + dt.timedelta(hours=2, minutes=45)), (late_plan(), None),
             (dense, None)]
    for plan, now in cases:
        fig = draw_narrow(plan, now)
        canvas = FigureCanvasAgg(fig)
        canvas.draw()
        renderer = canvas.get_renderer()
        texts = _texts(fig, renderer)
        assert len(texts) > 10
        for text, box in texts:
            assert fig.bbox.x0 - 1 <= box.x0 and box.x1 <= fig.bbox.x1 + 1, text.get_text()
            assert fig.bbox.y0 - 1 <= box.y0 and box.y1 <= fig.bbox.y1 + 1, text.get_text()
        for i, (a, box_a) in enumerate(texts):
            for b, box_b in texts[i + 1:]:
                assert not box_a.overlaps(box_b), (a.get_text(), b.get_text())
        ax = fig.axes[0]
        # a label pushed apart from its neighbour stays beside its own bar
        words = [t for t in ax.texts if t.get_text() in ("Active", "Resting")]
        assert len(words) == len(plan.activity_windows())
        for word, (begin, end, _activity) in zip(words, plan.activity_windows()):
            assert abs(word.get_position()[1] - date2num(begin + (end - begin) / 2)) < 1 / 48, word.get_text()
        legend = fig.legends[0] if fig.legends else ax.get_legend()
        legend_box = legend.get_window_extent(renderer)
        for label in (*ax.get_xticklabels(), *ax.get_yticklabels(), ax.title, ax._left_title):
            if label.get_text():
                assert not legend_box.overlaps(label.get_window_extent(renderer)), label.get_text()


def test_a_narrow_timeline_redrawn_in_place_is_the_same_picture_as_a_new_one():
    quiet = make_plan(Request("main", dt.datetime(2026, 11, 24, 8, 0), dt.date(2026, 11, 26), dt.time(7, 0),
                              dt.time(23, 0)), C, NOW)
    timeline = Timeline()
    for plan, now in ((busy_plan(), NOW), (quiet, None), (late_plan(), None), (busy_plan(), NOW), (quiet, None)):
        pictures = timeline.svgs(plan, now)
        assert pictures.narrow == narrow_timeline_svg(plan, now) == timeline.narrow_svg(plan, now)
        assert pictures.wide == timeline_svg(plan, now)
    svg = pictures.narrow
    assert "activity-" not in svg and 'id="now"' not in svg and svg.count('id="sleep') == 2
    assert "<dc:date>" not in svg  # deterministic: no date metadata


def test_plan_html_serves_the_narrow_picture_to_phones():
    import base64
    import html

    from widgets.schedule import describe
    from widgets.ui.planner import plan_html

    plan = busy_plan()
    pictures = Timeline().svgs(plan, NOW)
    page = plan_html(plan, C, NOW, pictures.wide, pictures.narrow)
    found = re.search(r'<picture><source media="([^"]+)" srcset="data:image/svg\+xml;base64,([^"]+)">'
                      r'<img src="data:image/svg\+xml;base64,([^"]+)" alt="([^"]*)"', page)
    assert found, page[:400]
    assert found.group(1) == NARROW_MEDIA == "(max-width: 40rem)"
    assert base64.b64decode(found.group(2)).decode() == pictures.narrow
    assert base64.b64decode(found.group(3)).decode() == pictures.wide
    assert html.unescape(found.group(4)) == describe(plan)
    assert "</picture>" in page
    view = PlannerView(C, clock=lambda: NOW)
    assert "<picture><source" in view.result.value and view.svg.startswith("<?xml")


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
        assert session.reason in description and f"Use {session.kind} safely:" in description
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
    assert view.day.value == dt.date(2026, 11, 27) and view.spasm_time.value == dt.time(20, 40)  # it started now
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
