"""A personal plan as one self-contained HTML file, laid out to print on A4 or US Letter.

Pure Python: pictures and the timeline are inlined, so the file needs nothing else to open or
print. The content width (180 mm) fits both paper sizes with the page margins below.
"""

from __future__ import annotations

import datetime as dt
import html
import re

from .content import Content, Exercise, Stretch
from .drinks import DrinkStep
from .my_plan import MyPlan
from .paths import IMAGES_DIR
from .routine import dose_text
from .schedule import Course, Plan, describe
from .session_advice import bedtime_fact, session_rules

CSS = """
@page { margin: 14mm; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", Arial, sans-serif; color: #1b2733; font-size: 11pt; line-height: 1.45;
       max-width: 180mm; margin: 0 auto; }
h1 { font-size: 20pt; color: #1d3557; margin: 0 0 2mm; }
h2 { font-size: 14pt; color: #1d3557; border-bottom: 1.5pt solid #1d3557; margin: 6mm 0 2mm; }
h3 { font-size: 12pt; margin: 3mm 0 1mm; }
.notice { border: 1pt solid #8da9c4; border-left: 4pt solid #1d3557; padding: 2mm 3mm; }
.card { display: flex; gap: 4mm; break-inside: avoid; border: 0.75pt solid #c9d6e3; padding: 2mm; margin: 2mm 0; }
.card svg { width: 55mm; height: auto; flex: none; }
.timeline img { width: 100%; }
table { border-collapse: collapse; width: 100%; font-size: 10pt; }
th, td { border: 0.75pt solid #8da9c4; padding: 1mm 2mm; text-align: left; vertical-align: top; }
.danger { border: 1.5pt solid #a4161a; padding: 2mm 3mm; }
.cite { color: #4a5a6a; font-size: 9pt; }
@media screen { body { padding: 10mm 0; } }
@media screen and (max-width: 40rem) {
  body { font-size: 16px; padding: 4mm; max-width: none; }
  .card { display: block; } .card svg { width: 100%; max-width: 60mm; }
  table { font-size: 14px; } .cite { font-size: 13px; }
}
"""


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _svg(file: str) -> str:
    svg = (IMAGES_DIR / file).read_text(encoding="utf-8")
    svg = re.sub(r"<!--.*?-->", "", svg, flags=re.S)
    return re.sub(r'(<(?:title|desc))\s+id="[^"]*"', r"\1", svg).replace('aria-labelledby="t d"', "")


def _stretch(stretch: Stretch, hold_seconds: int) -> str:
    steps = "".join(f"<li>{_e(s)}</li>" for s in stretch.steps)
    sides = ", on the cramping side" if stretch.each_side else ""
    return (f'<div class="card" role="group" aria-label="{_e(stretch.name)}">'
            f'<div role="img" aria-label="{_e(stretch.alt)}">{_svg(stretch.illustration)}</div>'
            f"<div><h3>{_e(stretch.name)}</h3><ol>{steps}</ol><p>"
            + (f"<strong>Feel:</strong> {_e(stretch.feel)} " if stretch.feel else "")
            + f"<strong>Stop:</strong> {_e(stretch.stop_when)} <strong>Hold:</strong> about {hold_seconds} "
            f"seconds{sides}.</p></div></div>")


def _exercise(exercise: Exercise, dose: str) -> str:
    steps = "".join(f"<li>{_e(s)}</li>" for s in exercise.steps)
    return (f'<div class="card" role="group" aria-label="{_e(exercise.name)}">'
            f'<div role="img" aria-label="{_e(exercise.alt)}">{_svg(exercise.illustration)}</div>'
            f"<div><h3>{_e(exercise.name)}</h3><ol>{steps}</ol><p><strong>How much:</strong> {_e(dose)}</p></div></div>")


def _facts(c: Content, facts) -> str:
    return "".join(f"<li>{_e(f.text)}{_cite(c, f.sources)}</li>" for f in facts)


def _cite(c: Content, source_ids) -> str:
    if not source_ids:
        return ""
    return ' <span class="cite">(' + "; ".join(_e(c.source(s).short) for s in source_ids) + ")</span>"


