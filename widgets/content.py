"""The tutorial's content: every fact, loaded from ``assets/content/*.toml`` into typed objects.

The narrative, the widgets and the tests all read facts from here, so a figure lives in exactly
one place. Each class below is the whole definition of one TOML table: its fields are the
table's keys (``key()`` names a list of tables such as ``[[red_flag]]``). Loading validates every
file; a malformed or incomplete file raises :class:`~widgets.schema.ContentError` naming the
file, the table and the field.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from . import paths
from .schema import (Cited, Cites, Count, Date, FieldError, Flag, Picture, Plain, Range, Slug, Span, Text, Texts,
                     ValidationInfo, check, choice, key, load, model_validator, table)

LEVELS = ("emergency", "urgent", "doctor")
"""Red-flag levels, most serious first."""


def _format(text: Any, figures: dict[str, Any], field: str) -> Any:
    """Fill ``{name}`` placeholders from the figures of the table the text belongs to."""
    if not isinstance(text, str) or not figures:
        return text
    try:
        return text.format_map({name: str(value) for name, value in figures.items()})
    except (KeyError, ValueError, IndexError) as error:
        raise FieldError(field, f"names an unknown figure {error} (known: {', '.join(figures)})") from None


def _words(value: Any) -> Any:
    """A figure as it reads in a sentence: ``[10, 15]`` -> "10 to 15"; ``[20, 20]`` or ``20`` -> "20"."""
    if isinstance(value, list) and len(value) == 2:
        return str(value[0]) if value[0] == value[1] else f"{value[0]} to {value[1]}"
    return value


def _fill_rules(data: Any, *names: str) -> Any:
    """Fill the text of each ``[[rule]]`` from this table's figures."""
    if not isinstance(data, dict) or not isinstance(data.get("rule"), list):
        return data
    figures = {name: _words(data[name]) for name in names if name in data}
    return {**data, "rule": [{**rule, "text": _format(rule["text"], figures, f"rule[{i}].text")}
                             if isinstance(rule, dict) and "text" in rule else rule
                             for i, rule in enumerate(data["rule"])]}


def _find(items: tuple[Any, ...], value: str, problem: str, attr: str = "id") -> Any:
    """The item whose ``attr`` is ``value``; else a KeyError saying ``problem``."""
    for item in items:
        if getattr(item, attr) == value:
            return item
    raise KeyError(problem)


def _unique(items: tuple[Any, ...]) -> bool:
    return len({item.id for item in items}) == len(items)


def _own_sources(data: Any, items: str) -> Any:
    """Each item without its own ``sources`` cites the file's ``sources``."""
    if not isinstance(data, dict) or not isinstance(data.get(items), list) or "sources" not in data:
        return data
    return {**data, items: [{"sources": data["sources"], **item} if isinstance(item, dict) else item
                            for item in data[items]]}


@table
class Source:
    id: Text
    short: Text  # how a citation names it, e.g. "NHS: DVT"
    title: Text
    publisher: Text
    url: str  # empty only for the source article, which says why in `note`
    kind: Text
    checked: Date
    note: Text | None = None

    @property
    def name(self) -> str:
        return f"{self.publisher}: {self.title}"

    _https = check("url", "must be an https:// address (or empty for the source article)",
                   lambda t: not t.url or t.url.startswith("https://"))
    _why_not = check("url", "is empty: add a note saying why the source has no address", lambda t: t.url or t.note)


@table
class Sources:
    sources: Annotated[tuple[Source, ...], key("source")]

    _ids = check("source", "two sources share an id", lambda t: _unique(t.sources))


@table
class Fact:
    """A piece of advice and the ids of the sources that give it."""

    text: Plain
    sources: Cites
    id: Text | None = None


@table
class Meta:
    title: Text
    tagline: Text
    notice: Text
    last_reviewed: Date
    audience: Texts


@table
class Goal:
    """A learning goal of a lesson: one item of the list under "you will learn to:" in its notebook's Overview."""

    id: Slug  # stable within its lesson: a question names the goal it checks by it
    text: Text  # as the Overview lists it, from a capital letter, without the full stop


