"""Class results, for teachers: drop in the class's answers files, see how the class did.

The teacher chooses the files (an ipywidgets ``FileUpload``: many at once, ``.csv``). Their bytes come
to this page's kernel, are read and summed up by :mod:`widgets.class_results`, and are forgotten with
the kernel (or at "Forget these files"): nothing is written on the server. A file that cannot be used
is named, with the reason; the others still count.

Per lesson, in teaching order: a chart (matplotlib, drawn as SVG text, inside a ``figure`` with
``role="img"`` and the same figures in words as its text alternative), a table with the same figures,
and each question's most common wrong answer with the bank's feedback that explains it. Then each
named student's score, and the summary as a CSV download (a ``data:`` address). matplotlib is
imported only when there is something to draw.
"""

from __future__ import annotations

import base64
import io
import re
from typing import Any

import ipywidgets as w

from .. import class_results as model
from ..class_results import ClassResults, LessonResults, QuestionResult
from ..content import Content, content
from ..quiz import ANSWER_JOIN, Question, questions
from .html import esc
from .layout import row
from .charts import when_matplotlib
from .safe import guarded

UPLOAD_LABEL = "Choose answer files"
UPLOAD_TIP = "Choose one or more answers files (.csv) that your students downloaded from Check yourself"
FORGET_LABEL = "Forget these files"
HIDE_LABEL = "Hide the students' names and scores (to show this page to a class)"
DOWNLOAD_LABEL = "Download the summary (CSV)"

# The chart: each part of a bar has its own pattern (lines, crosses, none) as well as its own colour, and its
# count written on it. (Dotted hatching would make the SVG six times bigger.)
PARTS = (("right", "Right", "#d5ecd9", "#1e6b34", "//"),
         ("wrong", "Wrong", "#f8dccf", "#9a3412", "xx"),
         ("not_answered", "Not answered", "#ffffff", "#4a5a6a", None))
INK = "#1b2733"
CHART_WIDTH = 4.8  # inches at 72 dpi: about 350 px, so the text is full size on a phone
BAR_ROOM, TOP, BOTTOM, LEFT = 0.5, 0.45, 0.6, 1.15  # inches: per bar, legend, axis and its label, question labels

INTRO = ('<div class="sr sr-class-intro"><p>Ask each student to download their answers file at the end of '
         "<em>Check yourself</em> and send it to you. Then choose all the files here at once. Choosing files "
         "again replaces the ones loaded before.</p>"
         "<p><strong>Nothing is stored on the server.</strong> The files are read in this page's own memory on the "
         "server (its kernel) and forgotten when you close the page, or at once with "
         f"<em>{FORGET_LABEL}</em>. Nothing is sent anywhere else.</p></div>")
UPLOAD_HINT = ('<p class="sr sr-upload-label"><strong>Your class\'s answers files</strong> (.csv, as many as you '
               "like): the button opens your computer's file chooser.</p>")


def plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


# ---- the chart -----------------------------------------------------------------------------------

