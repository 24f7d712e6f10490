"""The lessons' own words: no contradiction with the safety layer, no advice credited to a source that does not give it."""

from __future__ import annotations

import json
import re

import pytest

from widgets.content import content
from widgets.paths import REPO_ROOT as REPO_DIR

C = content()
NOTEBOOKS = REPO_DIR / "notebooks"


def markdown(file: str) -> str:
    cells = json.loads((NOTEBOOKS / file).read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")


def test_swelling_is_never_presented_as_normal_after_a_spasm():
    text = markdown("04_ice_and_heat.ipynb")
    assert "a little swollen" not in text
    assert "warning sign" in text and "swollen" in text  # swelling is named as a warning sign instead


def test_lesson_four_does_not_call_the_drinks_lesson_the_last_one():
    assert "last lesson" not in markdown("04_ice_and_heat.ipynb").lower()
    assert C.lessons[-1].file == "06_check_yourself.ipynb"


def test_no_either_is_fine_above_the_disagreements():
    text = markdown("04_ice_and_heat.ipynb")
    assert "either is fine" not in text.lower()
    assert re.search(r"three differences", text)
    assert sum(1 for d in C.safety.disagreements if "cold" in d.topic.lower() or "heat" in d.topic.lower()) == 3


@pytest.mark.parametrize("phrase", ["drink to thirst", "a drink before", "sips during"])
def test_the_drinks_lesson_claims_no_advice_the_article_does_not_give(phrase):
    assert phrase not in markdown("05_hydration.ipynb").lower()
    questions = (REPO_DIR / "assets" / "content" / "questions.toml").read_text(encoding="utf-8").lower()
    assert phrase not in questions


def test_a_one_sided_stretch_is_held_on_the_cramping_side_not_on_each_side():
    from widgets.printable import _stretch
    from widgets.ui.stretches import card_html

    toes = next(s for s in C.stretching.stretches if s.id == "toes-up")
    assert "on the cramping side" in card_html(toes, C.stretching) and "each side" not in card_html(toes, C.stretching)
    assert "each side" not in _stretch(toes, C.stretching.hold_seconds)


def test_the_hand_stretch_card_claims_no_feeling():
    from widgets.ui.stretches import card_html

    hand = next(s for s in C.stretching.stretches if s.id == "hand-wall")
    assert "You should feel" not in card_html(hand, C.stretching)


def test_the_first_response_check_points_to_a_check_on_the_same_page_in_my_plan():
    check = next(s for s in C.first_response.now if s.id == "check")
    assert "My plan" in check.text
