"""The self-check quiz: one card per question, feedback that teaches, a score, class mode, an answers file.

"Try again" asks before it clears anything, and after "Finish" or "Try again" the score
comes into view and takes the focus (a small anywidget, :class:`Score`, does that). At "Finish"
the answers lock (:class:`widgets.quiz.Quiz` refuses any change), and the score is handed to the
browser, which keeps the best one in its own storage (:mod:`widgets.ui.browser_progress`; the start
page shows it). Class mode holds feedback and the score back until Finish; opened with
``?mode=class`` the page keeps it on. The answers file is :mod:`widgets.answers_file`'s, offered as
a download link (a ``data:`` address: nothing is stored on the server).
"""

from __future__ import annotations

import base64
import datetime as dt
import random
from pathlib import Path
from typing import Callable

import anywidget
import ipywidgets as w
import traitlets

from .. import answers_file
from ..content import content
from ..navigation import find_page
from ..quiz import Question, Quiz, QuizError, Result, questions
from .html import esc
from .layout import row
from .page_info import PageInfo, query_flag
from .browser_progress import score_keeper
from .safe import guarded, problem_html

STYLE = {"description_width": "initial"}
TICK, CROSS = "\u2714", "\u2718"
MAX_OFFSET_MINUTES = 16 * 60
"""A real UTC offset is within 14 hours; anything beyond is a bad value from a client."""

CLASS_MODE_LABEL = "Class mode: feedback and score appear at Finish"
NAME_LABEL = "Your name or nickname (optional, for your teacher)"
DOWNLOAD_LABEL = "Download my answers (CSV)"
HOW = ('<div class="sr sr-quiz-how"><p><strong>How it works:</strong> press <em>Check answer</em> under a '
       "question to see whether you are right, and why. <em>Finish and show feedback</em> locks your answers "
       "and shows your score; after that, <em>Try again</em> starts afresh.</p></div>")
HOW_CLASS = ('<div class="sr sr-quiz-how"><p><strong>Class mode is on.</strong> What happens:</p><ol>'
             "<li>Answer each question and press <em>Save answer</em>. You can change an answer and save it "
             "again until you finish.</li>"
             "<li>Press <em>Finish and show feedback</em>. Your answers then lock: the feedback and your score "
             "appear, and no answer can be changed.</li>"
             "<li>Download your answers file (at the end of the page) and give it to your teacher.</li></ol></div>")
FIXED = ('<p class="sr sr-class-fixed">Your teacher\'s link turned class mode on, so it stays on for this '
         "page and cannot be turned off here.</p>")
LOCKED = ('<p class="sr sr-answers-locked" role="status"><strong class="sr-locked">Your answers are locked.</strong> '
          "Press <em>Try again</em> to start afresh with the options in a new order.</p>")
LOCKED_CLASS = ('<p class="sr sr-answers-locked" role="status"><strong class="sr-locked">Your answers are locked.</strong> '
                "In class mode there is no <em>Try again</em> on this page. Download your answers file below "
                "and give it to your teacher.</p>")


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class Score(anywidget.AnyWidget):
    """The score line. ``spotlight()`` moves the focus to it and scrolls it into view (score.js),
    which also reports the browser's offset from UTC (for the answers file's date and time)."""

    _esm = Path(__file__).with_name("score.js").read_text(encoding="utf-8")

    text = traitlets.Unicode("").tag(sync=True)
    focus_request = traitlets.Int(0).tag(sync=True)
    utc_offset = traitlets.Int(0).tag(sync=True)
    """Minutes east of UTC on the learner's clock, as the browser says (checked before use)."""

    def spotlight(self) -> None:
        self.focus_request += 1

    @property
    def value(self) -> str:
        """The score text (read-only; what the score's HTML widget used to hold)."""
        return self.text

    @property
    def offset(self) -> dt.timezone:
        minutes = self.utc_offset if abs(self.utc_offset) <= MAX_OFFSET_MINUTES else 0
        return dt.timezone(dt.timedelta(minutes=minutes))


