"""The views, built without a kernel: they show what the models say, and errors become messages."""

from __future__ import annotations

import ipywidgets as w
import pytest
from traitlets import TraitError

from widgets import ui
from widgets.content import content
from widgets.errors import InputError
from widgets.ui.checklist import ChecklistView
from widgets.checklist import Checklist
from widgets.ui.red_flags import RedFlagView
from widgets.red_flags import RedFlagCheck
from widgets.ui.safe import GENERIC, guarded


def test_header_has_notice_date_and_navigation():
    html = "".join(child.value for child in ui.header("first-response").children)
    assert "Educational, not a diagnosis or treatment." in html
    assert content().meta.notice in html
    assert f'datetime="{content().meta.last_reviewed.isoformat()}"' in html
    assert 'rel="prev" href="00_start_here.ipynb"' in html
    assert 'href="00_start_here.ipynb#contents"' in html
    assert "<style>" in html


def test_footer_repeats_notice_and_navigation():
    html = "".join(child.value for child in ui.footer("start-here").children)
    assert "Educational, not a diagnosis or treatment." in html and 'rel="next"' in html


def test_contents_links_every_lesson_after_the_start():
    html = ui.contents().value
    for lesson in content().lessons[1:]:
        assert f'href="{lesson.file}"' in html and lesson.title in html


def test_red_flag_view_shows_get_help_panel_on_any_yes():
    view = RedFlagView(RedFlagCheck.from_content(content()))
    assert "No warning signs ticked" in view.panel.value
    view.boxes["clot"].value = True
    assert "Stop self-care and get help" in view.panel.value
    assert "Get urgent medical advice today" in view.panel.value
    assert all(n.number in view.panel.value for n in content().safety.emergency_numbers)
    view.region.value = "United Kingdom"
    assert "999" in view.panel.value and "911" not in view.panel.value
    view.clear.click()
    assert "No warning signs ticked" in view.panel.value
    assert not any(box.value for box in view.boxes.values())


def test_every_control_has_a_label():
    view = RedFlagView(RedFlagCheck.from_content(content()))
    for box in view.boxes.values():
        assert box.description
    assert view.region.description and view.clear.description


def test_checklist_view_reports_progress_in_words():
    view = ChecklistView(Checklist(content().first_response.now), "legend")
    for box in view.boxes.values():
        box.value = True
    assert "All 3 steps done." in view.progress.value
    view.reset.click()
    assert "0 of 3 steps done." in view.progress.value


def test_guarded_callback_shows_a_message_not_a_traceback():
    status = w.HTML()

    @guarded(status, "testing")
    def broken():
        raise RuntimeError("internal detail")

    @guarded(status, "testing")
    def bug():
        raise KeyError("calf")  # a bug, not the person's input: its text must not reach the page

    @guarded(status, "testing")
    def refused():
        raise InputError("That time is not valid.")

    broken()
    assert GENERIC in status.value and "internal detail" not in status.value and "Traceback" not in status.value
    bug()
    assert GENERIC in status.value and "calf" not in status.value
    refused()
    assert "That time is not valid." in status.value and 'role="alert"' in status.value


def test_a_region_that_is_not_offered_is_refused_before_the_view_sees_it():
    view = RedFlagView(RedFlagCheck.from_content(content()))
    before = (view.region.value, view.panel.value)
    with pytest.raises(TraitError):
        view.region.set_state({"index": len(view.region.options) + 5})  # what a client's bad message does
    assert (view.region.value, view.panel.value) == before and view.status.value == ""
