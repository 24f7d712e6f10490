"""Small HTML helpers shared by the views: escaping, citations, pictures."""

from __future__ import annotations

import html
import re

from ..content import Content, Fact, Source
from ..paths import IMAGES_DIR


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def source_link(source: Source, full: bool = False) -> str:
    """A source's name (short in a citation, ``full`` in the sources list) as a link to its page.

    The link opens a new tab, so the tutorial stays open; a source with no address is plain text.
    """
    name = source.name if full else source.short
    if not source.url:
        return esc(name)
    return (f'<a class="sr-source-link" href="{esc(source.url)}" target="_blank" rel="noopener noreferrer">'
            f'{esc(name)}<span class="sr-hidden"> (opens in a new tab)</span></a>')


def cite(content: Content, source_ids: tuple[str, ...]) -> str:
    """A short 'Source: ...' line naming each source, linked to its page; empty when there is none."""
    if not source_ids:
        return ""
    names = "; ".join(source_link(content.source(s)) for s in source_ids)
    label = "Source" if len(source_ids) == 1 else "Sources"
    return f'<span class="sr-cite">{label}: {names}</span>'


def fact_item(content: Content, fact: Fact) -> str:
    return f"<li>{esc(fact.text)} {cite(content, fact.sources)}</li>"


_XML_DECL = re.compile(r"<\?xml[^>]*>\s*")


def picture(file: str, alt: str, caption: str | None = None) -> str:
    """An illustration from assets/img, inlined so it works offline and in every front end.

    The <figure> carries role="img" and the text alternative; the SVG inside is hidden from
    screen readers so the description is read once.
    """
    svg = _XML_DECL.sub("", (IMAGES_DIR / file).read_text(encoding="utf-8"))
    svg = svg.replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1)
    svg = re.sub(r'\s(role|aria-labelledby)="[^"]*"', "", svg, count=2)
    svg = re.sub(r'(<(?:title|desc))\s+id="[^"]*"', r"\1", svg)  # ids would repeat across pictures
    figcaption = f"<figcaption>{esc(caption)}</figcaption>" if caption else ""
    return f'<figure class="sr-figure" role="img" aria-label="{esc(alt)}">{svg}{figcaption}</figure>'
