"""My diary (on My plan): note a day's pain, cramps and self-care; see the trend, the warning signs
the entries show, and save or load the diary as a file. The entries stay in the browser
(:class:`~widgets.ui.browser_store.BrowserStore`); the model is :mod:`widgets.diary`.
"""

from __future__ import annotations

import base64
import datetime as dt

import ipywidgets as w

from ..content import Content, content
from ..diary import (PAIN_MAX, STORAGE_KEY, Diary, DiaryError, Entry, day_words, file_names, findings, from_data, make_entry,
                     read_file, session_labels, to_csv, to_json, trend_text)
from ..red_flags import LEVEL_HEADINGS
from .browser_store import BrowserStore
from .html import cite, esc
from .charts import when_matplotlib
from .safe import guarded, log

STYLE = {"description_width": "initial"}
PRIVACY = ("Your diary is kept only in this browser on this device. While this page is open, its Python session "
           "reads the entries to draw the chart and check them against the warning signs; it writes nothing "
           "down, and nothing is kept on the server. Save a file below to keep a copy or move it to another device.")
PAIN_WORDS = {0: "no pain", 5: "moderate", PAIN_MAX: "worst imaginable"}


def rules_html(c: Content) -> str:
    """What the diary checks, always on screen: each rule with its warning sign's sources."""
    flags = {f.id: f for f in c.safety.red_flags}
    items = "".join(f"<li>{esc(flags[r.red_flag].question)} {cite(c, flags[r.red_flag].sources)}</li>"
                    for r in c.diary.rules)
    return (f'<div class="sr sr-diary-rules"><h3>What the diary checks</h3><p>The days of the last {c.diary.chart_days} days '
            f"in your diary are checked against these warning signs from trusted health sources:</p><ul>{items}</ul></div>")


def findings_html(c: Content, diary: Diary) -> str:
    found = findings(c, diary)
    if not found:
        if not diary.entries:
            return ""
        return ('<div class="sr sr-panel sr-ok sr-diary-findings" data-found="0"><h3>No warning sign in your diary'
                "</h3><p>None of the checks above matches the days you noted. If anything changes, or you are "
                "worried, get advice anyway.</p></div>")
    items = []
    for f in found:
        caveat = f" <em>{esc(f.caveat)}</em>" if f.caveat else ""
        items.append(f'<li data-rule="{esc(f.rule_id)}"><strong>{esc(LEVEL_HEADINGS[f.flag.level])}.</strong> '
                     f"{esc(f.shows)} {esc(f.flag.advice)}{caveat} {cite(c, f.flag.sources)}</li>")
    return (f'<div class="sr sr-panel sr-danger sr-diary-findings" role="alert" data-found="{len(found)}">'
            f"<h3>Your diary shows a warning sign</h3><ul>{''.join(items)}</ul></div>")


def notes(c: Content, e: Entry) -> str:
    """The rest of a day's entry in words: longest cramp, night, self-care."""
    parts = []
    if e.longest_minutes is not None:
        parts.append(f"longest cramp {e.longest_minutes} min")
    if e.woke_at_night:
        parts.append("woke at night")
    parts.append(f"self-care: {session_labels(c, e).lower()}")
    return "; ".join(parts)


def table_html(c: Content, entries: tuple[Entry, ...], caption: str) -> str:
    if not entries:
        return ""
    rows = "".join(
        f'<tr><th scope="row">{esc(day_words([e.day]))}</th><td>{e.pain}</td><td>{e.cramps}</td>'
        f"<td>{esc(notes(c, e))}</td></tr>"
        for e in reversed(entries))
    return (f'<table class="sr-table sr-diary-table"><caption>{esc(caption)}</caption>'
            f'<thead><tr><th scope="col">Day</th><th scope="col">Pain (0 to {PAIN_MAX})</th><th scope="col">Cramps</th>'
            f'<th scope="col">Notes</th></tr></thead><tbody>{rows}</tbody></table>')


def downloads_html(diary: Diary, today: dt.date) -> str:
    if not diary.entries:
        return ""
    csv_name, json_name = file_names(today)
    csv_data = base64.b64encode(to_csv(diary).encode("utf-8")).decode()
    json_data = base64.b64encode(to_json(diary).encode("utf-8")).decode()
    days = f"{len(diary.entries)} day{'s' if len(diary.entries) != 1 else ''}"
    return (f'<p class="sr sr-diary-downloads">Save your diary ({days}): '
            f'<a class="sr-download" download="{csv_name}" href="data:text/csv;charset=utf-8;base64,{csv_data}">'
            f'CSV file (for a spreadsheet)</a> or <a class="sr-download" download="{json_name}" '
            f'href="data:application/json;charset=utf-8;base64,{json_data}">JSON file</a>.</p>')


