"""Pools that follow the class (spasm_relief_app/class_flow.py): the pure model of how many kernels to keep ready."""

from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from spasm_relief_app.class_flow import ClassFlow

ORDER = ("00.ipynb", "01.ipynb", "02.ipynb", "plan.ipynb")
BASE = {"00.ipynb": 30, "01.ipynb": 1, "02.ipynb": 1, "plan.ipynb": 3}


def flow(**kwargs) -> ClassFlow:
    return ClassFlow(order=ORDER, base=dict(BASE), cap=30, window_s=600, **kwargs)


def test_kernels_wait_on_the_next_page_for_the_learners_on_their_way():
    f = flow()
    assert f.targets(0) == BASE  # nobody yet: base sizes
    for second in range(30):  # a class opens the start page together
        f.opened("00.ipynb", second)
    assert f.targets(40)["01.ipynb"] == 30 and f.targets(40)["02.ipynb"] == 1
    for second in range(12):  # twelve have moved on to lesson 1
        f.opened("01.ipynb", 100 + second)
    targets = f.targets(120)
    assert targets["01.ipynb"] == 18 and targets["02.ipynb"] == 12
    assert targets["00.ipynb"] == 30  # the start page keeps its class-sized base


def test_my_plan_follows_the_last_lesson_and_pools_go_back_to_base_after_the_window():
    f = flow()
    for second in range(20):
        f.opened("02.ipynb", second)
    assert f.targets(30)["plan.ipynb"] == 20
    assert f.targets(30 + 601)["plan.ipynb"] == 3  # the openings have aged out: back to base


def test_a_learner_who_keeps_the_old_tab_or_reloads_counts_once_more_at_most():
    f = flow()
    f.opened("00.ipynb", 0)
    f.opened("00.ipynb", 5)  # reloaded
    f.opened("01.ipynb", 10)
    assert f.targets(11)["01.ipynb"] == 1  # base; one extra ready at most would be max(1, 2 - 1)


def test_the_cap_bounds_a_pool_but_not_a_configured_base():
    f = ClassFlow(order=ORDER, base=dict(BASE), cap=5, window_s=600)
    for second in range(40):
        f.opened("00.ipynb", second)
    assert f.targets(50)["01.ipynb"] == 5 and f.targets(50)["00.ipynb"] == 30


def test_bad_set_ups_are_refused_with_a_reason():
    with pytest.raises(ValueError, match="twice"):
        ClassFlow(order=("a", "a"), base={}, cap=1)
    with pytest.raises(ValueError, match="negative"):
        ClassFlow(order=("a",), base={"a": -1}, cap=1)
    with pytest.raises(ValueError, match="negative"):
        ClassFlow(order=("a",), base={}, cap=1, window_s=0)


@given(st.lists(st.tuples(st.sampled_from(ORDER), st.floats(0, 2000)), max_size=200),
       st.integers(0, 40), st.floats(0, 3000))
def test_targets_stay_between_base_and_cap_and_total_is_bounded_by_the_openings(events, cap, now):
    f = ClassFlow(order=ORDER, base=dict(BASE), cap=cap, window_s=600)
    for page, at in sorted(events, key=lambda e: e[1]):
        f.opened(page, at)
    targets = f.targets(max(now, max((at for _, at in events), default=0)))
    assert set(targets) == set(ORDER)
    for page, target in targets.items():
        assert BASE[page] <= target <= max(cap, BASE[page])
    extra = sum(target - BASE[page] for page, target in targets.items())
    assert extra <= len(events)  # no kernel is kept ready for a learner who never opened a page


def test_the_start_page_is_ready_for_the_class_until_it_has_arrived_then_for_the_next_class():
    f = ClassFlow(order=ORDER, base={**BASE, "00.ipynb": 3}, cap=30, window_s=600, class_size=30)
    assert f.targets(0)["00.ipynb"] == 30
    for second in range(30):
        f.opened("00.ipynb", second)
    assert f.targets(40)["00.ipynb"] == 3  # the class is in: no 30 refills nobody needs
    assert f.targets(40)["01.ipynb"] == 30
    assert f.targets(40 + 601)["00.ipynb"] == 30  # ready again for the next class


def test_the_server_refuses_a_negative_class_or_window_with_a_message(capsys):
    from spasm_relief_app.server import main

    for argv, words in ((["--class-size", "-3"], "--class-size must be 0 or more"),
                        (["--follow-window", "0"], "--follow-window must be a number of seconds above 0"),
                        (["--warm-ups", "0"], "--warm-ups must be 1 or more kernels at a time")):
        with pytest.raises(SystemExit) as stop:
            main(argv)
        assert stop.value.code == 2 and words in capsys.readouterr().err