@table
class Lesson:
    number: int  # its place in lessons.toml, from 0
    id: Slug  # stable: links, questions and the class pools name a lesson by it
    file: Text  # the notebook under notebooks/; any name (its page's address)
    title: Text
    summary: Text
    minutes: Count
    prerequisites: tuple[Slug, ...]  # ids of lessons earlier in lessons.toml
    goals: Annotated[tuple[Goal, ...], key("goal", empty=True)] = ()  # [[lesson.goal]], in the Overview's order

    @property
    def label(self) -> str:
        return f"{self.number}. {self.title}" if self.number else self.title

    def goal(self, goal_id: str) -> Goal:
        """The learning goal ``goal_id`` of this lesson; else a KeyError naming the lesson."""
        return _find(self.goals, goal_id, f"{goal_id!r} is not a learning goal of lesson {self.id!r}")

    _notebook = check("file", "must be a notebook (.ipynb)", lambda t: t.file.endswith(".ipynb"))

    @model_validator(mode="after")
    def _goal_ids(self) -> Lesson:
        ids = [goal.id for goal in self.goals]
        for i, goal_id in enumerate(ids):
            if goal_id in ids[:i]:
                raise FieldError(f"goal[{i}].id", f"{goal_id!r} is used twice in this lesson")
        return self


@table
class Dashboard:
    id: Slug
    file: Text
    title: Text
    summary: Text
    minutes: Count


@table
class Teacher:
    """The teachers' page (class results): listed apart in the contents, not a numbered lesson."""

    id: Slug
    file: Text
    title: Text
    summary: Text
    minutes: Count


@table
class Lessons:
    lessons: Annotated[tuple[Lesson, ...], key("lesson")]
    dashboard: Dashboard
    teacher: Teacher

    @model_validator(mode="before")
    @classmethod
    def _number(cls, data: Any) -> Any:
        if isinstance(data, dict) and isinstance(data.get("lesson"), list):
            data = {**data, "lesson": [{**item, "number": i} if isinstance(item, dict) else item
                                       for i, item in enumerate(data["lesson"])]}
        return data

    _dashboard = check("dashboard.file", "must be a notebook that is not also a lesson", lambda t: t.dashboard.file
                       .endswith(".ipynb") and t.dashboard.file not in {lesson.file for lesson in t.lessons})
    _ids = check("lesson", "two lessons (or a lesson and the dashboard) have the same id or file", lambda t: len(
        {x.id for x in (*t.lessons, t.dashboard)}) == len({x.file for x in (*t.lessons, t.dashboard)}) == len(t.lessons) + 1)
    _teacher = check("teacher", "must be a notebook whose id and file no lesson and not the dashboard has", lambda t:
                     t.teacher.file.endswith(".ipynb") and t.teacher.id not in {x.id for x in (*t.lessons, t.dashboard)}
                     and t.teacher.file not in {x.file for x in (*t.lessons, t.dashboard)})

    @model_validator(mode="after")
    def _prerequisites(self) -> Lessons:
        order = [lesson.id for lesson in self.lessons]
        for i, lesson in enumerate(self.lessons):
            for j, needed in enumerate(lesson.prerequisites):
                if needed not in order[:i]:
                    why = "which does not come before this lesson" if needed in order else "which is no lesson's id"
                    raise FieldError(f"lesson[{i}].prerequisites[{j}]", f"names {needed!r}, {why}")
        return self


@table
class RedFlag:
    id: Text
    question: Plain
    advice: Plain
    level: choice(*LEVELS)
    topic: Text  # what it is about: "general", a body area, "leg"...; a new topic needs no code
    sources: Cited
    minutes: Count | None = None  # fills {minutes} in the question and the advice
    stops_self_care: Flag = True
    """False where the sources keep self-care going while the person books a doctor."""

    @model_validator(mode="before")
    @classmethod
    def _figures(cls, data: Any) -> Any:
        if isinstance(data, dict) and "minutes" in data:
            data = {**data, **{k: _format(data[k], {"minutes": data["minutes"]}, k)
                               for k in ("question", "advice") if k in data}}
        return data

    _self_care = check("stops_self_care", "only a 'doctor' level warning sign may leave self-care going",
                       lambda t: t.stops_self_care or t.level == "doctor")


@table
class EmergencyNumber:
    region: Text
    number: Text

    _digits = check("number", "must be digits only", lambda t: t.number.isdigit())


def _one_duration_rule() -> Any:
    return check("rule", 'needs exactly one rule with id = "duration"',
                 lambda t: sum(rule.id == "duration" for rule in t.rules) == 1)


