"""The ice-and-heat schedule engine: each day's cold and heat sessions under one of the article's rules
(:func:`make_plan` for a day, :func:`plan_days` for the first days, through the switch to heat).

Pure Python; the planner widget, the timeline plot and the calendar export all read its
:class:`Plan`. The rules every plan keeps (checked by property tests):

* no session while asleep (outside wake to bed), before the spasm started, or in the past:
  on the day of planning the first session starts now;
* every session ends at least the content's bedtime margin before bed, so nobody is invited
  to fall asleep with cold or heat on;
* sessions never overlap each other, nor an active period, and any two sessions are at
  least the planner's ``gap_minutes`` apart so the skin is back to its normal temperature first;
* each session lasts the chosen minutes, inside the rule's range; sessions of one kind
  start at least the chosen interval apart (more when sleep or an activity is in the way);
* cold only in the rule's first days, heat only where the rule has heat that day;
* a session that ends within the planner's ``lead_minutes`` of an activity is heat before an active
  period and cold before a resting one ("heat to play, ice to stay") whenever the rule
  allows that kind that day;
* no cold or heat session over its safety limit (``safety.toml``) unless the person chose
  the article's longer figure after seeing the warning.

Every figure comes from the content: the rules' times from ``ice_heat.toml``, the limits
and the bedtime margin from ``safety.toml``, and the planner's own layout choices (gaps,
grid, lead time) from ``ice_heat.toml``'s ``[planner]`` table.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from .content import Content, Phase, Rule
from .errors import InputError
from .schema import Range

ACTIVE, RESTING = "active", "resting"


class PlanError(InputError):
    """Input the planner cannot use; the message is meant for the person."""


@dataclass(frozen=True)
class Activity:
    start: dt.time
    end: dt.time
    kind: str  # ACTIVE or RESTING
    label: str = ""

    @property
    def preferred(self) -> str:
        return "heat" if self.kind == ACTIVE else "cold"


@dataclass(frozen=True)
class Request:
    rule: str
    spasm_start: dt.datetime
    day: dt.date
    wake: dt.time
    bed: dt.time
    overnight: bool = False
    cold_minutes: int | None = None
    cold_every_hours: int | None = None
    heat_minutes: int | None = None
    heat_every_hours: int | None = None
    long_cold_ok: bool = False
    long_heat_ok: bool = False
    activities: tuple[Activity, ...] = ()


@dataclass(frozen=True)
class Session:
    start: dt.datetime
    end: dt.datetime
    kind: str  # "cold" or "heat"
    reason: str
    moist: bool = False

    @property
    def minutes(self) -> int:
        return int((self.end - self.start).total_seconds() // 60)


@dataclass(frozen=True)
class KindPlan:
    """What the rule asks of one kind (cold or heat) on the planned day."""

    kind: str
    minutes: int
    every_hours: int
    phase: Phase


@dataclass
class Plan:
    request: Request
    rule: Rule
    day_number: int  # 1 on the day the spasm started
    kinds: tuple[KindPlan, ...]
    wake: dt.datetime
    bed: dt.datetime
    limits: dict[str, int] = field(default_factory=dict)  # safety limit in minutes, by kind
    sessions: list[Session] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    no_time_left: bool = False  # the day's waking time left nothing before the bedtime margin

    def of_kind(self, kind: str) -> list[Session]:
        return [s for s in self.sessions if s.kind == kind]

    def activity_windows(self) -> list[tuple[dt.datetime, dt.datetime, Activity]]:
        return [(*_window(self.request.day, a.start, a.end, self.wake), a) for a in self.request.activities]


def _at(day: dt.date, time: dt.time) -> dt.datetime:
    return dt.datetime.combine(day, time.replace(tzinfo=None, second=0, microsecond=0))


def _window(day: dt.date, start: dt.time, end: dt.time, wake: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    """Place a clock-time window on the waking day that starts at ``wake`` (after midnight = next day)."""
    begin, finish = _at(day, start), _at(day, end)
    if begin < wake:
        begin += dt.timedelta(days=1)
    if finish <= begin:
        finish += dt.timedelta(days=1)
    return begin, finish


def _choose(value: int | None, allowed: Range, default: int, what: str) -> int:
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int):
        raise PlanError(f"{what} must be a whole number.")
    bounds = allowed
    if value not in bounds:
        raise PlanError(f"{what} must be between {bounds.low} and {bounds.high} for this rule (you chose {value}).")
    return value


def default_minutes(phase: Phase, limit: int) -> int:
    """The rule's time closest to the safety limit without going over it where the rule allows."""
    return min(phase.minutes.high, max(phase.minutes.low, min(limit, phase.minutes.high)))