def chart_svg(lesson: LessonResults) -> str:
    """One lesson's questions as horizontal bars (right, wrong, not answered), as SVG text that scales
    to its box. Horizontal bars keep the question labels readable on a 375 px phone."""
    from matplotlib import rc_context
    from matplotlib.figure import Figure  # here only: a page with nothing to draw never loads matplotlib

    results = lesson.questions
    students = max(results[0].students, 1)
    height = BAR_ROOM * len(results) + TOP + BOTTOM
    fig = Figure(figsize=(CHART_WIDTH, height), dpi=72)
    try:
        # fixed margins: the same on every chart, and quicker than matplotlib's automatic layout
        fig.subplots_adjust(left=LEFT / CHART_WIDTH, right=0.96, top=1 - TOP / height, bottom=BOTTOM / height)
        ax = fig.subplots()
        ys = list(range(len(results)))
        left = [0] * len(results)
        for attr, label, face, edge, hatch in PARTS:
            widths = [getattr(r, attr) for r in results]
            ax.barh(ys, widths, left=left, height=0.62, color=face, edgecolor=edge, hatch=hatch, linewidth=1.2,
                    label=label)
            for y, x, n in zip(ys, left, widths):
                if n and n / students >= 0.08:  # a count on every part wide enough to hold it
                    ax.text(x + n / 2, y, str(n), ha="center", va="center", fontsize=11, color=INK,
                            bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none"})
            left = [a + b for a, b in zip(left, widths)]
        ax.set_yticks(ys, [f"Question {r.number}" for r in results], fontsize=11)
        ax.invert_yaxis()
        ax.set_xlim(0, students)
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.set_xlabel("Students", fontsize=11)
        ax.tick_params(axis="x", labelsize=10)
        ax.spines[["top", "right"]].set_visible(False)
        ax.legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncol=3, fontsize=10, frameon=False,
                  handlelength=1.6, columnspacing=1.0, borderaxespad=0.2)
        out = io.StringIO()
        with rc_context({"svg.fonttype": "none", "font.family": "sans-serif"}):  # text as text: smaller, faster
            fig.savefig(out, format="svg", metadata={"Date": None})
    finally:
        fig.clear()  # a Figure made without pyplot is in no registry: clearing it frees what it drew
    svg = re.sub(r"<\?xml[^>]*>\s*|<!DOCTYPE[^>]*>\s*", "", out.getvalue())
    for attribute in ("width", "height"):  # scale to the page: keep the viewBox, drop the fixed size
        svg = re.sub(rf'(<svg[^>]*?)\s{attribute}="[^"]*"', r"\1", svg, count=1)
    return svg.replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1)


def figure_html(lesson: LessonResults, svg: str) -> str:
    alt = f"Chart of the answers to the questions on {lesson.title}. {lesson.words()}"
    return (f'<figure class="sr-figure sr-class-chart" role="img" aria-label="{esc(alt)}">{svg}</figure>')


# ---- the figures in HTML ---------------------------------------------------------------------------

def lesson_label(lesson: LessonResults) -> str:
    return f"{lesson.number}. {lesson.title}" if lesson.number else lesson.title


def table_html(lesson: LessonResults) -> str:
    rows = "".join(
        f'<tr><th scope="row">Question {r.number}</th><td>{r.answered}</td><td>{r.right}</td>'
        f"<td>{r.wrong}</td><td>{r.not_answered}</td></tr>" for r in lesson.questions)
    students = lesson.questions[0].students
    return (f'<table class="sr-table sr-class-table"><caption>{esc(lesson.title)}: answers of '
            f"{plural(students, 'student')}</caption><thead><tr><th scope=\"col\">Question</th>"
            '<th scope="col">Answered</th><th scope="col">Right</th><th scope="col">Wrong</th>'
            f'<th scope="col">Not answered</th></tr></thead><tbody>{rows}</tbody></table>')


def _answer_html(question: Question, text: str) -> str:
    if question.kind == "multiple":
        items = "".join(f"<li>{esc(part)}</li>" for part in text.split(ANSWER_JOIN))
        return f'ticked <ul class="sr-class-ticked">{items}</ul>'
    return f"<q>{esc(text)}</q>"


def _why_html(question: Question, why: tuple[tuple[str, str], ...]) -> str:
    if not why:
        return ""
    if question.kind == "multiple":
        items = "".join(f"<li><strong>{esc(what)}</strong>: {esc(reason)}</li>" for what, reason in why)
    else:
        items = "".join(f"<li>{esc(reason)}</li>" for _what, reason in why)
    return f'<p class="sr-class-why-title">Why it is wrong:</p><ul class="sr-class-why">{items}</ul>'