@table
class ColdLimits:
    max_minutes: Count
    advised_minutes: Span
    repeat_hours: Span
    sources: Annotated[Cited, key("limit_sources")]
    rules: Annotated[tuple[Fact, ...], key("rule")]  # {max_minutes}, {advised_minutes}, {repeat_hours} filled in

    _figures = model_validator(mode="before")(lambda data: _fill_rules(data, "max_minutes", "advised_minutes",
                                                                       "repeat_hours"))
    _advised = check("advised_minutes", "must not go above max_minutes",
                     lambda t: t.advised_minutes.high <= t.max_minutes)
    _duration = _one_duration_rule()


@table
class HeatLimits:
    max_minutes: Count
    pad_minutes: Span
    max_celsius_reduced_feeling: Count
    sources: Annotated[Cited, key("limit_sources")]
    rules: Annotated[tuple[Fact, ...], key("rule")]

    _figures = model_validator(mode="before")(lambda data: _fill_rules(data, "max_minutes", "pad_minutes",
                                                                       "max_celsius_reduced_feeling"))
    _pad = check("pad_minutes", "must not go above max_minutes", lambda t: t.pad_minutes.high <= t.max_minutes)
    _duration = _one_duration_rule()


@table
class Bedtime:
    """How long before bed the last cold or heat session must end."""

    margin_minutes: Count
    sources: Cited


@table
class Disagreement:
    topic: Text
    article: Text
    others: Annotated[tuple[Fact, ...], key("others")]


@table
class Safety:
    red_flags: Annotated[tuple[RedFlag, ...], key("red_flag")]
    emergency_numbers: Annotated[tuple[EmergencyNumber, ...], key("emergency_number")]
    cold: ColdLimits
    heat: HeatLimits
    bedtime: Bedtime
    ask_first: Annotated[tuple[Fact, ...], key("ask_first")]
    stretch_cautions: Annotated[tuple[Fact, ...], key("stretch_caution")]
    disagreements: Annotated[tuple[Disagreement, ...], key("disagreement")]
    medicines: Annotated[tuple[Fact, ...], key("medicine")]
    medicine_stance: Text

    _ids = check("red_flag", "two red flags share an id", lambda t: _unique(t.red_flags))

    @property
    def topics(self) -> tuple[str, ...]:
        """What the warning signs are about, in the order safety.toml first names each."""
        return tuple(dict.fromkeys(flag.topic for flag in self.red_flags))

    def limits(self, kind: str) -> ColdLimits | HeatLimits:
        return self.cold if kind == "cold" else self.heat

    def duration_rule(self, kind: str) -> Fact:
        """The cold or heat rule about how long to keep it on (id = "duration")."""
        return _find(self.limits(kind).rules, "duration", f"no duration rule for {kind}")


@table
class Step:
    id: Text
    title: Text
    text: Text
    why: Text
    caution: Text | None = None


@table
class Feeling:
    id: Text
    label: Text
    feedback: Text
    warning: Flag


@table
class Severity:
    """An answer to "How bad is it right now?" and what it changes."""

    id: Text
    label: Plain  # may quote its warning sign's figure: {minutes}
    advice: Text
    sources: Cited
    stretch: Flag  # the area's stretches are offered
    back_exercises: Flag  # the gentle back routine may open
    red_flag: Text | None = None  # this answer means that warning sign applies

    @model_validator(mode="before")
    @classmethod
    def _warning_sign(cls, data: Any, info: ValidationInfo) -> Any:
        flags = (info.context or {}).get("flags")
        if not isinstance(data, dict) or "red_flag" not in data or flags is None:
            return data
        if (flag := flags.get(data["red_flag"])) is None:
            raise FieldError("red_flag", f"names unknown warning sign {data['red_flag']!r}")
        try:
            figures = {"minutes": flag.minutes} if flag.minutes is not None else {}
            return {**data, "label": data["label"].format_map(figures)} if "{" in data.get("label", "") else data
        except KeyError as error:
            raise FieldError("label", f"names {error}, which its warning sign does not give") from None


