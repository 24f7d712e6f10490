from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from widgets.content import LEVELS, content
from widgets.red_flags import RedFlagCheck


def fresh() -> RedFlagCheck:
    return RedFlagCheck.from_content(content())


def test_all_no_needs_no_help():
    check = fresh()
    for flag in check.flags:
        check.answer(flag.id, False)
    assert not check.needs_help and check.level is None and check.heading is None


def test_one_yes_needs_help():
    check = fresh()
    check.answer("long-cramp", True)
    assert check.needs_help and check.level == "doctor"
    assert [f.id for f in check.triggered] == ["long-cramp"]


def test_most_serious_first():
    check = fresh()
    check.answer("long-cramp", True)
    check.answer("cauda-equina", True)
    check.answer("clot", True)
    assert [f.level for f in check.triggered] == ["emergency", "urgent", "doctor"]
    assert check.heading == "Call an emergency number now"


def test_numbers_are_a_choice():
    check = fresh()
    assert len(check.emergency_numbers()) == 4
    check.choose_region("Australia")
    assert [n.number for n in check.emergency_numbers()] == ["000"]
    check.choose_region(None)
    assert len(check.emergency_numbers()) == 4


def test_topics_filter():
    back_only = RedFlagCheck.from_content(content(), ("back",))
    assert [f.id for f in back_only.flags] == ["cauda-equina", "back-fever", "back-injury", "back-weight-cancer"]


def test_bad_input_is_refused_with_a_message():
    check = fresh()
    with pytest.raises(KeyError, match="unknown warning sign 'nope'"):
        check.answer("nope", True)
    with pytest.raises(KeyError, match="unknown country or region 'Mars'"):
        check.choose_region("Mars")
    with pytest.raises(TypeError):
        check.answer("long-cramp", "yes")


def test_reset_clears_answers():
    check = fresh()
    check.answer("clot", True)
    check.reset()
    assert not check.needs_help


FLAG_IDS = [f.id for f in content().safety.red_flags]


@given(st.dictionaries(st.sampled_from(FLAG_IDS), st.booleans()))
def test_level_is_the_most_serious_yes(answers):
    check = fresh()
    for flag_id, yes in answers.items():
        check.answer(flag_id, yes)
    yes_levels = [f.level for f in check.flags if answers.get(f.id)]
    assert check.needs_help == bool(yes_levels)
    if yes_levels:
        assert check.level == min(yes_levels, key=LEVELS.index)
        assert {f.id for f in check.triggered} == {i for i, y in answers.items() if y}
    else:
        assert check.level is None


def test_a_yes_brings_the_help_panel_into_view_on_every_page_with_the_check():
    from widgets.ui.red_flags import RedFlagView

    view = RedFlagView(fresh())
    assert view.reveal.selector == ".sr-red-flags .sr-help-panel" and view.reveal in view.widget.children
    view.boxes["clot"].value = True
    assert view.reveal.count == 1
    view.boxes["clot"].value = False  # unticking moves nothing
    assert view.reveal.count == 1
