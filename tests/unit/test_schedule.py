"""The schedule engine: every rule it promises, over random valid inputs, and each bad input."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from widgets.content import content
from widgets.schedule import ACTIVE, RESTING, Activity, PlanError, Request, describe, make_plan, plan_from_now

C = content()
NOW = dt.datetime(2026, 11, 24, 12, 0)
LIMIT = C.safety.cold.max_minutes
HEAT_LIMIT = C.safety.heat.max_minutes
LEAD_MINUTES = C.ice_heat.planner.lead_minutes
MIN_GAP_MINUTES = C.ice_heat.planner.gap_minutes
MARGIN = C.safety.bedtime.margin_minutes


def request(**changes) -> Request:
    base = dict(rule="main", spasm_start=dt.datetime(2026, 11, 24, 8, 0), day=dt.date(2026, 11, 24),
                wake=dt.time(7, 0), bed=dt.time(23, 0))
    base.update(changes)
    return Request(**base)


# ---- examples ----

def test_main_rule_first_days_cold_then_moist_heat():
    day1 = make_plan(request(), C, NOW)
    assert {s.kind for s in day1.sessions} == {"cold"} and day1.day_number == 1
    assert all(s.minutes == 20 for s in day1.sessions)  # the safe default inside 20-30
    day3 = make_plan(request(day=dt.date(2026, 11, 26)), C, NOW)
    assert {s.kind for s in day3.sessions} == {"heat"} and all(s.moist for s in day3.sessions)


def test_second_rule_has_both_kinds_at_first_and_heat_later():
    first = make_plan(request(rule="short"), C, NOW)
    assert {s.kind for s in first.sessions} == {"cold", "heat"}
    assert {s.minutes for s in first.of_kind("heat")} == {15}
    later = make_plan(request(rule="short", day=dt.date(2026, 11, 27)), C, NOW)
    assert {s.kind for s in later.sessions} == {"heat"}


def test_heat_to_play_ice_to_stay():
    plan = make_plan(request(rule="short", activities=(
        Activity(dt.time(15, 0), dt.time(16, 0), ACTIVE, "a walk"),
        Activity(dt.time(19, 0), dt.time(21, 0), RESTING, "the sofa"))), C, NOW)
    before = {s.end.time(): s for s in plan.sessions}
    assert before[dt.time(15, 0)].kind == "heat" and "active afterwards" in before[dt.time(15, 0)].reason
    assert before[dt.time(19, 0)].kind == "cold"


def test_a_rule_with_one_kind_says_why_the_saying_is_not_followed():
    plan = make_plan(request(activities=(Activity(dt.time(15, 0), dt.time(16, 0), ACTIVE),)), C, NOW)
    assert any("would choose heat" in note for note in plan.notes)


def test_long_cold_needs_an_explicit_choice():
    with pytest.raises(PlanError, match="no more than 20 minutes"):
        make_plan(request(cold_minutes=25), C, NOW)
    plan = make_plan(request(cold_minutes=25, long_cold_ok=True), C, NOW)
    assert {s.minutes for s in plan.sessions} == {25}


def test_long_heat_needs_an_explicit_choice():
    later = dt.date(2026, 11, 26)  # day 3: the main rule's moist heat, 20 to 30 minutes
    with pytest.raises(PlanError, match=f"no more than {HEAT_LIMIT} minutes of heat"):
        make_plan(request(day=later, heat_minutes=25), C, NOW)
    plan = make_plan(request(day=later, heat_minutes=25, long_heat_ok=True), C, NOW)
    assert {s.minutes for s in plan.sessions} == {25}
    assert {s.minutes for s in make_plan(request(day=later), C, NOW).sessions} == {HEAT_LIMIT}


def test_the_first_session_of_today_starts_now_never_in_the_past():
    now = dt.datetime(2026, 11, 24, 13, 10)
    plan = make_plan(request(spasm_start=dt.datetime(2026, 11, 24, 12, 0)), C, now)
    assert plan.sessions[0].start == now
    assert all(s.start >= now for s in plan.sessions)


def test_a_later_day_starts_at_wake_up():
    plan = make_plan(request(day=dt.date(2026, 11, 25)), C, NOW)
    assert plan.sessions[0].start == dt.datetime(2026, 11, 25, 7, 0)


def test_no_session_ends_at_bed_time():
    # cold every 3 hours from 07:00 would give 22:00-22:20 with bed at 22:20: that session must go
    plan = make_plan(request(day=dt.date(2026, 11, 25), bed=dt.time(22, 20), cold_every_hours=3), C, NOW)
    assert plan.sessions
    bed = dt.datetime(2026, 11, 25, 22, 20)
    assert all(s.end <= bed - dt.timedelta(minutes=MARGIN) for s in plan.sessions)
    assert dt.datetime(2026, 11, 25, 22, 0) not in {s.start for s in plan.sessions}


def test_too_late_in_the_day_says_so():
    late = dt.datetime(2026, 11, 24, 22, 45)
    plan = make_plan(request(), C, late)
    assert not plan.sessions
    assert any("Never fall asleep with cold or heat on" in note for note in plan.notes)
    assert plan.no_time_left


def test_late_in_the_evening_the_plan_from_now_is_tomorrows_and_says_why():
    late = dt.datetime(2026, 11, 24, 22, 45)
    plan = plan_from_now(request(spasm_start=late), C, late)
    assert plan.request.day == dt.date(2026, 11, 25) and plan.day_number == 2
    assert plan.sessions and plan.sessions[0].start == dt.datetime(2026, 11, 25, 7, 0)
    assert plan.notes[0].startswith("It is too late for cold or heat today: no session fits before 22:30, "
                                     f"{MARGIN} minutes ahead of your bed time (23:00)")


def test_the_plan_from_now_is_todays_while_a_session_still_fits():
    fits = dt.datetime(2026, 11, 24, 22, 10) - dt.timedelta(minutes=MARGIN)  # a 20-minute cold session ends 22:10
    plan = plan_from_now(request(), C, fits)
    assert plan.request.day == dt.date(2026, 11, 24) and plan.sessions[0].start == fits
    later_day = plan_from_now(request(day=dt.date(2026, 11, 25)), C, dt.datetime(2026, 11, 24, 22, 45))
    assert later_day.request.day == dt.date(2026, 11, 25) and not later_day.notes  # a chosen later day is kept


@given(minute=st.integers(0, 24 * 60 - 1))
@example(minute=22 * 60 + 11)  # room before the margin, but less than a session: found by Hypothesis
@settings(max_examples=60, deadline=None)
def test_the_plan_from_now_always_has_a_session_when_a_rule_day_has_room(minute):
    now = dt.datetime(2026, 11, 24, 0, 0) + dt.timedelta(minutes=minute)
    req = request(spasm_start=dt.datetime(2026, 11, 24, 0, 0))
    plan = plan_from_now(req, C, now)
    assert plan.sessions, f"nothing planned at {now:%H:%M}"
    assert plan.sessions[0].start >= now
    too_late = make_plan(req, C, now).no_time_left
    assert plan.request.day == now.date() + dt.timedelta(days=1 if too_late else 0)
    assert any(n.startswith("It is too late") for n in plan.notes) == too_late


def test_an_interval_of_one_hour_reads_as_one_hour():
    plan = make_plan(request(day=dt.date(2026, 11, 26), heat_every_hours=1), C, NOW)
    assert plan.sessions and all("every hour" in s.reason and "1 hours" not in s.reason for s in plan.sessions)


def test_the_engine_restates_no_content_figure():
    """Every time, limit and margin comes from the content: the module holds no figure of its own."""
    import ast
    import inspect

    import widgets.schedule as schedule

    numbers = {node.value for node in ast.walk(ast.parse(inspect.getsource(schedule)))
               if isinstance(node, ast.Constant) and isinstance(node.value, (int, float))
               and not isinstance(node.value, bool)}
    assert numbers <= {0, 1, 60}, f"figures written into the schedule engine: {sorted(numbers - {0, 1, 60})}"


def test_overnight_bed_time():
    plan = make_plan(request(bed=dt.time(1, 0), overnight=True), C, NOW)
    assert plan.bed == dt.datetime(2026, 11, 25, 1, 0)
    assert plan.sessions[-1].end <= plan.bed


def test_describe_is_a_text_alternative():
    plan = make_plan(request(), C, NOW)
    text = describe(plan)
    assert text.startswith("Plan for Tuesday 24 November (day 1 since the spasm)")
    assert f"{len(plan.sessions)} cold sessions at" in text


# ---- bad input: each a clear message ----

@pytest.mark.parametrize(("changes", "message"), [
    ({"bed": dt.time(6, 0)}, "Bed time is not after wake-up time. If you go to bed after midnight"),
    ({"bed": dt.time(22, 0), "overnight": True}, "the bed time is before midnight"),
    ({"spasm_start": dt.datetime(2026, 11, 24, 13, 0)}, "The spasm's start is in the future"),
    ({"day": dt.date(2026, 11, 23)}, "The day to plan is before the spasm started"),
    ({"day": dt.date(2026, 11, 23), "spasm_start": dt.datetime(2026, 11, 22, 8, 0)}, "The day to plan has already passed"),
    ({"cold_minutes": 35, "long_cold_ok": True}, "Cold session length (minutes) must be between 20 and 30"),
    ({"cold_every_hours": 2}, "Hours between cold sessions must be between 3 and 4"),
    ({"rule": "short", "heat_minutes": 20, "day": dt.date(2026, 11, 26)}, "Heat session length (minutes) must be between 15 and 15"),
    ({"heat_every_hours": 12, "day": dt.date(2026, 11, 26)}, "Hours between heat sessions must be between 1 and 8"),
    ({"rule": "sometimes"}, "Unknown rule 'sometimes': choose one of main, short."),
    ({"wake": None}, "Enter both a wake-up time and a bed time."),
    ({"activities": (Activity(dt.time(10, 0), dt.time(12, 0), ACTIVE), Activity(dt.time(11, 0), dt.time(13, 0), RESTING))},
     "Activities 1 and 2 overlap."),
    ({"activities": (Activity(dt.time(23, 30), dt.time(23, 45), ACTIVE),)}, "is not within your waking hours"),
    ({"activities": (Activity(dt.time(10, 0), dt.time(10, 0), ACTIVE),)}, "the end time must be after the start time"),
    ({"activities": (Activity(dt.time(10, 0), dt.time(11, 0), "dancing"),)}, "choose active or resting"),
])
def test_bad_input_is_refused_with_a_message(changes, message):
    with pytest.raises(PlanError) as error:
        make_plan(request(**changes), C, NOW)
    assert message in str(error.value)


# ---- properties over random valid inputs ----

@st.composite
def valid_requests(draw):
    rule_id = draw(st.sampled_from(["main", "short"]))
    rule = C.ice_heat.rule(rule_id)
    spasm = dt.datetime(2026, 11, 20, 0, 0) + dt.timedelta(minutes=draw(st.integers(0, 24 * 60 - 1)))
    day = spasm.date() + dt.timedelta(days=draw(st.integers(0, 4)))
    wake = dt.time(draw(st.integers(5, 10)), draw(st.sampled_from([0, 15, 30, 45])))
    overnight = draw(st.booleans())
    bed = dt.time(draw(st.integers(0, 2)), draw(st.sampled_from([0, 30]))) if overnight else \
        dt.time(draw(st.integers(19, 23)), draw(st.sampled_from([0, 30, 55])))
    cold, heat = rule.phase("cold"), rule.phase("heat")
    long_ok = draw(st.booleans())
    cold_max = cold.minutes.high if long_ok else min(cold.minutes.high, LIMIT)
    cold_minutes = draw(st.integers(cold.minutes.low, max(cold.minutes.low, cold_max)))
    assume(long_ok or cold_minutes <= LIMIT)
    long_heat = draw(st.booleans())
    heat_max = heat.minutes.high if long_heat else min(heat.minutes.high, HEAT_LIMIT)
    heat_minutes = draw(st.integers(heat.minutes.low, max(heat.minutes.low, heat_max)))
    heat_every = heat.every_hours or None
    activities = []
    cursor = dt.datetime.combine(day, wake)
    for _ in range(draw(st.integers(0, 3))):
        start = cursor + dt.timedelta(minutes=draw(st.integers(15, 300)) // 5 * 5)
        end = start + dt.timedelta(minutes=draw(st.integers(3, 36)) * 5)
        if end.time() > dt.time(18, 55) or end.date() != day:
            break
        activities.append(Activity(start.time(), end.time(), draw(st.sampled_from([ACTIVE, RESTING]))))
        cursor = end
    return Request(
        rule=rule_id, spasm_start=spasm, day=day, wake=wake, bed=bed, overnight=overnight,
        cold_minutes=cold_minutes,
        cold_every_hours=draw(st.integers(cold.every_hours.low, cold.every_hours.high)),
        heat_minutes=heat_minutes, long_heat_ok=long_heat,
        heat_every_hours=draw(st.integers(heat_every.low, heat_every.high)) if heat_every else draw(st.integers(1, 8)),
        long_cold_ok=long_ok, activities=tuple(activities),
    )


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(valid_requests())
def test_every_plan_keeps_every_rule(req):
    now = max(req.spasm_start, dt.datetime.combine(req.day, dt.time(0, 0)))
    plan = make_plan(req, C, now)
    rule = C.ice_heat.rule(req.rule)
    day_index = (req.day - req.spasm_start.date()).days
    kinds_today = {p.kind for p in rule.phases if p.applies_on(day_index)}
    sessions = plan.sessions
    windows = plan.activity_windows()
    for s in sessions:
        # awake, after the spasm began, and of an allowed kind and length
        assert plan.wake <= s.start < s.end <= plan.bed - dt.timedelta(minutes=MARGIN)
        assert s.start >= req.spasm_start.replace(second=0, microsecond=0)
        assert s.start >= now  # never in the past
        assert s.kind in kinds_today
        phase = next(p for p in rule.phases if p.kind == s.kind and p.applies_on(day_index))
        assert s.minutes in phase.minutes
        if s.kind == "cold":
            assert s.minutes <= LIMIT or req.long_cold_ok
            assert s.minutes == req.cold_minutes
        else:
            assert s.minutes <= HEAT_LIMIT or req.long_heat_ok
        # never during an active period
        for begin, finish, activity in windows:
            if activity.kind == ACTIVE:
                assert not (s.start < finish and begin < s.end)
            # heat to play, ice to stay, where the rule allows the preferred kind
            if s.end <= begin <= s.end + dt.timedelta(minutes=LEAD_MINUTES) and activity.preferred in kinds_today:
                assert s.kind == activity.preferred
    # no overlaps, a break between sessions, and same-kind sessions at least the interval apart
    ordered = sorted(sessions, key=lambda s: s.start)
    for a, b in zip(ordered, ordered[1:]):
        assert b.start >= a.end + dt.timedelta(minutes=MIN_GAP_MINUTES)
    for kind in ("cold", "heat"):
        starts = [s.start for s in ordered if s.kind == kind]
        every = req.cold_every_hours if kind == "cold" else req.heat_every_hours
        for a, b in zip(starts, starts[1:]):
            assert b - a >= dt.timedelta(hours=every)
    # cold only in the rule's first days
    if day_index >= 2:
        assert not plan.of_kind("cold")
    # a day with room in it gets at least one session
    if kinds_today and plan.bed - max(plan.wake, req.spasm_start) > dt.timedelta(hours=3) and not windows:
        assert sessions


# ---- several days: from the spasm's start through the switch from cold to heat ----

def test_by_default_the_plan_runs_until_a_day_after_the_switch_to_heat():
    from widgets.schedule import default_days, plan_days, switch_index

    assert switch_index(C.ice_heat.rule("main")) == C.ice_heat.rule("main").phase("cold").first_days == 2
    course = plan_days(request(), C, NOW)
    assert [d.request.day for d in course.days] == [dt.date(2026, 11, 24) + dt.timedelta(days=n) for n in range(3)]
    assert [d.day_number for d in course.days] == [1, 2, 3]
    assert [{s.kind for s in d.sessions} for d in course.days] == [{"cold"}, {"cold"}, {"heat"}]  # the switch
    assert course.sessions == [s for d in course.days for s in d.sessions]
    assert course.sessions[0].start == NOW and course.span == "Tuesday 24 November to Thursday 26 November"
    # begun yesterday: two days left; the switch long past: one day
    assert default_days(request(spasm_start=dt.datetime(2026, 11, 23, 8, 0)), C, dt.date(2026, 11, 24)) == 2
    assert default_days(request(spasm_start=dt.datetime(2026, 11, 14, 8, 0)), C, dt.date(2026, 11, 24)) == 1


def test_as_many_days_as_asked_up_to_the_planners_most():
    from widgets.schedule import plan_days

    most = C.ice_heat.planner.max_days
    course = plan_days(request(), C, NOW, most)
    assert len(course.days) == most and len({d.request.day for d in course.days}) == most
    for later in course.days[1:]:
        assert later.sessions[0].start == dt.datetime.combine(later.request.day, dt.time(7, 0))
    for bad in (0, most + 1, True, "3"):
        with pytest.raises(PlanError, match=f"Days to plan must be between 1 and {most}"):
            plan_days(request(), C, NOW, bad)


def test_several_days_from_now_start_tomorrow_when_today_is_over():
    from widgets.schedule import plan_days

    late = dt.datetime(2026, 11, 24, 22, 50)
    course = plan_days(request(spasm_start=dt.datetime(2026, 11, 24, 22, 0)), C, late, from_now=True)
    assert course.first.request.day == dt.date(2026, 11, 25) and "too late" in course.first.notes[0]
    assert len(course.days) == 2  # days 2 and 3 since the spasm: through the switch


def test_describe_several_days_names_each_day():
    from widgets.schedule import plan_days

    text = describe(plan_days(request(), C, NOW))
    for day in ("Tuesday 24 November", "Wednesday 25 November", "Thursday 26 November"):
        assert f"Plan for {day}" in text