def figure_html(svg: str, alt: str) -> str:
    svg = svg.replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1)
    return f'<figure class="sr-figure sr-diary-chart" role="img" aria-label="{esc(alt)}">{svg}</figure>'


class DiaryView:
    def __init__(self, c: Content | None = None, clock=dt.date.today, store: BrowserStore | None = None):
        """``store``: the browser's store, already shown by :class:`DiaryLauncher` (else a new one is
        shown with the diary)."""
        self.c = c = c or content()
        self.clock = clock
        self.diary = Diary()
        self.today = clock()
        own_store = store is None
        self.store = BrowserStore(key=STORAGE_KEY) if own_store else store
        self.status = w.HTML(layout=w.Layout(width="100%"))
        self.status.add_class("sr-diary-status")
        self.day = w.DatePicker(value=self.today, max=self.today, description="Day", style=STYLE)
        self.pain = w.Dropdown(options=[(f"{n}{' (' + PAIN_WORDS[n] + ')' if n in PAIN_WORDS else ''}", n)
                                        for n in range(PAIN_MAX + 1)], value=0,
                               description=f"Worst pain that day (0 to {PAIN_MAX})", style=STYLE)
        self.cramps = w.Text(value="0", description="How many cramps", style=STYLE)
        self.longest = w.Text(value="", placeholder="optional", description="Longest cramp (minutes)", style=STYLE)
        self.woke = w.Checkbox(value=False, indent=False, description="A cramp woke me at night",
                               layout=w.Layout(width="100%"))
        self.sessions = {s.id: w.Checkbox(value=False, indent=False, description=s.label,
                                          layout=w.Layout(width="auto"))
                         for s in c.diary.sessions}
        for sid, box in self.sessions.items():
            box.add_class(f"sr-diary-session-{sid}")
        sessions_label = w.HTML('<p class="sr-legend">Self-care done that day:</p>')
        self.sessions_box = w.Box(list(self.sessions.values()), layout=w.Layout(flex_flow="row wrap"))
        self.save = w.Button(description="Save this day", button_style="primary", layout=w.Layout(width="auto"))
        self.remove = w.Button(description="Remove this day", layout=w.Layout(width="auto"),
                               tooltip="Remove the entry of the chosen day from your diary")
        self.upload = w.FileUpload(accept=".csv,.json", multiple=False, description="Load a diary file",
                                   layout=w.Layout(width="auto"))
        self.upload.add_class("sr-diary-upload")
        self.delete = w.Button(description="Delete my whole diary", layout=w.Layout(width="auto"))
        self.confirm_yes = w.Button(description="Yes, delete it", button_style="danger", layout=w.Layout(width="auto"))
        self.confirm_no = w.Button(description="Keep my diary", layout=w.Layout(width="auto"))
        self.confirm = w.VBox([w.HTML('<p class="sr"><strong>Delete every day of your diary from this browser?</strong> '
                                      "It cannot be brought back unless you saved a file.</p>"),
                               w.HBox([self.confirm_no, self.confirm_yes], layout=w.Layout(flex_flow="row wrap"))],
                              layout=w.Layout(display="none"))
        self.findings = w.HTML(layout=w.Layout(width="100%"))
        self.chart = w.HTML(layout=w.Layout(width="100%"))
        self.table = w.HTML(layout=w.Layout(width="100%"))
        self.downloads = w.HTML(layout=w.Layout(width="100%"))
        self.unavailable = w.HTML(layout=w.Layout(width="100%"))

        self.save.on_click(guarded(self.status, "saving a diary day")(self._on_save))
        self.remove.on_click(guarded(self.status, "removing a diary day")(self._on_remove))
        self.upload.observe(guarded(self.status, "loading a diary file")(self._on_upload), names="value")
        self.delete.on_click(guarded(self.status, "deleting the diary")(lambda _b: self._ask(True)))
        self.confirm_no.on_click(guarded(self.status, "keeping the diary")(lambda _b: self._ask(False)))
        self.confirm_yes.on_click(guarded(self.status, "deleting the diary")(self._on_delete))
        self.day.observe(guarded(self.status, "choosing a diary day")(self._on_day), names="value")
        self.store.observe(guarded(self.status, "reading the diary")(self._on_stored), names=["value", "loaded"])
        self.store.observe(guarded(self.status, "reading the diary")(self._on_available), names="available")

        intro = w.HTML(f'<p class="sr sr-diary-privacy">{esc(PRIVACY)}</p>')
        form = w.VBox([self.day, self.pain, self.cramps, self.longest, self.woke, sessions_label, self.sessions_box,
                       w.HBox([self.save, self.remove], layout=w.Layout(flex_flow="row wrap")), self.status],
                      layout=w.Layout(width="100%"))
        form.add_class("sr-diary-form")
        files = w.VBox([self.downloads, w.HTML('<p class="sr">Load a diary you saved before (CSV or JSON); its days '
                                               "are added to this one, and a day in both takes the file's entry:</p>"),
                        self.upload, self.delete, self.confirm], layout=w.Layout(width="100%"))
        self.widget = w.VBox([intro, self.unavailable, w.HTML(rules_html(c)), form, self.findings, self.chart,
                              self.table, files, *([self.store] if own_store else [])], layout=w.Layout(width="100%"))
        self.widget.add_class("sr-widget")
        self.widget.add_class("sr-diary")
        self._refresh()
        if self.store.loaded:  # the launcher's store has already read the browser
            self._on_available({"new": self.store.available})
            self._on_stored(None)

    # --- the browser's store ---------------------------------------------------------------------

    def _on_available(self, change) -> None:
        self.unavailable.value = "" if change["new"] else (
            '<p class="sr sr-panel sr-warn" role="status">This browser does not let the page keep anything, so '
            "days you note are lost when you leave the page. Save a file to keep them.</p>")

    def _on_stored(self, _change) -> None:
        if not self.store.loaded:
            return
        today = self._browser_today()
        if today is not None and today != self.today:
            moved = self.day.value == self.today
            self.today = today
            self.day.max = today
            if moved:
                self.day.value = today
        value = self.store.value
        if value == self.diary.to_data():
            self._refresh()
            return
        try:
            self.diary = from_data(self.c, value)
        except DiaryError as error:
            log.info("stored diary unreadable: %s", error)
            self.status.value = (
                '<div class="sr sr-panel sr-warn" role="alert"><h4>Your stored diary could not be read</h4>'
                f"<p>{esc(str(error))} It is left as it is; saving a day starts a new diary.</p></div>")
            return
        self._on_day(None)
        self._refresh()

    def _browser_today(self) -> dt.date | None:
        try:
            day = dt.date.fromisoformat(self.store.today)
        except (TypeError, ValueError):
            return None
        return day if 2000 <= day.year <= 2200 else None

    def _keep(self, diary: Diary) -> None:
        self.diary = diary
        self.store.value = diary.to_data()
        self._refresh()

    # --- the person's actions --------------------------------------------------------------------

    def _on_day(self, _change) -> None:
        """Show the chosen day's entry in the form (to change it), or a blank day."""
        day = self.day.value
        entry = self.diary.get(day) if day is not None else None
        self.pain.value = entry.pain if entry else 0
        self.cramps.value = str(entry.cramps) if entry else "0"
        self.longest.value = "" if entry is None or entry.longest_minutes is None else str(entry.longest_minutes)
        self.woke.value = entry.woke_at_night if entry else False
        for sid, box in self.sessions.items():
            box.value = bool(entry and sid in entry.sessions)
        self.remove.disabled = entry is None
        self.save.description = "Update this day" if entry else "Save this day"

    def _on_save(self, _button) -> None:
        if self.day.value is None:
            raise DiaryError("Choose the day first.")
        entry = make_entry(self.c, day=self.day.value, pain=self.pain.value, cramps=self.cramps.value,
                           longest_minutes=self.longest.value, woke_at_night=self.woke.value,
                           sessions=[sid for sid, box in self.sessions.items() if box.value], today=self.today)
        replaced = self.diary.get(entry.day) is not None
        self._keep(self.diary.put(entry))
        self._on_day(None)
        self._said(f"{'Updated' if replaced else 'Saved'} {day_words([entry.day])} in your diary.")

    def _on_remove(self, _button) -> None:
        day = self.day.value
        if day is None or self.diary.get(day) is None:
            raise DiaryError("There is no entry for that day to remove.")
        self._keep(self.diary.remove(day))
        self._on_day(None)
        self._said(f"Removed {day_words([day])} from your diary.")

    def _on_upload(self, change) -> None:
        files = change["new"]
        if not files:
            return
        self.upload.value = ()
        item = files[0]
        name = str(item.get("name", "the file"))
        try:
            loaded = read_file(self.c, name, bytes(item["content"]), today=self.today)
        except DiaryError as error:
            raise DiaryError(f"{name[:60]}: {error} Your diary is unchanged.") from None
        if not loaded.entries:
            raise DiaryError(f"{name[:60]} has no days in it. Your diary is unchanged.")
        merged, added, replaced = self.diary.merge(loaded)
        self._keep(merged)
        self._on_day(None)
        self._said(f"Loaded {name[:60]}: {added} day{'s' if added != 1 else ''} added, "
                   f"{replaced} replaced.")

    def _ask(self, asking: bool) -> None:
        self.confirm.layout.display = "flex" if asking else "none"
        self.delete.layout.display = "none" if asking else ""
        if not asking:
            self.status.value = ""

    def _on_delete(self, _button) -> None:
        self._ask(False)
        self._keep(Diary())
        self._on_day(None)
        self._said("Your diary is deleted from this browser.")

    def _said(self, text: str) -> None:
        self.status.value = f'<p class="sr sr-ok-text" role="status">{esc(text)}</p>'

    # --- what the diary shows ----------------------------------------------------------------------

    def _refresh(self) -> None:
        c, diary, today = self.c, self.diary, self.today
        days = c.diary.chart_days
        first = today - dt.timedelta(days=days - 1)
        recent = diary.recent(days, today)
        self.findings.value = findings_html(c, Diary(recent))
        caption = f"Your diary, the last {days} days ({day_words([first])} to {day_words([today])})"
        self.table.value = table_html(c, recent, caption)
        self.downloads.value = downloads_html(diary, today)
        self.delete.disabled = not diary.entries
        older = len(diary.entries) - len(recent)
        if not recent:
            self.chart.value = (f'<p class="sr sr-diary-empty">No days noted in the last {days} days yet. '
                                "Save a day above and your chart appears here.</p>"
                                + (f'<p class="sr">{older} older day{"s" if older != 1 else ""} are in the files you '
                                   "can save below.</p>" if older else ""))
            return
        alt = f"Chart of your diary, the last {days} days. {trend_text(recent)}"

        def draw():
            from ..diary_chart import chart_svg
            self.chart.value = figure_html(chart_svg(recent, first, today), alt)
        if not when_matplotlib(draw):
            self.chart.value = '<p class="sr">Loading the chart\u2026</p>'