def printable_plan(c: Content, model: MyPlan, *, plan: Plan | Course | None, timeline_svg: str | None,
                   made: dt.datetime, drinks: tuple[DrinkStep, ...] = ()) -> str:
    """The whole plan as an HTML document (str): what the page shows, with the rules and warning signs that apply."""
    fr = c.first_response
    now_steps = "".join(f"<li><strong>{_e(s.title)}.</strong> {_e(s.text)}"
                        + (f" <em>{_e(s.caution)}</em>" if s.caution else "") + "</li>" for s in fr.now)
    after_steps = "".join(f"<li><strong>{_e(s.title)}.</strong> {_e(s.text)}</li>" for s in fr.after)
    check = model.check
    flags = "".join(f"<li>{_e(f.question)} <em>{_e(f.advice)}</em></li>" for f in c.safety.red_flags)
    numbers = ", ".join(f"{_e(n.region)} {_e(n.number)}" for n in check.emergency_numbers())
    area = model.area
    severity = model.severity
    severity_html = (f"<h2>How bad it is now: {_e(severity.label.lower())}</h2><p>{_e(severity.advice)}"
                     f"{_cite(c, severity.sources)}</p>") if severity is not None else ""
    applies = ""
    if check.needs_help:
        applies = ("<div class=\"danger\"><h2>A warning sign applies</h2><ul>"
                   + "".join(f"<li>{_e(f.question)} <em>{_e(f.advice)}</em></li>" for f in check.triggered)
                   + "</ul></div>")

    if area == "back":
        if model.back_open:
            moves = "".join(_exercise(e, dose_text(e)) for e in c.back.exercises)
            moves_html = f"<h2>Gentle back exercises</h2>{moves}"
        else:
            moves_html = (f"<h2>Gentle back exercises</h2><p>{_e(c.back.locked_heading)}. {_e(c.back.locked_text)}</p>")
    elif model.offers_stretches:
        cards = "".join(_stretch(s, c.stretching.hold_seconds) for s in c.stretching.for_area(area))
        moves_html = (f"<h2>Your stretch: {_e(area)}</h2><h3>Before you stretch</h3>"
                      f"<ul>{_facts(c, c.safety.stretch_cautions)}</ul>{cards}")
    else:
        moves_html = "<h2>Stretching</h2><p>No stretching for now: see the advice above.</p>"

    if plan is not None and timeline_svg is not None:
        import base64

        course = plan if isinstance(plan, Course) else Course((plan,))
        picture = base64.b64encode(timeline_svg.encode()).decode()
        rows = "".join(f"<tr><td>{s.start:%a %d %b}</td><td>{s.start:%H:%M}\u2013{s.end:%H:%M}</td><td>{s.kind}</td>"
                       f"<td>{s.minutes}</td><td>{_e(s.reason)}</td></tr>" for s in course.sessions)
        coldheat = (f'<h2>Cold and heat: {_e(course.span)}</h2><div class="timeline"><img alt="{_e(describe(course))}" '
                    f'src="data:image/svg+xml;base64,{picture}"></div>'
                    f"<table><thead><tr><th>Day</th><th>Time</th><th>Kind</th><th>Minutes</th><th>Why</th></tr></thead>"
                    f"<tbody>{rows}</tbody></table>")
        kinds = {k.kind: k.minutes for day in course.days for k in day.kinds}
    else:
        coldheat = "<h2>Cold and heat</h2><p>No plan was made (check the planner's inputs).</p>"
        kinds = {}
    rules = ""
    for kind, title in (("cold", "Cold safely"), ("heat", "Heat safely")):
        facts = session_rules(c, kind, kinds[kind]) if kind in kinds else c.safety.limits(kind).rules
        rules += f"<h3>{title}</h3><ul>{_facts(c, facts)}</ul>"
    bed = bedtime_fact(c)
    rules += f"<p>{_e(bed.text)}{_cite(c, bed.sources)}</p>"
    rules += f"<h3>Ask a professional first</h3><ul>{_facts(c, c.safety.ask_first)}</ul>"
    h = c.hydration
    if drinks:
        drink_html = "<ul>" + "".join(f"<li><strong>{_e(d.when)}:</strong> {_e(d.what)}</li>" for d in drinks) + "</ul>"
    else:
        drink_html = f"<p>{_e(h.before_heavy_use)}</p>"
    where = "" if check.region else " (choose your country on the page to print just yours)"
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>My Spasm Relief plan, {made:%d %B %Y}</title>
<style>{CSS}</style></head><body>
<h1>My Spasm Relief plan</h1>
<p>Made on {made:%A %d %B %Y at %H:%M}. Content last reviewed on {c.meta.last_reviewed:%d %B %Y}.</p>
<p class="notice"><strong>Educational, not a diagnosis or treatment.</strong> {_e(c.meta.notice)}</p>
{applies}
{severity_html}
<h2>What to do now</h2><ol>{now_steps}</ol>
<h2>The next few days</h2><ol>{after_steps}</ol>
{moves_html}
{coldheat}
{rules}
<h2>Drinks</h2><p>{_e(h.why)}</p>{drink_html}
<div class="danger"><h2>Stop and get help if</h2><ul>{flags}</ul><p>Emergency number{'s' if len(check.emergency_numbers()) != 1 else ''}: {numbers}{where}, or your local one.</p></div>
<p class="cite">Spasm Relief. Advice from a practical how-to article, checked against trusted health sources.</p>
</body></html>"""
