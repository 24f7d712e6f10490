"""The calendar file of a plan over several days, imported into a real calendar program: khal
(Debian's package; .ci/run installs it). Every event, its time and its reminder must arrive."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest
from icalendar import Calendar

from widgets.calendar_export import plan_to_ics
from widgets.content import content
from widgets.schedule import ACTIVE, Activity, Request, plan_days

C = content()
NOW = dt.datetime(2026, 11, 24, 12, 0)
CONFIG = """[calendars]
[[plan]]
path = {path}/
type = calendar
[locale]
timeformat = %H:%M
dateformat = %Y-%m-%d
longdateformat = %Y-%m-%d
datetimeformat = %Y-%m-%d %H:%M
longdatetimeformat = %Y-%m-%d %H:%M
local_timezone = Europe/London
default_timezone = Europe/London
[default]
default_calendar = plan
"""


def khal(config: Path, *args: str) -> str:
    program = shutil.which("khal")
    if program is None:
        pytest.fail("khal is not installed: on Debian or Ubuntu, sudo apt-get install khal (.ci/run does).",
                    pytrace=False)
    result = subprocess.run([program, "-c", str(config), *args], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_khal_imports_every_event_of_every_day_with_its_time_and_reminder(tmp_path):
    course = plan_days(Request("main", dt.datetime(2026, 11, 24, 8, 0), dt.date(2026, 11, 24), dt.time(7, 0),
                               dt.time(23, 0), activities=(Activity(dt.time(15, 0), dt.time(16, 0), ACTIVE),)),
                       C, NOW)
    assert len(course.days) == 3 and {s.kind for s in course.sessions} == {"cold", "heat"}
    (tmp_path / "plan.ics").write_bytes(plan_to_ics(course, C))
    (tmp_path / "cal").mkdir()
    config = tmp_path / "khal.conf"
    config.write_text(CONFIG.format(path=tmp_path / "cal"))

    khal(config, "import", "--batch", "-a", "plan", str(tmp_path / "plan.ics"))
    listed = khal(config, "list", "--format", "{start}|{end}|{title}|{alarm-symbol}", "--day-format", "",
                  "2026-11-23", "9d").strip().splitlines()
    expected = [f"{s.start:%Y-%m-%d %H:%M}|{s.end:%Y-%m-%d %H:%M}|" for s in course.sessions]
    assert [line[:len(e)] for line, e in zip(listed, expected)] == expected and len(listed) == len(expected)
    for line, session in zip(listed, course.sessions):
        _start, _end, title, alarm = line.split("|")
        assert title == f"{'Cold pack' if session.kind == 'cold' else 'Moist heat'} for {session.minutes} minutes " \
                        "(Spasm Relief)"
        assert alarm.strip(), line  # khal marks an event that has a reminder
    # the reminders as khal stored them: one per event, at the session's start, saying what to do
    stored = sorted((tmp_path / "cal").glob("*.ics"))
    assert len(stored) == len(course.sessions)
    for path, session in zip(stored, course.sessions):
        event = Calendar.from_ical(path.read_bytes()).walk("VEVENT")[0]
        assert event.decoded("dtstart") == session.start
        alarms = event.walk("VALARM")
        assert len(alarms) == 1 and alarms[0].decoded("trigger") == dt.timedelta(0)
        assert "now, for" in str(alarms[0]["description"])
        assert f"Use {session.kind} safely:" in str(event["description"])
