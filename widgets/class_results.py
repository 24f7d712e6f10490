"""A class's self-check results: many learners' answers files, checked and summed up for the teacher.

The teacher's page (``notebooks/07_class_results.ipynb``, view :mod:`widgets.ui.class_results`)
hands every file it was given to :func:`combine`, as ``(file name, bytes)``. Each file is read and
checked by :func:`widgets.answers_file.read`; a file that cannot be used becomes a :class:`Problem`
naming the file, and the others still count:

- a file that is not an answers file, was changed after it was saved, or was made with a different
  set of questions: :func:`~widgets.answers_file.read`'s own sentence;
- the same file twice (the same bytes, whatever its name): the first copy counts;
- a student's name in two files (compared without case and extra spaces): the first file counts.
  Files without a name cannot be told apart, so each of them counts.

:class:`ClassResults` then gives, per question (in the bank's order, grouped by lesson in teaching
order): how many answered, how many were right, the wrong answers with how often each was given and
the bank's feedback that explains it; each named student's score; and a tidy summary table
(:func:`summary_csv`, one row per question). Pure Python, no widgets: nothing here is stored, the
files live only as long as the kernel that was given them.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import logging
import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Iterable

from . import answers_file
from .answers_file import NOT_ANSWERED, RIGHT, AnswersFileError, StudentAnswers
from .content import Content, content
from .quiz import ANSWER_JOIN, Question, QuizError, check

MAX_NAME = 120
"""A file name longer than this is cut short in messages (with an ellipsis)."""

SUMMARY_COLUMNS = ("question_set", "lesson", "goal", "question_number", "question_id", "question",
                   "correct_answer", "students", "answered", "right", "wrong", "not_answered",
                   "most_common_wrong_answer", "most_common_wrong_count", "equally_common_wrong_answers")
"""The summary's header: one row per question, the same columns on every row."""

SUMMARY_PREFIX = "spasm-relief-class-summary"
UNREADABLE = ("This file could not be read because of a fault in this page, not necessarily in the file. "
              "The other files still count.")

log = logging.getLogger("spasm_relief")


def display_name(name: Any, position: int) -> str:
    """A file's name as messages show it: control characters dropped, long names cut short; a file
    without a usable name is called by its place in the list ("file 3")."""
    text = name if isinstance(name, str) else ""
    text = re.sub(r"\s+", " ", text)  # line breaks and tabs become spaces; other control characters go
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C").strip()
    if not text:
        return f"file {position}"
    return text if len(text) <= MAX_NAME else text[:MAX_NAME - 1] + "\u2026"


def same_student(name: str) -> str:
    """The form two names are compared in: ``" Ana  Lopez"`` and ``"ana lopez"`` are one student."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", name)).strip().casefold()


def when(moment: dt.datetime) -> str:
    """``2026-11-26T10:15:03+01:00`` -> ``"26 November 2026 at 10:15"`` (in the file's own time)."""
    return f"{moment.day} {moment:%B %Y} at {moment:%H:%M}"


@dataclass(frozen=True)
class Problem:
    """A file that was left out, and why (one or two sentences for the teacher)."""

    file: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.message}"


@dataclass(frozen=True)
class Loaded:
    """A file that counts: its name and what it says."""

    file: str
    answers: StudentAnswers


@dataclass(frozen=True)
class WrongAnswer:
    """One wrong answer to a question, how many students gave it, and why it is wrong: the bank's
    feedback for each wrong part of it, as ``(what, why)``."""

    text: str
    count: int
    why: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class QuestionResult:
    number: int  # its number in the self-check (the bank's order, from 1)
    question: Question
    students: int
    answered: int
    right: int
    wrong_answers: tuple[WrongAnswer, ...]  # most often given first

    @property
    def wrong(self) -> int:
        return self.answered - self.right

    @property
    def not_answered(self) -> int:
        return self.students - self.answered

    @property
    def most_common_wrong(self) -> tuple[WrongAnswer, ...]:
        """The wrong answer given most often; several when they were given equally often; none when no
        one answered wrongly."""
        if not self.wrong_answers:
            return ()
        top = self.wrong_answers[0].count
        return tuple(a for a in self.wrong_answers if a.count == top)

    def words(self) -> str:
        """``"Question 3: 6 right, 2 wrong, 1 not answered."``: the chart's bar, in words."""
        return f"Question {self.number}: {self.right} right, {self.wrong} wrong, {self.not_answered} not answered."