@table
class FirstResponse:
    reassurance: Text
    sources: Cited
    now: Annotated[tuple[Step, ...], key("now")]
    after: Annotated[tuple[Step, ...], key("after")]
    feelings: Annotated[tuple[Feeling, ...], key("feeling")]
    severities: Annotated[tuple[Severity, ...], key("severity")]

    def severity(self, severity_id: str) -> Severity:
        return _find(self.severities, severity_id, f"unknown answer {severity_id!r}; choose one of the answers shown")


@table
class Stretch:
    id: Text
    name: Text
    areas: Texts
    steps: Texts
    stop_when: Text
    each_side: Flag  # done with one limb at a time: the cramping one
    illustration: Picture
    alt: Text
    sources: Cited  # where this stretch comes from: its own `sources`, else the file's
    feel: Text | None = None  # left out where the source says nothing about the feeling
    also_called: Text | None = None


@table
class Stretching:
    hold_seconds: Count
    sources: Cited
    body_areas: Texts
    principles: Texts
    stretches: Annotated[tuple[Stretch, ...], key("stretch")]

    _sources = model_validator(mode="before")(lambda data: _own_sources(data, "stretch"))

    @model_validator(mode="after")
    def _check(self) -> Stretching:
        for i, stretch in enumerate(self.stretches):
            for area in stretch.areas:
                if area not in self.body_areas:
                    raise FieldError(f"stretch[{i}].areas",
                                     f"{area!r} is not one of body_areas ({', '.join(self.body_areas)})")
        for area in self.body_areas:
            if not self.for_area(area):
                raise FieldError("body_areas", f"no stretch covers the area {area!r}")
        return self

    def sources_of(self, stretch: Stretch) -> tuple[str, ...]:
        return stretch.sources

    def for_area(self, area: str) -> tuple[Stretch, ...]:
        if area not in self.body_areas:
            raise KeyError(f"unknown body area {area!r}; choose one of {', '.join(self.body_areas)}")
        return tuple(s for s in self.stretches if area in s.areas)


@table
class Exercise:
    id: Text
    name: Text
    steps: Texts
    purpose: Text
    each_side: Flag
    illustration: Picture
    alt: Text
    sources: Cited  # its own `sources`, else the file's
    reps: Span | None = None
    hold_seconds: Span | None = None
    per_day: Span | None = None


@table
class PainLevel:
    id: Text
    label: Text
    unlocks: Flag
    not_yet: Text | None = None  # why the routine stays closed for this answer

    _why = check("not_yet", "missing: say why the routine stays closed for this answer",
                 lambda t: t.unlocks or t.not_yet)


@table
class Locked:
    heading: Text
    text: Text


@table
class BackCare:
    sources: Cited
    when_safe: Texts
    exercises: Annotated[tuple[Exercise, ...], key("exercise")]
    pain_levels: Annotated[tuple[PainLevel, ...], key("pain_level")]
    locked: Locked

    _sources = model_validator(mode="before")(lambda data: _own_sources(data, "exercise"))

    _levels = check("pain_level", "needs at least one level that unlocks the routine and one that does not",
                    lambda t: len({level.unlocks for level in t.pain_levels}) == 2)

    locked_heading = property(lambda self: self.locked.heading)
    locked_text = property(lambda self: self.locked.text)

    def exercise(self, exercise_id: str) -> Exercise:
        return _find(self.exercises, exercise_id, f"unknown exercise {exercise_id!r}")


@table
class Phase:
    kind: choice("cold", "heat")
    minutes: Span
    when: Text
    every_hours: Span | None = None
    first_days: Count | None = None  # only in the first N days (day 0 is the spasm's day)
    after_days: Count | None = None  # only from day N on
    moist: Flag = False

    def applies_on(self, day_index: int) -> bool:
        if self.first_days is not None and day_index >= self.first_days:
            return False
        return self.after_days is None or day_index >= self.after_days


@table
class Rule:
    id: Text
    name: Text
    summary: Text
    phases: Annotated[tuple[Phase, ...], key("phase")]

    def phase(self, kind: str) -> Phase:
        return _find(self.phases, kind, f"rule {self.id!r} has no {kind} phase", "kind")


@table
class PlannerSettings:
    """How the planner lays sessions out. Planning choices, not doses: see ice_heat.toml."""

    gap_minutes: Count
    lead_minutes: Count
    step_minutes: Count
    free_interval_hours: Span
    max_days: Count


