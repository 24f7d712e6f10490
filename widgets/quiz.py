"""Self-check questions: loading and validating the bank, checking answers, scoring, shuffling, and the
rules of a go at the quiz (answers lock at "Finish"; class mode).

The bank is ``assets/content/questions.toml``, declared below as tables like every content file.
Every question names the lesson it checks by its id; a malformed bank fails on load with the file,
the question and the field named. The answers file a learner downloads is written (and read back,
on the teacher's page) by :mod:`widgets.answers_file`.
"""

from __future__ import annotations

import functools
import random
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

from .content import Lesson, content
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


def _goal_of_its_lesson(data: Any, info: ValidationInfo) -> Any:
    """A question's ``goal`` must be a learning goal of its own lesson (``[[lesson.goal]]`` in lessons.toml)."""
    goals = info.context["lessons"].get(data.get("lesson")) if isinstance(data, dict) else None
    goal = data.get("goal") if isinstance(data, dict) else None
    if goals is not None and isinstance(goal, str) and goal not in goals:
        known = f"its goals are {', '.join(goals)}" if goals else "it has no learning goals"
        raise FieldError("goal", f"question {data.get('id')!r} names {goal!r}, which is not a learning goal of "
                                 f"lesson {data['lesson']!r} in lessons.toml ({known})")
    return data


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


ANSWER_JOIN = " | "
"""Between the chosen options' texts of a multiple-choice answer in the answers file."""


@table
class Option:
    text: Text
    correct: Flag
    feedback: Reason

    _join = holds("text", f"must not contain {ANSWER_JOIN.strip()!r} (the answers file puts it between options)",
                  lambda t: ANSWER_JOIN.strip() not in t.text)


@table
class Question:
    id: Slug
    lesson: Annotated[Text, AfterValidator(_lesson)]  # its id in lessons.toml
    goal: Slug  # the id of the learning goal it checks: one of its lesson's [[lesson.goal]]
    kind: choice(*KINDS)
    prompt: Text
    options: Annotated[tuple[Option, ...], key("option")] = ()
    answer: Number | None = None
    tolerance: Annotated[Number, Field(ge=0)] = 0.0
    unit: Text = ""
    feedback_right: Reason = ""
    feedback_wrong: Reason = ""

    _kind = model_validator(mode="before")(_by_kind)
    _goal = model_validator(mode="before")(_goal_of_its_lesson)
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

    @property
    def lesson_title(self) -> str:
        """The title of the lesson it checks, as the contents list it ("Stretching a cramp")."""
        return _lesson_of(self).title

    @property
    def goal_text(self) -> str:
        """The text of the learning goal it checks, as its lesson's Overview lists it."""
        return _lesson_of(self).goal(self.goal).text


def _lesson_of(question: Question) -> Lesson:
    return next(lesson for lesson in content().lessons if lesson.id == question.lesson)


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
    lessons = {lesson.id: tuple(goal.id for goal in lesson.goals) for lesson in content().lessons}
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


LOCKED = ("Your answers are locked: you pressed Finish. "
          "Outside class mode, press Try again to start afresh.")
LOCKED_CLASS = ("Your answers are locked: you pressed Finish. "
                "In class mode there is no Try again on this page: download your answers file for your teacher.")
CLASS_MODE_FIXED = "Class mode stays on: your teacher's link turned it on for this page."
MODE_AFTER_FINISH = "Class mode cannot be changed after Finish."
NOTHING_TO_FINISH = "Answer at least one question first. Finish locks your answers and shows the feedback."
FINISHED_ALREADY = "You have already pressed Finish: your answers are locked."


@dataclass
class Quiz:
    """One learner's go at the questions: option order, answers and score. Nothing leaves the kernel.

    The rules of a go live here, so a stray message from a client cannot get round them:

    - "Finish" (:meth:`finish`) locks the answers: :meth:`answer` then refuses, so the score cannot
      change. Outside class mode, "Try again" (:meth:`ask_reset`, :meth:`confirm_reset`) starts afresh.
    - Class mode holds feedback and the score back until Finish. A learner may choose it (and drop it
      again) before Finish; the teacher's link (``?mode=class``, :meth:`fix_class_mode`) turns it on
      for good. In class mode there is no "Try again" after Finish.
    """

    questions: tuple[Question, ...]
    seed: int = 0
    order: dict[str, tuple[int, ...]] = field(default_factory=dict)
    results: dict[str, Result] = field(default_factory=dict)
    responses: dict[str, Any] = field(default_factory=dict)
    """What the learner gave for each answered question (as :func:`check` took it): the answers file's text."""
    confirming_reset: bool = False
    """True between "Try again" and the answer to "Clear your answers?"."""
    finished: bool = False
    """True once "Finish" was pressed: the answers are locked."""
    class_mode: bool = False
    class_mode_fixed: bool = False
    """Class mode was turned on by the page's address: it cannot be turned off."""

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

    @property
    def shows_feedback(self) -> bool:
        """Feedback and the score are shown: always outside class mode, in class mode after Finish."""
        return self.finished or not self.class_mode

    @property
    def can_start_again(self) -> bool:
        """"Try again" is offered: not in class mode once finished."""
        return not (self.class_mode and self.finished)

    def answer(self, qid: str, response) -> Result:
        if self.finished:
            raise QuizError(LOCKED_CLASS if self.class_mode else LOCKED)
        result = check(self.question(qid), response)
        self.results[qid] = result
        self.responses[qid] = response
        return result

    def finish(self) -> None:
        """"Finish": lock the answers (at least one answer is needed, and only once)."""
        if self.finished:
            raise QuizError(FINISHED_ALREADY)
        if not self.results:
            raise QuizError(NOTHING_TO_FINISH)
        self.finished = True
        self.confirming_reset = False

    def use_class_mode(self, on: bool) -> None:
        """The learner's tick box: class mode on or off, before Finish, unless the address fixed it on."""
        on = bool(on)
        if on == self.class_mode:
            return
        if self.class_mode_fixed:
            raise QuizError(CLASS_MODE_FIXED)
        if self.finished:
            raise QuizError(MODE_AFTER_FINISH)
        self.class_mode = on

    def fix_class_mode(self) -> None:
        """``?mode=class`` in the address: class mode on, for the rest of this page's session."""
        self.class_mode = True
        self.class_mode_fixed = True

    def _may_start_again(self) -> None:
        if not self.can_start_again:
            raise QuizError(LOCKED_CLASS)

    def reset(self, seed: int | None = None) -> None:
        self._may_start_again()
        self.results.clear()
        self.responses.clear()
        self.confirming_reset = False
        self.finished = False
        self.shuffle(self.seed + 1 if seed is None else seed)

    def ask_reset(self, seed: int | None = None) -> bool:
        """"Try again": with answers to lose, only ask (returns True, nothing is cleared until
        :meth:`confirm_reset`); with none, start again at once (returns False). Refused in class
        mode after Finish."""
        self._may_start_again()
        if self.results:
            self.confirming_reset = True
            return True
        self.reset(seed)
        return False

    def confirm_reset(self, seed: int | None = None) -> None:
        """"Yes, clear my answers"."""
        self._may_start_again()
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