class DiaryLauncher:
    """My diary as My plan shows it: a button that opens it, so a page for someone with a spasm right
    now does not build the diary's hundred widgets until they are wanted. The browser's store is
    here from the start: a browser that already keeps a diary opens it at once."""

    OPEN, HIDE = "Open my diary", "Hide my diary"

    def __init__(self, clock=dt.date.today):
        self.clock = clock
        self.view: DiaryView | None = None
        self.store = BrowserStore(key=STORAGE_KEY)
        self.status = w.HTML(layout=w.Layout(width="100%"))
        self.toggle = w.Button(description=self.OPEN, layout=w.Layout(width="auto"),
                               tooltip="Show or hide your diary of pain, cramps and self-care")
        self.toggle.add_class("sr-diary-toggle")
        self.toggle.on_click(guarded(self.status, "opening the diary")(self._on_toggle))
        self.store.observe(guarded(self.status, "opening the diary")(self._on_loaded), names="loaded")
        self.holder = w.VBox(layout=w.Layout(width="100%"))
        self.widget = w.VBox([self.toggle, self.status, self.holder, self.store], layout=w.Layout(width="100%"))
        self.widget.add_class("sr-widget")
        self.widget.add_class("sr-diary-launcher")

    def _on_loaded(self, change) -> None:
        value = self.store.value
        if change["new"] and self.view is None and value not in ([], None):
            self.show(True)

    def _on_toggle(self, _button) -> None:
        self.show(self.toggle.description == self.OPEN)

    def show(self, shown: bool) -> None:
        if shown and self.view is None:
            self.view = DiaryView(clock=self.clock, store=self.store)
            self.holder.children = (self.view.widget,)
        self.holder.layout.display = "" if shown else "none"
        self.toggle.description = self.HIDE if shown else self.OPEN


def my_diary() -> w.VBox:
    return DiaryLauncher().widget
