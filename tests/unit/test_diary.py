"""The private diary's model (widgets/diary.py) and view (widgets/ui/diary.py), without a browser."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from widgets.content import content
from widgets.diary import (CSV_COLUMNS, PAIN_MAX, Diary, DiaryError, Entry, findings, from_data, make_entry,
                           read_csv, read_file, read_json, to_csv, to_json, trend_text)

C = content()
TODAY = dt.date(2026, 11, 26)
SESSIONS = tuple(s.id for s in C.diary.sessions)
FLAGS = {f.id: f for f in C.safety.red_flags}


def day(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


def entry(n: int, pain: int = 3, cramps: int = 1, **more) -> Entry:
    return make_entry(C, day=day(n), pain=pain, cramps=cramps, today=TODAY, **more)


# --- entries -------------------------------------------------------------------------------------

def test_an_entry_reads_form_text_and_orders_its_sessions_as_the_content_does():
    e = make_entry(C, day="2026-11-25", pain="4", cramps=" 2 ", longest_minutes="3",
                   sessions=["heat", "stretch"], woke_at_night="yes", today=TODAY)
    assert e == Entry(dt.date(2026, 11, 25), 4, 2, ("stretch", "heat"), 3, True)
    assert make_entry(C, day=TODAY, pain=0, cramps=0, longest_minutes="").longest_minutes is None


@pytest.mark.parametrize("values, words", [
    ({"pain": 11}, "Pain must be from 0 to 10 (got 11)"),
    ({"pain": -1}, "Pain must be from 0 to 10 (got -1)"),
    ({"pain": True}, "Pain must be a whole number"),
    ({"pain": 2.5}, "Pain must be a whole number"),
    ({"cramps": "lots"}, "number of cramps must be a whole number from 0 to 99 (got 'lots')"),
    ({"cramps": 100}, "must be from 0 to 99 (got 100)"),
    ({"longest_minutes": "241"}, "longest cramp (minutes) must be from 0 to 240"),
    ({"cramps": 0, "longest_minutes": 5}, "number of cramps is 0"),
    ({"sessions": ["yoga"]}, "'yoga' is not a kind of self-care the diary knows"),
    ({"day": "yesterday"}, "year-month-day"),
    ({"day": "2026-11-27"}, "2026-11-27 is in the future"),
    ({"woke_at_night": "maybe"}, "Woke at night must be yes or no"),
])
def test_a_bad_value_is_refused_with_a_sentence_that_names_it(values, words):
    given = {"day": TODAY, "pain": 3, "cramps": 2, **values}
    with pytest.raises(DiaryError) as error:
        make_entry(C, today=TODAY, **given)
    assert words in str(error.value)


def test_one_entry_a_day_and_merge_says_what_it_added_and_replaced():
    diary = Diary((entry(2), entry(1)))
    assert [e.day for e in diary.entries] == [day(2), day(1)]
    diary = diary.put(entry(1, pain=9))
    assert len(diary.entries) == 2 and diary.get(day(1)).pain == 9
    merged, added, replaced = diary.merge(Diary((entry(1, pain=0), entry(0))))
    assert (added, replaced) == (1, 1)
    assert [e.pain for e in merged.entries] == [3, 0, 3]
    assert merged.remove(day(0)).entries == merged.entries[:2]
    with pytest.raises(DiaryError, match="two entries for the same day"):
        Diary((entry(1), entry(1)))


def test_recent_keeps_the_window_of_days_up_to_today():
    diary = Diary(tuple(entry(n) for n in (0, 13, 14, 30)))
    assert [e.day for e in diary.recent(14, TODAY)] == [day(13), day(0)]


# --- files ---------------------------------------------------------------------------------------

entries_strategy = st.lists(
    st.builds(lambda n, pain, cramps, longest, woke, sessions: make_entry(
        C, day=day(n), pain=pain, cramps=cramps, longest_minutes=longest if cramps else None,
        woke_at_night=woke, sessions=sessions),
        st.integers(0, 400), st.integers(0, PAIN_MAX), st.integers(0, C.diary.max_cramps),
        st.none() | st.integers(0, C.diary.max_minutes), st.booleans(),
        st.lists(st.sampled_from(SESSIONS), unique=True)),
    max_size=30, unique_by=lambda e: e.day)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(entries_strategy)
def test_any_diary_comes_back_whole_from_its_csv_and_its_json(entries):
    diary = Diary(tuple(entries))
    assert read_csv(C, to_csv(diary).encode("utf-8"), TODAY) == diary
    assert read_json(C, to_json(diary).encode("utf-8"), TODAY) == diary
    assert from_data(C, json.loads(json.dumps(diary.to_data()))) == diary


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=400), st.sampled_from(["x.csv", "x.json", "x.txt"]))
def test_any_bytes_give_a_diary_or_a_diary_error_never_anything_else(data, name):
    try:
        result = read_file(C, name, data, TODAY)
    except DiaryError as error:
        assert str(error)
    else:
        assert isinstance(result, Diary)


@settings(max_examples=100, deadline=None)
@given(entries_strategy.filter(bool), st.data())
def test_a_csv_changed_in_one_cell_is_read_right_or_refused_naming_its_row(entries, data):
    text = to_csv(Diary(tuple(entries)))
    rows = text.split("\r\n")
    line = data.draw(st.integers(1, len(entries)))
    cells = rows[line].split(",")
    column = data.draw(st.integers(0, len(CSV_COLUMNS) - 1))
    cells[column] = data.draw(st.sampled_from(["", "-1", "x", "2999-01-01", "1000", "yes", "cold;yoga"]))
    rows[line] = ",".join(cells)
    try:
        read_csv(C, "\r\n".join(rows).encode("utf-8"), TODAY)
    except DiaryError as error:
        assert str(error).startswith(f"Row {line + 1}:") or "two entries" in str(error)


@pytest.mark.parametrize("name, data, words", [
    ("a.json", b"{not json", "not valid JSON"),
    ("a.json", b'{"format": "something-else", "entries": []}', "not a Spasm Relief diary"),
    ("a.json", b'{"format": "spasm-relief-diary", "version": 2, "entries": []}', "version 2"),
    ("a.json", b'{"format": "spasm-relief-diary", "version": 1, "entries": {}}', "no list of entries"),
    ("a.json", b'{"format": "spasm-relief-diary", "version": 1, "entries": [{"date": "2026-11-20", "pain": 3}]}',
     "Entry 1: An entry has no 'cramps'"),
    ("a.json", b'{"format": "spasm-relief-diary", "version": 1, "entries": [{"date": "2026-11-20", "pain": 3, '
               b'"cramps": 1, "mood": "sad"}]}', "does not know: 'mood'"),
    ("a.csv", "name,score\r\nAnna,3\r\n".encode(), "first row must be the columns date, pain"),
    ("a.csv", ",".join(CSV_COLUMNS).encode() + b"\r\n2026-11-20,3,1\r\n", "Row 2 has 3 values"),
    ("a.csv", ",".join(CSV_COLUMNS).encode() + b"\r\n2026-11-20,3,1,,no,\r\n2026-11-20,4,1,,no,\r\n",
     "two entries for 2026-11-20"),
    ("a.csv", "\ufeff".encode() + ",".join(CSV_COLUMNS).encode("utf-16"), "not UTF-8"),
    ("a.pdf", b"%PDF", "neither a .csv nor a .json file"),
])
def test_each_bad_file_gets_its_own_clear_sentence(name, data, words):
    with pytest.raises(DiaryError) as error:
        read_file(C, name, data, TODAY)
    assert words in str(error.value)


def test_the_csv_starts_with_a_byte_order_mark_and_has_the_same_columns_on_every_row():
    text = to_csv(Diary((entry(1, sessions=["cold", "stretch"], longest_minutes=4, woke_at_night=True), entry(0))))
    assert text.startswith("\ufeff" + ",".join(CSV_COLUMNS) + "\r\n")
    assert {row.count(",") for row in text.removeprefix("\ufeff").split("\r\n") if row} == {len(CSV_COLUMNS) - 1}
    assert "stretch;cold" in text and ",yes," in text


# --- the sourced checks ----------------------------------------------------------------------------

def rule_ids(diary: Diary) -> list[str]:
    return [f.rule_id for f in findings(C, diary)]


def test_every_diary_rule_names_a_warning_sign_with_sources():
    for rule in C.diary.rules:
        assert FLAGS[rule.red_flag].sources


def test_a_cramp_longer_than_the_warning_signs_minutes_is_found_and_one_of_exactly_that_long_is_not():
    minutes = FLAGS["long-cramp"].minutes
    assert rule_ids(Diary((entry(0, longest_minutes=minutes),))) == []
    found = findings(C, Diary((entry(0, longest_minutes=minutes + 1),)))
    assert [f.rule_id for f in found] == ["diary-long-cramp"]
    assert f"longer than {minutes} minutes" in found[0].shows and found[0].flag.advice


def test_cramps_that_woke_the_person_are_found_with_their_days():
    found = findings(C, Diary((entry(2, woke_at_night=True), entry(1), entry(0, woke_at_night=True))))
    assert [f.rule_id for f in found] == ["diary-night"]
    assert f"{day(2).day} {day(2):%b} and" in found[0].shows


@pytest.mark.parametrize("first, last, sessions, expected", [
    ((5, 3), (5, 3), ["cold"], True),  # no lower, with self-care: found
    ((5, 3), (6, 4), ["stretch"], True),
    ((5, 3), (4, 3), ["cold"], False),  # pain lower
    ((5, 3), (5, 2), ["cold"], False),  # fewer cramps
    ((5, 3), (5, 3), [], False),  # no self-care noted: the rule is about self-care not helping
    ((0, 0), (0, 0), ["cold"], False),  # nothing to ease
])
def test_not_easing_compares_the_first_and_the_latest_day_after_self_care(first, last, sessions, expected):
    diary = Diary((entry(3, *first, sessions=sessions), entry(0, *last)))
    assert ("diary-not-easing" in rule_ids(diary)) is expected
    if expected:
        assert findings(C, diary)[-1].caveat  # says the sources give no number of days


def test_one_day_alone_shows_no_trend_and_the_text_alternative_says_what_the_chart_shows():
    assert rule_ids(Diary((entry(0, pain=8, sessions=["cold"]),))) == []
    assert trend_text(()) == "No days noted yet."
    text = trend_text((entry(2, pain=6, cramps=4), entry(1, pain=7, cramps=2), entry(0, pain=2, cramps=1)))
    assert "3 days noted" in text and "Pain went from 6 to 2" in text and "highest 7" in text
    assert "Cramps went from 4 to 1" in text


# --- the view, without a browser -------------------------------------------------------------------

def view(stored=None):
    from widgets.ui.diary import DiaryView
    v = DiaryView(clock=lambda: TODAY)
    v.store.set_state({"value": stored if stored is not None else [], "loaded": True, "today": TODAY.isoformat()})
    return v


def test_saving_a_day_stores_it_for_the_browser_and_draws_the_chart_table_and_files():
    v = view()
    v.pain.value, v.cramps.value, v.longest.value = 6, "3", "12"
    v.sessions["cold"].value = True
    v.save.click()
    assert "Saved" in v.status.value
    assert v.store.value == [{"date": TODAY.isoformat(), "pain": 6, "cramps": 3, "longest_cramp_minutes": 12,
                              "woke_at_night": False, "sessions": ["cold"]}]
    assert 'role="img"' in v.chart.value and "<svg" in v.chart.value and "One day noted" in v.chart.value
    assert "<table" in v.table.value and "longest cramp 12 min; self-care: cold pack" in v.table.value
    assert 'data-rule="diary-long-cramp"' in v.findings.value
    assert 'download="spasm-relief-diary-2026-11-26.csv"' in v.downloads.value
    assert v.save.description == "Update this day" and not v.remove.disabled


def test_bad_input_shows_a_message_and_changes_nothing():
    v = view([{"date": TODAY.isoformat(), "pain": 2, "cramps": 1}])
    before = list(v.store.value)
    v.cramps.value = "three"
    v.save.click()
    assert "Please check your input" in v.status.value and "&#x27;three&#x27;" in v.status.value
    assert v.store.value == before
    v.upload.set_state({"value": [{"name": "notes.json", "type": "", "size": 2, "last_modified": 0, "content": b"[]"}]})
    assert "notes.json" in v.status.value and "Your diary is unchanged" in v.status.value
    assert v.store.value == before


def test_a_stored_diary_that_cannot_be_read_is_reported_and_left_alone():
    v = view([{"date": "not a day", "pain": 2, "cramps": 1}])
    assert "could not be read" in v.status.value and "year-month-day" in v.status.value
    assert v.store.value == [{"date": "not a day", "pain": 2, "cramps": 1}]


def test_a_file_is_merged_and_delete_asks_first():
    v = view([{"date": day(1).isoformat(), "pain": 2, "cramps": 1}])
    data = to_json(Diary((entry(1, pain=5), entry(0, pain=4)))).encode()
    v.upload.set_state({"value": [{"name": "old.json", "type": "", "size": len(data), "last_modified": 0,
                                   "content": data}]})
    assert "1 day added, 1 replaced" in v.status.value
    assert [e["pain"] for e in v.store.value] == [5, 4]
    v.delete.click()
    assert v.confirm.layout.display == "flex" and v.store.value
    v.confirm_no.click()
    assert v.confirm.layout.display == "none" and v.store.value
    v.delete.click()
    v.confirm_yes.click()
    assert v.store.value == [] and "deleted" in v.status.value and v.delete.disabled


def test_the_browsers_date_moves_the_day_and_its_limit():
    v = view()
    v.store.today = (TODAY + dt.timedelta(days=1)).isoformat()
    v.store.value = [{"date": TODAY.isoformat(), "pain": 1, "cramps": 1}]  # a change from the browser
    assert v.day.value == TODAY + dt.timedelta(days=1) == v.day.max


def test_my_plan_builds_the_diary_only_when_it_is_opened_or_the_browser_keeps_one():
    from widgets.ui.diary import DiaryLauncher
    empty = DiaryLauncher(clock=lambda: TODAY)
    empty.store.set_state({"value": [], "loaded": True, "today": TODAY.isoformat()})
    assert empty.view is None and empty.toggle.description == "Open my diary"
    empty.toggle.click()
    assert empty.view is not None and empty.toggle.description == "Hide my diary"
    assert empty.view.store is empty.store and empty.store not in empty.view.widget.children  # shown once
    empty.toggle.click()
    assert empty.holder.layout.display == "none" and empty.toggle.description == "Open my diary"

    kept = DiaryLauncher(clock=lambda: TODAY)
    kept.store.set_state({"value": [{"date": day(1).isoformat(), "pain": 4, "cramps": 2}], "loaded": True,
                          "today": TODAY.isoformat()})
    assert kept.view is not None and kept.toggle.description == "Hide my diary"
    assert kept.view.diary.get(day(1)).pain == 4 and "<table" in kept.view.table.value
