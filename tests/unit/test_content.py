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


def test_every_body_area_the_article_names_has_a_stretch(c):
    assert c.stretching.body_areas == ("calf", "foot", "hamstring", "thigh", "hand")
    assert {s.id for s in c.stretching.for_area("calf")} == {"calf-wall", "toes-up"}
    for area in c.stretching.body_areas:
        assert c.stretching.for_area(area)


def test_first_response_steps(c):
    assert [s.id for s in c.first_response.now] == ["stop", "check", "massage"]
    assert {s.id for s in c.first_response.after} == {"rest", "move-gently", "light-use", "protect-back"}


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


def test_the_three_disagreements_are_shown(c):
    topics = [d.topic for d in c.safety.disagreements]
    assert len(topics) == 3
    sources = {i for d in c.safety.disagreements for f in d.others for i in f.sources}
    assert {"medlineplus", "cleveland", "nhs-mpft", "nhs-leg-cramps"} <= sources


def test_red_flags_cover_the_safety_brief(c):
    ids = {f.id for f in c.safety.red_flags}
    assert {"long-cramp", "sleep-numbness", "clot", "clot-breathing", "unusual-place", "fluid-loss",
            "new-medicine", "cauda-equina", "not-improving"} <= ids
    levels = {f.id: f.level for f in c.safety.red_flags}
    assert levels["clot-breathing"] == levels["cauda-equina"] == "emergency"
    assert levels["clot"] == "urgent"


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
        ("meta.toml", "last_reviewed = 2026-11-24", 'last_reviewed = "yesterday"', "meta.toml: last_reviewed: must be a date"),
        ("lessons.toml", 'file = "01_first_response.ipynb"', 'file = "first_response.ipynb"', "lessons.toml: lesson[1].file: must be named 01_"),
        ("stretching.toml", 'areas = ["hand"]', 'areas = ["elbow"]', "stretching.toml: stretch[4].areas: 'elbow' is not one of body_areas"),
        ("stretching.toml", 'illustration = "hand-wall.svg"', 'illustration = "missing.svg"', "no picture assets/img/missing.svg"),
        ("hydration.toml", "[[mineral]]", "[[minerl]]", "hydration.toml: minerl: unknown field"),
        ("hydration.toml", 'before = "', 'befor = "', "hydration.toml: drink_plan.before: missing"),
        ("first_response.toml", "[[now]]", "[[nowx]]", "first_response.toml: nowx: unknown field (misspelt?)"),
        ("hydration.toml", 'why = "', 'reason = "', "hydration.toml: why: missing"),
    ],
)
def test_bad_file_names_file_and_field(copy, file, old, new, message):
    edit(copy, file, old, new)
    with pytest.raises(ContentError) as error:
        load_content(copy)
    assert message in str(error.value)


def test_missing_file(copy):
    (copy / "back.toml").unlink()
    with pytest.raises(ContentError, match=r"^back\.toml: file not found$"):
        load_content(copy)


def test_invalid_toml(copy):
    (copy / "hydration.toml").write_text("why = \n")
    with pytest.raises(ContentError, match=r"^hydration\.toml: not valid TOML"):
        load_content(copy)


def test_the_real_content_dir_is_the_one_under_assets():
    assert CONTENT_DIR == ASSETS_DIR / "content"


def test_every_card_is_complete(c):
    from widgets.paths import IMAGES_DIR
    for item in (*c.stretching.stretches, *c.back.exercises):
        assert (IMAGES_DIR / item.illustration).is_file()
        assert item.alt and len(item.alt) > 20
        assert item.steps
        svg = (IMAGES_DIR / item.illustration).read_text()
        assert "<title" in svg and "<script" not in svg and "href" not in svg
    for stretch in c.stretching.stretches:
        assert stretch.feel and stretch.stop_when


def test_pain_levels_lock_the_routine_unless_eased(c):
    assert [(p.id, p.unlocks) for p in c.back.pain_levels] == [("eased", True), ("easing", False), ("severe", False)]
