"""The timeline plot, the calendar file and the planner view, without a kernel or browser."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from icalendar import Calendar

from widgets.calendar_export import plan_to_ics
from widgets.content import content
from widgets.schedule import ACTIVE, RESTING, Activity, Request, make_plan, plan_days
from widgets.timeline import NARROW, NARROW_MEDIA, STYLE, WIDE, draw_narrow, draw_wide, pictures
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
    svg = pictures(plan, NOW).wide
    for kind in ("cold", "heat"):
        assert len(re.findall(rf'id="session-{kind}-\d+"', svg)) == len(plan.of_kind(kind)) > 0
        # colour never alone: each kind is filled with its own hatching and carries its letter
        assert len(re.findall(rf'id="session-{kind}-\d+"[^>]*fill="url\(#hatch-{kind}\)"', svg)) == len(plan.of_kind(kind))
    assert len(re.findall(r'id="activity-(active|resting)-\d+"', svg)) == 2
    assert 'id="now"' in svg and svg.count('id="sleep') == 2
    letters = [t.text for t in draw_wide(plan, NOW).texts if t.text in ("C", "H")]
    assert letters == ["C" if s.kind == "cold" else "H" for s in plan.sessions]
    assert "Cold (C)" in svg and "Heat (H)" in svg and "Asleep" in svg


def test_timeline_without_now_on_another_day():
    plan = make_plan(Request("main", dt.datetime(2026, 11, 24, 8, 0), dt.date(2026, 11, 26), dt.time(7, 0),
                             dt.time(23, 0)), C, NOW)
    assert 'id="now"' not in pictures(plan, None).wide
    assert 'id="now"' not in pictures(plan, None).narrow


def test_the_clock_runs_across_the_wide_picture_and_down_the_narrow_one():
    plan = busy_plan()

    def place(drawing, text):
        return next(t for t in drawing.texts if t.text == text)

    wide, narrow = draw_wide(plan, NOW), draw_narrow(plan, NOW)
    assert place(wide, "06:00").x < place(wide, "12:00").x < place(wide, "18:00").x
    assert place(wide, "06:00").y == place(wide, "18:00").y
    assert place(narrow, "06:00").y < place(narrow, "12:00").y < place(narrow, "18:00").y
    assert place(narrow, "06:00").x == place(narrow, "18:00").x
    # a bed time after midnight: the day runs on past midnight, and the picture with it
    assert [t.text for t in draw_wide(late_plan()).texts if t.text.endswith(":00")][-1] == "00:00"


def late_plan():
    """The longest day name and month, a bed time after midnight, no 'now' (planned ten days ahead)."""
    return make_plan(Request("main", dt.datetime(2026, 9, 20, 8, 0), dt.date(2026, 9, 30), dt.time(7, 0),
                             dt.time(1, 30), overnight=True,
                             activities=(Activity(dt.time(9, 0), dt.time(10, 0), RESTING),)),
                     C, dt.datetime(2026, 9, 20, 12, 0))


def dense_plan():
    """Sessions 45 minutes apart and short activities close together (not in time order)."""
    return make_plan(Request("short", dt.datetime(2026, 11, 24, 8, 0), dt.date(2026, 11, 25), dt.time(6, 0),
                             dt.time(23, 30), cold_minutes=12,
                             activities=(Activity(dt.time(12, 0), dt.time(12, 20), ACTIVE),
                                         Activity(dt.time(8, 30), dt.time(8, 50), RESTING),
                                         Activity(dt.time(8, 0), dt.time(8, 30), RESTING, "nap"))), C, NOW)


def three_days():
    """The default plan for a spasm that began this morning: two days of cold, then heat."""
    return list(plan_days(Request("main", dt.datetime(2026, 11, 24, 8, 0), dt.date(2026, 11, 24), dt.time(7, 0),
                                  dt.time(23, 0), activities=(Activity(dt.time(15, 0), dt.time(16, 0), ACTIVE),)),
                          C, NOW).days)


CASES = [(busy_plan, NOW), (busy_plan, NOW + dt.timedelta(hours=2, minutes=45)), (late_plan, None), (dense_plan, None),
         (three_days, NOW)]
"""Plans and times of 'now' for the layout checks ('now' on a session in the second)."""


@pytest.mark.parametrize("draw", [draw_wide, draw_narrow])
@pytest.mark.parametrize("make, now", CASES)
def test_no_label_spills_off_the_picture_or_covers_another(draw, make, now):
    """Text is placed from its size (a generous width estimate): every label inside the picture,
    no two labels overlapping. The browser tests check the same with the real glyphs."""
    drawing = draw(make(), now)
    boxes = [(t.text, t.box()) for t in drawing.texts]
    assert len(boxes) > 10
    for text, box in boxes:
        assert 0 <= box.x0 and box.x1 <= drawing.width, text
        assert 0 <= box.y0 and box.y1 <= drawing.height, text
    for i, (a, box_a) in enumerate(boxes):
        for b, box_b in boxes[i + 1:]:
            apart = box_a.x1 <= box_b.x0 or box_b.x1 <= box_a.x0 or box_a.y1 <= box_b.y0 or box_b.y1 <= box_a.y0
            assert apart, (a, b)


@pytest.mark.parametrize("draw, layout", [(draw_wide, WIDE), (draw_narrow, NARROW)])
def test_several_days_stack_one_under_another(draw, layout):
    days = three_days()
    drawing = draw(days, NOW)
    assert drawing.height == layout.height(3) > layout.height(1)
    titles = [t for t in drawing.texts if t.text.startswith(("Tuesday", "Wednesday", "Thursday"))]
    assert [t.text.split()[0] for t in titles] == ["Tuesday", "Wednesday", "Thursday"]
    assert [t.y for t in titles] == sorted(t.y for t in titles) and titles[0].x == titles[-1].x
    svg = drawing.svg()
    ids = re.findall(r' id="([^"]+)"', svg)
    assert len(ids) == len(set(ids))  # every id once, though every day has its sleep, hours...
    assert len(re.findall(r'id="session-(cold|heat)-\d+"', svg)) == sum(len(d.sessions) for d in days)
    assert svg.count('id="now"') == 1 and svg.count('id="sleep') == 6
    assert len([t for t in drawing.texts if t.text.startswith("Cold (C)")]) == 1  # one legend


def test_a_wide_activity_too_short_for_its_word_shows_its_letter_and_the_legend_spells_it():
    texts = [t.text for t in draw_wide(dense_plan()).texts]
    assert texts.count("R") == 2 and "Active" not in texts and texts.count("A") == 1
    assert "Resting (R)" in texts and "Active (A)" in texts
    assert "Resting" in [t.text for t in draw_wide(busy_plan(), NOW).texts]  # a two-hour rest has room


def test_a_narrow_label_pushed_apart_from_its_neighbour_stays_beside_its_own_bar():
    plan = dense_plan()
    drawing = draw_narrow(plan)
    words = [t for t in drawing.texts if t.text in ("Active", "Resting")]
    bars = re.findall(r'<rect id="activity-\w+-\d+"[^>]*? y="([\d.]+)" width="[\d.]+" height="([\d.]+)"',
                      drawing.svg())
    assert len(words) == len(bars) == len(plan.activity_windows()) == 3
    hour = (NARROW.plot.y1 - NARROW.plot.y0) / 24
    for word, (top, height) in zip(words, bars):
        assert abs(word.y - (float(top) + float(height) / 2)) < hour / 2, word.text


# ---- the narrow (phone) picture: hours down the page, sessions as labelled bars ----

PHONE_IMG_PX = 351
"""The picture's CSS width on a 375 px phone (the page's side padding taken off)."""


def test_narrow_timeline_has_everything_the_wide_one_has():
    plan = busy_plan()
    svg = pictures(plan, NOW).narrow
    for kind in ("cold", "heat"):
        assert len(re.findall(rf'id="session-{kind}-\d+"[^>]*fill="url\(#hatch-{kind}\)"', svg)) \
            == len(plan.of_kind(kind)) > 0
    assert len(re.findall(r'id="activity-(active|resting)-\d+"', svg)) == 2
    assert 'id="now"' in svg and svg.count('id="sleep') == 2 and 'id="legend-cold"' in svg
    assert "Cold (C)" in svg and "Heat (H)" in svg and "Asleep" in svg
    words = [t.text for t in draw_narrow(plan, NOW).texts]
    for session in plan.sessions:
        assert f"{'C' if session.kind == 'cold' else 'H'} {session.start:%H:%M}" in words
    assert "Resting" in words and "Active" in words and "now" in words


def test_cold_and_heat_hatching_differ():
    svg = pictures(busy_plan(), NOW).wide
    cold = re.search(r'<pattern id="hatch-cold".*?</pattern>', svg).group(0)
    heat = re.search(r'<pattern id="hatch-heat".*?</pattern>', svg).group(0)
    assert heat.count("M") > cold.count("M")  # crossed lines, not one diagonal
    assert STYLE["cold"]["color"] in cold and STYLE["heat"]["color"] in heat


def test_narrow_timeline_is_tall_and_its_text_is_legible_on_a_phone():
    """Scaled to a 375 px phone's 351 CSS px, every font is at least 11 px tall."""
    for plan, now in ((busy_plan(), NOW), (late_plan(), None)):
        svg = pictures(plan, now).narrow
        view = re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg)
        width, height = float(view.group(1)), float(view.group(2))
        assert height > 1.5 * width
        sizes = [float(s) for s in re.findall(r"font-size: ([\d.]+)px", svg)]
        assert len(sizes) > 10
        assert min(sizes) * PHONE_IMG_PX / width >= 11, (min(sizes), width)
    # the wide picture is not (that is why the narrow one exists)
    wide = pictures(busy_plan(), NOW).wide
    width = float(re.search(r'viewBox="0 0 ([\d.]+) ', wide).group(1))
    assert min(float(s) for s in re.findall(r"font-size: ([\d.]+)px", wide)) * PHONE_IMG_PX / width < 11


