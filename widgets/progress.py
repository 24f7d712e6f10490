"""A learner's progress, kept only in their own browser: what the kernel hands to the browser.

The record itself (which lessons were opened and finished, the best self-check score, the
last lesson opened) lives in the browser's localStorage under :data:`STORAGE_KEY`, written and
read by ``widgets/ui/browser_progress.js``; nothing of it is sent to or kept on the server. The kernel
only tells the browser which page this is, the lessons to list (id, number, title, link), the
rules in words, and a new self-check score at "Finish". This module builds those, with no kernel.

The rules, shown on the start page (:data:`RULES`):

- a lesson is *opened* once its page has been shown in this browser;
- it is *finished* once the reader has reached its end: the links at the bottom of the page
  (its footer) stayed on screen for a moment (:data:`FINISH_DWELL_MS`);
- the best self-check score is the highest score at "Finish and show feedback", with at
  least one question answered; a lower score later does not replace it.

The start page ("Start here") and My plan are not lessons to work through, so they are not
recorded and not listed (as in the contents, which list the numbered lessons).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from .content import Content
from .navigation import find_page, page_link

STORAGE_KEY = "spasm-relief.progress"
"""The one localStorage key of the record (the hands-free choices have their own)."""

FINISH_DWELL_MS = 1000
"""How long the footer must stay on screen for the lesson to count as finished (milliseconds):
long enough that a page still growing as its widgets are drawn does not count, short enough
for a reader who scrolls to the end."""

STATES = ("not opened", "opened", "finished")

RULES = ("A lesson counts as opened once its page has been shown, and as finished once you have reached "
         "its end (the links at the bottom of the page were on screen). Your best self-check score is the "
         "highest score you had when you pressed \u201cFinish and show feedback\u201d.")

PRIVACY = ("Kept only in this browser on this device: nothing about your progress is sent to or kept on "
           "the server. Another browser, a private window or clearing this site\u2019s data starts afresh.")


@dataclass(frozen=True)
class Listed:
    """One lesson as the progress panel lists it."""

    id: str
    number: int
    title: str
    href: str


def listed_lessons(c: Content) -> tuple[Listed, ...]:
    """The lessons to work through, in teaching order, with their links (the start page is not one)."""
    return tuple(Listed(lesson.id, lesson.number, lesson.title, page_link(c, lesson.id))
                 for lesson in c.lessons if lesson.number > 0)


def panel_lessons(c: Content) -> list[dict]:
    """:func:`listed_lessons` as plain data for the browser (a widget trait)."""
    return [asdict(lesson) for lesson in listed_lessons(c)]


def recorded_page(c: Content, page_id: str) -> str:
    """The id to record for the page ``page_id``: itself for a lesson, ``""`` for the start page
    and the dashboard (not recorded). An unknown id raises ``KeyError``, naming it."""
    find_page(c, page_id)
    return page_id if page_id in {lesson.id for lesson in listed_lessons(c)} else ""


def score_text(right: int, total: int) -> str:
    """``7, 12`` -> ``"7 of 12 right"``."""
    return f"{right} of {total} right"


def score_record(right: int, total: int, answered: int) -> dict | None:
    """The score to hand to the browser at "Finish": ``{"right", "total", "text"}``, or None when
    there is nothing to keep (no question answered) or the numbers make no sense."""
    numbers = (right, total, answered)
    if any(isinstance(n, bool) or not isinstance(n, int) for n in numbers):
        return None
    if total <= 0 or not 0 <= right <= answered <= total or answered == 0:
        return None
    return {"right": right, "total": total, "text": score_text(right, total)}
