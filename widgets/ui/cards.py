"""Static cards that present content facts: steps with reasons, safety facts with sources."""

from __future__ import annotations

from IPython.display import HTML

from ..content import content
from .html import cite, esc, fact_item


def _cited_list(c, items: list[str], sources: tuple[str, ...]) -> HTML:
    """Plain-text items as a bulleted list, with the sources named under it."""
    lis = "".join(f"<li>{esc(item)}</li>" for item in items)
    return HTML(f'<div class="sr"><ul>{lis}</ul><p>{cite(c, sources)}</p></div>')


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


def stretch_principles() -> HTML:
    """How to stretch a cramped muscle, from the article."""
    c = content()
    return _cited_list(c, list(c.stretching.principles), c.stretching.sources)


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
    return _cited_list(c, list(c.back.when_safe), c.back.sources)


def ice_heat_basics() -> HTML:
    """Why cold, why heat, and the article's saying."""
    c = content()
    ih = c.ice_heat
    return HTML(
        '<div class="sr"><ul>'
        f"<li><strong>\u2744 Cold:</strong> {esc(ih.why_cold)}</li>"
        f"<li><strong>\u2668 Heat:</strong> {esc(ih.why_heat)}</li></ul>"
        f'<div class="sr-panel sr-ok"><h3>\u201c{esc(ih.saying.capitalize())}\u201d</h3><ul>'
        f"<li>{esc(ih.saying_heat)}</li><li>{esc(ih.saying_cold)}</li></ul><p>{cite(c, ih.sources)}</p></div></div>"
    )


def ice_heat_rules() -> HTML:
    """The article's two rules, with their figures."""
    c = content()
    items = "".join(f"<li><strong>{esc(r.name)}.</strong> {esc(r.summary)}</li>" for r in c.ice_heat.rules)
    return HTML(f'<div class="sr"><ul>{items}</ul><p>{cite(c, c.ice_heat.sources)}</p></div>')


def heat_cold_sources() -> HTML:
    """What to use for heat and for cold."""
    c = content()
    ih = c.ice_heat
    heat = "".join(f"<li>{esc(item)}</li>" for item in ih.heat_sources)
    cold = "".join(f"<li>{esc(item)}</li>" for item in ih.cold_sources)
    return HTML(
        '<div class="sr sr-two-lists">'
        f'<div><h3>\u2668 For heat</h3><ul>{heat}</ul></div><div><h3>\u2744 For cold</h3><ul>{cold}</ul></div>'
        f"<p>{cite(c, ih.sources)}</p></div>"
    )


def cold_heat_safety() -> HTML:
    """The safety rules for cold and heat, and who should ask a professional first."""
    c = content()
    s = c.safety
    cold = "".join(fact_item(c, f) for f in s.cold.rules)
    heat = "".join(fact_item(c, f) for f in s.heat.rules)
    ask = "".join(fact_item(c, f) for f in s.ask_first)
    return HTML(
        '<div class="sr"><div class="sr-panel sr-warn"><h3>\u26a0 Using cold safely</h3>'
        f"<ul>{cold}</ul></div>"
        f'<div class="sr-panel sr-warn"><h3>\u26a0 Using heat safely</h3><ul>{heat}</ul></div>'
        f'<div class="sr-panel sr-danger"><h3>Ask a professional first</h3><ul>{ask}</ul></div></div>'
    )
