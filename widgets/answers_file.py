"""A learner's self-check answers as a file: written on the self-check page, read on the teacher's page.

The file is a tidy CSV table (Python's ``csv`` module: commas, double quotes, ``\\r\\n`` line ends),
UTF-8 with a byte-order mark so spreadsheet programs read "°C". One header row (:data:`COLUMNS`),
then exactly one row per question of the bank, in the bank's order, with the same columns on every
row and no summary row:

- ``format``: always :data:`FORMAT`, which tells our files from other tools' files;
- ``student``: the name or nickname the learner typed (optional, trimmed, at most 60 characters);
- ``saved_at``: when the file was made, ISO 8601 to the second with its UTC offset;
- ``question_set``: the fingerprint of the bank (:func:`question_set`);
- ``question_id``, ``lesson`` (the lesson's title), ``goal`` (the learning goal's text), ``question``;
- ``answer``: the chosen option's text, the chosen options' texts joined by :data:`ANSWER_JOIN` in the
  question's own option order, or the number as typed; empty when not answered;
- ``result``: ``right``, ``wrong`` or ``not answered``;
- ``score_right``, ``score_total``: the score, the same on every row.

:func:`read` checks one file against the bank and gives a :class:`StudentAnswers`, or raises
:class:`AnswersFileError` with one sentence for the teacher. Pure Python: no widgets.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import re
import unicodedata
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Iterable, Mapping

from .errors import InputError
from .quiz import ANSWER_JOIN, Question, Quiz, QuizError, check

FORMAT = "spasm-relief-answers/1"
COLUMNS = ("format", "student", "saved_at", "question_set", "question_id", "lesson", "goal", "question",
           "answer", "result", "score_right", "score_total")
RIGHT, WRONG, NOT_ANSWERED = "right", "wrong", "not answered"
RESULTS = (RIGHT, WRONG, NOT_ANSWERED)
BOM = "\ufeff"
MAX_STUDENT = 60
MAX_SLUG = 40
MAX_BYTES = 1_000_000
"""A file bigger than this is not an answers file (a real one is a few tens of kilobytes)."""
FORMULA_START = ("=", "+", "-", "@")
"""A cell starting with one of these is run as a formula by spreadsheet programs: no name may."""
FILE_PREFIX = "spasm-relief-answers"


class AnswersFileError(InputError):
    """An answers file (or a name for one) that cannot be used; the message is meant for the person."""


@dataclass(frozen=True)
class StudentAnswers:
    """One learner's file, read and checked. ``answers`` and ``results`` are keyed by question id,
    in the bank's order; an unanswered question has the answer ``""`` and the result ``"not answered"``."""

    student: str
    saved_at: dt.datetime
    question_set: str
    answers: Mapping[str, str]
    results: Mapping[str, str]
    score_right: int
    score_total: int

    @property
    def answered(self) -> int:
        return sum(result != NOT_ANSWERED for result in self.results.values())


# ---- names, times and the fingerprint -----------------------------------------------------------

_INVISIBLE = {"Cc", "Cs"}  # control characters and lone surrogates (which UTF-8 cannot even hold)


def clean_student(name: Any) -> str:
    """The name or nickname as the file keeps it: runs of spaces and line breaks become one space,
    control characters go, and the ends are trimmed. Refused, with a message: more than 60
    characters, or a start that spreadsheet programs would run as a formula."""
    if name is None:
        return ""
    if not isinstance(name, str):
        raise AnswersFileError("A name or nickname must be text.")
    if len(name) > 20 * MAX_STUDENT:  # far too long whatever is trimmed: say so without reading it all
        raise AnswersFileError(f"A name or nickname can be at most {MAX_STUDENT} characters long; "
                               f"this one has {len(name)}. Please shorten it.")
    text = "".join(ch for ch in name if unicodedata.category(ch) not in _INVISIBLE or ch.isspace())
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) > MAX_STUDENT:
        raise AnswersFileError(f"A name or nickname can be at most {MAX_STUDENT} characters long; "
                               f"this one has {len(text)}. Please shorten it.")
    if text.startswith(FORMULA_START):
        raise AnswersFileError("Please start the name or nickname with a letter or a digit "
                               "(spreadsheet programs treat =, +, - and @ at the start as a formula).")
    return text


def slug(name: str) -> str:
    """``"Zoë O'Brien"`` -> ``"zoe-o-brien"``: lower-case ASCII letters, digits and hyphens, at most 40."""
    plain = unicodedata.normalize("NFKD", name if isinstance(name, str) else "")
    plain = plain.encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:MAX_SLUG].rstrip("-")


