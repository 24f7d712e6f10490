"""Self-check questions: loading and validating the bank, checking answers, scoring, shuffling, CSV.

The bank is ``assets/content/questions.toml``. Every question names the lesson it checks;
a malformed bank fails on load with the file and field named.
"""

from __future__ import annotations

import csv
import functools
import io
import random
import re
from dataclasses import dataclass, field
from pathlib import Path

from .content import content
from .errors import InputError
from .paths import CONTENT_DIR
from .schema import ContentError, Table, read_toml

KINDS = ("single", "multiple", "numeric")
QUESTIONS_FILE = "questions.toml"
VERDICT = re.compile(r"^(?:right|correct|yes|no|wrong|incorrect|not quite|not so)\s*:\s*", re.IGNORECASE)
"""A verdict at the start of a feedback text ("Right: ..."): the page gives the verdict itself."""


def without_verdict(text: str) -> str:
    """``"Right: pain in one calf..."`` -> ``"Pain in one calf..."``: the reason alone.

    The page already says whether an answer is right (once, with a tick or a cross), so a
    verdict repeated at the start of the bank's feedback is dropped.
    """
    rest = VERDICT.sub("", text, count=1)
    if rest == text or not rest:
        return text
    # Capitalise the first letter, also after an opening quote: "'heat to play' means" -> "'Heat...".
    return re.sub(r"^([\W_]*)(\w)", lambda m: m.group(1) + m.group(2).upper(), rest, count=1)


class QuizError(InputError):
    """An answer the quiz cannot take; the message is meant for the person."""


@dataclass(frozen=True)
class Option:
    text: str
    correct: bool
    feedback: str


@dataclass(frozen=True)
class Question:
    id: str
    lesson: str
    kind: str
    prompt: str
    options: tuple[Option, ...] = ()
    answer: float | None = None
    tolerance: float = 0.0
    unit: str = ""
    feedback_right: str = ""
    feedback_wrong: str = ""

    @property
    def correct_indices(self) -> frozenset[int]:
        return frozenset(i for i, option in enumerate(self.options) if option.correct)

    def correct_text(self) -> str:
        if self.kind == "numeric":
            return f"{_number(self.answer)} {self.unit}".strip()
        return "; ".join(o.text for o in self.options if o.correct)


@dataclass(frozen=True)
class Result:
    correct: bool
    feedback: tuple[tuple[str, bool, str], ...]  # (what, was it right, why)
    response_text: str


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _question(t: Table, lessons: set[str], seen: set[str]) -> Question:
    qid = t.text("id")
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", qid):
        raise t.error("id", "use lowercase letters, digits and hyphens")
    if qid in seen:
        raise t.error("id", f"{qid!r} is used twice")
    seen.add(qid)
    lesson = t.text("lesson")
    if lesson not in lessons:
        raise t.error("lesson", f"{lesson!r} is not a lesson in lessons.toml")
    kind = t.choice("kind", KINDS)
    prompt = t.text("prompt")
    if kind == "numeric":
        answer = t._get("answer")
        tolerance = t._get("tolerance")
        for key, value in (("answer", answer), ("tolerance", tolerance)):
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise t.error(key, "must be a number")
        if tolerance < 0:
            raise t.error("tolerance", "must not be negative")
        question = Question(qid, lesson, kind, prompt, answer=float(answer), tolerance=float(tolerance),
                            unit=t.text("unit"), feedback_right=without_verdict(t.text("feedback_right")),
                            feedback_wrong=without_verdict(t.text("feedback_wrong")))
    else:
        options = []
        for item in t.tables("option"):
            options.append(Option(item.text("text"), item.boolean("correct"), without_verdict(item.text("feedback"))))
            item.done()
        if not 2 <= len(options) <= 6:
            raise t.error("option", "needs between 2 and 6 options")
        if len({o.text for o in options}) != len(options):
            raise t.error("option", "two options have the same text")
        right = sum(o.correct for o in options)
        if kind == "single" and right != 1:
            raise t.error("option", f"a single-choice question needs exactly one correct option (has {right})")
        if kind == "multiple" and not 1 <= right < len(options):
            raise t.error("option", "a multiple-choice question needs at least one correct and one wrong option")
        question = Question(qid, lesson, kind, prompt, options=tuple(options))
    t.done()
    return question


def load_questions(directory: Path | str = CONTENT_DIR, lessons: set[str] | None = None) -> tuple[Question, ...]:
    lessons = lessons if lessons is not None else {lesson.id for lesson in content().lessons}
    table = read_toml(Path(directory) / QUESTIONS_FILE)
    seen: set[str] = set()
    questions = tuple(_question(item, lessons, seen) for item in table.tables("question"))
    table.done()
    if len(questions) < 2:
        raise ContentError(QUESTIONS_FILE, "question", "needs at least two questions")
    return questions


