"""The answers file (widgets/answers_file.py): the writer's tidy table, its name, and the reader that
checks a file against the bank (Hypothesis: any answers and any name come back; damaged bytes give
only AnswersFileError)."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from widgets.answers_file import (BOM, COLUMNS, FORMAT, MAX_BYTES, AnswersFileError, StudentAnswers, clean_student,
                                  file_name, question_set, read, write)
from widgets.content import content
from widgets.errors import InputError
from widgets.navigation import find_page
from widgets.quiz import Quiz, questions

QS = questions()
AT = dt.datetime(2026, 11, 26, 10, 15, 3, tzinfo=dt.timezone.utc)
KATHMANDU = dt.timezone(dt.timedelta(hours=5, minutes=45))


def kind(name):
    return next(q for q in QS if q.kind == name)


def sample_quiz() -> Quiz:
    """A go with one right single choice, one wrong multiple choice and one number typed with a comma."""
    quiz = Quiz(QS, seed=7)
    single, multiple, numeric = kind("single"), kind("multiple"), kind("numeric")
    quiz.answer(single.id, next(iter(single.correct_indices)))
    wrong = next(i for i in range(len(multiple.options)) if i not in multiple.correct_indices)
    quiz.answer(multiple.id, {wrong, *multiple.correct_indices})
    quiz.answer(numeric.id, f" {numeric.answer:g} ".replace(".", ","))
    return quiz


def table(text: str) -> list[list[str]]:
    assert text.startswith(BOM)
    return list(csv.reader(io.StringIO(text[1:], newline="")))


def as_bytes(rows: list[list[str]], bom: bool = True) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return ((BOM if bom else "") + out.getvalue()).encode("utf-8")


# ---- the writer ----

def test_the_file_is_a_tidy_table_one_row_per_question_in_bank_order():
    text = write(sample_quiz(), "  Zoë,  \"Z\"\n O'Brien ", AT)
    assert text.startswith(BOM) and "\r\n" in text and not re.search(r"(?<!\r)\n", text)
    assert "\r\n\r\n" not in text and text.endswith("\r\n")
    rows = table(text)
    assert tuple(rows[0]) == COLUMNS
    assert len(rows) == len(QS) + 1 and all(len(r) == len(COLUMNS) for r in rows)
    by = [dict(zip(COLUMNS, r)) for r in rows[1:]]
    assert [r["question_id"] for r in by] == [q.id for q in QS]
    for r, q in zip(by, QS):
        assert r["format"] == FORMAT and r["student"] == "Zoë, \"Z\" O'Brien"
        assert r["saved_at"] == "2026-11-26T10:15:03+00:00" and r["question_set"] == question_set(QS)
        assert r["lesson"] == find_page(content(), q.lesson).title and not r["lesson"].endswith(".ipynb")
        goal = next(g for g in find_page(content(), q.lesson).goals if g.id == q.goal)
        assert r["goal"] == goal.text and r["goal"] and r["question"] == q.prompt
        assert (r["score_right"], r["score_total"]) == ("2", str(len(QS)))
    got = {r["question_id"]: (r["answer"], r["result"]) for r in by}
    single, multiple, numeric = kind("single"), kind("multiple"), kind("numeric")
    assert got[single.id] == (next(o.text for o in single.options if o.correct), "right")
    # the chosen options in the question's own order (not the shuffled order on the page)
    assert got[multiple.id][0].split(" | ") == [o.text for i, o in enumerate(multiple.options)
                                                 if o.correct or i == next(j for j in range(len(multiple.options))
                                                                           if j not in multiple.correct_indices)]
    assert got[multiple.id][1] == "wrong"
    assert got[numeric.id] == (f"{numeric.answer:g}".replace(".", ","), "right")  # as typed, trimmed
    assert sum(r["result"] == "not answered" and r["answer"] == "" for r in by) == len(QS) - 3


def test_the_time_is_kept_to_the_second_with_the_learners_offset():
    moment = dt.datetime(2026, 11, 26, 16, 0, 59, 999_999, tzinfo=KATHMANDU)
    rows = table(write(Quiz(QS), "", moment))
    assert rows[1][2] == "2026-11-26T16:00:59+05:45"
    assert read(as_bytes(rows), QS).saved_at == moment.replace(microsecond=0)
    with pytest.raises(ValueError, match="time zone"):
        write(Quiz(QS), "", dt.datetime(2026, 11, 26, 10, 15))


@pytest.mark.parametrize(("student", "moment", "name"), [
    ("Zoë O'Brien", AT, "spasm-relief-answers-zoe-o-brien-2026-11-26-1015.csv"),
    ("", AT, "spasm-relief-answers-anonymous-2026-11-26-1015.csv"),
    ("  ", AT, "spasm-relief-answers-anonymous-2026-11-26-1015.csv"),
    ("李小龍", AT, "spasm-relief-answers-anonymous-2026-11-26-1015.csv"),
    ("Table 4 / Group B", dt.datetime(2027, 1, 2, 3, 4, tzinfo=KATHMANDU),
     "spasm-relief-answers-table-4-group-b-2027-01-02-0304.csv"),
    ("A" * 30 + " " + "b" * 30, AT, f"spasm-relief-answers-{'a' * 30}-{'b' * 9}-2026-11-26-1015.csv"),
])
def test_file_name(student, moment, name):
    assert file_name(student, moment) == name


@given(st.text(max_size=200))
def test_a_file_name_is_always_plain(student):
    name = file_name(student, AT)
    slug = name.removeprefix("spasm-relief-answers-").removesuffix("-2026-11-26-1015.csv")
    assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", slug) and len(slug) <= 40


@pytest.mark.parametrize(("name", "kept"), [
    ("  Sam  ", "Sam"), ("Sam\nLee", "Sam Lee"), ("Sam\t\u2028 Lee\x00", "Sam Lee"), (None, ""),
    ("Zoë, \"Z\"", "Zoë, \"Z\""), ("x" * 60, "x" * 60),
])
def test_clean_student(name, kept):
    assert clean_student(name) == kept


@pytest.mark.parametrize(("name", "message"), [
    ("x" * 61, "at most 60 characters long; this one has 61"),
    ("x" * 1_000_000, "at most 60 characters long"),
    ("=HYPERLINK(1)", "start the name or nickname with a letter or a digit"),
    ("  +44", "letter or a digit"), ("-x-", "letter or a digit"), ("@sam", "letter or a digit"),
    (42, "must be text"),
])
def test_a_name_that_cannot_go_into_the_file_gets_a_message(name, message):
    with pytest.raises(AnswersFileError, match=re.escape(message)):
        clean_student(name)
    with pytest.raises(AnswersFileError, match=re.escape(message)):
        write(Quiz(QS), name, AT)


def test_the_question_set_is_a_fingerprint_of_ids_and_correct_answers():
    fingerprint = question_set(QS)
    assert re.fullmatch(r"[0-9a-f]{12}", fingerprint) and question_set(list(QS)) == fingerprint
    single = kind("single")
    i = QS.index(single)
    right = next(iter(single.correct_indices))
    other = next(j for j in range(len(single.options)) if j != right)
    swapped = tuple(dataclasses.replace(o, correct=(j == other)) for j, o in enumerate(single.options))
    changed = QS[:i] + (dataclasses.replace(single, options=swapped),) + QS[i + 1:]
    assert question_set(changed) != fingerprint  # another right answer
    assert question_set(QS[1:]) != fingerprint and question_set(QS[::-1]) != fingerprint
    renamed = QS[:i] + (dataclasses.replace(single, id="renamed"),) + QS[i + 1:]
    assert question_set(renamed) != fingerprint
    numeric = kind("numeric")
    j = QS.index(numeric)
    assert question_set(QS[:j] + (dataclasses.replace(numeric, answer=numeric.answer + 1),) + QS[j + 1:]) != fingerprint
    reworded = QS[:i] + (dataclasses.replace(single, prompt="Another wording"),) + QS[i + 1:]
    assert question_set(reworded) == fingerprint  # the wording is not the set


# ---- the reader ----

def test_read_gives_back_what_was_written():
    quiz = sample_quiz()
    got = read(write(quiz, "Sam", AT).encode("utf-8"), QS)
    assert isinstance(got, StudentAnswers)
    assert (got.student, got.saved_at, got.question_set) == ("Sam", AT, question_set(QS))
    assert (got.score_right, got.score_total, got.answered) == (2, len(QS), 3)
    assert list(got.answers) == [q.id for q in QS] == list(got.results)
    assert got.answers[kind("single").id] == next(o.text for o in kind("single").options if o.correct)
    assert got.results[kind("multiple").id] == "wrong" and got.results[QS[-1].id] == "not answered"
    with pytest.raises(TypeError):
        got.answers["x"] = "y"  # read-only
    with pytest.raises(dataclasses.FrozenInstanceError):
        got.student = "Someone else"


def test_a_file_without_the_byte_order_mark_is_fine_and_so_is_a_bytearray():
    text = write(sample_quiz(), "Sam", AT)
    assert read(text[1:].encode("utf-8"), QS).score_right == 2
    assert read(bytearray(text.encode("utf-8")), QS).score_right == 2


def rows_of(quiz=None, student="Sam") -> list[list[str]]:
    return table(write(quiz or sample_quiz(), student, AT))


def where(rows, qid):
    return next(i for i, r in enumerate(rows) if r[4] == qid)


def tamper(change):
    def make():
        rows = rows_of()
        change(rows)
        return as_bytes(rows)
    return make


def set_cell(rows, qid, column, value):
    rows[where(rows, qid)][COLUMNS.index(column)] = value


def all_rows(rows, column, value):
    for r in rows[1:]:
        r[COLUMNS.index(column)] = value


SINGLE, MULTIPLE, NUMERIC = kind("single"), kind("multiple"), kind("numeric")
UNANSWERED = QS[-1]
OTHER_BANK = tuple(dataclasses.replace(q, id=q.id + "-v2") if q is SINGLE else q for q in QS)


def other_set():
    quiz = Quiz(OTHER_BANK)
    quiz.answer(OTHER_BANK[0].id, next(iter(OTHER_BANK[0].correct_indices)))
    return write(quiz, "Sam", AT).encode("utf-8")


def old_format():
    """The format before issue 15: another header, and a blank line and a score row at the end."""
    return ("question,lesson,prompt,your answer,right,correct answer\r\n"
            f"{SINGLE.id},{SINGLE.lesson},x,y,yes,z\r\n\r\nscore,1 of {len(QS)},1 answered\r\n").encode("utf-8")


BAD_FILES = {
    "empty": (lambda: b"", "The file is empty."),
    "blank lines only": (lambda: b"\r\n\r\n", "The file is empty."),
    "not UTF-8": (lambda: write(sample_quiz(), "Zoë °C", AT)[1:].encode("latin-1"), "it is not UTF-8 text"),
    "too big": (lambda: b"x" * (MAX_BYTES + 1), "it is too big"),
    "another tool's CSV": (lambda: b"name,score\r\nSam,3\r\n", "its first row is not the header"),
    "the old format": (old_format, "its first row is not the header"),
    "saved again with semicolons": (lambda: write(sample_quiz(), "Sam", AT).replace(",", ";").encode("utf-8"),
                                    "its first row is not the header"),
    "a spreadsheet": (lambda: b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256)), "not UTF-8"),
    "header only": (lambda: as_bytes([list(COLUMNS)]), "it has a header but no answers"),
    "another format": (tamper(lambda rows: all_rows(rows, "format", "spasm-relief-answers/2")),
                       "gives its format as 'spasm-relief-answers/2'"),
    "a different set of questions": (other_set, "made with a different set of questions"),
    "a result changed": (tamper(lambda rows: set_cell(rows, MULTIPLE.id, "result", "right")),
                         f"marks the answer to question '{MULTIPLE.id}' as right, but it is wrong"),
    "an answer changed to the right one": (
        tamper(lambda rows: set_cell(rows, MULTIPLE.id, "answer",
                                     " | ".join(o.text for o in MULTIPLE.options if o.correct))),
        f"marks the answer to question '{MULTIPLE.id}' as wrong, but it is right"),
    "an unknown result": (tamper(lambda rows: set_cell(rows, SINGLE.id, "result", "correct")),
                          "gives the result 'correct'"),
    "an answer that is not an option": (tamper(lambda rows: set_cell(rows, SINGLE.id, "answer", "Something else")),
                                        f"the answer to question '{SINGLE.id}' is not one of its options"),
    "options out of order": (
        tamper(lambda rows: set_cell(rows, MULTIPLE.id, "answer",
                                     " | ".join(reversed(rows[where(rows, MULTIPLE.id)][8].split(" | "))))),
        "is not made of its options"),
    "a number that is not one": (tamper(lambda rows: set_cell(rows, NUMERIC.id, "answer", "lots")),
                                 f"the answer to question '{NUMERIC.id}' is not a number"),
    "right with no answer": (tamper(lambda rows: set_cell(rows, SINGLE.id, "answer", "")),
                             "the answer and the result do not go together"),
    "an answer marked not answered": (tamper(lambda rows: set_cell(rows, UNANSWERED.id, "answer",
                                                                   UNANSWERED.options[0].text
                                                                   if UNANSWERED.options else "1")),
                                      "the answer and the result do not go together"),
    "the score raised everywhere": (tamper(lambda rows: all_rows(rows, "score_right", "3")),
                                    "its score says 3 right, but 2 of its answers are right"),
    "the score raised in one row": (tamper(lambda rows: set_cell(rows, SINGLE.id, "score_right", "3")),
                                    "gives a different score from row 2"),
    "the total changed": (tamper(lambda rows: all_rows(rows, "score_total", "3")),
                          f"its score is out of 3, but it has {len(QS)} questions"),
    "a score that is no number": (tamper(lambda rows: all_rows(rows, "score_right", "two")), "is not a whole number"),
    "the name changed in one row": (tamper(lambda rows: set_cell(rows, UNANSWERED.id, "student", "Alex")),
                                    "gives a different name from row 2"),
    "a name no page writes": (tamper(lambda rows: all_rows(rows, "student", " =Sam")),
                              "its name is not one the self-check page writes"),
    "the time changed in one row": (tamper(lambda rows: set_cell(rows, UNANSWERED.id, "saved_at",
                                                                 "2026-11-27T10:15:03+00:00")),
                                    "gives a different date and time from row 2"),
    "a time without its offset": (tamper(lambda rows: all_rows(rows, "saved_at", "2026-11-26T10:15:03")),
                                  "is not in the form 2026-11-26T10:15:03+00:00"),
    "not a time": (tamper(lambda rows: all_rows(rows, "saved_at", "yesterday")), "is not in the form"),
    "the set changed in one row": (tamper(lambda rows: set_cell(rows, UNANSWERED.id, "question_set", "0" * 12)),
                                   "gives a different question set from row 2"),
    "a question twice": (tamper(lambda rows: rows.__setitem__(where(rows, UNANSWERED.id),
                                                              list(rows[where(rows, SINGLE.id)]))),
                         f"question '{SINGLE.id}' is in rows"),
    "a question missing": (tamper(lambda rows: rows.pop(where(rows, UNANSWERED.id))),
                           f"it has no row for question '{UNANSWERED.id}'"),
    "an unknown question": (tamper(lambda rows: set_cell(rows, UNANSWERED.id, "question_id", "made-up")),
                            "names a question this page does not have ('made-up')"),
    "a blank row": (tamper(lambda rows: rows.insert(3, [])), "row 4 is blank"),
    "a short row": (tamper(lambda rows: rows[2].pop()), "row 3 has 11 values instead of 12"),
    "a summary row": (tamper(lambda rows: rows.append(["score", "2 of 39"])), f"row {len(QS) + 2} has 2 values"),
}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_a_bad_file_gets_one_clear_sentence(case):
    make, message = BAD_FILES[case]
    with pytest.raises(AnswersFileError) as error:
        read(make(), QS)
    text = str(error.value)
    assert message in text, text
    assert isinstance(error.value, InputError) and text.endswith(".") and "\n" not in text


def test_each_tamper_case_starts_from_a_good_file():
    assert read(as_bytes(rows_of()), QS).score_right == 2


# ---- Hypothesis ----

def responses(q):
    if q.kind == "single":
        return st.none() | st.integers(0, len(q.options) - 1)
    if q.kind == "multiple":
        return st.none() | st.sets(st.integers(0, len(q.options) - 1), min_size=1)
    numbers = st.floats(-1e6, 1e6, allow_nan=False) | st.integers(-1000, 1000) | st.just(q.answer)
    typed = numbers.flatmap(lambda x: st.sampled_from([str(x), repr(float(x)), f" {x:g} ", f"{x:g}".replace(".", ","),
                                                      f"{x:.3f}"]))
    return st.none() | typed | numbers


ANSWERS = st.tuples(*(responses(q) for q in QS))
NAMES = st.text(max_size=70) | st.sampled_from(["Zoë, \"the\" O'Brien", "a,b\r\nc", "  Sam  ", "李小龍 🙂", "=1+1"])
TIMES = st.datetimes(min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2200, 1, 1),
                     timezones=st.sampled_from([dt.timezone.utc, KATHMANDU, dt.timezone(dt.timedelta(hours=-9, minutes=-30))]))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ANSWERS, NAMES, TIMES)
def test_write_then_read_gives_back_the_same_answers(answers, student, moment):
    quiz = Quiz(QS, seed=1)
    for q, response in zip(QS, answers):
        if response is not None:
            quiz.answer(q.id, response)
    try:
        kept = clean_student(student)
    except AnswersFileError:
        with pytest.raises(AnswersFileError):
            write(quiz, student, moment)
        return
    text = write(quiz, student, moment)
    got = read(text.encode("utf-8"), QS)
    rows = table(text)
    assert got.student == kept and got.saved_at == moment.replace(microsecond=0)
    assert (got.score_right, got.score_total) == (quiz.score, quiz.total)
    assert dict(got.answers) == {r[4]: r[8] for r in rows[1:]}
    for q in QS:
        result = quiz.results.get(q.id)
        assert got.results[q.id] == ("not answered" if result is None else "right" if result.correct else "wrong")
        assert (got.answers[q.id] == "") is (result is None)
        if q.kind == "single" and result is not None:
            assert got.answers[q.id] == q.options[quiz.responses[q.id]].text


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=3000))
def test_random_bytes_give_only_an_answers_file_error(data):
    with pytest.raises(AnswersFileError):
        read(data, QS)


GOOD = write(sample_quiz(), "Sam", AT).encode("utf-8")


@st.composite
def damaged(draw):
    data = bytearray(GOOD)
    for _ in range(draw(st.integers(1, 4))):
        how = draw(st.sampled_from(["flip", "insert", "delete", "cut", "swap-lines"]))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if how == "flip" and data:
            data[at] = draw(st.integers(0, 255))
        elif how == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=8) | st.sampled_from([b",", b'"', b"\r\n", b"\n", b"\x00"]))
        elif how == "delete":
            del data[at:at + draw(st.integers(1, 40))]
        elif how == "cut":
            del data[at:]
        else:
            lines = bytes(data).split(b"\r\n")
            i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
            data = bytearray(b"\r\n".join(lines))
    return bytes(data)


@settings(max_examples=300, deadline=None)
@given(damaged())
def test_damaged_files_give_only_an_answers_file_error_or_what_they_still_say(data):
    try:
        got = read(data, QS)
    except AnswersFileError as error:
        assert str(error).endswith(".")
        return
    # a change the reader lets through must still be a consistent file: nothing silently wrong
    assert got.score_right == sum(r == "right" for r in got.results.values())
    assert set(got.answers) == {q.id for q in QS}
