"""The tutorial's content: every fact, loaded from ``assets/content/*.toml`` into typed objects.

The narrative, the widgets and the tests all read facts from here, so a figure
lives in exactly one place. Loading validates every file; a malformed or
incomplete file raises :class:`~widgets.schema.ContentError` naming the file
and the field.
"""

from __future__ import annotations

import datetime as _dt
import functools
from dataclasses import dataclass
from pathlib import Path

from .paths import CONTENT_DIR
from .schema import ContentError, Range, Table, read_toml

LEVELS = ("emergency", "urgent", "doctor")
"""Red-flag levels, most serious first."""

TOPICS = ("general", "back", "calf")


@dataclass(frozen=True)
class Source:
    id: str
    name: str
    kind: str


@dataclass(frozen=True)
class Fact:
    """A piece of advice and the ids of the sources that give it."""

    text: str
    sources: tuple[str, ...]


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
    pad_minutes: Range
    max_celsius_reduced_feeling: int
    rules: tuple[Fact, ...]


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
    ask_first: tuple[Fact, ...]
    stretch_cautions: tuple[Fact, ...]
    disagreements: tuple[Disagreement, ...]
    medicines: tuple[Fact, ...]


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
class FirstResponse:
    reassurance: str
    sources: tuple[str, ...]
    now: tuple[Step, ...]
    after: tuple[Step, ...]
    feelings: tuple[Feeling, ...]


@dataclass(frozen=True)
class Stretch:
    id: str
    name: str
    areas: tuple[str, ...]
    steps: tuple[str, ...]
    feel: str
    stop_when: str
    each_side: bool
    illustration: str
    alt: str
    also_called: str | None = None


@dataclass(frozen=True)
class Stretching:
    hold_seconds: int
    sources: tuple[str, ...]
    body_areas: tuple[str, ...]
    principles: tuple[str, ...]
    stretches: tuple[Stretch, ...]

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
    before: str
    during_heavy: str
    after_light: str
    after_heavy: str


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


def _fact(t: Table) -> Fact:
    fact = Fact(t.text("text"), t.text_list("sources", allow_empty=True))
    t.done()
    return fact


def _facts(t: Table, key: str) -> tuple[Fact, ...]:
    return tuple(_fact(item) for item in t.tables(key))


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
        sources.append(Source(item.text("id"), item.text("name"), item.text("kind")))
        item.done()
    t.done()
    return tuple(sources)


def _red_flag(t: Table) -> RedFlag:
    flag = RedFlag(
        id=t.text("id"),
        question=t.text("question"),
        advice=t.text("advice"),
        level=t.choice("level", LEVELS),
        topic=t.choice("topic", TOPICS),
        sources=t.text_list("sources"),
        minutes=t.integer("minutes", 1) if t.has("minutes") else None,
    )
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
    cold = ColdLimits(c.integer("max_minutes", 1), c.range("advised_minutes"), c.range("repeat_hours"),
                      c.text_list("limit_sources"), _facts(c, "rule"))
    if cold.advised_minutes.high > cold.max_minutes:
        raise c.error("advised_minutes", "must not go above max_minutes")
    c.done()

    h = t.table("heat")
    heat = HeatLimits(h.range("pad_minutes"), h.integer("max_celsius_reduced_feeling", 1), _facts(h, "rule"))
    h.done()

    disagreements = []
    for item in t.tables("disagreement"):
        disagreements.append(Disagreement(item.text("topic"), item.text("article"), _facts(item, "others")))
        item.done()

    safety = Safety(
        red_flags=tuple(_red_flag(item) for item in t.tables("red_flag")),
        emergency_numbers=tuple(numbers),
        cold=cold,
        heat=heat,
        ask_first=_facts(t, "ask_first"),
        stretch_cautions=_facts(t, "stretch_caution"),
        disagreements=tuple(disagreements),
        medicines=_facts(t, "medicine"),
    )
    t.done()
    return safety


def _step(t: Table) -> Step:
    step = Step(t.text("id"), t.text("title"), t.text("text"), t.text("why"), t.optional_text("caution"))
    t.done()
    return step


def _first_response(t: Table) -> FirstResponse:
    feelings = []
    for item in t.tables("feeling"):
        feelings.append(Feeling(item.text("id"), item.text("label"), item.text("feedback"), item.boolean("warning")))
        item.done()
    first = FirstResponse(
        reassurance=t.text("reassurance"),
        sources=t.text_list("sources"),
        now=tuple(_step(item) for item in t.tables("now")),
        after=tuple(_step(item) for item in t.tables("after")),
        feelings=tuple(feelings),
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
                feel=item.text("feel"), stop_when=item.text("stop_when"), each_side=item.boolean("each_side"),
                illustration=item.text("illustration"), alt=item.text("alt"),
                also_called=item.optional_text("also_called"),
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
        levels.append(PainLevel(item.text("id"), item.text("label"), item.boolean("unlocks")))
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
    ice_heat = IceHeat(
        sources=t.text_list("sources"), why_cold=t.text("why_cold"), why_heat=t.text("why_heat"),
        saying=t.text("saying"), saying_heat=t.text("saying_heat"), saying_cold=t.text("saying_cold"),
        heat_sources=t.text_list("heat_sources"), cold_sources=t.text_list("cold_sources"), rules=tuple(rules),
    )
    t.done()
    return ice_heat


def _hydration(t: Table) -> Hydration:
    minerals = []
    for item in t.tables("mineral"):
        minerals.append(Mineral(item.text("name"), item.text("role")))
        item.done()
    d = t.table("drink_plan")
    advice = DrinkAdvice(d.text("before"), d.text("during_heavy"), d.text("after_light"), d.text("after_heavy"))
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
    return content


@functools.lru_cache(maxsize=1)
def content() -> Content:
    """The tutorial's content, loaded once per process."""
    return load_content()
