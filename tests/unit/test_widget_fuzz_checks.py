"""The widget fuzz's own parts (tests/browser/test_widget_fuzz.py): the bad values it sends and the
check that a kernel's message leaks nothing. If the leak check missed a traceback, the fuzz would
pass for nothing; if it flagged ordinary replies, it would fail for nothing."""

from __future__ import annotations

import math
import sys
import traceback

import pytest
from IPython.core.ultratb import AutoFormattedTB

from tests.browser.test_widget_fuzz import (HUGE_STRING, LEARNER_TRAITS, MISSING_MODEL, bad_messages, bad_values,
                                            huge_target, leak)
from widgets import kernel_errors
from widgets.paths import REPO_ROOT


def refused_value():
    import traitlets

    try:
        traitlets.Int().validate(None, "not a number")
    except traitlets.TraitError:
        return sys.exc_info()
    raise AssertionError("traitlets took a string for an Int")


def error_message(ename, evalue, lines):
    return {"msg_type": "error", "content": {"ename": ename, "evalue": evalue, "traceback": lines}}


def stderr_message(text):
    return {"msg_type": "stream", "content": {"name": "stderr", "text": text}}


def test_an_ipython_traceback_is_a_leak_with_or_without_colours():
    etype, value, tb = refused_value()
    for theme in ("linux", "nocolor"):
        lines = AutoFormattedTB(mode="Context", theme_name=theme).structured_traceback(etype, value, tb)
        assert leak(error_message("TraitError", str(value), lines)), theme


def test_a_logged_traceback_a_path_and_a_warning_line_are_leaks():
    etype, value, tb = refused_value()
    logged = "Exception in comm_msg for 1234\n" + "".join(traceback.format_exception(etype, value, tb))
    assert leak(stderr_message(logged)).startswith("a traceback")
    assert leak(stderr_message(f"could not read {REPO_ROOT}/assets/content/x.json")).startswith("a server path")
    assert leak(stderr_message("/opt/py/lib/python3.11/site-packages/jupyter_client/session.py:727: UserWarning: x"))
    assert leak(stderr_message('  File "widget.py", line 773, in _handle_msg')).startswith("a source line")
    assert leak({"msg_type": "comm_msg", "content": {"data": {"state": {"outputs": [{"text": "\x1b[0;31mboom"}]}}}})


def test_ordinary_replies_and_the_short_error_are_not_leaks():
    assert leak({"msg_type": "status", "content": {"execution_state": "idle"}}) is None
    assert leak({"msg_type": "comm_msg", "content": {"comm_id": "a", "data": {
        "method": "update", "state": {"value": '<div class="sr"><a href="/voila/render/01_first_response.ipynb">'
                                                 "Next: first response</a> 3.5 cm, 1/2</div>", "index": 1}}}}) is None
    notice = f"TraitError in the kernel; {kernel_errors.NOTICE}."
    assert leak(error_message("TraitError", kernel_errors.NOTICE, [notice])) is None
    assert leak(stderr_message(f"RuntimeError in the kernel (Comm); {kernel_errors.NOTICE}.\n")) is None
    assert leak({"msg_type": "kernel_info_reply", "content": {"implementation": "ipython", "banner": "Python 3"}}) \
        is None


@pytest.mark.parametrize("value", [True, 0, 3, 2.5, "text", "IPY_MODEL_abc", [1, 2], {"a": 1}, None])
def test_bad_values_are_of_another_kind_or_out_of_range(value):
    bad = bad_values(value)
    assert 3 <= len(bad) <= 8
    if isinstance(value, bool):
        assert not any(isinstance(b, bool) for b in bad)
    elif isinstance(value, (int, float)):
        numbers = [b for b in bad if isinstance(b, (int, float)) and not isinstance(b, bool)]
        assert -1 in numbers and max(numbers) >= 10**18 and any(math.isnan(b) for b in numbers)
        assert any(not isinstance(b, (int, float)) for b in bad)
    elif isinstance(value, str):
        assert not any(isinstance(b, str) for b in bad if b != MISSING_MODEL)
        assert (MISSING_MODEL in bad) == value.startswith("IPY_MODEL_")
    elif isinstance(value, list):  # lists, but never of the list's own kind of item
        assert all(not isinstance(b, list) or any(not isinstance(i, type(value[0])) for i in b) for b in bad)
        assert bad_values(["IPY_MODEL_abc"])[-1] == [MISSING_MODEL]
    elif isinstance(value, dict):
        assert not any(isinstance(b, dict) for b in bad)
    assert value not in bad or value is None and None not in bad


def test_every_widget_gets_bad_messages_and_every_trait_of_each_kind_is_covered():
    layout = {"_model_name": "LayoutModel", "width": None, "height": "10px"}
    states = {
        "a": {"model_name": "CheckboxModel", "state": {"value": False, "description": "x", "layout": "IPY_MODEL_c"}},
        "b": {"model_name": "CheckboxModel", "state": {"value": True, "description": "y", "layout": "IPY_MODEL_d"}},
        "c": {"model_name": "LayoutModel", "state": layout},
        "d": {"model_name": "LayoutModel", "state": layout},
    }
    messages = bad_messages(states, "control")
    by_widget: dict[str, list] = {}
    for msg_type, content, _metadata in messages:
        if msg_type == "comm_msg":
            by_widget.setdefault(content["comm_id"], []).append(content["data"])
    assert set(by_widget) == {"a", "b", "c", "d", "control"}
    updates = {w: [d["state"] for d in datas if isinstance(d, dict) and isinstance(d.get("state"), dict)]
               for w, datas in by_widget.items()}
    touched = {w: {key for state in states for key in state} for w, states in updates.items()}
    assert {"value", "description", "layout"} <= touched["a"] and set(layout) <= touched["c"]
    assert touched["b"] == {"value", "no_such_trait"} and touched["d"] == {"no_such_trait"}  # same kinds again
    assert set(LEARNER_TRAITS) >= touched["b"] - {"no_such_trait"}
    huge = [state for states in updates.values() for state in states if HUGE_STRING in state.values()]
    assert len(huge) == 2  # once per kind
    assert huge_target({"description": "x", "layout": "IPY_MODEL_c"}) == "description"
    assert {t for m, c, _ in messages if m == "comm_open" for t in [c["target_name"]]} >= {"jupyter.widget.control",
                                                                                          "jupyter.widget"}
