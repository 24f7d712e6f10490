"""Links between lessons: previous, contents and next, from the order in lessons.toml.

Pages are named by their stable ``id`` from lessons.toml; a page's file (its address) is looked
up there, so no link names a notebook file.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

from .content import Content, Dashboard, Lesson, Teacher

CONTENTS_ANCHOR = "contents"


def page_href(file: str, platform: str | None = None) -> str:
    """The relative link to the page of the notebook ``file`` (an ``#anchor`` is kept).

    Voilà serves each notebook's page under the notebook's own name. The static site (Voici)
    has one rendered ``.html`` page per notebook instead, and its kernel is Pyodide, Python in
    the browser, where ``sys.platform`` is ``"emscripten"``.
    """
    if (sys.platform if platform is None else platform) != "emscripten":
        return file
    name, hash_, anchor = file.partition("#")
    if name.endswith(".ipynb"):
        name = name.removesuffix(".ipynb") + ".html"
    return name + hash_ + anchor


def find_page(c: Content, page_id: str) -> Lesson | Dashboard | Teacher:
    """The lesson (or the dashboard, or the teachers' page) whose id in lessons.toml is ``page_id``."""
    for page in c.pages:
        if page.id == page_id:
            return page
    raise KeyError(f"no lesson {page_id!r} in lessons.toml")


def page_link(c: Content, page_id: str, anchor: str = "") -> str:
    """The relative link to the page ``page_id`` (and an ``#anchor`` on it)."""
    return page_href(find_page(c, page_id).file + (f"#{anchor}" if anchor else ""))


@dataclass(frozen=True)
class Link:
    rel: str  # "prev", "contents" or "next"
    label: str
    href: str


def link_label(role: str, title: str) -> str:
    """``"Previous"`` and ``"Easing a back spasm"`` -> ``"Previous: Easing a back spasm"``, but a
    title that already says what the link is stands alone: ``"Start here"``, not
    ``"Start here: Start here"``."""
    if title.casefold().startswith(role.casefold()):
        return title
    return f"{role}: {title}"


def dashboard_links(lessons: tuple[Lesson, ...]) -> tuple[Link, ...]:
    """From a page that is not a lesson (the dashboard, the teachers' page): the start page and the contents."""
    start = lessons[0]
    return (Link("prev", link_label("Start here", start.title), page_href(start.file)),
            Link("contents", "All lessons", page_href(f"{start.file}#{CONTENTS_ANCHOR}")))


def lesson_links(lessons: tuple[Lesson, ...], lesson_id: str) -> tuple[Link, ...]:
    """Previous, contents and next links for the lesson ``lesson_id``, as relative links."""
    order = [lesson.id for lesson in lessons]
    if lesson_id not in order:
        raise KeyError(f"no lesson {lesson_id!r} in lessons.toml")
    index = order.index(lesson_id)
    links = []
    if index > 0:
        before = lessons[index - 1]
        links.append(Link("prev", link_label("Previous", before.label), page_href(before.file)))
    links.append(Link("contents", "All lessons", page_href(f"{lessons[0].file}#{CONTENTS_ANCHOR}")))
    if index + 1 < len(lessons):
        after = lessons[index + 1]
        links.append(Link("next", link_label("Next", after.label), page_href(after.file)))
    return tuple(links)


def page_links(c: Content, page_id: str) -> tuple[Link, ...]:
    """The navigation links of the page ``page_id``: a lesson's previous, contents and next; from a page
    that is not a lesson (My plan, the teachers' page), the start page and the contents."""
    if page_id in (c.dashboard.id, c.teacher.id):
        return dashboard_links(c.lessons)
    return lesson_links(c.lessons, page_id)
