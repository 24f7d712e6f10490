"""The tutorial's content: every fact, loaded from ``assets/content/*.toml`` into typed objects.

The narrative, the widgets and the tests all read facts from here, so a figure
lives in exactly one place. Loading validates every file; a malformed or
incomplete file raises :class:`~widgets.schema.ContentError` naming the file
and the field.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import functools
from dataclasses import dataclass
from pathlib import Path

from .paths import CONTENT_DIR
from .schema import ContentError, Range, Table, read_toml

LEVELS = ("emergency", "urgent", "doctor")
"""Red-flag levels, most serious first."""

TOPICS = ("general", "back", "leg")
"""What a red flag is about: any cramp, back pain, or one leg (a possible clot)."""


@dataclass(frozen=True)
class Source:
    id: str
    short: str  # how a citation names it, e.g. "NHS: DVT"
    title: str
    publisher: str
    url: str
    kind: str
    checked: _dt.date
    note: str | None = None

    @property
    def name(self) -> str:
        return f"{self.publisher}: {self.title}"


@dataclass(frozen=True)
class Fact:
    """A piece of advice and the ids of the sources that give it."""

    text: str
    sources: tuple[str, ...]
    id: str | None = None


@dataclass(frozen=True)
class Meta:
    title: str
    tagline: str
    notice: str
    last_reviewed: _dt.date
    audience: tuple[str, ...]


@dataclass(frozen=True)
class Lesson:
    number: int
    file: str
    title: str
    summary: str
    minutes: int
    prerequisites: tuple[str, ...]

    @property
    def label(self) -> str:
        return f"{self.number}. {self.title}" if self.number else self.title


@dataclass(frozen=True)
class RedFlag:
    id: str
    question: str
    advice: str
    level: str
    topic: str
    sources: tuple[str, ...]
    minutes: int | None = None
    stops_self_care: bool = True
    """False where the sources keep self-care going while the person books a doctor."""


@dataclass(frozen=True)
class EmergencyNumber:
    region: str
    number: str


@dataclass(frozen=True)
class ColdLimits:
    max_minutes: int
    advised_minutes: Range
    repeat_hours: Range
    sources: tuple[str, ...]
    rules: tuple[Fact, ...]


@dataclass(frozen=True)
class HeatLimits:
    max_minutes: int
    pad_minutes: Range
    max_celsius_reduced_feeling: int
    sources: tuple[str, ...]
    rules: tuple[Fact, ...]


@dataclass(frozen=True)
class Bedtime:
    """How long before bed the last cold or heat session must end."""

    margin_minutes: int
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Disagreement:
    topic: str
    article: str
    others: tuple[Fact, ...]


@dataclass(frozen=True)
class Safety:
    red_flags: tuple[RedFlag, ...]
    emergency_numbers: tuple[EmergencyNumber, ...]
    cold: ColdLimits
    heat: HeatLimits
    bedtime: Bedtime
    ask_first: tuple[Fact, ...]
    stretch_cautions: tuple[Fact, ...]
    disagreements: tuple[Disagreement, ...]
    medicines: tuple[Fact, ...]
    medicine_stance: str

    def limits(self, kind: str) -> ColdLimits | HeatLimits:
        return self.cold if kind == "cold" else self.heat

    def duration_rule(self, kind: str) -> Fact:
        """The cold or heat rule about how long to keep it on (id = "duration")."""
        for rule in self.limits(kind).rules:
            if rule.id == "duration":
                return rule
        raise KeyError(f"no duration rule for {kind}")


@dataclass(frozen=True)
class Step:
    id: str
    title: str
    text: str
    why: str
    caution: str | None = None


@dataclass(frozen=True)
class Feeling:
    id: str
    label: str
    feedback: str
    warning: bool


@dataclass(frozen=True)
class Severity:
    """An answer to "How bad is it right now?" and what it changes."""

    id: str
    label: str
    advice: str
    sources: tuple[str, ...]
    stretch: bool  # the area's stretches are offered
    back_exercises: bool  # the gentle back routine may open
    red_flag: str | None = None  # this answer means that warning sign applies


@dataclass(frozen=True)
class FirstResponse:
    reassurance: str
    sources: tuple[str, ...]
    now: tuple[Step, ...]
    after: tuple[Step, ...]
    feelings: tuple[Feeling, ...]
    severities: tuple[Severity, ...]

    def severity(self, severity_id: str) -> Severity:
        for severity in self.severities:
            if severity.id == severity_id:
                return severity
        raise KeyError(f"unknown answer {severity_id!r}; choose one of the answers shown")


@dataclass(frozen=True)
class Stretch:
    id: str
    name: str
    areas: tuple[str, ...]
    steps: tuple[str, ...]
    feel: str | None
    stop_when: str
    each_side: bool  # done with one limb at a time: the cramping one
    illustration: str
    alt: str
    also_called: str | None = None
    sources: tuple[str, ...] = ()  # where this stretch comes from, if not the file's sources


@dataclass(frozen=True)
class Stretching:
    hold_seconds: int
    sources: tuple[str, ...]
    body_areas: tuple[str, ...]
    principles: tuple[str, ...]
    stretches: tuple[Stretch, ...]

    def sources_of(self, stretch: Stretch) -> tuple[str, ...]:
        return stretch.sources or self.sources

    def for_area(self, area: str) -> tuple[Stretch, ...]:
        if area not in self.body_areas:
            raise KeyError(f"unknown body area {area!r}; choose one of {', '.join(self.body_areas)}")
        return tuple(s for s in self.stretches if area in s.areas)


@dataclass(frozen=True)
class Exercise:
    id: str
    name: str
    steps: tuple[str, ...]
    purpose: str
    each_side: bool
    illustration: str
    alt: str
    reps: Range | None = None
    hold_seconds: Range | None = None
    per_day: Range | None = None


@dataclass(frozen=True)
class PainLevel:
    id: str
    label: str
    unlocks: bool
    not_yet: str | None = None  # why the routine stays closed for this answer


@dataclass(frozen=True)
class BackCare:
    sources: tuple[str, ...]
    when_safe: tuple[str, ...]
    exercises: tuple[Exercise, ...]
    pain_levels: tuple[PainLevel, ...]
    locked_heading: str
    locked_text: str

    def exercise(self, exercise_id: str) -> Exercise:
        for exercise in self.exercises:
            if exercise.id == exercise_id:
                return exercise
        raise KeyError(f"unknown exercise {exercise_id!r}")


@dataclass(frozen=True)
class Phase:
    kind: str  # "cold" or "heat"
    minutes: Range
    when: str
    every_hours: Range | None = None
    first_days: int | None = None  # only in the first N days (day 0 is the spasm's day)
    after_days: int | None = None  # only from day N on
    moist: bool = False

    def applies_on(self, day_index: int) -> bool:
        if self.first_days is not None and day_index >= self.first_days:
            return False
        return self.after_days is None or day_index >= self.after_days


@dataclass(frozen=True)
class Rule:
    id: str
    name: str
    summary: str
    phases: tuple[Phase, ...]

    def phase(self, kind: str) -> Phase:
        for phase in self.phases:
            if phase.kind == kind:
                return phase
        raise KeyError(f"rule {self.id!r} has no {kind} phase")


@dataclass(frozen=True)
class PlannerSettings:
    """How the planner lays sessions out. Planning choices, not doses: see ice_heat.toml."""

    gap_minutes: int
    lead_minutes: int
    step_minutes: int
    free_interval_hours: Range


@dataclass(frozen=True)
class IceHeat:
    sources: tuple[str, ...]
    why_cold: str
    why_heat: str
    saying: str
    saying_heat: str
    saying_cold: str
    heat_sources: tuple[str, ...]
    cold_sources: tuple[str, ...]
    rules: tuple[Rule, ...]
    planner: PlannerSettings

    @property
    def default_heat_every_hours(self) -> int:
        """Where a rule gives no heat interval: the article's own heat interval from another rule."""
        for rule in self.rules:
            for phase in rule.phases:
                if phase.kind == "heat" and phase.every_hours is not None:
                    return phase.every_hours.low
        return self.planner.free_interval_hours.low

    def rule(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(f"unknown rule {rule_id!r}; choose one of {', '.join(r.id for r in self.rules)}")


@dataclass(frozen=True)
class Mineral:
    name: str
    role: str


@dataclass(frozen=True)
class DrinkAdvice:
    light: str  # the article gives no drink advice for lighter activity: say so (hard exercise: before_heavy_use)


@dataclass(frozen=True)
class Hydration:
    sources: tuple[str, ...]
    why: str
    drinks: tuple[str, ...]
    mineral_details: tuple[Mineral, ...]
    minerals_role: str
    mineral_sources: tuple[str, ...]
    before_heavy_use: str
    supplements_article_view: str
    drink_plan: DrinkAdvice

    @property
    def minerals(self) -> tuple[str, ...]:
        return tuple(m.name for m in self.mineral_details)


@dataclass(frozen=True)
class Dashboard:
    file: str
    title: str
    summary: str
    minutes: int


@dataclass(frozen=True)
class Content:
    meta: Meta
    lessons: tuple[Lesson, ...]
    sources: tuple[Source, ...]
    safety: Safety
    first_response: FirstResponse
    stretching: Stretching
    back: BackCare
    ice_heat: IceHeat
    hydration: Hydration
    dashboard: Dashboard

    def source(self, source_id: str) -> Source:
        for source in self.sources:
            if source.id == source_id:
                return source
        raise KeyError(source_id)

    def lesson(self, file: str) -> Lesson:
        for lesson in self.lessons:
            if lesson.file == file:
                return lesson
        raise KeyError(f"no lesson {file!r} in lessons.toml")


# --- builders: one per table shape; each reads its fields and rejects unknown ones ---


def _fill(t: Table, key: str, text: str, figures: dict[str, object] | None) -> str:
    """Fill ``{name}`` placeholders from the figures of the table the text belongs to."""
    if not figures:
        if "{" in text:
            raise t.error(key, "has a {placeholder} but no figures to fill it from")
        return text
    try:
        return text.format_map({name: str(value) for name, value in figures.items()})
    except (KeyError, ValueError, IndexError) as error:
        raise t.error(key, f"names an unknown figure {error} (known: {', '.join(figures)})") from None


def _fact(t: Table, figures: dict[str, object] | None = None) -> Fact:
    fact = Fact(_fill(t, "text", t.text("text"), figures), t.text_list("sources", allow_empty=True),
                t.optional_text("id"))
    t.done()
    return fact


def _facts(t: Table, key: str, figures: dict[str, object] | None = None) -> tuple[Fact, ...]:
    return tuple(_fact(item, figures) for item in t.tables(key))


def _meta(t: Table) -> Meta:
    meta = Meta(t.text("title"), t.text("tagline"), t.text("notice"), t.date("last_reviewed"), t.text_list("audience"))
    t.done()
    return meta


def _lessons(t: Table) -> tuple[Lesson, ...]:
    return _lessons_and_dashboard(t)[0]


def _dashboard(t: Table) -> Dashboard:
    return _lessons_and_dashboard(t)[1]


def _lessons_and_dashboard(t: Table) -> tuple[tuple[Lesson, ...], Dashboard]:
    lessons = []
    for number, item in enumerate(t.tables("lesson")):
        file = item.text("file")
        if not file.startswith(f"{number:02d}_") or not file.endswith(".ipynb"):
            raise item.error("file", f"must be named {number:02d}_<name>.ipynb to keep the lessons in order")
        lessons.append(
            Lesson(number, file, item.text("title"), item.text("summary"), item.integer("minutes", 1),
                   item.text_list("prerequisites", allow_empty=True))
        )
        item.done()
    d = t.table("dashboard")
    dashboard = Dashboard(d.text("file"), d.text("title"), d.text("summary"), d.integer("minutes", 1))
    if not dashboard.file.endswith(".ipynb") or dashboard.file in {lesson.file for lesson in lessons}:
        raise d.error("file", "must be a notebook that is not also a lesson")
    d.done()
    t.done()
    return tuple(lessons), dashboard


def _sources(t: Table) -> tuple[Source, ...]:
    sources = []
    for item in t.tables("source"):
        url = item._get("url")
        if not isinstance(url, str) or (url and not url.startswith("https://")):
            raise item.error("url", "must be an https:// address (or empty for the source article)")
        source = Source(item.text("id"), item.text("short"), item.text("title"), item.text("publisher"), url, item.text("kind"),
                        item.date("checked"), item.optional_text("note"))
        if not url and source.note is None:
            raise item.error("url", "is empty: add a note saying why the source has no address")
        sources.append(source)
        item.done()
    t.done()
    return tuple(sources)


def _red_flag(t: Table) -> RedFlag:
    minutes = t.integer("minutes", 1) if t.has("minutes") else None
    figures = {"minutes": minutes} if minutes is not None else None
    flag = RedFlag(
        id=t.text("id"),
        question=_fill(t, "question", t.text("question"), figures),
        advice=_fill(t, "advice", t.text("advice"), figures),
        level=t.choice("level", LEVELS),
        topic=t.choice("topic", TOPICS),
        sources=t.text_list("sources"),
        minutes=minutes,
        stops_self_care=t.boolean("stops_self_care", default=True),
    )
    if not flag.stops_self_care and flag.level != "doctor":
        raise t.error("stops_self_care", "only a 'doctor' level warning sign may leave self-care going")
    t.done()
    return flag


def _safety(t: Table) -> Safety:
    numbers = []
    for item in t.tables("emergency_number"):
        number = item.text("number")
        if not number.isdigit():
            raise item.error("number", "must be digits only")
        numbers.append(EmergencyNumber(item.text("region"), number))
        item.done()

    c = t.table("cold")
    max_cold, advised, repeat = c.integer("max_minutes", 1), c.range("advised_minutes"), c.range("repeat_hours")
    figures = {"max_minutes": max_cold, "advised_minutes": _words(advised), "repeat_hours": _words(repeat)}
    cold = ColdLimits(max_cold, advised, repeat, c.text_list("limit_sources"), _facts(c, "rule", figures))
    if cold.advised_minutes.high > cold.max_minutes:
        raise c.error("advised_minutes", "must not go above max_minutes")
    c.done()

    h = t.table("heat")
    max_heat, pad, celsius = h.integer("max_minutes", 1), h.range("pad_minutes"), h.integer("max_celsius_reduced_feeling", 1)
    figures = {"max_minutes": max_heat, "pad_minutes": _words(pad), "max_celsius_reduced_feeling": celsius}
    heat = HeatLimits(max_heat, pad, celsius, h.text_list("limit_sources"), _facts(h, "rule", figures))
    if heat.pad_minutes.high > heat.max_minutes:
        raise h.error("pad_minutes", "must not go above max_minutes")
    h.done()
    for limits, table in ((cold, c), (heat, h)):
        if sum(rule.id == "duration" for rule in limits.rules) != 1:
            raise table.error("rule", 'needs exactly one rule with id = "duration"')

    b = t.table("bedtime")
    bedtime = Bedtime(b.integer("margin_minutes", 1), b.text_list("sources"))
    b.done()

    disagreements = []
    for item in t.tables("disagreement"):
        disagreements.append(Disagreement(item.text("topic"), item.text("article"), _facts(item, "others")))
        item.done()

    safety = Safety(
        red_flags=tuple(_red_flag(item) for item in t.tables("red_flag")),
        emergency_numbers=tuple(numbers),
        cold=cold,
        heat=heat,
        bedtime=bedtime,
        ask_first=_facts(t, "ask_first"),
        stretch_cautions=_facts(t, "stretch_caution"),
        disagreements=tuple(disagreements),
        medicines=_facts(t, "medicine"),
        medicine_stance=t.text("medicine_stance"),
    )
    t.done()
    return safety


def _words(r: Range) -> str:
    """A range as it reads in a sentence: "10 to 15" (or "20")."""
    return str(r.low) if r.is_single else f"{r.low} to {r.high}"


def _step(t: Table) -> Step:
    step = Step(t.text("id"), t.text("title"), t.text("text"), t.text("why"), t.optional_text("caution"))
    t.done()
    return step


def _first_response(t: Table) -> FirstResponse:
    feelings = []
    for item in t.tables("feeling"):
        feelings.append(Feeling(item.text("id"), item.text("label"), item.text("feedback"), item.boolean("warning")))
        item.done()
    severities = []
    for item in t.tables("severity"):
        severities.append(Severity(
            id=item.text("id"), label=item.text("label"), advice=item.text("advice"),
            sources=item.text_list("sources"), stretch=item.boolean("stretch"),
            back_exercises=item.boolean("back_exercises"), red_flag=item.optional_text("red_flag"),
        ))
        item.done()
    first = FirstResponse(
        reassurance=t.text("reassurance"),
        sources=t.text_list("sources"),
        now=tuple(_step(item) for item in t.tables("now")),
        after=tuple(_step(item) for item in t.tables("after")),
        feelings=tuple(feelings),
        severities=tuple(severities),
    )
    t.done()
    return first


def _stretching(t: Table) -> Stretching:
    areas = t.text_list("body_areas")
    stretches = []
    for item in t.tables("stretch"):
        stretch_areas = item.text_list("areas")
        for area in stretch_areas:
            if area not in areas:
                raise item.error("areas", f"{area!r} is not one of body_areas ({', '.join(areas)})")
        stretches.append(
            Stretch(
                id=item.text("id"), name=item.text("name"), areas=stretch_areas, steps=item.text_list("steps"),
                feel=item.optional_text("feel"), stop_when=item.text("stop_when"),
                each_side=item.boolean("each_side"), illustration=item.text("illustration"), alt=item.text("alt"),
                also_called=item.optional_text("also_called"),
                sources=item.text_list("sources") if item.has("sources") else (),
            )
        )
        item.done()
    stretching = Stretching(t.integer("hold_seconds", 1), t.text_list("sources"), areas,
                            t.text_list("principles"), tuple(stretches))
    for area in areas:
        if not stretching.for_area(area):
            raise t.error("body_areas", f"no stretch covers the area {area!r}")
    t.done()
    return stretching


def _back(t: Table) -> BackCare:
    exercises = []
    for item in t.tables("exercise"):
        exercises.append(
            Exercise(
                id=item.text("id"), name=item.text("name"), steps=item.text_list("steps"),
                purpose=item.text("purpose"), each_side=item.boolean("each_side"),
                illustration=item.text("illustration"), alt=item.text("alt"),
                reps=item.optional_range("reps"), hold_seconds=item.optional_range("hold_seconds"),
                per_day=item.optional_range("per_day"),
            )
        )
        item.done()
    levels = []
    for item in t.tables("pain_level"):
        level = PainLevel(item.text("id"), item.text("label"), item.boolean("unlocks"), item.optional_text("not_yet"))
        if not level.unlocks and level.not_yet is None:
            raise item.error("not_yet", "missing: say why the routine stays closed for this answer")
        levels.append(level)
        item.done()
    if not any(level.unlocks for level in levels) or all(level.unlocks for level in levels):
        raise t.error("pain_level", "needs at least one level that unlocks the routine and one that does not")
    locked = t.table("locked")
    back = BackCare(t.text_list("sources"), t.text_list("when_safe"), tuple(exercises), tuple(levels),
                    locked.text("heading"), locked.text("text"))
    locked.done()
    t.done()
    return back


def _ice_heat(t: Table) -> IceHeat:
    rules = []
    for item in t.tables("rule"):
        phases = []
        for p in item.tables("phase"):
            phases.append(
                Phase(
                    kind=p.choice("kind", ("cold", "heat")), minutes=p.range("minutes"), when=p.text("when"),
                    every_hours=p.optional_range("every_hours"),
                    first_days=p.integer("first_days", 1) if p.has("first_days") else None,
                    after_days=p.integer("after_days", 1) if p.has("after_days") else None,
                    moist=p.boolean("moist", default=False),
                )
            )
            p.done()
        rules.append(Rule(item.text("id"), item.text("name"), item.text("summary"), tuple(phases)))
        item.done()
    p = t.table("planner")
    planner = PlannerSettings(p.integer("gap_minutes", 1), p.integer("lead_minutes", 1), p.integer("step_minutes", 1),
                              p.range("free_interval_hours"))
    p.done()
    ice_heat = IceHeat(
        sources=t.text_list("sources"), why_cold=t.text("why_cold"), why_heat=t.text("why_heat"),
        saying=t.text("saying"), saying_heat=t.text("saying_heat"), saying_cold=t.text("saying_cold"),
        heat_sources=t.text_list("heat_sources"), cold_sources=t.text_list("cold_sources"), rules=tuple(rules),
        planner=planner,
    )
    t.done()
    return ice_heat


def _hydration(t: Table) -> Hydration:
    minerals = []
    for item in t.tables("mineral"):
        minerals.append(Mineral(item.text("name"), item.text("role")))
        item.done()
    d = t.table("drink_plan")
    advice = DrinkAdvice(d.text("light"))
    d.done()
    hydration = Hydration(
        sources=t.text_list("sources"), why=t.text("why"), drinks=t.text_list("drinks"),
        mineral_details=tuple(minerals), minerals_role=t.text("minerals_role"),
        mineral_sources=t.text_list("mineral_sources"),
        before_heavy_use=t.text("before_heavy_use"), supplements_article_view=t.text("supplements_article_view"),
        drink_plan=advice,
    )
    t.done()
    return hydration


FILES = {
    "meta": ("meta.toml", _meta),
    "lessons": ("lessons.toml", _lessons),
    "dashboard": ("lessons.toml", _dashboard),
    "sources": ("sources.toml", _sources),
    "safety": ("safety.toml", _safety),
    "first_response": ("first_response.toml", _first_response),
    "stretching": ("stretching.toml", _stretching),
    "back": ("back.toml", _back),
    "ice_heat": ("ice_heat.toml", _ice_heat),
    "hydration": ("hydration.toml", _hydration),
}
"""Each part of :class:`Content`, the file it comes from and the builder that reads it."""


def _check_references(content: Content, directory: Path) -> None:
    """Every cited source exists; every illustration file exists; ids are unique."""
    known = {s.id for s in content.sources}
    if len(known) != len(content.sources):
        raise ContentError("sources.toml", "source", "two sources share an id")

    def check(file: str, field: str, ids: tuple[str, ...]) -> None:
        for source_id in ids:
            if source_id not in known:
                raise ContentError(file, field, f"cites unknown source {source_id!r}")

    s = content.safety
    for i, flag in enumerate(s.red_flags):
        check("safety.toml", f"red_flag[{i}].sources", flag.sources)
    for key, facts in (("cold.rule", s.cold.rules), ("heat.rule", s.heat.rules), ("ask_first", s.ask_first),
                       ("stretch_caution", s.stretch_cautions), ("medicine", s.medicines)):
        for i, fact in enumerate(facts):
            check("safety.toml", f"{key}[{i}].sources", fact.sources)
    check("safety.toml", "cold.limit_sources", s.cold.sources)
    check("safety.toml", "heat.limit_sources", s.heat.sources)
    check("safety.toml", "bedtime.sources", s.bedtime.sources)
    for i, severity in enumerate(content.first_response.severities):
        check("first_response.toml", f"severity[{i}].sources", severity.sources)
        if severity.red_flag is not None and severity.red_flag not in {f.id for f in s.red_flags}:
            raise ContentError("first_response.toml", f"severity[{i}].red_flag",
                               f"names unknown warning sign {severity.red_flag!r}")
    for stretch in content.stretching.stretches:
        check("stretching.toml", f"{stretch.id}.sources", stretch.sources)
    for i, dis in enumerate(s.disagreements):
        for j, fact in enumerate(dis.others):
            check("safety.toml", f"disagreement[{i}].others[{j}].sources", fact.sources)
    for file, ids in (("first_response.toml", content.first_response.sources),
                      ("stretching.toml", content.stretching.sources), ("back.toml", content.back.sources),
                      ("ice_heat.toml", content.ice_heat.sources), ("hydration.toml", content.hydration.sources),
                      ("hydration.toml", content.hydration.mineral_sources)):
        check(file, "sources", ids)

    flag_ids = [f.id for f in s.red_flags]
    if len(set(flag_ids)) != len(flag_ids):
        raise ContentError("safety.toml", "red_flag", "two red flags share an id")

    images = directory.parent / "img"
    for file, items in (("stretching.toml", content.stretching.stretches), ("back.toml", content.back.exercises)):
        for item in items:
            if not (images / item.illustration).is_file():
                raise ContentError(file, f"{item.id}.illustration", f"no picture assets/img/{item.illustration}")


def load_content(directory: Path | str = CONTENT_DIR) -> Content:
    """Load and validate every content file in ``directory``."""
    directory = Path(directory)
    parts = {}
    for part, (file, build) in FILES.items():
        table = read_toml(directory / file)
        parts[part] = build(table)
    content = Content(**parts)
    _check_references(content, directory)
    return _fill_severity_labels(content)


def _fill_severity_labels(content: Content) -> Content:
    """A severity tied to a warning sign may quote its figure: ``{minutes}`` in its label."""
    flags = {flag.id: flag for flag in content.safety.red_flags}
    severities = []
    for i, severity in enumerate(content.first_response.severities):
        figures = {}
        if severity.red_flag is not None and flags[severity.red_flag].minutes is not None:
            figures["minutes"] = flags[severity.red_flag].minutes
        try:
            label = severity.label.format_map(figures) if "{" in severity.label else severity.label
        except KeyError as error:
            raise ContentError("first_response.toml", f"severity[{i}].label",
                               f"names {error}, which its warning sign does not give") from None
        severities.append(dataclasses.replace(severity, label=label))
    first = dataclasses.replace(content.first_response, severities=tuple(severities))
    return dataclasses.replace(content, first_response=first)


@functools.lru_cache(maxsize=1)
def content() -> Content:
    """The tutorial's content, loaded once per process."""
    return load_content()