def interval_choices(phase: Phase, content: Content) -> Range:
    """Hours allowed between sessions: the rule's own, or the planner's free range where it gives none."""
    return phase.every_hours or content.ice_heat.planner.free_interval_hours


def default_every(phase: Phase, content: Content) -> int:
    return phase.every_hours.low if phase.every_hours else content.ice_heat.default_heat_every_hours


def _kinds(request: Request, rule: Rule, day_index: int, content: Content) -> tuple[KindPlan, ...]:
    kinds = []
    for phase in rule.phases:
        if not phase.applies_on(day_index):
            continue
        limit = content.safety.limits(phase.kind).max_minutes
        word = "Cold" if phase.kind == "cold" else "Heat"
        minutes = _choose(getattr(request, f"{phase.kind}_minutes"), phase.minutes, default_minutes(phase, limit),
                          f"{word} session length (minutes)")
        if minutes > limit and not getattr(request, f"long_{phase.kind}_ok"):
            raise PlanError(
                f"Safety sources advise no more than {limit} minutes of {phase.kind} at a time. To plan the "
                f"article's {minutes} minutes anyway, tick the box that says you have read this warning."
            )
        every = _choose(getattr(request, f"{phase.kind}_every_hours"), interval_choices(phase, content),
                        default_every(phase, content), f"Hours between {phase.kind} sessions")
        kinds.append(KindPlan(phase.kind, minutes, every, phase))
    return tuple(kinds)


def _check(request: Request, content: Content, now: dt.datetime) -> tuple[Rule, dt.datetime, dt.datetime]:
    try:
        rule = content.ice_heat.rule(request.rule)
    except KeyError:
        names = ", ".join(r.id for r in content.ice_heat.rules)
        raise PlanError(f"Unknown rule {request.rule!r}: choose one of {names}.") from None
    if request.wake is None or request.bed is None:
        raise PlanError("Enter both a wake-up time and a bed time.")
    if request.spasm_start is None or request.day is None:
        raise PlanError("Enter when the spasm started and the day to plan.")
    if request.spasm_start > now:
        raise PlanError("The spasm's start is in the future. Enter when it actually began.")
    if request.day < request.spasm_start.date():
        raise PlanError("The day to plan is before the spasm started. Choose that day or a later one.")
    if request.day < now.date():
        raise PlanError("The day to plan has already passed. Choose today or a later day.")
    wake = _at(request.day, request.wake)
    bed = _at(request.day, request.bed)
    if bed <= wake:
        if not request.overnight:
            raise PlanError(
                "Bed time is not after wake-up time. If you go to bed after midnight, tick "
                "'I go to bed after midnight'."
            )
        bed += dt.timedelta(days=1)
    elif request.overnight:
        raise PlanError("You ticked 'after midnight', but the bed time is before midnight. Untick it or change the time.")
    windows = []
    for number, activity in enumerate(request.activities, start=1):
        if activity.kind not in (ACTIVE, RESTING):
            raise PlanError(f"Activity {number}: choose active or resting.")
        if activity.start is None or activity.end is None:
            raise PlanError(f"Activity {number}: enter a start and an end time.")
        if activity.start == activity.end:
            raise PlanError(f"Activity {number}: the end time must be after the start time.")
        begin, finish = _window(request.day, activity.start, activity.end, wake)
        if begin < wake or finish > bed:
            raise PlanError(f"Activity {number} ({activity.start:%H:%M}\u2013{activity.end:%H:%M}) "
                            "is not within your waking hours.")
        windows.append((begin, finish, number))
    windows.sort()
    for (b1, f1, n1), (b2, f2, n2) in zip(windows, windows[1:]):
        if b2 < f1:
            raise PlanError(f"Activities {min(n1, n2)} and {max(n1, n2)} overlap. Change one of the times.")
    return rule, wake, bed


