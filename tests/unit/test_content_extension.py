"""A new body area with its own source, stretch and warning sign is a change to the content files only.

Every name below ("neck", "neck-test"...) is made up for the test: nothing here is advice.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from widgets import paths
from widgets.content import content, load_content
from widgets.red_flags import RedFlagCheck

SOURCE = """
[[source]]
id = "neck-test"
short = "Test: neck"
title = "A made-up source for the neck test"
publisher = "Test"
url = "https://example.org/neck-test"
kind = "test"
checked = 2026-01-01
"""

STRETCH = """
[[stretch]]
id = "neck-test-tilt"
name = "Test neck tilt"
areas = ["neck"]
sources = ["neck-test"]
steps = ["Test step one.", "Test step two."]
stop_when = "Test: stop."
each_side = true
illustration = "hand-wall.svg"
alt = "A picture reused for the made-up neck stretch of this test."
"""

RED_FLAG = """
[[red_flag]]
id = "neck-test-sign"
question = "Test question about the neck?"
advice = "Test advice about the neck."
level = "urgent"
topic = "neck"
sources = ["neck-test"]
"""


@pytest.fixture
def neck(tmp_path) -> Path:
    """A copy of assets/ whose TOML gains a "neck" area: a source, a stretch and a warning sign."""
    shutil.copytree(paths.ASSETS_DIR, tmp_path / "assets")
    directory = tmp_path / "assets" / "content"
    for file, added in (("sources.toml", SOURCE), ("stretching.toml", STRETCH), ("safety.toml", RED_FLAG)):
        with (directory / file).open("a", encoding="utf-8") as handle:
            handle.write(added)
    stretching = directory / "stretching.toml"
    text, count = re.subn(r'^(body_areas = \[.*)\]$', r'\1, "neck"]', stretching.read_text(encoding="utf-8"),
                          flags=re.MULTILINE)
    assert count == 1, "test set-up: no body_areas line"
    stretching.write_text(text, encoding="utf-8")
    return directory


def test_the_new_area_loads_with_its_stretch_citing_its_own_source(neck):
    c = load_content(neck)
    assert c.stretching.body_areas[-1] == "neck"
    (stretch,) = c.stretching.for_area("neck")
    assert stretch.id == "neck-test-tilt"
    assert c.stretching.sources_of(stretch) == stretch.sources == ("neck-test",)
    assert c.source("neck-test").short == "Test: neck"
    # stretches that name no source of their own still cite the file's sources
    assert all(s.sources == c.stretching.sources for s in c.stretching.stretches if s.id != "neck-test-tilt")


def test_the_new_warning_sign_is_listed_with_its_topic(neck):
    c = load_content(neck)
    assert "neck" in c.safety.topics
    assert "neck-test-sign" in {f.id for f in RedFlagCheck.from_content(c).flags}
    assert [f.id for f in RedFlagCheck.from_content(c, ("neck",)).flags] == ["neck-test-sign"]
    check = RedFlagCheck.from_content(c)
    check.answer("neck-test-sign", True)
    assert check.level == "urgent" and check.stops_self_care


@pytest.fixture
def neck_content(neck, monkeypatch):
    """``content()`` reads the copy with the neck area while a test runs."""
    monkeypatch.setattr(paths, "CONTENT_DIR", neck)
    content.cache_clear()
    yield content()
    content.cache_clear()


def test_the_warning_sign_check_shows_the_new_sign_and_its_source(neck_content):
    from widgets.ui.red_flags import RedFlagView

    view = RedFlagView(RedFlagCheck.from_content(neck_content))
    assert "neck-test-sign" in view.boxes
    view.boxes["neck-test-sign"].value = True
    assert "Test question about the neck?" in view.panel.value
    assert "https://example.org/neck-test" in view.panel.value


def test_the_stretch_guide_offers_the_new_area_and_cites_its_own_source(neck_content):
    from widgets.ui.stretches import StretchGuideView

    view = StretchGuideView(neck_content.stretching)
    assert "neck" in [value for _label, value in view.area.options]
    view.area.value = "neck"
    (card,) = view.cards["neck"]
    assert "https://example.org/neck-test" in card.card.value
    assert "Test: neck" in card.card.value and "Source:" in card.card.value


def test_content_is_back_to_the_real_files_after_the_neck_tests():
    assert "neck" not in content().stretching.body_areas
