"""The content files: every figure of the source article is there and exact, and bad files fail clearly."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from widgets.content import load_content
from widgets.paths import ASSETS_DIR, CONTENT_DIR
from widgets.schema import ContentError, Range


@pytest.fixture(scope="module")
def c():
    return load_content()


def test_stretch_hold_is_30_seconds(c):
    assert c.stretching.hold_seconds == 30


def test_arm_raises_dose(c):
    arms = next(e for e in c.back.exercises if e.id == "arms-overhead")
    assert arms.reps == Range(10, 10)
    assert arms.hold_seconds == Range(5, 10)
    assert arms.per_day == Range(3, 4)


def test_knee_to_chest_dose(c):
    knee = next(e for e in c.back.exercises if e.id == "knee-to-chest")
    assert knee.hold_seconds == Range(10, 10)
    assert knee.reps == Range(5, 10)
    assert knee.per_day == Range(2, 3)
    assert knee.each_side


def test_back_routine_has_the_four_exercises(c):
    assert [e.id for e in c.back.exercises] == ["high-knee-walk", "arms-overhead", "knee-to-chest", "both-knees"]


def test_main_rule_cold_then_moist_heat(c):
    rule = c.ice_heat.rule("main")
    cold, heat = rule.phase("cold"), rule.phase("heat")
    assert (cold.minutes, cold.every_hours, cold.first_days) == (Range(20, 30), Range(3, 4), 2)
    assert heat.minutes == Range(20, 30) and heat.moist and heat.every_hours is None and heat.after_days == 2
    assert [p.kind for p in rule.phases if p.applies_on(1)] == ["cold"]
    assert [p.kind for p in rule.phases if p.applies_on(2)] == ["heat"]
    assert [p.kind for p in rule.phases] == ["cold", "heat"]


def test_second_rule(c):
    rule = c.ice_heat.rule("short")
    heat, cold = rule.phase("heat"), rule.phase("cold")
    assert (heat.minutes, heat.every_hours) == (Range(15, 15), Range(4, 4))
    assert (cold.minutes, cold.every_hours, cold.first_days) == (Range(12, 15), Range(2, 2), 2)


def test_saying_and_sources_of_heat_and_cold(c):
    ih = c.ice_heat
    assert ih.saying == "heat to play, ice to stay"
    assert set(ih.heat_sources) == {"heating pad", "heat patch", "hot-water bottle"}
    assert set(ih.cold_sources) == {"ice pack", "ice patch", "bottle of frozen water", "ice wrapped in a cloth",
                                    "bag of frozen peas"}


def test_four_minerals(c):
    assert c.hydration.minerals == ("sodium", "potassium", "calcium", "magnesium")


def raw(file: str) -> dict:
    """A content file as plain TOML, to compare the loaded objects with."""
    import tomllib

    return tomllib.loads((CONTENT_DIR / file).read_text(encoding="utf-8"))


def test_every_body_area_in_the_file_has_a_stretch(c):
    areas = tuple(raw("stretching.toml")["body_areas"])
    assert c.stretching.body_areas == areas and len(set(areas)) == len(areas)
    assert {s.id for s in c.stretching.for_area("calf")} == {"calf-wall", "toes-up"}
    for area in areas:
        assert c.stretching.for_area(area)
    covered = {area for s in c.stretching.stretches for area in s.areas}
    assert covered == set(areas)


def test_warning_sign_topics_come_from_the_file(c):
    topics = tuple(dict.fromkeys(flag["topic"] for flag in raw("safety.toml")["red_flag"]))
    assert c.safety.topics == topics
    assert {"general", "leg", "back"} <= set(topics)


def test_first_response_steps(c):
    assert [s.id for s in c.first_response.now] == ["stop", "check", "massage"]
    assert {s.id for s in c.first_response.after} == {"rest", "move-gently", "light-use", "protect-back"}


def test_severity_answers(c):
    severities = {s.id: s for s in c.first_response.severities}
    assert list(severities) == ["mild", "painful", "severe", "wont-ease"]
    assert severities["mild"].back_exercises and not severities["severe"].back_exercises
    assert severities["wont-ease"].red_flag == "long-cramp" and not severities["wont-ease"].stretch
    assert "10 minutes" in severities["wont-ease"].label


def test_safety_figures(c):
    s = c.safety
    assert s.cold.max_minutes == 20 and s.cold.advised_minutes == Range(10, 15) and s.cold.repeat_hours == Range(2, 3)
    assert s.heat.pad_minutes == Range(15, 20) and s.heat.max_celsius_reduced_feeling == 38
    assert {(n.region, n.number) for n in s.emergency_numbers} == {
        ("United Kingdom", "999"), ("United States or Canada", "911"), ("European Union", "112"), ("Australia", "000")}
    long_cramp = next(f for f in s.red_flags if f.id == "long-cramp")
    assert long_cramp.minutes == 10 and "10 minutes" in long_cramp.question


def test_every_safety_fact_names_a_known_source(c):
    s = c.safety
    facts = [*s.cold.rules, *s.heat.rules, *s.ask_first, *s.stretch_cautions, *s.medicines,
             *(f for d in s.disagreements for f in d.others)]
    assert facts
    for fact in facts:
        assert fact.sources, fact.text
        for source_id in fact.sources:
            assert c.source(source_id).name
    for flag in s.red_flags:
        assert flag.sources and all(c.source(i) for i in flag.sources)


def test_the_disagreements_are_shown(c):
    topics = [d.topic for d in c.safety.disagreements]
    assert topics == ["Cold or heat first?", "How long to keep cold on", "How long to keep heat on",
                      "Rest or keep moving?", "How to stretch a calf cramp"]
    sources = {i for d in c.safety.disagreements for f in d.others for i in f.sources}
    assert {"medlineplus", "cleveland", "nhs-mpft", "nhs-leg-cramps", "missouri", "nhs-back-pain"} <= sources


def test_heat_time_disagreement_names_both_figures(c):
    heat = next(d for d in c.safety.disagreements if d.topic == "How long to keep heat on")
    assert "20 to 30" in heat.article
    assert any("15 to 20" in f.text and f.sources == ("missouri",) for f in heat.others)
    assert c.safety.heat.max_minutes == c.safety.heat.pad_minutes.high == 20


def test_red_flags_cover_the_safety_brief(c):
    ids = {f.id for f in c.safety.red_flags}
    assert {"long-cramp", "night-cramps", "numb-swollen-weak", "clot", "clot-breathing", "chest-cramp",
            "unusual-place", "fluid-loss", "new-medicine", "cauda-equina", "back-fever", "back-injury",
            "back-weight-cancer", "not-improving"} <= ids
    levels = {f.id: f.level for f in c.safety.red_flags}
    assert levels["clot-breathing"] == levels["cauda-equina"] == levels["chest-cramp"] == "emergency"
    assert levels["clot"] == levels["back-fever"] == levels["back-injury"] == levels["back-weight-cancer"] == "urgent"


def test_chest_cramps_are_an_emergency_and_arms_or_belly_a_doctor(c):
    flags = {f.id: f for f in c.safety.red_flags}
    assert "chest" in flags["chest-cramp"].question and flags["chest-cramp"].level == "emergency"
    assert "chest" not in flags["unusual-place"].question and flags["unusual-place"].level == "doctor"


def test_a_clot_can_be_in_the_thigh_as_well_as_the_calf(c):
    clot = next(f for f in c.safety.red_flags if f.id == "clot")
    assert "calf" in clot.question and "thigh" in clot.question and clot.topic == "leg"


def test_every_back_warning_sign_is_a_back_topic(c):
    back = {f.id for f in c.safety.red_flags if f.topic == "back"}
    assert back == {"cauda-equina", "back-fever", "back-injury", "back-weight-cancer"}


def test_night_cramps_alone_keep_self_care_going_and_nothing_else_does(c):
    keeps = {f.id for f in c.safety.red_flags if not f.stops_self_care}
    assert keeps == {"night-cramps"}
    night = next(f for f in c.safety.red_flags if f.id == "night-cramps")
    assert night.level == "doctor" and "stretch" in night.advice


def test_every_source_has_a_title_publisher_address_and_check_date(c):
    for source in c.sources:
        assert source.title and source.publisher and source.kind
        assert source.checked <= c.meta.last_reviewed  # checked no later than the content's review
        if source.id == "article":
            assert source.url == "" and source.note
        else:
            assert source.url.startswith("https://"), source.id


def test_the_tutorial_is_never_a_source_of_itself(c):
    for source in c.sources:
        assert "spasm relief" not in source.name.lower(), source.id
        assert source.id not in {"safety-review", "physiology"}


def test_every_source_is_cited_somewhere(c):
    import tomllib

    from widgets.paths import CONTENT_DIR

    cited = set()

    def walk(value):
        if isinstance(value, dict):
            for key, item in value.items():
                if key in {"sources", "limit_sources", "mineral_sources"} and isinstance(item, list):
                    cited.update(item)
                else:
                    walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    for path in CONTENT_DIR.glob("*.toml"):
        walk(tomllib.loads(path.read_text(encoding="utf-8")))
    assert {s.id for s in c.sources} <= cited, {s.id for s in c.sources} - cited


def test_every_stretch_and_exercise_cites_its_own_sources_or_its_files(c):
    for file, key, items in (("stretching.toml", "stretch", c.stretching.stretches),
                             ("back.toml", "exercise", c.back.exercises)):
        data = raw(file)
        assert [item["id"] for item in data[key]] == [item.id for item in items]
        for table, item in zip(data[key], items):
            assert item.sources == tuple(table.get("sources", data["sources"])), item.id
            assert all(c.source(source_id) for source_id in item.sources)
    for stretch in c.stretching.stretches:
        assert c.stretching.sources_of(stretch) == stretch.sources
    # the article gives no feeling for the hand stretch, so the tutorial claims none
    hand = next(s for s in c.stretching.stretches if s.id == "hand-wall")
    assert hand.feel is None


def test_cold_and_heat_rules_take_their_figures_from_the_tables(c):
    cold = c.safety.duration_rule("cold").text
    assert "10 to 15 minutes" in cold and "more than 20 minutes" in cold
    assert "15 to 20 minutes" in c.safety.duration_rule("heat").text
    assert any("38 \u00b0C" in r.text for r in c.safety.heat.rules)
    assert any("2 to 3 hours" in r.text for r in c.safety.cold.rules)


def test_no_raw_figure_is_written_into_a_safety_rule(c):
    """A rule names its figure as a {placeholder}: change the table and the text follows."""
    import re
    import tomllib

    from widgets.paths import CONTENT_DIR

    data = tomllib.loads((CONTENT_DIR / "safety.toml").read_text(encoding="utf-8"))
    for kind in ("cold", "heat"):
        for rule in data[kind]["rule"]:
            assert not re.search(r"\d", rule["text"]), rule["text"]


def test_the_drink_plan_claims_no_timing_the_article_does_not_give(c):
    text = " ".join([c.hydration.before_heavy_use, c.hydration.drink_plan.light]).lower()
    for word in ("before you start", "during", "sips", "afterwards", "thirst"):
        assert word not in text


def test_lessons_are_numbered_in_order(c):
    assert [lesson.number for lesson in c.lessons] == list(range(len(c.lessons)))
    assert c.lessons[0].file == "00_start_here.ipynb"


# ---- bad files: each fails naming the file and the field ----

@pytest.fixture
def copy(tmp_path) -> Path:
    """A writable copy of assets/ whose content files a test may break."""
    target = tmp_path / "assets"
    shutil.copytree(ASSETS_DIR, target)
    return target / "content"


def edit(directory: Path, file: str, old: str, new: str) -> None:
    path = directory / file
    text = path.read_text()
    assert old in text, f"test set-up: {old!r} not in {file}"
    path.write_text(text.replace(old, new, 1))


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        ("stretching.toml", "hold_seconds = 30", "", "stretching.toml: hold_seconds: missing"),
        ("stretching.toml", "hold_seconds = 30", 'hold_seconds = "30"', "stretching.toml: hold_seconds: must be a whole number"),
        ("stretching.toml", "hold_seconds = 30", "hold_secnds = 30\nhold_seconds = 30", "stretching.toml: hold_secnds: unknown field"),
        ("back.toml", "hold_seconds = [5, 10]", "hold_seconds = [10, 5]", "back.toml: exercise[1].hold_seconds: the low end 10 is above the high end 5"),
        ("back.toml", "per_day = [3, 4]", "per_day = [0, 4]", "back.toml: exercise[1].per_day: must be at least 1"),
        ("ice_heat.toml", 'kind = "cold"', 'kind = "warm"', "ice_heat.toml: rule[0].phase[0].kind: must be one of cold, heat"),
        ("safety.toml", 'level = "doctor"', 'level = "whenever"', "safety.toml: red_flag[0].level: must be one of"),
        ("safety.toml", 'number = "999"', 'number = "nine"', "safety.toml: emergency_number[0].number: must be digits only"),
        ("safety.toml", 'sources = ["nhs-dvt"]', 'sources = ["nowhere"]', "cites unknown source 'nowhere'"),
        ("safety.toml", "max_minutes = 20", "max_minutes = 12", "safety.toml: cold.advised_minutes: must not go above max_minutes"),
        ("meta.toml", "last_reviewed = 2026-11-25", 'last_reviewed = "yesterday"', "meta.toml: last_reviewed: must be a date"),
        ("lessons.toml", 'file = "01_first_response.ipynb"', 'file = "first_response.md"',
         "lessons.toml: lesson[1].file: must be a notebook (.ipynb)"),
        ("lessons.toml", 'id = "first-response"', 'id = "First response"',
         "lessons.toml: lesson[1].id: must be lower-case letters, digits and dashes"),
        ("lessons.toml", 'id = "stretches"', 'id = "first-response"',
         "lessons.toml: lesson: two lessons (or a lesson and the dashboard) have the same id or file"),
        ("meta.toml", "last_reviewed = 2026-11-25", "last_reviewed = 2026-11-25T10:00:00", "meta.toml: last_reviewed: must be a date"),
        ("meta.toml", "audience = [", "audience = []\nx = [", "meta.toml: audience: must not be empty"),
        ("meta.toml", 'title = "Spasm Relief"', "title = true", "meta.toml: title: must be non-empty text"),
        ("meta.toml", 'title = "Spasm Relief"', 'title = "  "', "meta.toml: title: must be non-empty text"),
        ("safety.toml", "{advised_minutes} minutes", "{advised_minutes} minutes {unfilled}",
         "safety.toml: cold.rule[1].text: names an unknown figure 'unfilled'"),
        ("safety.toml", "{advised_minutes} minutes", "{{advised_minutes}} minutes",
         "safety.toml: cold.rule[1].text: has a {placeholder} but no figures to fill it from"),
        ("safety.toml", "max_minutes = 20", "max_minutes = true", "safety.toml: cold.max_minutes: must be a whole number"),
        ("back.toml", "per_day = [3, 4]", 'per_day = "3"', "back.toml: exercise[1].per_day: must be a whole number or a list of two"),
        ("stretching.toml", 'areas = ["hand"]', 'areas = ["elbow"]', "stretching.toml: stretch[4].areas: 'elbow' is not one of body_areas"),
        ("stretching.toml", 'illustration = "hand-wall.svg"', 'illustration = "missing.svg"', "no picture assets/img/missing.svg"),
        ("hydration.toml", "[[mineral]]", "[[minerl]]", "hydration.toml: minerl: unknown field"),
        ("hydration.toml", 'light = "', 'lihgt = "', "hydration.toml: drink_plan.light: missing"),
        ("safety.toml", "{advised_minutes} minutes", "{advised_minutez} minutes",
         "safety.toml: cold.rule[1].text: names an unknown figure 'advised_minutez'"),
        ("safety.toml", 'id = "duration"', 'id = "length"', 'safety.toml: cold.rule: needs exactly one rule with id = "duration"'),
        ("sources.toml", 'url = "https://www.nhs.uk/conditions/leg-cramps/"', 'url = "http://www.nhs.uk"',
         "sources.toml: source[1].url: must be an https:// address"),
        ("sources.toml", "checked = 2026-11-25\n\n[[source]]\nid = \"nidirect\"", "\n[[source]]\nid = \"nidirect\"",
         "sources.toml: source[1].checked: missing"),
        ("safety.toml", 'stops_self_care = false', 'stops_self_care = "no"',
         "safety.toml: red_flag[1].stops_self_care: must be true or false"),
        ("first_response.toml", 'red_flag = "long-cramp"', 'red_flag = "long-cramps"',
         "first_response.toml: severity[3].red_flag: names unknown warning sign 'long-cramps'"),
        ("first_response.toml", "[[now]]", "[[nowx]]", "first_response.toml: nowx: unknown field (misspelt?)"),
        ("hydration.toml", 'why = "', 'reason = "', "hydration.toml: why: missing"),
        ("stretching.toml", 'areas = ["hand"]', 'areas = ["hand"]\nsources = ["nowhere"]',
         "stretching.toml: stretch[4].sources: cites unknown source 'nowhere'"),
        ("safety.toml", 'topic = "back"', 'topic = ""', "safety.toml: red_flag[9].topic: must be non-empty text"),
        ("back.toml", 'steps = [', 'steps = 3\nx = [', "back.toml: exercise[0].steps: must be a list"),
        ("ice_heat.toml", "[planner]", "[planer]", "ice_heat.toml: planner: missing"),
        ("first_response.toml", "stretch = true", "stretch = 1", "first_response.toml: severity[0].stretch: must be true or false"),
        ("lessons.toml", "minutes = ", "minutes = 0 #", "lessons.toml: lesson[0].minutes: must be at least 1"),
        ("lessons.toml", 'prerequisites = ["start-here"]', 'prerequisites = ["start-here", "nowhere"]',
         "lessons.toml: lesson[1].prerequisites[1]: names 'nowhere', which is no lesson's id"),
        ("lessons.toml", 'prerequisites = ["start-here"]', 'prerequisites = ["my-plan"]',  # the dashboard is no lesson
         "lessons.toml: lesson[1].prerequisites[0]: names 'my-plan', which is no lesson's id"),
        ("lessons.toml", 'prerequisites = ["start-here"]', 'prerequisites = ["stretches"]',
         "lessons.toml: lesson[1].prerequisites[0]: names 'stretches', which does not come before this lesson"),
        ("lessons.toml", 'prerequisites = ["start-here"]', 'prerequisites = ["first-response"]',
         "lessons.toml: lesson[1].prerequisites[0]: names 'first-response', which does not come before this lesson"),
        ("lessons.toml", 'prerequisites = ["start-here"]', 'prerequisites = ["Start here"]',  # a title is not an id
         "lessons.toml: lesson[1].prerequisites[0]: must be lower-case letters, digits and dashes"),
    ],
)
def test_bad_file_names_file_and_field(copy, file, old, new, message):
    edit(copy, file, old, new)
    with pytest.raises(ContentError) as error:
        load_content(copy)
    assert message in str(error.value)


def test_a_value_that_should_be_a_table_is_named(copy):
    edit(copy, "lessons.toml", '[[lesson]]\nid = "start-here"', 'dashboard = 3\n\n[[lesson]]\nid = "start-here"')
    edit(copy, "lessons.toml", "[dashboard]", "[dashbord]")
    with pytest.raises(ContentError, match=r"^lessons\.toml: dashboard: must be a table$"):
        load_content(copy)


def test_missing_file(copy):
    (copy / "back.toml").unlink()
    with pytest.raises(ContentError, match=r"^back\.toml: file not found$"):
        load_content(copy)


def test_invalid_toml(copy):
    (copy / "hydration.toml").write_text("why = \n")
    with pytest.raises(ContentError, match=r"^hydration\.toml: not valid TOML"):
        load_content(copy)


def test_content_reads_the_assets_named_by_spasm_relief_assets(copy):
    """Not just the repository's own files: a deployment may point SPASM_RELIEF_ASSETS elsewhere."""
    import os
    import subprocess
    import sys

    edit(copy, "meta.toml", 'title = "Spasm Relief"', 'title = "Spasm Relief copy"')
    code = "from widgets.content import content; print(content().meta.title)"
    env = {**os.environ, "SPASM_RELIEF_ASSETS": str(copy.parent)}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "Spasm Relief copy"
    assert load_content().meta.title == "Spasm Relief"  # this process still reads the real files


