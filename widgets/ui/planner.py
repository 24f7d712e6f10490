"""The ice-and-heat planner: labelled controls in, a timeline, a table and a calendar file out."""

from __future__ import annotations

import base64
import datetime as dt
from dataclasses import replace

import ipywidgets as w

from ..calendar_export import plan_to_ics
from ..content import Content, content
from ..schedule import ACTIVE, RESTING, Activity, Course, Plan, PlanError, Request, default_days, default_every, \
    default_minutes, describe, hours, interval_choices, plan_days, switch_index
from ..schema import Range
from ..session_advice import bedtime_fact, session_rules
from ..timeline import NARROW_MEDIA, pictures
from .html import cite, esc, fact_item
from .layout import row
from .page_info import PageInfo, parse_browser_time
from .safe import guarded, problem_html

MAX_ACTIVITIES = 4
STYLE = {"description_width": "initial"}
KIND_WORDS = {"cold": "\u2744 Cold", "heat": "\u2668 Heat"}


def _options(bounds: Range, unit: str) -> list[tuple[str, int]]:
    label = hours if unit == "hours" else (lambda n: f"{n} {unit}")
    return [(label(n), n) for n in range(bounds.low, bounds.high + 1)]


def _course(plan: Plan | Course) -> Course:
    return plan if isinstance(plan, Course) else Course((plan,))


def safety_html(c: Content, plan: Plan | Course | None) -> str:
    """The rules that apply to the planned sessions (worded for their length), and who should ask first."""
    blocks = []
    kinds = {} if plan is None else {k.kind: k.minutes for day in _course(plan).days for k in day.kinds}
    for kind, title in (("cold", "Using cold safely"), ("heat", "Using heat safely")):
        minutes = kinds.get(kind)
        if minutes is None and plan is not None:
            continue
        rules = session_rules(c, kind, minutes) if minutes else c.safety.limits(kind).rules
        blocks.append(f"<h4>{title}</h4><ul>{''.join(fact_item(c, r) for r in rules)}</ul>")
    ask = "".join(fact_item(c, f) for f in c.safety.ask_first)
    bed = bedtime_fact(c)
    return (f'<div class="sr sr-panel sr-warn sr-plan-safety" role="region" aria-label="Cold and heat safety">'
            f"{''.join(blocks)}<p>{esc(bed.text)} {cite(c, bed.sources)}</p>"
            f"<h4>Ask a professional first</h4><ul>{ask}</ul></div>")


def table_html(plan: Plan, several: bool = False) -> str:
    rows = "".join(
        f"<tr><td>{s.start:%H:%M}\u2013{s.end:%H:%M}</td><td>{KIND_WORDS[s.kind]}{' (moist)' if s.moist else ''}</td>"
        f"<td>{s.minutes}</td><td>{esc(s.reason)}</td></tr>"
        for s in plan.sessions
    )
    if not rows:
        rows = '<tr><td colspan="4">No sessions for this day.</td></tr>'
    return (
        '<table class="sr-table"><caption>Sessions for '
        f"{plan.request.day:%A %d %B}{f' (day {plan.day_number} since the spasm)' if several else ''}</caption><thead><tr><th scope=\"col\">Time</th><th scope=\"col\">Kind</th>"
        f'<th scope="col">Minutes</th><th scope="col">Why</th></tr></thead><tbody>{rows}</tbody></table>'
    )


def plan_html(plan: Plan | Course, c: Content, now: dt.datetime, svg: str, narrow_svg: str | None = None) -> str:
    """The plan's timeline (the wide picture, and the narrow one for phones when given), notes,
    a table per day and one calendar file for every day. The browser picks the picture; both
    share the text alternative."""
    course = _course(plan)
    several = len(course.days) > 1
    picture = base64.b64encode(svg.encode()).decode()
    phone = (f'<source media="{NARROW_MEDIA}" srcset="data:image/svg+xml;base64,'
             f'{base64.b64encode(narrow_svg.encode()).decode()}">' if narrow_svg is not None else "")
    ics = base64.b64encode(plan_to_ics(course, c)).decode()
    notes = "".join(f"<li>{esc(f'{day.request.day:%A}: {note}' if several else note)}</li>"
                    for day in course.days for note in day.notes)
    notes_html = f'<ul class="sr-notes">{notes}</ul>' if notes else ""
    download = (
        f'<a class="sr-download" download="spasm-relief-{course.first.request.day.isoformat()}'
        f'{"-" + str(len(course.days)) + "-days" if several else ""}.ics" '
        f'href="data:text/calendar;charset=utf-8;base64,{ics}">Download calendar (.ics): '
        f'{len(course.sessions)} session{"s" if len(course.sessions) != 1 else ""}, {esc(course.span)}</a>'
        if course.sessions else ""
    )
    tables = "".join(table_html(day, several) for day in course.days)
    return (
        f'<div class="sr sr-plan" data-sessions="{len(course.sessions)}" data-days="{len(course.days)}" '
        f'data-rule="{esc(course.first.request.rule)}">'
        f'<figure class="sr-timeline"><picture>{phone}<img src="data:image/svg+xml;base64,{picture}" '
        f'alt="{esc(describe(course))}"></picture></figure>'
        f"{notes_html}{tables}{download}</div>"
    )


