"""A plan, for one day or several, as one iCalendar file (RFC 5545) that calendar programs import."""

from __future__ import annotations

import datetime as dt

from icalendar import Alarm, Calendar, Event

from .content import Content
from .schedule import Course, Plan
from .session_advice import session_text

PRODID = "-//Spasm Relief//Ice and heat planner//EN"


def plan_to_ics(plan: Plan | Course, content: Content, stamp: dt.datetime | None = None) -> bytes:
    """One event per session of every day planned, titled and described with its reason, the safety rules for that session
    (worded for its length), who should ask a professional first, and the warning signs."""
    stamp = stamp or dt.datetime.now(dt.timezone.utc)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    days = plan.days if isinstance(plan, Course) else (plan,)
    first, last = days[0].request.day, days[-1].request.day
    calendar.add("x-wr-calname", f"Spasm Relief: {first:%d %B %Y}" + (f" to {last:%d %B %Y}" if last != first else ""))
    for session in plan.sessions:
        what = ("Moist heat" if session.moist else "Heat") if session.kind == "heat" else "Cold pack"
        event = Event()
        event.add("uid", f"{session.start:%Y%m%dT%H%M}-{session.kind}@spasm-relief.local")
        event.add("dtstamp", stamp)
        event.add("dtstart", session.start)  # floating local time: the person's own clock
        event.add("dtend", session.end)
        event.add("summary", f"{what} for {session.minutes} minutes (Spasm Relief)")
        event.add("description", f"{session.reason}\n\n{session_text(content, session.kind, session.minutes)}\n\n"
                                 f"{content.meta.notice}")
        event.add("categories", ["Spasm Relief", session.kind])
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", f"{what} now, for {session.minutes} minutes")
        alarm.add("trigger", dt.timedelta(minutes=0))
        event.add_component(alarm)
        calendar.add_component(event)
    return calendar.to_ical()
