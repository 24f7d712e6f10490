"""Static cards that present content facts: steps with reasons, safety facts with sources."""

from __future__ import annotations

from IPython.display import HTML

from ..content import content
from .html import cite, esc, fact_item


def aftercare() -> HTML:
    """The next few days after a spasm, as numbered steps with their reasons."""
    c = content()
    fr = c.first_response
    items = "".join(
        f"<li><strong>{esc(s.title)}.</strong> {esc(s.text)}<br><span class=\"sr-step-why\">Why: {esc(s.why)}</span></li>"
        for s in fr.after
    )
    return HTML(f'<div class="sr"><ol class="sr-aftercare">{items}</ol><p>{cite(c, fr.sources)}</p></div>')


def reassurance() -> HTML:
    c = content()
    fr = c.first_response
    return HTML(
        f'<div class="sr sr-panel sr-ok"><p><strong>{esc(fr.reassurance)}</strong> {cite(c, fr.sources)}</p></div>'
    )


def disagreements() -> HTML:
    """Where the article and other trusted sources differ, side by side."""
    c = content()
    blocks = []
    for d in c.safety.disagreements:
        others = "".join(fact_item(c, f) for f in d.others)
        blocks.append(
            f"<h3>{esc(d.topic)}</h3><ul><li><strong>The article:</strong> {esc(d.article)} "
            f"{cite(c, ('article',))}</li>{others}</ul>"
        )
    return HTML('<div class="sr sr-disagreements">' + "".join(blocks) + "</div>")


def stretch_principles() -> HTML:
    """How to stretch a cramped muscle, from the article."""
    c = content()
    items = "".join(f"<li>{esc(p)}</li>" for p in c.stretching.principles)
    return HTML(f'<div class="sr"><ul>{items}</ul><p>{cite(c, c.stretching.sources)}</p></div>')


def stretch_cautions() -> HTML:
    """When not to stretch, and how far to go, from the safety sources."""
    c = content()
    items = "".join(fact_item(c, f) for f in c.safety.stretch_cautions)
    return HTML(f'<div class="sr sr-panel sr-warn"><h3>\u26a0 Before you stretch</h3><ul>{items}</ul></div>')


def disagreement(topic: str) -> HTML:
    """One place where the article and other sources differ, by its topic in safety.toml."""
    c = content()
    for d in c.safety.disagreements:
        if d.topic == topic:
            others = "".join(fact_item(c, f) for f in d.others)
            return HTML(
                f'<div class="sr sr-disagreement"><h3>Sources differ: {esc(d.topic.lower())}</h3>'
                f"<ul><li><strong>The article:</strong> {esc(d.article)} {cite(c, ('article',))}</li>{others}</ul></div>"
            )
    raise KeyError(f"no disagreement about {topic!r} in safety.toml")


def back_when_safe() -> HTML:
    """When the back exercises are safe to start, from the article."""
    c = content()
    items = "".join(f"<li>{esc(text)}</li>" for text in c.back.when_safe)
    return HTML(f'<div class="sr"><ul>{items}</ul><p>{cite(c, c.back.sources)}</p></div>')