@dataclass(frozen=True)
class LessonResults:
    """The questions that check one lesson, in the bank's order."""

    lesson_id: str
    title: str
    number: int  # the lesson's place in the teaching order
    questions: tuple[QuestionResult, ...]

    def words(self) -> str:
        """The chart of this lesson as a sentence per question (its text alternative)."""
        return " ".join(q.words() for q in self.questions)


@dataclass(frozen=True)
class StudentScore:
    name: str
    file: str
    right: int
    total: int
    answered: int
    saved_at: dt.datetime


@dataclass(frozen=True)
class ClassResults:
    questions: tuple[Question, ...]
    loaded: tuple[Loaded, ...]
    problems: tuple[Problem, ...]
    results: tuple[QuestionResult, ...]  # one per question, in the bank's order
    lessons: tuple[LessonResults, ...]  # in teaching order; a lesson with no question is left out

    @property
    def students(self) -> int:
        """How many files count (one per student)."""
        return len(self.loaded)

    @property
    def question_set(self) -> str:
        return answers_file.question_set(self.questions)

    @property
    def scores(self) -> tuple[StudentScore, ...]:
        """Each student who gave a name, by name."""
        named = [StudentScore(f.answers.student, f.file, f.answers.score_right, f.answers.score_total,
                              f.answers.answered, f.answers.saved_at) for f in self.loaded if f.answers.student]
        return tuple(sorted(named, key=lambda s: (same_student(s.name), s.file)))

    @property
    def unnamed(self) -> tuple[Loaded, ...]:
        """The files that count but give no name."""
        return tuple(f for f in self.loaded if not f.answers.student)

    @property
    def latest(self) -> dt.datetime | None:
        """When the newest of the files that count was saved."""
        return max((f.answers.saved_at for f in self.loaded), default=None)


# ---- reading many files --------------------------------------------------------------------------

def _response(question: Question, answer: str) -> Any:
    """An answer's text (as the file holds it) as :func:`widgets.quiz.check` takes it."""
    if question.kind == "numeric":
        return answer
    texts = [o.text for o in question.options]
    if question.kind == "single":
        return texts.index(answer)
    return {texts.index(part) for part in answer.split(ANSWER_JOIN)}


def _wrong_answers(question: Question, answers: list[str]) -> tuple[WrongAnswer, ...]:
    """Group the wrong answers to ``question`` (numbers by their value: "30", "30.0" and "30,0" are one)."""
    groups: dict[str, list] = {}
    for answer in answers:
        try:
            result = check(question, _response(question, answer))
        except (QuizError, ValueError):  # read() lets no such answer through; never let one stop the rest
            key, why = answer, ()
        else:
            key = result.response_text if question.kind == "numeric" else answer
            why = tuple((what, reason) for what, ok, reason in result.feedback if not ok)
        groups.setdefault(key, [0, why])[0] += 1
    found = [WrongAnswer(text, count, why) for text, (count, why) in groups.items()]
    return tuple(sorted(found, key=lambda a: (-a.count, a.text.casefold(), a.text)))


def _tally(questions: tuple[Question, ...], loaded: list[Loaded]) -> tuple[QuestionResult, ...]:
    results = []
    for number, q in enumerate(questions, start=1):
        given = [f.answers for f in loaded]
        answered = sum(a.results[q.id] != NOT_ANSWERED for a in given)
        right = sum(a.results[q.id] == RIGHT for a in given)
        wrong = [a.answers[q.id] for a in given if a.results[q.id] not in (RIGHT, NOT_ANSWERED)]
        results.append(QuestionResult(number, q, len(given), answered, right, _wrong_answers(q, wrong)))
    return tuple(results)


