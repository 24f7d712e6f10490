"""The self-check quiz: one card per question, feedback that teaches, a score, class mode, CSV.

"Try again" asks before it clears anything, and after "Finish" or "Try again" the score
comes into view and takes the focus (a small anywidget, :class:`Score`, does that). At "Finish"
the score is also handed to the browser, which keeps the best one in its own storage
(:mod:`widgets.ui.browser_progress`; the start page shows it).
"""

from __future__ import annotations

import base64
import random
from pathlib import Path

import anywidget
import ipywidgets as w
import traitlets

from ..content import content
from ..navigation import find_page
from ..quiz import Question, Quiz, Result, questions
from .html import esc
from .layout import row
from .page_info import PageInfo, query_flag
from .browser_progress import score_keeper
from .safe import guarded

STYLE = {"description_width": "initial"}
TICK, CROSS = "\u2714", "\u2718"


class Score(anywidget.AnyWidget):
    """The score line. ``spotlight()`` moves the focus to it and scrolls it into view (score.js)."""

    _esm = Path(__file__).with_name("score.js").read_text(encoding="utf-8")

    text = traitlets.Unicode("").tag(sync=True)
    focus_request = traitlets.Int(0).tag(sync=True)

    def spotlight(self) -> None:
        self.focus_request += 1

    @property
    def value(self) -> str:
        """The score text (read-only; what the score's HTML widget used to hold)."""
        return self.text


def feedback_html(result: Result, reveal: bool) -> str:
    """The verdict once, in the heading; then the answer and why (the bank's reasons carry no
    verdict of their own: :func:`widgets.quiz.without_verdict`). Only a multiple-choice answer
    marks each option, since there each option has its own verdict."""
    if not reveal:
        return '<p class="sr" role="status">Answer saved. Feedback comes at the end.</p>'
    verdict = f"{TICK} Right" if result.correct else f"{CROSS} Not quite"
    kind = "sr-ok" if result.correct else "sr-warn"
    if len(result.feedback) == 1 and not result.feedback[0][0].startswith("Not ticked:"):
        what, _ok, why = result.feedback[0]
        body = f"<p><strong>Your answer:</strong> {esc(what)}</p><p>{esc(why)}</p>"
    else:
        body = "<ul>" + "".join(
            f"<li><strong>{TICK if ok else CROSS} {esc(what)}</strong>: {esc(why)}</li>"
            for what, ok, why in result.feedback
        ) + "</ul>"
    return f'<div class="sr sr-panel {kind}" role="status"><h4>{verdict}</h4>{body}</div>'


class QuestionCard:
    def __init__(self, number: int, question: Question, order: tuple[int, ...], on_answer):
        self.question = question
        self.on_answer = on_answer
        lesson = find_page(content(), question.lesson)
        self.heading = w.HTML(
            f'<div class="sr"><h3 class="sr-q-title">Question {number}</h3>'
            f'<p class="sr-cite">Checks: {esc(lesson.title)}</p><p class="sr-q-prompt">{esc(question.prompt)}</p></div>')
        self.boxes: list[tuple[int, w.Checkbox]] = []
        if question.kind == "single":
            self.control = w.RadioButtons(options=[(question.options[i].text, i) for i in order], value=None,
                                          description=f"Answer to question {number}", style=STYLE,
                                          layout=w.Layout(width="100%"))
        elif question.kind == "multiple":
            self.boxes = [(i, w.Checkbox(value=False, description=question.options[i].text, indent=False,
                                         layout=w.Layout(width="100%"))) for i in order]
            self.control = w.VBox([w.HTML('<p class="sr-legend">Tick every answer that applies.</p>'),
                                   *(box for _, box in self.boxes)], layout=w.Layout(width="100%"))
        else:
            self.control = w.Text(description=f"Answer to question {number} ({question.unit})",
                                  placeholder="type a number", style=STYLE)
        self.check = w.Button(description=f"Check answer {number}", layout=w.Layout(width="auto"))
        self.feedback = w.HTML()
        self.check.on_click(guarded(self.feedback, "checking an answer")(self._on_check))
        self.widget = w.VBox([self.heading, self.control, self.check, self.feedback], layout=w.Layout(width="100%"))
        self.widget.add_class("sr-question")
        self.widget.add_class(f"sr-q-{question.id}")

    def response(self):
        if self.question.kind == "single":
            return self.control.value
        if self.question.kind == "multiple":
            return {i for i, box in self.boxes if box.value}
        return self.control.value

    def _on_check(self, _button=None) -> None:
        self.on_answer(self)