def feedback_html(result: Result, reveal: bool, number: int | None = None) -> str:
    """The verdict once, in the heading; then the answer and why (the bank's reasons carry no
    verdict of their own: :func:`widgets.quiz.without_verdict`). Only a multiple-choice answer
    marks each option, since there each option has its own verdict. Not revealed (class mode before
    Finish): only that the answer was saved."""
    if not reveal:
        which = f"Answer {number}" if number else "Answer"
        return (f'<p class="sr" role="status">{which} saved. Feedback comes at the end, when you press Finish. '
                "Until then you can change it and save it again.</p>")
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


def not_answered_html(question: Question) -> str:
    return ('<p class="sr" role="status">Not answered. The answer: '
            f"<strong>{esc(question.correct_text())}</strong>.</p>")


class QuestionCard:
    def __init__(self, number: int, question: Question, order: tuple[int, ...], on_answer):
        self.question = question
        self.on_answer = on_answer
        lesson = find_page(content(), question.lesson)
        self.heading = w.HTML(
            f'<div class="sr"><h3 class="sr-q-title">Question {number}</h3>'
            f'<p class="sr-cite sr-q-lesson">Lesson: {esc(lesson.title)}</p>'
            f'<p class="sr-cite sr-q-goal">Learning goal: {esc(question.goal_text)}</p>'
            f'<p class="sr-q-prompt">{esc(question.prompt)}</p></div>')
        self.number = number
        self.boxes: list[tuple[int, w.Checkbox]] = []
        if question.kind == "single":
            self.control = w.RadioButtons(options=[(question.options[i].text, i) for i in order], value=None,
                                          description=f"Answer to question {number}", style=STYLE,
                                          layout=w.Layout(width="100%"))
        elif question.kind == "multiple":
            self.legend = w.HTML('<p class="sr-legend">Tick every answer that applies.</p>')
            self.box_of = {i: w.Checkbox(value=False, description=question.options[i].text, indent=False,
                                         layout=w.Layout(width="100%")) for i in range(len(question.options))}
            self.control = w.VBox(layout=w.Layout(width="100%"))
            self._order_boxes(order)
        else:
            self.control = w.Text(description=f"Answer to question {number} ({question.unit})",
                                  placeholder="type a number", style=STYLE)
        self.check = w.Button(description=f"Check answer {number}", layout=w.Layout(width="auto"))
        self.feedback = w.HTML()
        self.check.on_click(guarded(self.feedback, "checking an answer")(self._on_check))
        self.widget = w.VBox([self.heading, self.control, self.check, self.feedback], layout=w.Layout(width="100%"))
        self.widget.add_class("sr-question")
        self.widget.add_class(f"sr-q-{question.id}")

    def _order_boxes(self, order: tuple[int, ...]) -> None:
        self.boxes = [(i, self.box_of[i]) for i in order]
        self.control.children = [self.legend, *(box for _, box in self.boxes)]

    def response(self):
        if self.question.kind == "single":
            return self.control.value
        if self.question.kind == "multiple":
            return {i for i, box in self.boxes if box.value}
        return self.control.value

    def put_back(self, response) -> None:
        """Show ``response`` (as :meth:`response` gives it; None: no answer) in the control again."""
        if self.question.kind == "single":
            self.control.value = response
        elif self.question.kind == "multiple":
            for i, box in self.box_of.items():
                box.value = i in (response or ())
        else:
            self.control.value = "" if response is None else str(response)

    def start_again(self, order: tuple[int, ...]) -> None:
        """Blank, with the options in ``order``: the same widgets (building every card again is slow)."""
        if self.question.kind == "single":
            self.control.value = None  # first: a value still among the options would stay chosen
            self.control.options = [(self.question.options[i].text, i) for i in order]
            self.control.value = None
        elif self.question.kind == "multiple":
            for box in self.box_of.values():
                box.value = False
            self._order_boxes(order)
        else:
            self.control.value = ""
        self.feedback.value = ""

    def show(self, class_mode: bool, locked: bool) -> None:
        """The button says what it does; after Finish nothing can be changed."""
        self.check.description = f"{'Save' if class_mode else 'Check'} answer {self.number}"
        self.check.disabled = locked
        if self.question.kind == "multiple":
            for box in self.box_of.values():
                box.disabled = locked
        else:
            self.control.disabled = locked

    def _on_check(self, _button=None) -> None:
        self.on_answer(self)