def test_a_content_error_keeps_the_file_table_and_field_apart(copy):
    edit(copy, "back.toml", "per_day = [3, 4]", "per_day = [0, 4]")
    with pytest.raises(ContentError) as error:
        load_content(copy)
    assert (error.value.file, error.value.field, error.value.problem) == (
        "back.toml", "exercise[1].per_day", "must be at least 1")


def test_every_card_is_complete(c):
    from widgets.paths import IMAGES_DIR
    for item in (*c.stretching.stretches, *c.back.exercises):
        assert (IMAGES_DIR / item.illustration).is_file()
        assert item.alt and len(item.alt) > 20
        assert item.steps
        svg = (IMAGES_DIR / item.illustration).read_text()
        assert "<title" in svg and "<script" not in svg and "href" not in svg
    for stretch in c.stretching.stretches:
        assert stretch.stop_when
        assert stretch.feel or stretch.id == "hand-wall"  # the article names no feeling for the hand


def test_pain_levels_lock_the_routine_unless_eased(c):
    assert [(p.id, p.unlocks) for p in c.back.pain_levels] == [("eased", True), ("easing", False), ("severe", False)]


# ---- issue 15: each lesson's learning goals, as its notebook's Overview lists them ----

def test_lessons_carry_their_learning_goals_in_order(c):
    first = next(lesson for lesson in c.lessons if lesson.id == "first-response")
    assert [g.id for g in first.goals] == ["first-minute", "why-it-helps", "rest-and-move", "soreness"]
    assert first.goal("why-it-helps").text == "Explain why stopping and rubbing the muscle help"
    with pytest.raises(KeyError, match="'stretch-it' is not a learning goal of lesson 'first-response'"):
        first.goal("stretch-it")
    # ids are unique within a lesson only: two lessons may each have "warning-signs"
    assert [lesson.id for lesson in c.lessons if "warning-signs" in {g.id for g in lesson.goals}] == [
        "start-here", "back-spasms"]
    assert next(lesson for lesson in c.lessons if lesson.id == "check-yourself").goals == ()


@pytest.mark.parametrize(("old", "new", "message"), [
    ('id = "why-it-helps"', 'id = "first-minute"', "lessons.toml: lesson[1].goal[1].id: 'first-minute' is used twice "
                                                   "in this lesson"),
    ('id = "why-it-helps"', 'id = "Why it helps"', "lessons.toml: lesson[1].goal[1].id: must be lower-case letters"),
    ('text = "Explain why stopping and rubbing the muscle help"', 'text = "  "',
     "lessons.toml: lesson[1].goal[1].text: must be non-empty text"),
    ('text = "Explain why stopping and rubbing the muscle help"', 'txt = "Explain why"',
     "lessons.toml: lesson[1].goal[1].text: missing"),
])
def test_a_bad_learning_goal_names_the_lesson_and_the_goal(copy, old, new, message):
    edit(copy, "lessons.toml", old, new)
    with pytest.raises(ContentError) as error:
        load_content(copy)
    assert message in str(error.value)