@functools.lru_cache(maxsize=1)
def questions() -> tuple[Question, ...]:
    return load_questions()


def parse_number(text: str) -> float:
    cleaned = text.strip().replace(",", ".")
    try:
        value = float(cleaned)
    except ValueError:
        raise QuizError("Please type a number, for example 30.") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise QuizError("Please type an ordinary number, for example 30.")
    return value


def check(question: Question, response) -> Result:
    """Mark one response: an option index (single), a set of indices (multiple) or text/number (numeric)."""
    if question.kind == "numeric":
        value = parse_number(response) if isinstance(response, str) else response
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise QuizError("Please type a number, for example 30.")
        value = parse_number(str(value))
        right = abs(value - question.answer) <= question.tolerance + 1e-9
        why = question.feedback_right if right else question.feedback_wrong
        return Result(right, ((f"{_number(value)} {question.unit}".strip(), right, why),),
                      f"{_number(value)} {question.unit}".strip())
    if question.kind == "single":
        if isinstance(response, bool) or not isinstance(response, int) or not 0 <= response < len(question.options):
            raise QuizError("Please choose one of the answers.")
        option = question.options[response]
        return Result(option.correct, ((option.text, option.correct, option.feedback),), option.text)
    chosen = set(response or ())
    if not chosen:
        raise QuizError("Please tick at least one answer.")
    if not all(isinstance(i, int) and not isinstance(i, bool) and 0 <= i < len(question.options) for i in chosen):
        raise QuizError("Please choose from the answers shown.")
    feedback = []
    for index, option in enumerate(question.options):
        if index in chosen:
            feedback.append((option.text, option.correct, option.feedback))
        elif option.correct:
            feedback.append((f"Not ticked: {option.text}", False, option.feedback))
    text = "; ".join(question.options[i].text for i in sorted(chosen))
    return Result(chosen == set(question.correct_indices), tuple(feedback), text)


@dataclass
class Quiz:
    """One learner's go at the questions: option order, answers and score. Nothing leaves the kernel."""

    questions: tuple[Question, ...]
    seed: int = 0
    order: dict[str, tuple[int, ...]] = field(default_factory=dict)
    results: dict[str, Result] = field(default_factory=dict)
    confirming_reset: bool = False
    """True between "Try again" and the answer to "Clear your answers?"."""

    def __post_init__(self) -> None:
        self.shuffle(self.seed)

    def shuffle(self, seed: int) -> None:
        self.seed = seed
        rng = random.Random(seed)
        self.order = {}
        for q in self.questions:
            indices = list(range(len(q.options)))
            rng.shuffle(indices)
            self.order[q.id] = tuple(indices)

    def question(self, qid: str) -> Question:
        for q in self.questions:
            if q.id == qid:
                return q
        raise QuizError("That question is not in this quiz.")

    def answer(self, qid: str, response) -> Result:
        result = check(self.question(qid), response)
        self.results[qid] = result
        return result

    def reset(self, seed: int | None = None) -> None:
        self.results.clear()
        self.confirming_reset = False
        self.shuffle(self.seed + 1 if seed is None else seed)

    def ask_reset(self, seed: int | None = None) -> bool:
        """"Try again": with answers to lose, only ask (returns True, nothing is cleared until
        :meth:`confirm_reset`); with none, start again at once (returns False)."""
        if self.results:
            self.confirming_reset = True
            return True
        self.reset(seed)
        return False

    def confirm_reset(self, seed: int | None = None) -> None:
        """"Yes, clear my answers"."""
        if not self.confirming_reset:
            raise QuizError("Press Try again first; your answers are kept.")
        self.reset(seed)

    def keep_answers(self) -> None:
        """"Keep my answers": nothing changes."""
        self.confirming_reset = False

    @property
    def score(self) -> int:
        return sum(r.correct for r in self.results.values())

    @property
    def answered(self) -> int:
        return len(self.results)

    @property
    def total(self) -> int:
        return len(self.questions)

    def summary(self) -> str:
        return f"{self.score} of {self.total} right ({self.answered} answered)."

    def to_csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["question", "lesson", "prompt", "your answer", "right", "correct answer"])
        for q in self.questions:
            r = self.results.get(q.id)
            writer.writerow([q.id, q.lesson, q.prompt, r.response_text if r else "", 
                             ("yes" if r.correct else "no") if r else "not answered", q.correct_text()])
        writer.writerow([])
        writer.writerow(["score", f"{self.score} of {self.total}", f"{self.answered} answered"])
        return out.getvalue()