def test_the_same_plan_gives_the_same_pictures():
    assert pictures(busy_plan(), NOW) == pictures(busy_plan(), NOW)
    assert pictures(busy_plan(), NOW) != pictures(busy_plan(), None)
    assert pictures(busy_plan(), None).wide.startswith('<?xml version="1.0" encoding="utf-8"?>')


def test_label_text_is_escaped():
    from widgets.timeline import Drawing, Text, WIDE

    drawing = Drawing(WIDE)
    drawing.text(Text(10, 10, "a < b & c", 10))
    assert "a &lt; b &amp; c" in drawing.svg()


def test_plan_html_serves_the_narrow_picture_to_phones():
    import base64
    import html

    from widgets.schedule import describe
    from widgets.ui.planner import plan_html

    plan = busy_plan()
    both = pictures(plan, NOW)
    page = plan_html(plan, C, NOW, both.wide, both.narrow)
    found = re.search(r'<picture><source media="([^"]+)" srcset="data:image/svg\+xml;base64,([^"]+)">'
                      r'<img src="data:image/svg\+xml;base64,([^"]+)" alt="([^"]*)"', page)
    assert found, page[:400]
    assert found.group(1) == NARROW_MEDIA == "(max-width: 40rem)"
    assert base64.b64decode(found.group(2)).decode() == both.narrow
    assert base64.b64decode(found.group(3)).decode() == both.wide
    assert html.unescape(found.group(4)) == describe(plan)
    assert "</picture>" in page
    view = PlannerView(C, clock=lambda: NOW)
    assert "<picture><source" in view.result.value and view.svg.startswith("<?xml")


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
