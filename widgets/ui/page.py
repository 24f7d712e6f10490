"""The frame every page shares: styles, the educational notice, lesson navigation, contents, sources.

Navigation and contents are ipywidgets ``HTML`` widgets, not HTML outputs: Voilà's front end
intercepts clicks on relative links inside outputs (JupyterLab's local-link handler, which
has no document manager in Voilà), while links inside a widget are plain links.
"""

from __future__ import annotations

import ipywidgets as w
from IPython.display import HTML

from ..content import Content, content
from ..navigation import CONTENTS_ANCHOR, find_page, page_href, page_link, page_links
from ..paths import STYLES_DIR
from .html import esc
from .static_html import FrameBox, LinksHTML


def _styles() -> str:
    css = (STYLES_DIR / "spasm-relief.css").read_text(encoding="utf-8")
    return f"<style>{css}</style>"


def notice_html(c: Content) -> str:
    reviewed = c.meta.last_reviewed
    return (
        '<aside class="sr-notice" aria-label="Educational notice">'
        f"<strong>Educational, not a diagnosis or treatment.</strong> {esc(c.meta.notice)} "
        f'Content last reviewed on <time datetime="{reviewed.isoformat()}">'
        f"{reviewed.day} {reviewed:%B %Y}</time>.</aside>"
    )


def nav_html(c: Content, page_id: str, where: str) -> str:
    links = page_links(c, page_id)
    items = "".join(f'<li><a rel="{link.rel}" href="{esc(link.href)}">{esc(link.label)}</a></li>' for link in links)
    return f'<nav class="sr-nav" aria-label="Lesson navigation ({where})"><ul>{items}</ul></nav>'


def _links(html: str) -> LinksHTML:
    widget = LinksHTML(html, layout=w.Layout(width="100%"))
    widget.add_class("sr-links")
    return widget


def header(page_id: str) -> FrameBox:
    """Styles, brand bar, notice and navigation for the top of the page ``page_id`` (its id in lessons.toml)."""
    c = content()
    find_page(c, page_id)  # fail early, naming the id, if the page is not in lessons.toml
    styles = w.HTML(_styles(), layout=w.Layout(width="100%"))
    top = (
        '<div class="sr"><div class="sr-brandbar">'
        + f'<span class="sr-name">{esc(c.meta.title)}</span>'
        + f'<span class="sr-tagline">{esc(c.meta.tagline)}</span></div>'
        + notice_html(c)
        + "</div>"
    )
    box = FrameBox([styles, w.HTML(top, layout=w.Layout(width="100%")),
                    _links(f'<div class="sr">{nav_html(c, page_id, "top")}</div>')],
                   skip_static=(styles,), layout=w.Layout(width="100%"))
    box.add_class("sr-header")
    return box


def footer(page_id: str) -> FrameBox:
    """Navigation and the notice again at the bottom of the page ``page_id``.

    On a lesson it also shows, just before itself in the same cell, the hidden widget that
    records the lesson as opened, and as finished once this footer has been on screen, in the
    reader's own browser (:func:`widgets.ui.browser_progress.record_page`).
    """
    from .browser_progress import record_page

    c = content()
    record_page(page_id)
    box = FrameBox([_links(f'<div class="sr">{nav_html(c, page_id, "bottom")}</div>'),
                  w.HTML(f'<div class="sr">{notice_html(c)}</div>', layout=w.Layout(width="100%"))],
                 layout=w.Layout(width="100%"))
    box.add_class("sr-footer")
    return box


def lesson_facts(lesson_id: str) -> LinksHTML:
    """Time to learn and prerequisites for the lesson, from lessons.toml; each prerequisite links to its lesson."""
    c = content()
    lesson = find_page(c, lesson_id)
    prerequisites = ", ".join(f'<a href="{esc(page_link(c, p))}">{esc(find_page(c, p).title)}</a>'
                              for p in lesson.prerequisites) or "None: start here."
    return _links(
        '<div class="sr"><ul class="sr-lesson-facts">'
        f"<li><strong>Time to learn:</strong> about {lesson.minutes} minutes</li>"
        f"<li><strong>Before this:</strong> {prerequisites}</li>"
        "</ul></div>"
    )


def dashboard_link() -> LinksHTML:
    """A prominent link to the dashboard, for someone with a spasm right now."""
    d = content().dashboard
    return _links(f'<div class="sr sr-panel sr-ok sr-cta"><h3>Have a spasm right now?</h3><p>{esc(d.summary)}</p>'
                  f'<p><a class="sr-download" href="{esc(page_href(d.file))}">Open {esc(d.title)}</a></p></div>')


def _contents_item(page) -> str:
    return (f'<li><a href="{esc(page_href(page.file))}">{esc(page.title)}</a> '
            f'<span class="sr-meta">(about {page.minutes} minutes)</span><br>{esc(page.summary)}</li>')


def contents() -> LinksHTML:
    """Every lesson with its summary and time to learn, linked; then, apart and not numbered, the page for
    teachers (lessons.toml's ``[teacher]``)."""
    c = content()
    items = "".join(_contents_item(lesson) for lesson in c.lessons if lesson.number > 0)
    teachers = (f'<nav class="sr sr-contents sr-for-teachers" aria-label="For teachers"><h3>For teachers</h3>'
                f"<ul>{_contents_item(c.teacher)}</ul></nav>")
    return _links(f'<nav class="sr sr-contents" id="{CONTENTS_ANCHOR}" aria-label="All lessons"><ol>{items}</ol></nav>'
                  + teachers)


def audience() -> HTML:
    c = content()
    items = "".join(f"<li>{esc(who)}</li>" for who in c.meta.audience)
    return HTML(f'<div class="sr"><ul>{items}</ul></div>')


def sources(ids: tuple[str, ...] | None = None) -> HTML:
    """The sources this page relies on (all of them by default): title, publisher, a link, and when it was checked."""
    from .html import source_link

    c = content()
    chosen = [c.source(i) for i in ids] if ids else list(c.sources)
    items = "".join(
        f"<li>{source_link(s, full=True)} <span class=\"sr-cite\">({esc(s.kind)}; checked {s.checked:%d %B %Y})"
        + (f" {esc(s.note)}" if s.note else "") + "</span></li>"
        for s in chosen
    )
    return HTML(f'<div class="sr sr-sources"><ul>{items}</ul></div>')