def make_plan(request: Request, content: Content, now: dt.datetime | None = None) -> Plan:
    """The day's sessions for ``request``, or :class:`PlanError` with a message for the person."""
    now = (now or dt.datetime.now()).replace(second=0, microsecond=0)
    rule, wake, bed = _check(request, content, now)
    settings = content.ice_heat.planner
    day_index = (request.day - request.spasm_start.date()).days
    kinds = _kinds(request, rule, day_index, content)
    limits = {kind: content.safety.limits(kind).max_minutes for kind in ("cold", "heat")}
    plan = Plan(request, rule, day_index + 1, kinds, wake, bed, limits=limits)
    if not kinds:
        plan.notes.append("This rule plans no sessions for this day.")
        return plan

    allowed = {k.kind: k for k in kinds}
    # The first session may start at wake-up, or when the spasm began, or (on today's plan)
    # now, whichever is latest: never in the past. Later sessions follow on the planner's grid.
    earliest = max(wake, request.spasm_start.replace(second=0, microsecond=0), now)
    latest_end = bed - dt.timedelta(minutes=content.safety.bedtime.margin_minutes)
    windows = plan.activity_windows()
    active = [(b, f) for b, f, a in windows if a.kind == ACTIVE]

    def free(start: dt.datetime, end: dt.datetime) -> bool:
        if start < earliest or end > latest_end:
            return False
        gap = dt.timedelta(minutes=settings.gap_minutes)
        for s in plan.sessions:
            if start < s.end + gap and s.start < end + gap:
                return False
        return all(not (start < f and b < end) for b, f in active)

    def spaced(kind: str, start: dt.datetime) -> bool:
        gap = dt.timedelta(hours=allowed[kind].every_hours)
        return all(abs(start - s.start) >= gap for s in plan.sessions if s.kind == kind)

    def conflicts_with_preference(kind: str, end: dt.datetime) -> bool:
        for b, _f, activity in windows:
            if end <= b <= end + dt.timedelta(minutes=settings.lead_minutes):
                if activity.preferred != kind and activity.preferred in allowed:
                    return True
        return False

    def add(kind: str, start: dt.datetime, reason: str) -> None:
        k = allowed[kind]
        plan.sessions.append(Session(start, start + dt.timedelta(minutes=k.minutes), kind, reason, k.phase.moist))

    # 1. Before each activity, the kind the saying prefers, ending as the activity starts.
    for begin, _finish, activity in windows:
        kind = activity.preferred if activity.preferred in allowed else None
        if kind is None:
            other = next(iter(allowed))
            plan.notes.append(
                f"Before the {activity.kind} period at {begin:%H:%M} the saying would choose {activity.preferred}, "
                f"but on day {plan.day_number} this rule uses {other} only."
            )
            continue
        start = begin - dt.timedelta(minutes=allowed[kind].minutes)
        if free(start, begin) and spaced(kind, start) and not conflicts_with_preference(kind, begin):
            why = "you will be active afterwards" if activity.kind == ACTIVE else "you will be resting afterwards"
            add(kind, start, f"{kind.capitalize()} before {activity.label or 'an activity'} at {begin:%H:%M}: {why}.")

    # 2. The regular sessions, as early and as often as the rule allows.
    order = sorted(allowed, key=lambda k: 0 if k == "cold" else 1)
    t = earliest
    while t < bed:
        for kind in order:
            k = allowed[kind]
            end = t + dt.timedelta(minutes=k.minutes)
            if free(t, end) and spaced(kind, t) and not conflicts_with_preference(kind, end):
                add(kind, t, _regular_reason(k, plan.day_number))
                break
        t += dt.timedelta(minutes=settings.step_minutes)

    plan.sessions.sort(key=lambda s: s.start)
    shortest = dt.timedelta(minutes=min(k.minutes for k in kinds))
    if not plan.sessions and earliest + shortest > latest_end:  # not even the shortest session fits any more
        plan.no_time_left = True
        plan.notes.append(f"No time is left today before {content.safety.bedtime.margin_minutes} minutes ahead of "
                          "bed time. Never fall asleep with cold or heat on: plan tomorrow instead.")
    return plan


def plan_from_now(request: Request, content: Content, now: dt.datetime | None = None) -> Plan:
    """Today's plan, or tomorrow's when nothing fits today any more.

    Late in the evening no session can end the bedtime margin ahead of bed time, so a plan for
    today would be empty. A person who opens the planner then (often with the spasm happening)
    is shown the next day's plan, with a note that says why and how to plan today anyway.
    """
    now = (now or dt.datetime.now()).replace(second=0, microsecond=0)
    plan = make_plan(request, content, now)
    if plan.sessions or not plan.no_time_left or request.day != now.date():
        return plan
    later = make_plan(replace(request, day=request.day + dt.timedelta(days=1)), content, now)
    margin = content.safety.bedtime.margin_minutes
    later.notes.insert(0, f"It is too late for cold or heat today: no session fits before "
                          f"{plan.bed - dt.timedelta(minutes=margin):%H:%M}, {margin} minutes ahead of your bed time "
                          f"({plan.bed:%H:%M}), so this is tomorrow's plan. To plan today, set a later bed "
                          "time or choose today as the day to plan.")
    return later


