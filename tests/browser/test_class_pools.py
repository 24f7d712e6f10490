"""Pools that follow the class, on the real server: a class opens a page, kernels get ready on the
next one, and once the class has passed they are let go. Protocol level (page requests and the
tab-close shutdown), as a class of browsers would do, without the browsers' load on the machine.

This also exercises, for real, the parts of Voilà the app reaches into (``_pools`` and
``_initialize``; see tests/unit/test_voila_contract.py): if they change, the pools stop
following and this test fails.
"""

from __future__ import annotations

import json
import re
import time
import urllib.request

from tests.harness import start_app, stop

CLASS = 3
WINDOW_S = 30


def status(base: str) -> dict:
    with urllib.request.urlopen(f"{base}/spasm-relief/pools", timeout=10) as response:
        return json.load(response)


def wait_until(base: str, check, what: str, timeout: float = 150) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        now = status(base)
        if check(now):
            return now
        time.sleep(1)
    raise AssertionError(f"pools never reached: {what}; last {now}")


def open_and_close(base: str, page: str) -> None:
    """A learner opens the page and later closes the tab (Voilà's unload-time shutdown request)."""
    with urllib.request.urlopen(f"{base}/voila/render/{page}", timeout=120) as response:
        html = response.read().decode()
        cookies = "; ".join(c.split(";")[0] for c in response.headers.get_all("Set-Cookie") or [])
    kernel = re.search(r'"kernelId":\s*"([0-9a-f-]+)"', html).group(1)
    request = urllib.request.Request(f"{base}/voila/api/shutdown/{kernel}", data=b"", method="POST",
                                     headers={"Origin": base, "Cookie": cookies})
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.status in (200, 204)


def test_pools_grow_ahead_of_a_class_and_shrink_after_it(tmp_path):
    log = tmp_path / "voila.log"
    process, base = start_app("--class-size", str(CLASS), "--follow-window", str(WINDOW_S), "--pool-status", log=log)
    try:
        first = wait_until(base, lambda s: all(p["ready"] >= p["target"] for p in s.values()), "all pools full")
        assert first["00_start_here.ipynb"]["target"] == CLASS and first["01_first_response.ipynb"]["target"] == 1
        # the class opens the start page: lesson 1 gets a kernel ready for each of them
        for _ in range(CLASS):
            open_and_close(base, "00_start_here.ipynb")
        wait_until(base, lambda s: s["01_first_response.ipynb"]["ready"] >= CLASS, "lesson 1 ready for the class")
        # they move on to lesson 1: its pool goes back to its base size, lesson 2 gets ready
        for _ in range(CLASS):
            open_and_close(base, "01_first_response.ipynb")
        moved = wait_until(base, lambda s: s["02_stretches.ipynb"]["ready"] >= CLASS, "lesson 2 ready for the class")
        assert moved["01_first_response.ipynb"]["target"] == 1
        # nobody comes for lesson 2 within the window: its extra kernels are let go
        wait_until(base, lambda s: s["02_stretches.ipynb"]["pool"] == 1 and s["02_stretches.ipynb"]["target"] == 1,
                   "lesson 2 back to one kernel", timeout=WINDOW_S + 60)
    finally:
        stop(process)
    text = log.read_text()
    # it grows as the class arrives: in one step or several (the learners come one by one), from 1 to 3
    grows = [(int(a), int(b)) for a, b in re.findall(r"02_stretches\.ipynb grows from (\d+) to (\d+)", text)]
    assert grows and grows[0][0] == 1 and max(b for _a, b in grows) == CLASS, (grows, text[-3000:])
    # the surplus goes as each kernel finishes its notebook: in one step or several, two in all
    let_go = [int(n) for n in re.findall(r"02_stretches\.ipynb lets (\d+) go", text)]
    assert sum(let_go) == 2, (let_go, text[-3000:])
    assert "resize failed" not in text and "Kernel died" not in text and "Traceback" not in text, text[-3000:]