def question_html(r: QuestionResult) -> str:
    q = r.question
    goal = q.goal_text
    head = (f'<div class="sr-class-question sr-class-q-{esc(q.id)}"><h4>Question {r.number}</h4>'
            + (f'<p class="sr-cite">Learning goal: {esc(goal)}</p>' if goal else "")
            + f'<p class="sr-q-prompt">{esc(q.prompt)}</p>'
            f"<p><strong>Right answer:</strong> {esc(q.correct_text())}.</p>")
    top = r.most_common_wrong
    if not r.answered:
        body = "<p>Nobody answered this question.</p>"
    elif not top:
        body = f"<p>No wrong answers: {r.right} of {r.answered} answered right.</p>"
    else:
        given = f"{top[0].count} of {plural(r.students, 'student')}"
        if len(top) == 1:
            intro = f"<p><strong>Most common wrong answer</strong> ({given}): {_answer_html(q, top[0].text)}</p>"
            body = intro + _why_html(q, top[0].why)
        else:
            body = (f"<p><strong>Most common wrong answers</strong>, {len(top)} given equally often "
                    f"({given} each):</p><ol class=\"sr-class-tied\">"
                    + "".join(f"<li>{_answer_html(q, a.text)}{_why_html(q, a.why)}</li>" for a in top) + "</ol>")
    return f'{head}<div class="sr-class-wrong">{body}</div></div>'


def lesson_html(lesson: LessonResults, figure: str) -> str:
    details = "".join(question_html(r) for r in lesson.questions)
    return (f'<section class="sr sr-class-lesson" data-lesson="{esc(lesson.lesson_id)}">'
            f"<h3>{esc(lesson_label(lesson))}</h3>{figure}{table_html(lesson)}{details}</section>")


def scores_html(results: ClassResults, hidden: bool) -> str:
    if not results.students:
        return ""
    head = '<div class="sr sr-class-scores"><h3>Each student\'s score</h3>'
    if hidden:
        return head + "<p>Names and scores are hidden. Untick the box above to show them.</p></div>"
    scores = results.scores
    unnamed = len(results.unnamed)
    rows = "".join(f'<tr><th scope="row">{esc(s.name)}</th><td>{s.right} of {s.total}</td><td>{s.answered}</td></tr>'
                   for s in scores)
    table = (f'<table class="sr-table sr-class-score-table"><caption>Scores by name ({len(scores)})</caption>'
             '<thead><tr><th scope="col">Student</th><th scope="col">Right</th><th scope="col">Answered</th>'
             f"</tr></thead><tbody>{rows}</tbody></table>") if scores else ""
    note = ""
    if unnamed:
        note = (f"<p>{plural(unnamed, 'file')} gave no name: "
                f"{'its answers count' if unnamed == 1 else 'their answers count'} in the figures above, but "
                "scores are listed by name only.</p>")
    if not scores:
        note = "<p>No file gave a name, so there are no scores to list by name.</p>" + note
    return head + table + note + "</div>"


def problems_html(results: ClassResults) -> str:
    if not results.problems:
        return ""
    items = "".join(f'<li><strong class="sr-class-file">{esc(p.file)}</strong>: {esc(p.message)}</li>'
                    for p in results.problems)
    return (f'<div class="sr sr-panel sr-warn sr-class-problems"><h3>{plural(len(results.problems), "file")} '
            f"left out</h3><ul>{items}</ul></div>")


def status_html(results: ClassResults | None) -> str:
    if results is None:
        return '<p class="sr sr-class-status" role="status">No files loaded yet.</p>'
    files = results.students + len(results.problems)
    text = f"{plural(files, 'file')} read: {plural(results.students, 'student')} counted."
    if results.problems:
        text += f" {plural(len(results.problems), 'file was', 'files were')} left out; the reasons are below."
    return f'<p class="sr sr-class-status" role="status">{esc(text)}</p>'


def download_html(results: ClassResults) -> str:
    if not results.students:
        return ""
    name = model.summary_file_name(results)
    data = base64.b64encode(model.summary_csv(results).encode("utf-8")).decode()
    return (f'<p class="sr"><a class="sr-download" download="{esc(name)}" '
            f'href="data:text/csv;charset=utf-8;base64,{data}">{DOWNLOAD_LABEL}</a> '
            f'<span class="sr-cite">{esc(name)}: one row per question, with the figures below.</span></p>')


# ---- the view ----------------------------------------------------------------------------------------

def uploaded(value: Any) -> list[tuple[Any, Any]]:
    """``FileUpload.value`` as ``(name, bytes)`` pairs; an entry that is not a file gives ``(None, None)``,
    which the reader turns into a message."""
    files = []
    for item in value if isinstance(value, (list, tuple)) else ():
        if isinstance(item, dict):
            files.append((item.get("name"), item.get("content")))
        else:
            files.append((None, None))
    return files