def _stamp(saved_at: dt.datetime) -> str:
    if not isinstance(saved_at, dt.datetime) or saved_at.utcoffset() is None:
        raise ValueError("saved_at must be a datetime with a time zone")
    return saved_at.replace(microsecond=0).isoformat(timespec="seconds")


def file_name(student: str, saved_at: dt.datetime) -> str:
    """``spasm-relief-answers-<name's slug or "anonymous">-<YYYY-MM-DD>-<HHMM>.csv``, in ``saved_at``'s
    own time (the learner's clock)."""
    _stamp(saved_at)
    t = saved_at
    return (f"{FILE_PREFIX}-{slug(student) or 'anonymous'}-"
            f"{t.year:04d}-{t.month:02d}-{t.day:02d}-{t.hour:02d}{t.minute:02d}.csv")


def _correct(question: Question) -> list:
    if question.kind == "numeric":
        return [float(question.answer), float(question.tolerance)]
    return [option.text for option in question.options if option.correct]


def question_set(questions: Iterable[Question]) -> str:
    """The bank's fingerprint: the first 12 hex digits of the SHA-256 of its question ids and each
    question's correct answer (the right options' texts; a number with its tolerance), in bank order."""
    data = json.dumps([[q.id, _correct(q)] for q in questions], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:12]


# ---- the writer ----------------------------------------------------------------------------------

def answer_text(question: Question, response: Any) -> str:
    """A response as :func:`widgets.quiz.check` takes it, as the file's ``answer`` text."""
    if response is None:
        return ""
    if question.kind == "single":
        return question.options[response].text
    if question.kind == "multiple":
        chosen = set(response)
        return ANSWER_JOIN.join(o.text for i, o in enumerate(question.options) if i in chosen)
    if isinstance(response, str):
        return response.strip()
    return str(response) if isinstance(response, int) else repr(float(response))


def write(quiz: Quiz, student: str, saved_at: dt.datetime) -> str:
    """The answers file of ``quiz`` (a learner's go) as text, starting with the byte-order mark."""
    name = clean_student(student)
    stamp = _stamp(saved_at)
    fingerprint = question_set(quiz.questions)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    score = str(quiz.score)
    total = str(quiz.total)
    for q in quiz.questions:
        result = quiz.results.get(q.id)
        if result is None:
            answer, verdict = "", NOT_ANSWERED
        else:
            answer, verdict = answer_text(q, quiz.responses[q.id]), RIGHT if result.correct else WRONG
        writer.writerow([FORMAT, name, stamp, fingerprint, q.id, q.lesson_title, q.goal_text, q.prompt,
                         answer, verdict, score, total])
    return BOM + out.getvalue()


# ---- the reader ----------------------------------------------------------------------------------

CHANGED = "This file was changed after it was saved: "
NOT_OURS = "This is not a Spasm Relief answers file: "


def _verdict(question: Question, answer: str) -> bool | str:
    """Whether the bank marks ``answer`` right, or a sentence saying why it is no answer to ``question``."""
    if question.kind == "numeric":
        try:
            return check(question, answer).correct
        except QuizError:
            return "is not a number"
    if question.kind == "single":
        texts = [o.text for o in question.options]
        return check(question, texts.index(answer)).correct if answer in texts else "is not one of its options"
    index = {o.text: i for i, o in enumerate(question.options)}
    parts = answer.split(ANSWER_JOIN)
    chosen = [index.get(part) for part in parts]
    if None in chosen or chosen != sorted(set(chosen)):
        return "is not made of its options"
    return check(question, set(chosen)).correct


def _whole_number(text: str, row: int) -> int:
    if not re.fullmatch(r"[0-9]{1,6}", text):
        raise AnswersFileError(f"{CHANGED}the score in row {row} ({text[:20]!r}) is not a whole number.")
    return int(text)


def _saved_at(text: str) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        moment = None
    if moment is None or moment.utcoffset() is None or _stamp(moment) != text:
        raise AnswersFileError(f"{CHANGED}its date and time ({text[:40]!r}) is not in the form "
                               "2026-11-26T10:15:03+00:00.")
    return moment


def _rows(data: bytes) -> list[list[str]]:
    if isinstance(data, (bytearray, memoryview)):
        data = bytes(data)
    if not isinstance(data, bytes):
        raise AnswersFileError("The file could not be read.")
    if not data.strip():
        raise AnswersFileError("The file is empty.")
    if len(data) > MAX_BYTES:
        raise AnswersFileError(f"{NOT_OURS}it is too big (over {MAX_BYTES // 1_000_000} MB).")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise AnswersFileError(f"{NOT_OURS}it is not UTF-8 text.") from None
    try:
        return list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except (csv.Error, ValueError):
        raise AnswersFileError(f"{NOT_OURS}it is not a readable CSV table.") from None


