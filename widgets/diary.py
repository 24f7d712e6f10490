"""The private diary: one entry a day (pain, cramps, self-care done), its files, and its checks.

The entries live in the person's own browser (localStorage, see ``widgets/ui/browser_store.js``);
this module is the pure-Python model the page uses while it is open: it validates an entry, keeps
one entry per day, reads and writes the diary as CSV and JSON (a file that is malformed or not a
diary raises :class:`DiaryError` naming the problem, and changes nothing), and applies the
tutorial's sourced warning signs to the entries (``assets/content/diary.toml``): every finding
carries its warning sign's advice, level and sources, so the diary states no medical fact of its own.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass
from typing import Any, Iterable

from .content import Content, RedFlag
from .errors import InputError

STORAGE_KEY = "spasm-relief.diary"
"""The localStorage key of the diary in the browser (the start page's "Forget me" clears it too)."""
FORMAT = "spasm-relief-diary"
VERSION = 1
CSV_COLUMNS = ("date", "pain", "cramps", "longest_cramp_minutes", "woke_at_night", "sessions")
PAIN_MAX = 10
"""The pain scale is 0 (no pain) to 10 (the worst pain you can imagine)."""
MAX_FILE_BYTES = 1_000_000
MAX_ENTRIES = 3660
"""Ten years of days: a bound on an imported file, far above any real diary."""


class DiaryError(InputError):
    """A diary entry or file that cannot be used; the message says why, for the person."""


def _whole(value: Any, name: str, low: int, high: int) -> int:
    """``value`` as a whole number from ``low`` to ``high``; text such as ``" 3 "`` is read too."""
    if isinstance(value, bool):
        raise DiaryError(f"{name} must be a whole number from {low} to {high}.")
    if isinstance(value, str):
        text = value.strip()
        if not text.lstrip("-").isdigit() or len(text) > 6:
            raise DiaryError(f"{name} must be a whole number from {low} to {high} (got {value.strip()[:20]!r}).")
        value = int(text)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if not isinstance(value, int):
        raise DiaryError(f"{name} must be a whole number from {low} to {high}.")
    if not low <= value <= high:
        raise DiaryError(f"{name} must be from {low} to {high} (got {value}).")
    return value


def _day(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise DiaryError(f"The date must be a day written as year-month-day, e.g. 2026-11-24 (got {str(value)[:20]!r}).")


def _flag(value: Any, name: str) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in {"yes", "no", "true", "false", ""}:
        return value.strip().lower() in {"yes", "true"}
    raise DiaryError(f"{name} must be yes or no.")


@dataclass(frozen=True)
class Entry:
    """One day of the diary."""

    day: dt.date
    pain: int  # 0 to PAIN_MAX
    cramps: int
    sessions: tuple[str, ...] = ()  # session ids from diary.toml, in its order
    longest_minutes: int | None = None  # the day's longest cramp, if noted
    woke_at_night: bool = False

    def to_dict(self) -> dict[str, Any]:
        """The entry as plain JSON data (the browser keeps a list of these)."""
        return {"date": self.day.isoformat(), "pain": self.pain, "cramps": self.cramps,
                "longest_cramp_minutes": self.longest_minutes, "woke_at_night": self.woke_at_night,
                "sessions": list(self.sessions)}


def make_entry(c: Content, *, day: Any, pain: Any, cramps: Any, sessions: Iterable[str] = (),
               longest_minutes: Any = None, woke_at_night: Any = False,
               today: dt.date | None = None) -> Entry:
    """A checked entry; :class:`DiaryError` says what is wrong with any value.

    ``today`` (if given) refuses a day in the future. A longest cramp needs at least one cramp.
    """
    settings = c.diary
    day = _day(day)
    if today is not None and day > today:
        raise DiaryError(f"{day.isoformat()} is in the future: a diary entry is for today or an earlier day.")
    pain = _whole(pain, "Pain", 0, PAIN_MAX)
    cramps = _whole(cramps, "The number of cramps", 0, settings.max_cramps)
    if longest_minutes in (None, ""):
        longest = None
    else:
        longest = _whole(longest_minutes, "The longest cramp (minutes)", 0, settings.max_minutes)
        if cramps == 0 and longest > 0:
            raise DiaryError("A longest cramp is noted but the number of cramps is 0: please check both.")
    if isinstance(sessions, str):
        sessions = [s for s in sessions.replace(",", ";").split(";") if s.strip()]
    known = {s.id: s for s in settings.sessions}
    chosen = set()
    for session in sessions:
        name = str(session).strip()
        if name not in known:
            names = ", ".join(known)
            raise DiaryError(f"{name[:30]!r} is not a kind of self-care the diary knows (known: {names}).")
        chosen.add(name)
    ordered = tuple(s.id for s in settings.sessions if s.id in chosen)
    return Entry(day, pain, cramps, ordered, longest, _flag(woke_at_night, "Woke at night"))


def entry_from_dict(c: Content, data: Any, today: dt.date | None = None) -> Entry:
    """An entry from plain data (the browser's record or a JSON file)."""
    if not isinstance(data, dict):
        raise DiaryError("Each diary entry must be a set of named values (date, pain, cramps...).")
    unknown = set(data) - set(CSV_COLUMNS)
    if unknown:
        raise DiaryError(f"An entry has a value the diary does not know: {sorted(unknown)[0][:30]!r}.")
    for name in ("date", "pain", "cramps"):
        if name not in data:
            raise DiaryError(f"An entry has no {name!r}.")
    sessions = data.get("sessions", [])
    if not isinstance(sessions, (list, str)):
        raise DiaryError("An entry's sessions must be a list of kinds of self-care.")
    return make_entry(c, day=data["date"], pain=data["pain"], cramps=data["cramps"], sessions=sessions,
                      longest_minutes=data.get("longest_cramp_minutes"),
                      woke_at_night=data.get("woke_at_night", False), today=today)


@dataclass(frozen=True)
class Diary:
    """The entries, one per day, oldest first."""

    entries: tuple[Entry, ...] = ()

    def __post_init__(self) -> None:
        days = [e.day for e in self.entries]
        if len(set(days)) != len(days):
            raise DiaryError("The diary has two entries for the same day.")
        object.__setattr__(self, "entries", tuple(sorted(self.entries, key=lambda e: e.day)))

    def get(self, day: dt.date) -> Entry | None:
        return next((e for e in self.entries if e.day == day), None)

    def put(self, entry: Entry) -> Diary:
        """This diary with ``entry`` (replacing the entry of the same day, if any)."""
        return Diary(tuple(e for e in self.entries if e.day != entry.day) + (entry,))

    def remove(self, day: dt.date) -> Diary:
        return Diary(tuple(e for e in self.entries if e.day != day))

    def merge(self, other: Diary) -> tuple[Diary, int, int]:
        """This diary with ``other``'s entries (``other`` wins on a day both have): the diary, the
        number of days added and the number replaced."""
        mine = {e.day for e in self.entries}
        added = sum(e.day not in mine for e in other.entries)
        merged = self
        for entry in other.entries:
            merged = merged.put(entry)
        return merged, added, len(other.entries) - added

    def recent(self, days: int, today: dt.date) -> tuple[Entry, ...]:
        """The entries of the last ``days`` days up to ``today``."""
        first = today - dt.timedelta(days=days - 1)
        return tuple(e for e in self.entries if first <= e.day <= today)

    def to_data(self) -> list[dict[str, Any]]:
        return [e.to_dict() for e in self.entries]


def from_data(c: Content, data: Any) -> Diary:
    """The diary from the browser's stored list (a bad entry raises :class:`DiaryError`)."""
    if not isinstance(data, list):
        raise DiaryError("The diary stored in this browser is not a list of entries.")
    return _diary([entry_from_dict(c, item) for item in data])


def _diary(entries: list[Entry]) -> Diary:
    if len(entries) > MAX_ENTRIES:
        raise DiaryError(f"The file has {len(entries)} entries; a diary holds at most {MAX_ENTRIES}.")
    days = [e.day for e in entries]
    twice = sorted({d for d in days if days.count(d) > 1})
    if twice:
        raise DiaryError(f"The file has two entries for {twice[0].isoformat()}.")
    return Diary(tuple(entries))


# ---------------------------------------------------------------------------------------------
# Files
# ---------------------------------------------------------------------------------------------

def to_json(diary: Diary) -> str:
    return json.dumps({"format": FORMAT, "version": VERSION, "entries": diary.to_data()}, indent=2) + "\n"


def to_csv(diary: Diary) -> str:
    """CSV with a UTF-8 byte-order mark (spreadsheet programs then read the text right)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for e in diary.entries:
        writer.writerow([e.day.isoformat(), e.pain, e.cramps, "" if e.longest_minutes is None else e.longest_minutes,
                         "yes" if e.woke_at_night else "no", ";".join(e.sessions)])
    return "\ufeff" + out.getvalue()


def file_names(today: dt.date) -> tuple[str, str]:
    """The CSV and JSON file names of an export made on ``today``."""
    stem = f"spasm-relief-diary-{today.isoformat()}"
    return f"{stem}.csv", f"{stem}.json"


def _text(data: bytes) -> str:
    if len(data) > MAX_FILE_BYTES:
        raise DiaryError(f"The file is too large for a diary ({len(data) // 1000} kB; at most {MAX_FILE_BYTES // 1000} kB).")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DiaryError("The file is not UTF-8 text, so it is not a diary saved by this tutorial.") from None


def read_json(c: Content, data: bytes, today: dt.date | None = None) -> Diary:
    try:
        parsed = json.loads(_text(data))
    except (json.JSONDecodeError, RecursionError):
        raise DiaryError("The file is not valid JSON.") from None
    if not isinstance(parsed, dict) or parsed.get("format") != FORMAT:
        raise DiaryError("This JSON file is not a Spasm Relief diary (it does not say \"format\": \"spasm-relief-diary\").")
    if parsed.get("version") != VERSION:
        raise DiaryError(f"This diary file is version {str(parsed.get('version'))[:10]}; this tutorial reads version {VERSION}.")
    entries = parsed.get("entries")
    if not isinstance(entries, list):
        raise DiaryError("The diary file has no list of entries.")
    return _diary([_numbered(i, lambda item=item: entry_from_dict(c, item, today)) for i, item in enumerate(entries, 1)])


def read_csv(c: Content, data: bytes, today: dt.date | None = None) -> Diary:
    text = _text(data)
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error:
        raise DiaryError("The file is not a readable CSV table.") from None
    if not rows or tuple(cell.strip() for cell in rows[0]) != CSV_COLUMNS:
        raise DiaryError("This CSV file is not a Spasm Relief diary: its first row must be the columns "
                         + ", ".join(CSV_COLUMNS) + ".")
    entries = []
    for line, row in enumerate(rows[1:], 2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(CSV_COLUMNS):
            raise DiaryError(f"Row {line} has {len(row)} values; every row needs {len(CSV_COLUMNS)}.")
        values = dict(zip(CSV_COLUMNS, row))
        entries.append(_row(line, lambda values=values: make_entry(
            c, day=values["date"], pain=values["pain"], cramps=values["cramps"], sessions=values["sessions"],
            longest_minutes=values["longest_cramp_minutes"], woke_at_night=values["woke_at_night"], today=today)))
    return _diary(entries)


def _numbered(number: int, make) -> Entry:
    try:
        return make()
    except DiaryError as error:
        raise DiaryError(f"Entry {number}: {error}") from None


def _row(line: int, make) -> Entry:
    try:
        return make()
    except DiaryError as error:
        raise DiaryError(f"Row {line}: {error}") from None


def read_file(c: Content, name: str, data: bytes, today: dt.date | None = None) -> Diary:
    """A diary from an exported file, by its name's ending (.csv or .json)."""
    lowered = name.lower()
    if lowered.endswith(".json"):
        return read_json(c, data, today)
    if lowered.endswith(".csv"):
        return read_csv(c, data, today)
    raise DiaryError(f"{name[:60]!r} is neither a .csv nor a .json file: choose a diary saved from this page.")


# ---------------------------------------------------------------------------------------------
# Checks: the sourced warning signs applied to the entries
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Finding:
    """A warning sign the entries show."""

    rule_id: str
    shows: str  # what in the diary matches, in words
    flag: RedFlag  # its advice, level and sources
    caveat: str | None = None


def day_words(days: Iterable[dt.date]) -> str:
    """``[24 Nov, 25 Nov]`` -> ``"Tue 24 Nov and Wed 25 Nov"``."""
    words = [f"{d:%a} {d.day} {d:%b}" for d in days]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def findings(c: Content, diary: Diary) -> tuple[Finding, ...]:
    """Every diary rule whose sign the entries show, in the order of diary.toml."""
    flags = {flag.id: flag for flag in c.safety.red_flags}
    found = []
    for rule in c.diary.rules:
        flag = flags[rule.red_flag]
        shows = _shows(rule.when, rule.shows, flag, diary.entries)
        if shows:
            found.append(Finding(rule.id, shows, flag, rule.caveat))
    return tuple(found)


def _shows(when: str, text: str, flag: RedFlag, entries: tuple[Entry, ...]) -> str:
    if when == "longest-over":
        days = [e.day for e in entries if e.longest_minutes is not None and e.longest_minutes > flag.minutes]
        return text.format(minutes=flag.minutes, days=day_words(days)) if days else ""
    if when == "woke-at-night":
        days = [e.day for e in entries if e.woke_at_night]
        return text.format(days=day_words(days)) if days else ""
    if when == "not-easing":
        if len(entries) < 2:
            return ""
        first, last = entries[0], entries[-1]
        cared = any(e.sessions for e in entries[:-1])
        troubled = last.pain > 0 or last.cramps > 0
        if cared and troubled and last.pain >= first.pain and last.cramps >= first.cramps:
            return text.format(first=day_words([first.day]), last=day_words([last.day]))
        return ""
    raise ValueError(f"unknown diary check {when!r}")


# ---------------------------------------------------------------------------------------------
# Words: the text alternative of the chart
# ---------------------------------------------------------------------------------------------

def trend_text(entries: tuple[Entry, ...]) -> str:
    """The chart in a sentence or two (its text alternative)."""
    if not entries:
        return "No days noted yet."
    first, last = entries[0], entries[-1]
    if len(entries) == 1:
        return (f"One day noted, {day_words([first.day])}: pain {first.pain} of {PAIN_MAX}, "
                f"{_cramps(first.cramps)}.")
    most = max(entries, key=lambda e: (e.pain, e.day))
    return (f"{len(entries)} days noted, from {day_words([first.day])} to {day_words([last.day])}. "
            f"Pain went from {first.pain} to {last.pain} (of {PAIN_MAX}), highest {most.pain} on "
            f"{day_words([most.day])}. Cramps went from {first.cramps} to {last.cramps} a day.")


def _cramps(n: int) -> str:
    return "1 cramp" if n == 1 else f"{n} cramps"


def session_labels(c: Content, entry: Entry) -> str:
    labels = {s.id: s.label for s in c.diary.sessions}
    return ", ".join(labels[s] for s in entry.sessions) or "none"
