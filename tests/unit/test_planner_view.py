"""The planner's view: what a person sees before touching anything, and the warnings it gives."""

from __future__ import annotations

import datetime as dt

from widgets.content import content
from widgets.ui.planner import PlannerView

C = content()
NOW = dt.datetime(2026, 11, 25, 13, 10)


def test_untouched_planner_starts_the_first_session_now():
    view = PlannerView(C, clock=lambda: NOW)
    assert view.spasm_date.value == NOW.date() and view.spasm_time.value == NOW.time()
    assert view.plan.sessions[0].start == NOW
    assert all(s.start >= NOW for s in view.plan.sessions)


def test_the_browsers_clock_moves_the_untouched_start_to_its_now():
    view = PlannerView(C, clock=lambda: NOW)
    view.page.now = "2026-11-25T15:42"
    assert (view.spasm_date.value, view.spasm_time.value) == (dt.date(2026, 11, 25), dt.time(15, 42))
    assert view.plan.sessions[0].start.time() == dt.time(15, 42)


def test_heat_over_the_sources_limit_is_warned_and_needs_a_tick():
    view = PlannerView(C, clock=lambda: NOW)
    assert "Heat: sources differ" in view.heat_warning.value and view.long_heat.layout.display is None
    assert view.heat_minutes.value == C.safety.heat.max_minutes
    view.day.value = NOW.date() + dt.timedelta(days=2)  # the main rule's heat days
    view.heat_minutes.value = 25
    assert view.plan is None and "no more than 20 minutes of heat" in view.message.value
    view.long_heat.value = True
    assert view.plan is not None and {s.minutes for s in view.plan.sessions} == {25}
    assert "This session is 25 minutes because you chose" in view.safety.value


def test_the_short_rule_needs_no_heat_warning():
    view = PlannerView(C, clock=lambda: NOW)
    view.rule.value = "short"
    assert view.heat_warning.value == "" and view.long_heat.layout.display == "none"


def test_intervals_read_as_hours_and_one_hour_as_an_hour():
    view = PlannerView(C, clock=lambda: NOW)
    view.day.value = NOW.date() + dt.timedelta(days=2)
    labels = [label for label, _value in view.heat_every.options]
    assert labels[0] == "hour" or labels[0] == "1 hour"
    assert "1 hours" not in labels


def test_the_plan_shows_rules_that_agree_with_its_sessions():
    view = PlannerView(C, clock=lambda: NOW)
    minutes = view.plan.sessions[0].minutes
    assert f"This session is {minutes} minutes" in view.safety.value
    assert C.safety.duration_rule("cold").text not in view.safety.value
    assert "Ask a professional first" in view.safety.value


def test_late_in_the_evening_the_untouched_planner_shows_tomorrow_until_a_day_is_chosen():
    late = dt.datetime(2026, 11, 25, 22, 50)
    view = PlannerView(C, clock=lambda: late)
    tomorrow = late.date() + dt.timedelta(days=1)
    assert view.day.value == tomorrow and view.plan.request.day == tomorrow
    assert view.plan.sessions[0].start == dt.datetime.combine(tomorrow, view.wake.value)
    assert "It is too late for cold or heat today" in view.result.value
    view.bed.value = dt.time(23, 59)  # a later bed time leaves room today: back to today, from now
    assert view.day.value == late.date() and view.plan.sessions[0].start == late
    view.bed.value = dt.time(23, 0)
    view.day.value = late.date()  # the person chooses today: today's (empty) plan, with the reason
    assert view.plan.request.day == late.date() and not view.plan.sessions
    assert "No time is left today" in view.result.value


def test_the_planner_covers_the_days_until_after_the_switch_and_as_many_as_asked():
    view = PlannerView(C, clock=lambda: NOW)
    assert view.days.value == 0 and view.days.label == "3 days: until a day after the switch from cold to heat"
    assert [d.day_number for d in view.course.days] == [1, 2, 3]
    assert view.result.value.count('<table class="sr-table">') == 3 and 'data-days="3"' in view.result.value
    assert "(day 3 since the spasm)" in view.result.value
    assert "Using heat safely" in view.safety.value  # day 3's heat has its rules beside the plan
    view.days.value = 1
    assert len(view.course.days) == 1 and view.result.value.count('<table class="sr-table">') == 1
    assert "Using heat safely" not in view.safety.value
    view.days.value = 0
    view.spasm_date.value = NOW.date() - dt.timedelta(days=1)  # begun yesterday: two days to the switch
    assert view.days.label.startswith("2 days: ") and len(view.course.days) == 2


def test_one_calendar_file_holds_every_day():
    import base64
    import re

    from icalendar import Calendar

    view = PlannerView(C, clock=lambda: NOW)
    link = re.search(r'download="([^"]+)" href="data:text/calendar;charset=utf-8;base64,([^"]+)">([^<]+)<',
                     view.result.value)
    assert link.group(1) == f"spasm-relief-{NOW.date().isoformat()}-3-days.ics"
    events = Calendar.from_ical(base64.b64decode(link.group(2))).walk("VEVENT")
    assert [e.decoded("dtstart") for e in events] == [s.start for s in view.course.sessions]
    assert {e.decoded("dtstart").date() for e in events} == {d.request.day for d in view.course.days}
    assert f"{len(events)} sessions" in link.group(3)