def read(data: bytes, questions: tuple[Question, ...]) -> StudentAnswers:
    """Check one answers file against the bank ``questions`` and give what it says.

    Raises :class:`AnswersFileError` for a file that is not ours, not UTF-8, changed after it was
    saved (a result or score that does not follow from the answers, rows that disagree, a question
    missing, twice or unknown) or made with a different set of questions."""
    rows = _rows(data)
    if not rows or tuple(rows[0]) != COLUMNS:
        raise AnswersFileError(f"{NOT_OURS}its first row is not the header the self-check page writes "
                               f"({', '.join(COLUMNS)}).")
    body = rows[1:]
    if not body:
        raise AnswersFileError(f"{NOT_OURS}it has a header but no answers.")
    for number, row in enumerate(body, start=2):
        if not row:
            raise AnswersFileError(f"{CHANGED}row {number} is blank.")
        if len(row) != len(COLUMNS):
            raise AnswersFileError(f"{CHANGED}row {number} has {len(row)} values instead of {len(COLUMNS)}.")
        if row[0] != FORMAT:
            raise AnswersFileError(f"{NOT_OURS}row {number} gives its format as {row[0][:40]!r}, "
                                   f"not {FORMAT!r}.")
    first = dict(zip(COLUMNS, body[0]))
    for number, row in enumerate(body[1:], start=3):
        fields = dict(zip(COLUMNS, row))
        for column, what in (("student", "name"), ("saved_at", "date and time"), ("question_set", "question set"),
                             ("score_right", "score"), ("score_total", "number of questions")):
            if fields[column] != first[column]:
                raise AnswersFileError(f"{CHANGED}row {number} gives a different {what} from row 2.")
    expected = question_set(questions)
    if first["question_set"] != expected:
        raise AnswersFileError(
            f"This file was made with a different set of questions (set {first['question_set'][:20]!r}; "
            f"this page has set {expected!r}): the self-check's questions changed between the two.")
    try:
        student = clean_student(first["student"])
    except AnswersFileError:
        student = None
    if student != first["student"]:
        raise AnswersFileError(f"{CHANGED}its name is not one the self-check page writes.")
    saved_at = _saved_at(first["saved_at"])
    score_right = _whole_number(first["score_right"], 2)
    score_total = _whole_number(first["score_total"], 2)

    bank = {q.id: q for q in questions}
    seen: dict[str, int] = {}
    answers: dict[str, str] = {}
    results: dict[str, str] = {}
    for number, row in enumerate(body, start=2):
        fields = dict(zip(COLUMNS, row))
        qid, answer, result = fields["question_id"], fields["answer"], fields["result"]
        if qid not in bank:
            raise AnswersFileError(f"{CHANGED}row {number} names a question this page does not have "
                                   f"({qid[:60]!r}).")
        if qid in seen:
            raise AnswersFileError(f"{CHANGED}question {qid!r} is in rows {seen[qid]} and {number}.")
        seen[qid] = number
        if result not in RESULTS:
            raise AnswersFileError(f"{CHANGED}row {number} gives the result {result[:30]!r}; "
                                   "a result is right, wrong or not answered.")
        if not answer or result == NOT_ANSWERED:
            if answer or result != NOT_ANSWERED:
                raise AnswersFileError(f"{CHANGED}in row {number} the answer and the result do not go together "
                                       "(an empty answer is 'not answered', and only an empty answer is).")
        else:
            verdict = _verdict(bank[qid], answer)
            if isinstance(verdict, str):
                raise AnswersFileError(f"{CHANGED}in row {number} the answer to question {qid!r} {verdict}.")
            if (RIGHT if verdict else WRONG) != result:
                raise AnswersFileError(f"{CHANGED}row {number} marks the answer to question {qid!r} as {result}, "
                                       f"but it is {RIGHT if verdict else WRONG}.")
        answers[qid], results[qid] = answer, result
    missing = [qid for qid in bank if qid not in seen]
    if missing:
        more = f" and {len(missing) - 3} more" if len(missing) > 3 else ""
        raise AnswersFileError(f"{CHANGED}it has no row for question {', '.join(map(repr, missing[:3]))}{more}.")
    right = sum(result == RIGHT for result in results.values())
    if score_total != len(bank):
        raise AnswersFileError(f"{CHANGED}its score is out of {score_total}, but it has {len(bank)} questions.")
    if score_right != right:
        raise AnswersFileError(f"{CHANGED}its score says {score_right} right, but {right} of its answers are right.")
    order = list(bank)
    return StudentAnswers(
        student=student, saved_at=saved_at, question_set=expected,
        answers=MappingProxyType({qid: answers[qid] for qid in order}),
        results=MappingProxyType({qid: results[qid] for qid in order}),
        score_right=score_right, score_total=score_total)