class QuizView:
    def __init__(self, quiz: Quiz, class_mode: bool = False):
        self.quiz = quiz
        self.revealed = not class_mode
        self.class_mode = w.Checkbox(value=class_mode, indent=False,
                                     description="Class mode: keep feedback and score hidden until the end")
        self.class_mode.observe(self._on_mode, names="value")
        self.score = Score()
        self.score.add_class("sr-score-line")
        self.finish = w.Button(description="Finish and show feedback", layout=w.Layout(width="auto"))
        self.again = w.Button(description="Try again (new order)", layout=w.Layout(width="auto"))
        self.download = w.HTML()
        self.message = w.HTML()
        self.finish.on_click(guarded(self.message, "finishing")(self._on_finish))
        self.again.on_click(guarded(self.message, "starting again")(self._on_again))
        # "Try again" asks first, in the page: the buttons give way to a question and two answers.
        self.actions = row(self.finish, self.again)
        self.confirm_text = w.HTML()
        self.clear = w.Button(description="Yes, clear my answers", layout=w.Layout(width="auto"))
        self.keep = w.Button(description="Keep my answers", button_style="primary", layout=w.Layout(width="auto"))
        self.clear.on_click(guarded(self.message, "clearing the answers")(self._on_clear))
        self.keep.on_click(guarded(self.message, "keeping the answers")(self._on_keep))
        self.confirm = w.VBox([self.confirm_text, row(self.clear, self.keep)],
                              layout=w.Layout(width="100%", display="none"))
        self.confirm.add_class("sr-confirm")
        self.cards_box = w.VBox(layout=w.Layout(width="100%"))
        self._build_cards()
        self.page = PageInfo()  # ?mode=class in the address turns class mode on
        self.page.observe(self._on_query, names="query")
        self.progress = score_keeper()  # the browser keeps the best score at "Finish" (never the server)
        self.widget = w.VBox([self.class_mode, self.score, self.cards_box, self.message,
                              self.actions, self.confirm, self.download, self.page, self.progress],
                             layout=w.Layout(width="100%"))
        self.widget.add_class("sr-widget")
        self.widget.add_class("sr-quiz")
        self._refresh()

    def _build_cards(self) -> None:
        self.cards = [QuestionCard(n, q, self.quiz.order[q.id], self._answer)
                      for n, q in enumerate(self.quiz.questions, start=1)]
        self.cards_box.children = [card.widget for card in self.cards]

    def _answer(self, card: QuestionCard) -> None:
        result = self.quiz.answer(card.question.id, card.response())
        card.feedback.value = feedback_html(result, self.revealed)
        self.message.value = ""
        self._refresh()

    def _on_finish(self, _button=None) -> None:
        self.revealed = True
        for card in self.cards:
            result = self.quiz.results.get(card.question.id)
            card.feedback.value = feedback_html(result, True) if result else (
                '<p class="sr" role="status">Not answered. The answer: '
                f"<strong>{esc(card.question.correct_text())}</strong>.</p>")
        self._refresh()
        self.score.spotlight()
        self.progress.keep_score(self.quiz.score, self.quiz.total, self.quiz.answered)

    def _on_again(self, _button=None) -> None:
        if self.quiz.ask_reset(random.randrange(1_000_000)):
            n = self.quiz.answered
            self.confirm_text.value = (
                f'<p class="sr sr-confirm-question" role="status"><strong>Clear your {n} '
                f'answer{"" if n == 1 else "s"} and start again?</strong> '
                "The options come in a new order. Your answers cannot be brought back.</p>")
            self.actions.layout.display = "none"
            self.confirm.layout.display = None
            self.keep.focus()  # the safe choice has the focus, so a stray Enter keeps the answers
            return
        self._started_again()

    def _on_clear(self, _button=None) -> None:
        self.quiz.confirm_reset(random.randrange(1_000_000))
        self._close_confirm()
        self._started_again()

    def _on_keep(self, _button=None) -> None:
        self.quiz.keep_answers()
        self._close_confirm()
        self.again.focus()

    def _close_confirm(self) -> None:
        self.confirm.layout.display = "none"
        self.actions.layout.display = None
        self.confirm_text.value = ""

    def _started_again(self) -> None:
        self.revealed = not self.class_mode.value
        self.message.value = ""
        self._build_cards()
        self._refresh()
        self.score.spotlight()

    def _on_query(self, change) -> None:
        if query_flag(change["new"], "mode") == "class" and not self.quiz.results:
            self.class_mode.value = True

    def _on_mode(self, change) -> None:
        self.revealed = not change["new"]
        for card in self.cards:
            result = self.quiz.results.get(card.question.id)
            if result:
                card.feedback.value = feedback_html(result, self.revealed)
        self._refresh()

    def _refresh(self) -> None:
        q = self.quiz
        if self.revealed:
            text = f"Score: {q.summary()}"
        else:
            text = f"{q.answered} of {q.total} answered. The score appears when you finish."
        self.score.text = text
        data = base64.b64encode(q.to_csv().encode("utf-8")).decode()
        self.download.value = (
            '<p class="sr"><a class="sr-download" download="spasm-relief-answers.csv" '
            f'href="data:text/csv;charset=utf-8;base64,{data}">Download my answers (CSV)</a> '
            '<span class="sr-cite">Your answers stay in this page; nothing is saved on the server.</span></p>')


def self_check() -> w.VBox:
    return QuizView(Quiz(questions(), seed=random.randrange(1_000_000))).widget