class ClassResultsView:
    def __init__(self, bank: tuple[Question, ...] | None = None, c: Content | None = None):
        self.bank = bank if bank is not None else questions()
        self.c = c or content()
        self.results: ClassResults | None = None
        self.message = w.HTML(layout=w.Layout(width="100%"))
        # no icon: its font glyph would be read out as part of the button's name
        self.upload = w.FileUpload(accept=".csv", multiple=True, description=UPLOAD_LABEL, tooltip=UPLOAD_TIP,
                                   icon="", button_style="primary", layout=w.Layout(width="auto"))
        self.upload.add_class("sr-class-upload")
        self.forget = w.Button(description=FORGET_LABEL, tooltip="Take every file off this page",
                               disabled=True, layout=w.Layout(width="auto"))
        self.hide = w.Checkbox(value=False, indent=False, description=HIDE_LABEL, layout=w.Layout(width="100%"))
        self.hide.add_class("sr-class-hide")
        self.status = w.HTML(status_html(None), layout=w.Layout(width="100%"))
        self.problems = w.HTML(layout=w.Layout(width="100%"))
        self.download = w.HTML(layout=w.Layout(width="100%"))
        self.lessons = w.HTML(layout=w.Layout(width="100%"))
        self.scores = w.HTML(layout=w.Layout(width="100%"))
        self.upload.observe(guarded(self.message, "reading the answers files")(self._on_files), names="value")
        self.forget.on_click(guarded(self.message, "forgetting the files")(self._on_forget))
        self.hide.observe(guarded(self.message, "hiding the names")(self._on_hide), names="value")
        self.widget = w.VBox([w.HTML(INTRO, layout=w.Layout(width="100%")),
                              w.HTML(UPLOAD_HINT, layout=w.Layout(width="100%")),
                              row(self.upload, self.forget), self.hide, self.message, self.status, self.problems,
                              self.download, self.lessons, self.scores], layout=w.Layout(width="100%"))
        self.widget.add_class("sr-widget")
        self.widget.add_class("sr-class-results")

    # ---- what the teacher does ----

    def load(self, files: list[tuple[Any, Any]]) -> ClassResults:
        """Read and show ``files`` (``(name, bytes)`` pairs), in place of any loaded before."""
        self.message.value = ""
        self.results = model.combine(files, self.bank, self.c)
        self._draw()
        return self.results

    def _on_files(self, change) -> None:
        files = uploaded(change["new"])
        if not files:
            self._clear()
            return
        self.load(files)

    def _on_forget(self, _button=None) -> None:
        self.upload.value = ()  # the browser's copy goes too; _on_files then clears the page
        self._clear()

    def _on_hide(self, _change=None) -> None:
        self.scores.value = scores_html(self.results, self.hide.value) if self.results else ""

    # ---- drawing ----

    def _clear(self) -> None:
        self.results = None
        self.message.value = ""
        self.status.value = status_html(None)
        for part in (self.problems, self.download, self.lessons, self.scores):
            part.value = ""
        self.forget.disabled = True

    def _draw(self) -> None:
        results = self.results
        self.status.value = status_html(results)
        self.problems.value = problems_html(results)
        self.download.value = download_html(results)
        self.scores.value = scores_html(results, self.hide.value)
        self.forget.disabled = False
        if not results.students:
            self.lessons.value = ""
            return

        def draw() -> None:
            if self.results is results:  # not replaced while matplotlib was loading
                self.lessons.value = "".join(lesson_html(g, figure_html(g, chart_svg(g))) for g in results.lessons)

        if not when_matplotlib(draw):
            self.lessons.value = "".join(
                lesson_html(g, '<p class="sr-class-chart-wait">Loading the chart\u2026</p>') for g in results.lessons)


def class_results_view() -> w.VBox:
    """The teacher's page: ``ui.class_results_view()`` (named apart from this module, which would shadow it)."""
    return ClassResultsView().widget
