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
