"""The safety advice that travels with each planned session: on screen, in print and in the calendar file."""

from __future__ import annotations

import datetime as dt

from icalendar import Calendar

from widgets.calendar_export import plan_to_ics
from widgets.content import content
from widgets.schedule import Request, make_plan
from widgets.session_advice import duration_fact, session_rules, session_text

C = content()
NOW = dt.datetime(2026, 11, 24, 12, 0)


def _plan(**changes):
    base = dict(rule="main", spasm_start=dt.datetime(2026, 11, 24, 8, 0), day=dt.date(2026, 11, 24),
                wake=dt.time(7, 0), bed=dt.time(23, 0))
    base.update(changes)
    return make_plan(Request(**base), C, NOW)


def _events(plan):
    return [c for c in Calendar.from_ical(plan_to_ics(plan, C)).walk() if c.name == "VEVENT"]


def test_a_session_inside_the_advised_time_keeps_the_content_rule():
    assert duration_fact(C, "cold", 15) == C.safety.duration_rule("cold")
    assert duration_fact(C, "heat", 15) == C.safety.duration_rule("heat")


def test_a_longer_session_names_its_own_length_and_the_sources_figures():
    fact = duration_fact(C, "cold", 20)
    assert "This session is 20 minutes" in fact.text and "10 to 15 minutes" in fact.text
    assert "never more than 20" in fact.text and fact.sources == C.safety.duration_rule("cold").sources
    chosen = duration_fact(C, "heat", 30)
    assert "This session is 30 minutes because you chose" in chosen.text and "15 to 20" in chosen.text


def test_every_calendar_event_agrees_with_itself():
    plan = _plan()
    events = _events(plan)
    assert events
    for event in events:
        summary, description = str(event["summary"]), str(event["description"])
        minutes = int(summary.split(" for ")[1].split()[0])
        assert f"This session is {minutes} minutes" in description
        # the generic "keep it on for 10 to 15 minutes" never sits next to a 20-minute session
        assert C.safety.duration_rule("cold").text not in description


def test_every_calendar_event_carries_the_rules_who_should_ask_first_and_the_warning_signs():
    for event in _events(_plan(rule="short")):
        description = str(event["description"])
        kind = "cold" if "Cold" in str(event["summary"]) else "heat"
        for rule in session_rules(C, kind, 15):
            assert rule.text in description
        for fact in C.safety.ask_first:
            assert fact.text in description
        for flag in C.safety.red_flags:
            assert flag.question in description
        assert "fall asleep" in description


def test_the_plain_text_names_the_bedtime_margin():
    text = session_text(C, "cold", 15)
    assert f"at least {C.safety.bedtime.margin_minutes} minutes before bed time" in text