@table
class IceHeat:
    sources: Cited
    why_cold: Text
    why_heat: Text
    saying: Text
    saying_heat: Text
    saying_cold: Text
    heat_sources: Texts  # things that give heat, not citations
    cold_sources: Texts
    rules: Annotated[tuple[Rule, ...], key("rule")]
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
        known = ", ".join(rule.id for rule in self.rules)
        return _find(self.rules, rule_id, f"unknown rule {rule_id!r}; choose one of {known}")


@table
class Mineral:
    name: Text
    role: Text


@table
class DrinkAdvice:
    light: Text  # the article gives no drink advice for lighter activity: say so (hard exercise: before_heavy_use)


@table
class Hydration:
    sources: Cited
    why: Text
    drinks: Texts
    mineral_details: Annotated[tuple[Mineral, ...], key("mineral")]
    minerals_role: Text
    mineral_sources: Cited
    before_heavy_use: Text
    supplements_article_view: Text
    drink_plan: DrinkAdvice

    @property
    def minerals(self) -> tuple[str, ...]:
        return tuple(m.name for m in self.mineral_details)


DIARY_CHECKS = ("longest-over", "woke-at-night", "not-easing")
"""How the diary recognises a warning sign in its entries (defined in widgets/diary.py)."""


@table
class DiarySession:
    """A kind of self-care the diary can note for a day."""

    id: Slug
    label: Text


@table
class DiaryRule:
    """A warning sign (``red_flag``, with its advice and sources) as the diary checks it."""

    id: Slug
    red_flag: Text
    when: choice(*DIARY_CHECKS)
    shows: Text  # what the entries show: {days}, {minutes}, {first}, {last} are filled in by the diary
    caveat: Text | None = None

    @model_validator(mode="before")
    @classmethod
    def _warning_sign(cls, data: Any, info: ValidationInfo) -> Any:
        flags = (info.context or {}).get("flags")
        if isinstance(data, dict) and flags is not None and data.get("red_flag") not in flags:
            raise FieldError("red_flag", f"names unknown warning sign {data.get('red_flag')!r}")
        if isinstance(data, dict) and flags is not None and data.get("when") == "longest-over" \
                and flags[data["red_flag"]].minutes is None:
            raise FieldError("when", "'longest-over' needs a warning sign that gives minutes")
        return data


@table
class Diary:
    chart_days: Count
    max_cramps: Count
    max_minutes: Count
    sessions: Annotated[tuple[DiarySession, ...], key("session")]
    rules: Annotated[tuple[DiaryRule, ...], key("rule")]

    _session_ids = check("session", "two diary sessions share an id", lambda t: _unique(t.sessions))
    _rule_ids = check("rule", "two diary rules share an id", lambda t: _unique(t.rules))


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
    diary: Diary
    teacher: Teacher

    def source(self, source_id: str) -> Source:
        return _find(self.sources, source_id, source_id)

    @property
    def pages(self) -> tuple[Lesson | Dashboard | Teacher, ...]:
        """Every page of the tutorial: the lessons in teaching order, then My plan and the teachers' page."""
        return (*self.lessons, self.dashboard, self.teacher)


def load_content(directory: Path | str | None = None) -> Content:
    """Load and validate every content file in ``directory`` (default: ``widgets.paths.CONTENT_DIR``)."""
    directory = Path(paths.CONTENT_DIR if directory is None else directory)
    sources = load(Sources, directory / "sources.toml").sources
    context = {"sources": {s.id for s in sources}, "images": directory.parent / "img"}
    safety = load(Safety, directory / "safety.toml", context)
    context["flags"] = {flag.id: flag for flag in safety.red_flags}
    lessons = load(Lessons, directory / "lessons.toml")
    return Content(
        meta=load(Meta, directory / "meta.toml"), lessons=lessons.lessons, sources=sources, safety=safety,
        first_response=load(FirstResponse, directory / "first_response.toml", context),
        stretching=load(Stretching, directory / "stretching.toml", context),
        back=load(BackCare, directory / "back.toml", context),
        ice_heat=load(IceHeat, directory / "ice_heat.toml", context),
        hydration=load(Hydration, directory / "hydration.toml", context), dashboard=lessons.dashboard,
        diary=load(Diary, directory / "diary.toml", context),
        teacher=lessons.teacher,
    )


@functools.lru_cache(maxsize=1)
def content() -> Content:
    """The tutorial's content, loaded once per process."""
    return load_content()