class PlannerView:
    def __init__(self, c: Content, clock=dt.datetime.now):
        self.c = c
        self.clock = clock  # where 'now' comes from (tests pass a fixed one)
        now = clock().replace(second=0, microsecond=0)
        self._quiet = True
        self._touched = False  # has the person changed anything yet?
        self._day_chosen = False  # has the person chosen the day to plan? (if not: today, or tomorrow when late)
        rules = c.ice_heat.rules
        self.rule = w.Dropdown(options=[(r.name, r.id) for r in rules], value=rules[0].id, description="Rule",
                               style=STYLE, layout=w.Layout(width="100%", max_width="36rem"))
        # The spasm is usually happening now: plan from now (the first session starts now).
        self.spasm_date = w.DatePicker(value=now.date(), description="Spasm started on", style=STYLE)
        self.spasm_time = w.TimePicker(value=now.time(), description="at", style=STYLE)
        self.day = w.DatePicker(value=now.date(), description="First day to plan", style=STYLE)
        self.days = w.Dropdown(options=self._days_options(None), value=0, description="Days to plan", style=STYLE,
                               layout=w.Layout(width="100%", max_width="36rem"))
        self.wake = w.TimePicker(value=dt.time(7, 0), description="Wake-up time", style=STYLE)
        self.bed = w.TimePicker(value=dt.time(23, 0), description="Bed time", style=STYLE)
        self.overnight = w.Checkbox(value=False, description="I go to bed after midnight", indent=False)
        self.cold_minutes = w.Dropdown(description="Cold session", style=STYLE)
        self.cold_every = w.Dropdown(description="Cold every", style=STYLE)
        self.long_cold = w.Checkbox(value=False, indent=False, layout=w.Layout(width="100%"),
                                    description="I have read the warning and choose the article's longer cold time")
        self.cold_warning = w.HTML()
        self.heat_minutes = w.Dropdown(description="Heat session", style=STYLE)
        self.heat_every = w.Dropdown(description="Heat every", style=STYLE)
        self.long_heat = w.Checkbox(value=False, indent=False, layout=w.Layout(width="100%"),
                                    description="I have read the warning and choose the article's longer heat time")
        self.heat_warning = w.HTML()
        self.heat_note = w.HTML()
        self.safety = w.HTML(layout=w.Layout(width="100%"))
        self.activities: list[dict] = []
        self.activity_box = w.VBox(layout=w.Layout(width="100%"))
        self.add_activity = w.Button(description="Add an activity", layout=w.Layout(width="auto"),
                                     tooltip="Add a period when you will be active or resting")
        self.message = w.HTML()
        self.result = w.HTML(layout=w.Layout(width="100%"))
        self.result.add_class("sr-plan-output")
        self.page = PageInfo()
        self.page.observe(self._on_browser_time, names="now")

        self.add_activity.on_click(guarded(self.message, "adding an activity")(lambda _b: self._add_activity()))
        self._sync_ranges()
        for control in (self.spasm_date, self.spasm_time, self.day, self.wake, self.bed, self.overnight,
                        self.cold_minutes, self.cold_every, self.long_cold, self.heat_minutes, self.heat_every,
                        self.long_heat, self.days):
            control.observe(self._changed, names="value")
        self.rule.observe(self._rule_changed, names="value")

        section = lambda text: w.HTML(f'<p class="sr-legend">{esc(text)}</p>')  # noqa: E731
        self.widget = w.VBox([
            self.rule,
            section("When it started, and the day to plan"),
            row(self.spasm_date, self.spasm_time), row(self.day, self.days),
            section("Your day"),
            row(self.wake, self.bed), self.overnight,
            section("Cold"),
            row(self.cold_minutes, self.cold_every), self.cold_warning, self.long_cold,
            section("Heat"),
            row(self.heat_minutes, self.heat_every), self.heat_warning, self.long_heat, self.heat_note,
            section("Activities (optional): heat before being active, cold before resting"),
            self.activity_box, self.add_activity,
            self.message, self.result, self.safety, self.page,
        ], layout=w.Layout(width="100%"))
        self.widget.add_class("sr-widget")
        self.widget.add_class("sr-planner")
        self._quiet = False
        self.update()

    # ---- the visitor's clock ----

    def _on_browser_time(self, change) -> None:
        """Plan with the visitor's 'now' (their time zone), and move the untouched defaults to it."""
        @guarded(self.message, "reading the time")
        def run():
            browser_now = parse_browser_time(change["new"])
            if browser_now is None:
                return
            server_now = dt.datetime.now()
            offset = browser_now - server_now.replace(second=0, microsecond=0)
            self.clock = lambda: dt.datetime.now() + offset
            if not self._touched:
                self._quiet = True
                try:
                    self.spasm_date.value = browser_now.date()
                    self.spasm_time.value = browser_now.time()
                    self.day.value = browser_now.date()
                finally:
                    self._quiet = False
            self.update()

        run()

    # ---- controls that depend on the rule ----

    def _sync_ranges(self) -> None:
        rule = self.c.ice_heat.rule(self.rule.value)
        cold, heat = rule.phase("cold"), rule.phase("heat")
        c = self.c
        self.cold_minutes.options = _options(cold.minutes, "minutes")
        self.cold_minutes.value = default_minutes(cold, c.safety.cold.max_minutes)
        self.cold_every.options = _options(interval_choices(cold, c), "hours")
        self.cold_every.value = default_every(cold, c)
        self.heat_minutes.options = _options(heat.minutes, "minutes")
        self.heat_minutes.value = default_minutes(heat, c.safety.heat.max_minutes)
        self.heat_every.options = _options(interval_choices(heat, c), "hours")
        self.heat_every.value = default_every(heat, c)
        for control, allowed in ((self.cold_minutes, cold.minutes), (self.cold_every, cold.every_hours),
                                 (self.heat_minutes, heat.minutes), (self.heat_every, heat.every_hours)):
            control.disabled = allowed is not None and allowed.is_single
        self.heat_note.value = "" if heat.every_hours else (
            '<p class="sr-cite">The article gives no interval for moist heat "through the day": choose how often. '
            f"The default, {hours(default_every(heat, c))}, is the article's own heat interval from its other rule.</p>")
        self._limit_warning("cold", self.long_cold, self.cold_warning)
        self._limit_warning("heat", self.long_heat, self.heat_warning)

    def _limit_warning(self, kind: str, box: w.Checkbox, panel: w.HTML) -> None:
        """Where the article's time can go over the safety sources' limit, say so and ask before planning it."""
        limits = self.c.safety.limits(kind)
        rule = self.c.ice_heat.rule(self.rule.value)
        minutes = rule.phase(kind).minutes
        box.layout.display = None if minutes.high > limits.max_minutes else "none"
        if minutes.high <= limits.max_minutes:
            panel.value = ""
            return
        sources = "; ".join(self.c.source(s).short for s in limits.sources)
        word = kind.capitalize()
        panel.value = (
            f'<div class="sr sr-panel sr-warn"><h4>\u26a0 {word}: sources differ</h4>'
            f"<p>This rule from the article uses {minutes} minutes of {kind}. {esc(sources)} advises "
            f"never more than {limits.max_minutes} minutes at a time. The plan keeps to {limits.max_minutes} minutes "
            "unless you choose a longer time and tick the box below.</p></div>")

    def _rule_changed(self, change) -> None:
        @guarded(self.message, "changing the rule")
        def run():
            self._quiet = True
            try:
                self._sync_ranges()
            finally:
                self._quiet = False
            self.update()

        run()

    # ---- activities ----

    def _add_activity(self, start=dt.time(15, 0), end=dt.time(16, 0), kind=ACTIVE, label="") -> None:
        if len(self.activities) >= MAX_ACTIVITIES:
            raise PlanError(f"The planner takes up to {MAX_ACTIVITIES} activities.")
        number = len(self.activities) + 1
        item = {
            "start": w.TimePicker(value=start, description=f"Activity {number} from", style=STYLE),
            "end": w.TimePicker(value=end, description="to", style=STYLE),
            "kind": w.Dropdown(options=[("Active (walking, working, sport)", ACTIVE),
                                        ("Resting (sitting, lying down)", RESTING)],
                               value=kind, description="Doing", style=STYLE),
            "label": w.Text(value=label, description="What (optional)", placeholder="e.g. walk the dog", style=STYLE),
        }
        remove = w.Button(description=f"Remove activity {number}", layout=w.Layout(width="auto"))
        item["remove"] = remove
        for key in ("start", "end", "kind"):
            item[key].observe(self._changed, names="value")
        item["label"].observe(self._changed, names="value")
        remove.on_click(guarded(self.message, "removing an activity")(lambda _b, it=item: self._remove(it)))
        self.activities.append(item)
        self._layout_activities()
        self.update()

    def _remove(self, item: dict) -> None:
        self.activities.remove(item)
        self._layout_activities()
        self.update()

    def _layout_activities(self) -> None:
        rows = []
        for number, item in enumerate(self.activities, start=1):
            item["start"].description = f"Activity {number} from"
            item["remove"].description = f"Remove activity {number}"
            box = row(item["start"], item["end"], item["kind"], item["label"], item["remove"])
            box.add_class("sr-activity")
            rows.append(box)
        self.activity_box.children = rows
        self.add_activity.disabled = len(self.activities) >= MAX_ACTIVITIES

    # ---- planning ----

    def _changed(self, change=None) -> None:
        if not self._quiet:
            self._touched = True
            if change is not None and change.get("owner") is self.day:
                self._day_chosen = True
            self.update()

    def _days_options(self, auto: int | None) -> list[tuple[str, int]]:
        """'Through the switch to heat' (0: the planner counts the days), then 1 to the most days."""
        rule = self.c.ice_heat.rule(self.rule.value)
        if switch_index(rule) is None:
            first = "Today's day only" if auto is None else f"One day ({auto})"
        else:
            # the count first: on a phone the end of a long option is cut off
            count = "" if auto is None else f"{auto} day{'s' if auto != 1 else ''}: "
            first = f"{count}until a day after the switch from cold to heat".capitalize()
        return [(first, 0)] + [(f"{n} day{'s' if n != 1 else ''}", n)
                                for n in range(1, self.c.ice_heat.planner.max_days + 1)]

    def _show_days(self, auto: int) -> None:
        """Say how many days 'until a day after the switch' is for the present inputs."""
        options = self._days_options(auto)
        if tuple(self.days.options) != tuple(options):
            value = self.days.value
            self._quiet = True
            try:
                self.days.options = options
                self.days.value = value
            finally:
                self._quiet = False

    def _show_day(self, day: dt.date) -> None:
        """Move the day picker to the day the planner chose, without counting it as the person's choice."""
        if self.day.value != day:
            self._quiet = True
            try:
                self.day.value = day
            finally:
                self._quiet = False

    def request(self) -> Request:
        if self.spasm_date.value is None or self.spasm_time.value is None:
            raise PlanError("Enter the date and time the spasm started.")
        if self.day.value is None:
            raise PlanError("Enter the day to plan.")
        activities = tuple(
            Activity(item["start"].value, item["end"].value, item["kind"].value, item["label"].value.strip()[:40])
            for item in self.activities
        )
        return Request(
            rule=self.rule.value,
            spasm_start=dt.datetime.combine(self.spasm_date.value, self.spasm_time.value),
            day=self.day.value, wake=self.wake.value, bed=self.bed.value, overnight=self.overnight.value,
            cold_minutes=self.cold_minutes.value, cold_every_hours=self.cold_every.value,
            heat_minutes=self.heat_minutes.value, heat_every_hours=self.heat_every.value,
            long_cold_ok=self.long_cold.value, long_heat_ok=self.long_heat.value, activities=activities,
        )

    def update(self) -> None:
        @guarded(self.message, "planning the day")
        def run():
            try:
                now = self.clock().replace(second=0, microsecond=0)
                days = self.days.value or None  # 0: until a day after the switch
                if self._day_chosen:
                    course = plan_days(self.request(), self.c, now, days)
                else:  # from today, or from tomorrow once it is too late for a session today
                    course = plan_days(replace(self.request(), day=now.date()), self.c, now, days, from_now=True)
                    self._show_day(course.first.request.day)
                self._show_days(default_days(course.first.request, self.c, course.first.request.day))
            except PlanError as error:
                self.message.value = problem_html(str(error))
                self.plan = self.course = self.svg = None
                self.result.value = ""  # never leave a plan on screen that no longer matches the input
                self.safety.value = safety_html(self.c, None)
                return
            self.course, self.plan = course, course.first  # the plan of the first day, and of every day
            self.svg, narrow_svg = pictures(course.days, now)
            self.message.value = ""
            self.result.value = plan_html(course, self.c, now, self.svg, narrow_svg)
            self.safety.value = safety_html(self.c, course)

        run()


def ice_heat_planner() -> w.VBox:
    return PlannerView(content()).widget