def switch_index(rule: Rule) -> int | None:
    """The day (0 = the spasm's first) from which the rule's first-days kind stops, e.g. cold after
    the first couple of days; ``None`` when no phase is limited to the first days."""
    firsts = [p.first_days for p in rule.phases if p.first_days is not None]
    return max(firsts) if firsts else None


def default_days(request: Request, content: Content, first_day: dt.date) -> int:
    """Days to plan from ``first_day`` when the person has not said: through the switch (from
    cold to heat) and one day of what follows it, or one day when the switch is behind them."""
    switch = switch_index(content.ice_heat.rule(request.rule))
    if switch is None:
        return 1
    through = request.spasm_start.date() + dt.timedelta(days=switch)
    return max(1, min(content.ice_heat.planner.max_days, (through - first_day).days + 1))


@dataclass
class Course:
    """One plan per day for consecutive days, all under the same request (times, rule, activities)."""

    days: tuple[Plan, ...]

    @property
    def first(self) -> Plan:
        return self.days[0]

    @property
    def sessions(self) -> list[Session]:
        return [s for day in self.days for s in day.sessions]

    @property
    def kinds(self) -> dict[str, int]:
        """Minutes per session of each kind planned on any of the days."""
        return {k.kind: k.minutes for day in self.days for k in day.kinds if day.of_kind(k.kind)}

    @property
    def span(self) -> str:
        first, last = self.days[0].request.day, self.days[-1].request.day
        return f"{first:%A %d %B}" if first == last else f"{first:%A %d %B} to {last:%A %d %B}"


def plan_days(request: Request, content: Content, now: dt.datetime | None = None, days: int | None = None,
              from_now: bool = False) -> Course:
    """Plans for ``days`` consecutive days from ``request.day`` (default: :func:`default_days`).
    With ``from_now``, the first day is today or, once nothing fits today, tomorrow (:func:`plan_from_now`)."""
    now = (now or dt.datetime.now()).replace(second=0, microsecond=0)
    first = plan_from_now(request, content, now) if from_now else make_plan(request, content, now)
    limit = content.ice_heat.planner.max_days
    count = default_days(request, content, first.request.day) if days is None else days
    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= limit:
        raise PlanError(f"Days to plan must be between 1 and {limit} (you chose {count}).")
    plans = [first]
    for offset in range(1, count):
        plans.append(make_plan(replace(request, day=first.request.day + dt.timedelta(days=offset)), content, now))
    return Course(tuple(plans))


def _regular_reason(k: KindPlan, day_number: int) -> str:
    every = f"every {hours(k.every_hours)}"
    what = "moist heat" if k.phase.moist else k.kind
    return f"{what.capitalize()} for {k.minutes} minutes, {every} ({k.phase.when}; day {day_number})."


def hours(n: int) -> str:
    """'1 hour', '4 hours'."""
    return "hour" if n == 1 else f"{n} hours"


def describe(plan: Plan | Course) -> str:
    """A plain-text account of the plan (of each day in turn, for several): the timeline's text alternative."""
    if isinstance(plan, Course):
        return " ".join(describe(day) for day in plan.days)
    if not plan.sessions:
        return f"No cold or heat sessions are planned for {plan.request.day:%A %d %B}."
    cold, heat = plan.of_kind("cold"), plan.of_kind("heat")
    parts = [f"Plan for {plan.request.day:%A %d %B} (day {plan.day_number} since the spasm), "
             f"awake {plan.wake:%H:%M} to {plan.bed:%H:%M}:"]
    if cold:
        parts.append(f"{len(cold)} cold session{'s' if len(cold) != 1 else ''} at "
                     + ", ".join(f"{s.start:%H:%M}" for s in cold) + ".")
    if heat:
        parts.append(f"{len(heat)} heat session{'s' if len(heat) != 1 else ''} at "
                     + ", ".join(f"{s.start:%H:%M}" for s in heat) + ".")
    for begin, finish, activity in plan.activity_windows():
        parts.append(f"{activity.kind.capitalize()} {activity.label or 'period'} {begin:%H:%M} to {finish:%H:%M}.")
    return " ".join(parts)
