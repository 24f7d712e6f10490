"""Self-check questions: loading and validating the bank, checking answers, scoring, shuffling, CSV.

The bank is ``assets/content/questions.toml``, declared below as tables like every content file.
Every question names the lesson it checks by its id; a malformed bank fails on load with the file,
the question and the field named.
"""

from __future__ import annotations

import csv
import functools
import io
import random
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

from .content import content
from .errors import InputError
from .paths import CONTENT_DIR
from .schema import (AfterValidator, Field, FieldError, Flag, Number, Slug, Text, ValidationInfo, choice, key, load,
                     model_validator, table)
from .schema import check as holds  # `check` here marks an answer

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


def _lesson(lesson: str, info: ValidationInfo) -> str:
    if lesson not in info.context["lessons"]:
        raise ValueError(f"{lesson!r} is not a lesson in lessons.toml")
    return lesson


_NUMERIC = ("answer", "tolerance", "unit", "feedback_right", "feedback_wrong")


def _by_kind(data: Any) -> Any:
    """A numeric question has an answer and no options; a single or multiple choice one has options and no answer."""
    kind = data.get("kind") if isinstance(data, dict) else None
    for name in (*_NUMERIC, "option") if kind in KINDS else ():
        needed = name in (_NUMERIC if kind == "numeric" else ("option",))
        if needed is not (name in data):
            raise FieldError(name, "missing" if needed else f"is not for a {kind} question")
    return data


Reason = Annotated[Text, AfterValidator(without_verdict)]  # feedback: the page gives the verdict itself


@table
class Option:
    text: Text
    correct: Flag
    feedback: Reason


@table
class Question:
    id: Slug
    lesson: Annotated[Text, AfterValidator(_lesson)]  # its id in lessons.toml
    kind: choice(*KINDS)
    prompt: Text
    options: Annotated[tuple[Option, ...], key("option")] = ()
    answer: Number | None = None
    tolerance: Annotated[Number, Field(ge=0)] = 0.0
    unit: Text = ""
    feedback_right: Reason = ""
    feedback_wrong: Reason = ""

    _kind = model_validator(mode="before")(_by_kind)
    _count = holds("option", "needs between 2 and 6 options", lambda t: t.kind == "numeric" or 2 <= len(t.options) <= 6)
    _texts = holds("option", "two options have the same text",
                   lambda t: len({o.text for o in t.options}) == len(t.options))
    _single = holds("option", "a single-choice question needs exactly one correct option (has {t.right})",
                    lambda t: t.kind != "single" or t.right == 1)
    _multiple = holds("option", "a multiple-choice question needs at least one correct and one wrong option",
                      lambda t: t.kind != "multiple" or 0 < t.right < len(t.options))

    @property
    def correct_indices(self) -> frozenset[int]:
        return frozenset(i for i, option in enumerate(self.options) if option.correct)

    right = property(lambda self: len(self.correct_indices))  # how many options are right

    def correct_text(self) -> str:
        if self.kind == "numeric":
            return f"{_number(self.answer)} {self.unit}".strip()
        return "; ".join(o.text for o in self.options if o.correct)


@table
class Bank:
    questions: Annotated[tuple[Question, ...], key("question")]

    _two = holds("question", "needs at least two questions", lambda t: len(t.questions) >= 2)

    @model_validator(mode="after")
    def _ids(self) -> Bank:
        ids = [question.id for question in self.questions]
        for i, qid in enumerate(ids):
            if qid in ids[:i]:
                raise FieldError(f"question[{i}].id", f"{qid!r} is used twice")
        return self


@dataclass(frozen=True)
class Result:
    correct: bool
    feedback: tuple[tuple[str, bool, str], ...]  # (what, was it right, why)
    response_text: str


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def load_questions(directory: Path | str = CONTENT_DIR) -> tuple[Question, ...]:
    lessons = {lesson.id for lesson in content().lessons}
    return load(Bank, Path(directory) / QUESTIONS_FILE, {"lessons": lessons}).questions


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
