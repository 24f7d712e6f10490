from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from widgets.checklist import Checklist
from widgets.content import content
from widgets.navigation import dashboard_links, find_page, lesson_links, link_label, page_links
from widgets.ui.page import lesson_facts, nav_html
from widgets.ui.static_html import STATIC_HTML_MIME

STEPS = content().first_response.now


def test_checklist_progress():
    checklist = Checklist(STEPS)
    assert checklist.summary() == f"0 of {len(STEPS)} steps done. Next: {STEPS[0].title}."
    for step in STEPS:
        checklist.tick(step.id)
    assert checklist.complete and checklist.summary() == f"All {len(STEPS)} steps done."
    checklist.tick(STEPS[0].id, False)
    assert not checklist.complete and checklist.next_step == STEPS[0]
    checklist.reset()
    assert checklist.count == 0


def test_checklist_refuses_unknown_step():
    with pytest.raises(KeyError, match="unknown step 'dance'"):
        Checklist(STEPS).tick("dance")


@given(st.lists(st.tuples(st.sampled_from([s.id for s in STEPS]), st.booleans())))
def test_checklist_count_matches_last_answer_per_step(ticks):
    checklist = Checklist(STEPS)
    final = {}
    for step_id, done in ticks:
        checklist.tick(step_id, done)
        final[step_id] = done
    assert checklist.count == sum(final.values())
    assert checklist.complete == (checklist.count == len(STEPS))


def test_links_first_middle_last():
    lessons = content().lessons
    first = lesson_links(lessons, lessons[0].id)
    assert [link.rel for link in first] == ["contents", "next"]
    assert first[-1].href == lessons[1].file
    last = lesson_links(lessons, lessons[-1].id)
    assert [link.rel for link in last] == ["prev", "contents"]
    assert last[0].href == lessons[-2].file
    assert all(link.href == f"{lessons[0].file}#contents" for link in first + last if link.rel == "contents")


def test_links_for_unknown_lesson():
    with pytest.raises(KeyError, match="no lesson 'x'"):
        lesson_links(content().lessons, "x")
    with pytest.raises(KeyError, match="no lesson '01_first_response.ipynb'"):  # a file name is not an id
        lesson_links(content().lessons, "01_first_response.ipynb")


def repeats_itself(label: str) -> bool:
    """ "Start here: Start here" (or "Next: Next steps") says the same thing twice."""
    head, sep, tail = label.partition(": ")
    return bool(sep) and tail.casefold().startswith(head.casefold())


def test_no_navigation_label_repeats_itself():
    """Issue 10: the My plan page's first link read "Start here: Start here"."""
    c = content()
    for page_id in [page.id for page in c.pages]:
        for link in page_links(c, page_id):
            assert link.label.strip() and not repeats_itself(link.label), (page_id, link.label)
    assert dashboard_links(c.lessons)[0].label == "Start here"
    html = nav_html(c, c.dashboard.id, "top")
    assert ">Start here</a>" in html and "Start here: Start here" not in html


def test_a_start_page_with_another_title_is_still_named_as_the_start():
    c = content()
    welcome = dataclasses.replace(c.lessons[0], title="Welcome")
    assert dashboard_links((welcome,) + c.lessons[1:])[0].label == "Start here: Welcome"
    assert link_label("Next", "Next steps") == "Next steps" and link_label("Next", "1. Cold") == "Next: 1. Cold"


def test_lesson_facts_link_each_prerequisite_by_its_title():
    c = content()
    facts = lesson_facts("back-spasms")
    assert STATIC_HTML_MIME in facts._repr_mimebundle_()  # a widget of links: they work in every front end
    assert '<a href="00_start_here.ipynb">Start here</a>, <a href="01_first_response.ipynb">' in facts.value
    for lesson in c.lessons:
        html = lesson_facts(lesson.id).value
        for needed in (find_page(c, page_id) for page_id in lesson.prerequisites):
            assert f'<a href="{needed.file}">{needed.title}</a>' in html
        assert f"about {lesson.minutes} minutes" in html
    assert "None: start here." in lesson_facts("start-here").value