def _by_lesson(c: Content, results: tuple[QuestionResult, ...]) -> tuple[LessonResults, ...]:
    groups = []
    for lesson in c.lessons:
        mine = tuple(r for r in results if r.question.lesson == lesson.id)
        if mine:
            groups.append(LessonResults(lesson.id, lesson.title, lesson.number, mine))
    return tuple(groups)


def combine(files: Iterable[tuple[Any, Any]], questions: tuple[Question, ...],
            c: Content | None = None) -> ClassResults:
    """Read every ``(file name, bytes)`` in ``files`` against the bank ``questions`` and sum up those
    that can be used; every other file becomes a :class:`Problem` naming it. Never raises for a bad file."""
    c = c or content()
    loaded: list[Loaded] = []
    problems: list[Problem] = []
    seen_bytes: dict[str, str] = {}
    seen_names: dict[str, Loaded] = {}
    for position, (raw_name, data) in enumerate(files, start=1):
        name = display_name(raw_name, position)
        try:
            answers = answers_file.read(data, questions)
        except AnswersFileError as error:
            problems.append(Problem(name, str(error)))
            continue
        except Exception:  # noqa: BLE001 - a bug in reading, not the file's fault: logged, and the rest still count
            log.exception("reading the answers file %r failed", name)
            problems.append(Problem(name, UNREADABLE))
            continue
        digest = hashlib.sha256(bytes(data)).hexdigest()
        if digest in seen_bytes:
            problems.append(Problem(name, f"This is the same file as {seen_bytes[digest]}, which is already "
                                          "counted. Each file counts once, so this copy was left out."))
            continue
        key = same_student(answers.student)
        if key and key in seen_names:
            first = seen_names[key]
            problems.append(Problem(name, (
                f"{first.answers.student}'s answers are already counted, from {first.file} (saved on "
                f"{when(first.answers.saved_at)}). This file was saved on {when(answers.saved_at)}. Each student "
                "counts once, so this file was left out: to count it instead, load the files again without the "
                "other one.")))
            continue
        seen_bytes[digest] = name
        entry = Loaded(name, answers)
        if key:
            seen_names[key] = entry
        loaded.append(entry)
    results = _tally(tuple(questions), loaded)
    return ClassResults(tuple(questions), tuple(loaded), tuple(problems), results, _by_lesson(c, results))


# ---- the summary file ----------------------------------------------------------------------------

_PLAIN_NUMBER = re.compile(r"[+-]?[0-9]+(?:[.,][0-9]+)?")


def _cell(text: str) -> str:
    """A text cell that a spreadsheet program would run as a formula starts with an apostrophe instead."""
    if text[:1] in answers_file.FORMULA_START and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def summary_rows(results: ClassResults) -> list[list[str]]:
    """The summary as rows of text, header first: one row per question, in the bank's order."""
    fingerprint = results.question_set
    rows = [list(SUMMARY_COLUMNS)]
    for r in results.results:
        q = r.question
        top = r.most_common_wrong
        rows.append([fingerprint, q.lesson_title, q.goal_text, str(r.number), q.id,
                     q.prompt, q.correct_text(), str(r.students), str(r.answered), str(r.right), str(r.wrong),
                     str(r.not_answered), top[0].text if top else "", str(top[0].count) if top else "0",
                     str(len(top) - 1 if top else 0)])
    return [[_cell(cell) for cell in row] for row in rows]


def summary_csv(results: ClassResults) -> str:
    """The summary table as CSV text (commas, double quotes, ``\\r\\n``), starting with the byte-order
    mark so spreadsheet programs read it as UTF-8. Where wrong answers tie for most common, the
    first in alphabetical order is named and ``equally_common_wrong_answers`` counts the others."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(summary_rows(results))
    return answers_file.BOM + out.getvalue()


def summary_file_name(results: ClassResults) -> str:
    """``spasm-relief-class-summary-<YYYY-MM-DD>.csv``, dated by the newest file that counts."""
    latest = results.latest
    day = f"{latest:%Y-%m-%d}" if latest else "empty"
    return f"{SUMMARY_PREFIX}-{day}.csv"
