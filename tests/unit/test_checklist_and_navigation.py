from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from widgets.checklist import Checklist
from widgets.content import content
from widgets.navigation import lesson_links

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
    first = lesson_links(lessons, lessons[0].file)
    assert [link.rel for link in first] == ["contents", "next"]
    assert first[-1].href == lessons[1].file
    last = lesson_links(lessons, lessons[-1].file)
    assert [link.rel for link in last] == ["prev", "contents"]
    assert last[0].href == lessons[-2].file
    assert all(link.href == f"{lessons[0].file}#contents" for link in first + last if link.rel == "contents")


def test_links_for_unknown_lesson():
    with pytest.raises(KeyError, match="no lesson 'x.ipynb'"):
        lesson_links(content().lessons, "x.ipynb")
