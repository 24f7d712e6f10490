"""Learning goals (issue 15): each lesson's goals in lessons.toml are the list its notebook's Overview
gives under "you will learn to:", every goal is checked by at least two self-check questions, and each
question card on the self-check page names its lesson (by title) and the goal it checks."""

from __future__ import annotations

import html
import re
from collections import Counter

import nbformat
import pytest

from widgets.content import content
from widgets.navigation import find_page
from widgets.paths import NOTEBOOKS_DIR
from widgets.quiz import questions
from widgets.ui.quiz import QuestionCard

LESSONS = content().lessons
QS = questions()
LEAD = re.compile(r"^(?:In this lesson|On this page) you will learn to:$", re.M)
"""The line that opens a lesson's own list of goals. The start page says "On this page": its Overview
first lists the whole tutorial's goals ("In this short tutorial..."), which are not the page's own."""


def overview(lesson) -> str:
    """The notebook's Overview section, up to the next heading."""
    nb = nbformat.read(NOTEBOOKS_DIR / lesson.file, as_version=4)
    cell = next(c.source for c in nb.cells if c.cell_type == "markdown" and c.source.startswith("## Overview"))
    return cell.split("\n## ", 1)[0]


def listed_goals(text: str) -> list[str] | None:
    """The numbered list under the lesson's "you will learn to:", each item without its number and full
    stop; None when the Overview has no such list. Items must be numbered 1, 2, 3... one to a line."""
    leads = LEAD.findall(text)
    if not leads:
        return None
    assert len(leads) == 1, "one list of the lesson's own goals"
    items: list[str] = []
    for line in text[LEAD.search(text).end():].strip("\n").splitlines():
        item = re.fullmatch(r"(\d+)\. (.+)\.", line)
        if not item:
            break
        assert int(item.group(1)) == len(items) + 1, f"numbered in order: {line!r}"
        items.append(item.group(2))
    return items


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.id)
def test_each_notebooks_overview_lists_exactly_its_lessons_goals(lesson):
    listed = listed_goals(overview(lesson))
    if not lesson.goals:
        assert listed is None, f"{lesson.file} lists learning goals that lessons.toml does not give its lesson"
    else:
        assert listed == [goal.text for goal in lesson.goals], (
            f"{lesson.file}: the Overview's goals differ from lesson {lesson.id!r} in lessons.toml")


def test_a_drifted_overview_is_caught():
    lesson = find_page(content(), "stretches")
    text = overview(lesson)
    assert listed_goals(text) == [goal.text for goal in lesson.goals]
    drifted = text.replace(lesson.goals[1].text, lesson.goals[1].text.replace("stretch", "stretch or rub"))
    assert listed_goals(drifted) != [goal.text for goal in lesson.goals]
    assert listed_goals(text.replace("In this lesson you will learn to:", "You will learn:")) is None


def test_every_lesson_the_self_check_checks_has_goals_and_the_self_check_has_none():
    checked = {q.lesson for q in QS}
    with_goals = {lesson.id for lesson in LESSONS if lesson.goals}
    assert with_goals == checked
    assert not find_page(content(), "check-yourself").goals  # it checks the other lessons' goals


def test_every_learning_goal_has_at_least_two_questions():
    per_goal = Counter((q.lesson, q.goal) for q in QS)
    few = [f"{lesson.id}/{goal.id}: {per_goal[lesson.id, goal.id]}"
           for lesson in LESSONS for goal in lesson.goals if per_goal[lesson.id, goal.id] < 2]
    assert not few, f"goals with fewer than two questions: {few}"
    assert sum(len(lesson.goals) for lesson in LESSONS) >= 20


def test_a_question_gives_its_lessons_title_and_its_goals_text():
    for q in QS:
        lesson = find_page(content(), q.lesson)
        assert q.lesson_title == lesson.title
        assert q.goal_text == next(goal.text for goal in lesson.goals if goal.id == q.goal)
    swollen = next(q for q in QS if q.id == "start-one-calf-swollen")
    assert (swollen.lesson_title, swollen.goal_text) == (
        "Start here", "Tell which kind of help a warning sign calls for, and find the emergency number for where you are")


def test_the_question_card_names_the_lesson_and_the_goal_it_checks():
    q = next(q for q in QS if q.id == "ice-second-rule-cold")  # its goal's text has an apostrophe
    card = QuestionCard(7, q, tuple(range(len(q.options))), on_answer=lambda *args: None)
    heading = card.heading.value
    assert '<p class="sr-cite sr-q-lesson">Lesson: Cold and heat</p>' in heading
    assert f'<p class="sr-cite sr-q-goal">Learning goal: {html.escape(q.goal_text)}</p>' in heading
    assert "&#x27;s two rules" in heading
    assert heading.index("Question 7") < heading.index("Lesson:") < heading.index("Learning goal:") < heading.index(
        html.escape(q.prompt))