class QuizView:
    def __init__(self, quiz: Quiz, class_mode: bool = False, clock: Callable[[], dt.datetime] = utc_now):
        self.quiz = quiz
        self.clock = clock
        self._mode_from_model = False  # True while the view itself sets the tick box
        self.class_mode = w.Checkbox(value=quiz.class_mode, indent=False, description=CLASS_MODE_LABEL)
        self.class_mode.add_class("sr-class-mode")
        self.mode_note = w.HTML()
        self.how = w.HTML()
        self.message = w.HTML()
        self.class_mode.observe(guarded(self.message, "changing class mode")(self._on_mode), names="value")
        self.score = Score()
        self.score.add_class("sr-score-line")
        self.finish = w.Button(description="Finish and show feedback", layout=w.Layout(width="auto"))
        self.again = w.Button(description="Try again (new order)", layout=w.Layout(width="auto"))
        self.locked = w.HTML()
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
        # The answers file: an optional name, then a link (a data: address) named like the file.
        self.file_intro = w.HTML()
        self.student = w.Text(value="", description=NAME_LABEL, style=STYLE, layout=w.Layout(width="100%"))
        self.student.add_class("sr-name-field")
        self.name_problem = w.HTML()
        self.download = w.HTML()
        self.student.observe(guarded(self.name_problem, "reading the name")(self._on_name), names="value")
        self.score.observe(guarded(self.name_problem, "reading the time zone")(self._on_name), names="utc_offset")
        self.file_box = w.VBox([self.file_intro, self.student, self.name_problem, self.download],
                               layout=w.Layout(width="100%"))
        self.file_box.add_class("sr-answers-file")
        self.cards = [QuestionCard(n, q, self.quiz.order[q.id], self._answer)
                      for n, q in enumerate(self.quiz.questions, start=1)]
        self.cards_box = w.VBox([card.widget for card in self.cards], layout=w.Layout(width="100%"))
        self.page = PageInfo()  # ?mode=class in the address turns class mode on, for good
        self.page.observe(guarded(self.message, "reading the address")(self._on_query), names="query")
        self.progress = score_keeper()  # the browser keeps the best score at "Finish" (never the server)
        self.widget = w.VBox([self.class_mode, self.mode_note, self.how, self.score, self.cards_box, self.message,
                              self.actions, self.locked, self.confirm, self.file_box, self.page, self.progress],
                             layout=w.Layout(width="100%"))
        self.widget.add_class("sr-widget")
        self.widget.add_class("sr-quiz")
        if class_mode:
            self.class_mode.value = True
        self._refresh()

    # ---- what the learner does ----

    def _answer(self, card: QuestionCard) -> None:
        try:
            result = self.quiz.answer(card.question.id, card.response())
        except QuizError as error:
            if not self.quiz.finished:
                raise  # a bad answer: the message takes the feedback's place (safe.guarded)
            # Locked (only a page whose controls were switched back on gets here): the saved answer is
            # put back, and its feedback stays under the message.
            qid = card.question.id
            card.put_back(self.quiz.responses.get(qid))
            result = self.quiz.results.get(qid)
            kept = feedback_html(result, True, card.number) if result else not_answered_html(card.question)
            card.feedback.value = problem_html(str(error)) + kept
            return
        card.feedback.value = feedback_html(result, self.quiz.shows_feedback, card.number)
        self.message.value = ""
        self._refresh()

    def _on_finish(self, _button=None) -> None:
        self.quiz.finish()
        self.message.value = ""
        self._show_feedback()
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
        self.message.value = ""
        for card in self.cards:
            card.start_again(self.quiz.order[card.question.id])
        self._refresh()
        self.score.spotlight()

    def _on_query(self, change) -> None:
        if query_flag(change["new"], "mode") == "class":
            self.quiz.fix_class_mode()
            self._close_confirm()  # a question asked before the mode was known is moot
            self.quiz.keep_answers()
            self._show_feedback()
            self._refresh()

    def _on_mode(self, change) -> None:
        if self._mode_from_model:
            return
        try:
            self.quiz.use_class_mode(change["new"])
        except QuizError:
            self._refresh()  # the tick box goes back to what the quiz says
            raise
        self.message.value = ""
        self._show_feedback()
        self._refresh()

    def _on_name(self, _change=None) -> None:
        self._refresh_file()

    # ---- drawing ----

    def _show_feedback(self) -> None:
        reveal = self.quiz.shows_feedback
        for card in self.cards:
            result = self.quiz.results.get(card.question.id)
            if result:
                card.feedback.value = feedback_html(result, reveal, card.number)
            elif self.quiz.finished:
                card.feedback.value = not_answered_html(card.question)

    def _refresh(self) -> None:
        q = self.quiz
        self._mode_from_model = True
        try:
            self.class_mode.value = q.class_mode
        finally:
            self._mode_from_model = False
        self.class_mode.disabled = q.class_mode_fixed or q.finished
        self.mode_note.value = FIXED if q.class_mode_fixed else ""
        self.how.value = HOW_CLASS if q.class_mode else HOW
        if q.shows_feedback:
            self.score.text = f"Score: {q.summary()}"
        else:
            self.score.text = f"{q.answered} of {q.total} answered. The score appears when you finish."
        for card in self.cards:
            card.show(q.class_mode, q.finished)
        self.finish.disabled = q.finished
        self.again.layout.display = None if q.can_start_again else "none"
        self.locked.value = (LOCKED_CLASS if q.class_mode else LOCKED) if q.finished else ""
        self._refresh_file()

    def _refresh_file(self) -> None:
        q = self.quiz
        try:
            answers_file.clean_student(self.student.value)
        except answers_file.AnswersFileError as error:
            self.name_problem.value = problem_html(str(error))
            name_ok = False
        else:
            self.name_problem.value = ""
            name_ok = True
        if q.class_mode and not q.finished:
            self.file_intro.value = (
                '<div class="sr"><h3>Your answers file</h3><p>In class mode your answers file is ready once you '
                "press Finish. Type your name or nickname below if your teacher asks for it.</p></div>")
            self.download.value = ""
            return
        self.file_intro.value = (
            '<div class="sr"><h3>Your answers file</h3><p>A table of every question, your answer and whether it '
            "was right, with your score. Type your name or nickname if your teacher asks for it: it goes into "
            "the file and its name.</p></div>")
        if not name_ok:
            self.download.value = '<p class="sr">Your answers file is ready once the name is fixed.</p>'
            return
        saved_at = self.clock().astimezone(self.score.offset).replace(microsecond=0)
        text = answers_file.write(q, self.student.value, saved_at)
        name = answers_file.file_name(self.student.value, saved_at)
        data = base64.b64encode(text.encode("utf-8")).decode()
        self.download.value = (
            f'<div class="sr"><p><a class="sr-download" download="{esc(name)}" '
            f'href="data:text/csv;charset=utf-8;base64,{data}">{DOWNLOAD_LABEL}</a></p>'
            f'<p class="sr-cite">The file is called <span class="sr-file-name">{esc(name)}</span>. '
            "Your answers stay in this page; nothing is saved on the server.</p></div>")


def self_check() -> w.VBox:
    return QuizView(Quiz(questions(), seed=random.randrange(1_000_000))).widget
