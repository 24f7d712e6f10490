"""Issue 12, bad widget values from any client: nothing but a short line leaves the server.

Any client can send any value to any widget over the kernel's websocket, as Voilà's front end sends
a learner's changes. Here a protocol-level client (no browser; see benchmarks/protocol.py) opens
every page of the app on the real server, collects its widgets' states through the ipywidgets
control comm, and sends bad messages (:func:`bad_messages`): to every widget, values of the wrong
kind and out of range (:func:`bad_values`) for what a learner changes, and an unknown key; to the
first widget of each kind, the same for every other synced trait, a ~1 MB string and malformed
messages; and comms that must not open, and bad control messages. Every message the kernel sends
back (iopub stream, error and comm messages, shell replies) is checked by :func:`leak`: no
traceback, no source line, no server path, no ANSI escape of an IPython traceback. The kernel must
stay up and answer each message; afterwards, with the learner's values put back, a learner's
ordinary change (``pick_change``) must still be taken, without an error, and the page must react to
it as it did before the bad values.

Before widgets/kernel_errors.py (the app's kernelspec loads it), 600-1550 messages per page carried
IPython's traceback with the server's paths. It lives with the browser tests because it starts the
real app server (``app_url``); it needs no Chromium. The bad values and the leak check are pure
functions, also checked in tests/unit/test_widget_fuzz_checks.py.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import datetime as dt
import json
import re
import sys
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from tornado.httpclient import AsyncHTTPClient, HTTPRequest
from tornado.websocket import websocket_connect

from benchmarks.protocol import (CONTROL_PROTOCOL, CONTROL_TARGET, KERNEL_ID, MAIN_CONTROL, WIDGET_PROTOCOL, Tab,
                                 decode, pick_change)
from widgets.paths import NOTEBOOKS_DIR, REPO_ROOT

HUGE_STRING = "x" * 1_000_000
"""About 1 MB: to the first widget of each kind, in its ``value`` (or its first text trait)."""
MISSING_MODEL = "IPY_MODEL_" + "0" * 32
LEARNER_TRAITS = ("value", "index", "label", "selected_index")
"""What a learner changes, and so what the app's callbacks watch: fuzzed on every widget."""
REPLY_TIMEOUT_S = 60.0  # one message's answer (its idle status): a limit for a busy machine, not an expectation
IN_FLIGHT = 8  # messages sent ahead of their answers, per page
PAGES_AT_ONCE = 2  # pages fuzzed at the same time (one per core)

# --- what is sent -------------------------------------------------------------------------------


def bad_values(value) -> list:
    """A few values a client should not be able to give a synced trait that now holds ``value``
    (as JSON: ``update_states`` sends lists for tuples and ``"IPY_MODEL_<id>"`` for widgets):
    values of the wrong kind, negative and out-of-range numbers, NaN and an infinity (Python's
    JSON, on the server, reads ``NaN`` and ``-Infinity``), references to widgets that do not exist.
    Never the trait's own kind of ordinary value (a list of strings for a list of strings): that
    would be a change the widget takes, not a bad one, and could leave a learner's own control
    unusable (a Dropdown's labels)."""
    if isinstance(value, bool):
        return [None, "yes", 2, [True]]
    if isinstance(value, (int, float)):
        return [None, "1", [1], -1, 10**18, float("nan"), float("-inf")]
    if isinstance(value, str):
        return [None, 0, [value], {"x": value}, *([MISSING_MODEL] if value.startswith("IPY_MODEL_") else [])]
    if isinstance(value, list):
        widgets = any(isinstance(item, str) and item.startswith("IPY_MODEL_") for item in value)
        return [None, "x", [None, {"x": 1}], [MISSING_MODEL] if widgets else [[[]]]]
    if isinstance(value, dict):
        return [None, "x", [1, 2]]
    return ["not a value", -1, 10**18, [None]]  # None now: any kind may be wrong


def huge_target(state: dict) -> str:
    """The trait that gets the ~1 MB string: ``value`` if the widget has one, else its first text
    trait that is not a widget reference, else its first trait."""
    if "value" in state:
        return "value"
    texts = [k for k, v in state.items() if isinstance(v, str) and not v.startswith("IPY_MODEL_")]
    return (texts or list(state) or ["value"])[0]


def _update(state) -> dict:
    return {"method": "update", "state": state, "buffer_paths": []}


def bad_messages(states: dict, control_id: str) -> list[tuple[str, dict, dict]]:
    """Every bad message for one page, as (msg_type, content, metadata); ``states`` is the page's
    ``update_states`` (model id -> {model_name, state}), ``control_id`` the page's open control comm.

    Every widget gets bad values in each of its :data:`LEARNER_TRAITS` and an unknown key. The first
    widget of each kind (model name and traits: the validation is the class's) also gets bad values
    in every other synced trait, the huge string and malformed messages. Then comms that should not
    open, and malformed control messages."""
    messages, seen = [], set()
    for model_id, entry in states.items():
        state = entry.get("state", {})
        kind = (entry.get("model_name"), tuple(sorted(state)))
        first = kind not in seen
        seen.add(kind)
        datas = [_update({key: bad}) for key, value in state.items() if first or key in LEARNER_TRAITS
                 for bad in bad_values(value)]
        datas.append(_update({"no_such_trait": 1}))
        if first:
            datas += [_update({huge_target(state): HUGE_STRING}), _update("not a state"),
                      {"method": "update", "state": {}, "buffer_paths": [["value"]]},  # a buffer that never came
                      {"method": "update"}, {"method": "custom", "content": {"event": [None]}},
                      {"method": "no such method"}, {}]
        messages += [("comm_msg", {"comm_id": model_id, "data": data}, WIDGET_PROTOCOL) for data in datas]
    widget = {"_model_module": "@jupyter-widgets/base", "_model_module_version": "2.0.0", "_model_name": "LayoutModel",
              "_view_module": "@jupyter-widgets/base", "_view_module_version": "2.0.0", "_view_name": "LayoutView"}
    for target, data, metadata in [
            (CONTROL_TARGET, {}, {}),  # no protocol version
            (CONTROL_TARGET, {}, {"version": "0.1"}),
            ("jupyter.widget", {"state": {"_model_name": "NoSuchModel"}, "buffer_paths": []}, WIDGET_PROTOCOL),
            ("jupyter.widget", {"state": {**widget, "width": [None]}, "buffer_paths": []}, WIDGET_PROTOCOL),
            ("jupyter.widget", {"state": widget, "buffer_paths": []}, {}),
            ("jupyter.widget", "not data", WIDGET_PROTOCOL),
            ("no.such.target", {}, {})]:
        messages.append(("comm_open", {"comm_id": str(uuid.uuid4()), "target_name": target, "data": data}, metadata))
    for data in [{"method": "no such method"}, {"method": None}, {}, "not data"]:
        messages.append(("comm_msg", {"comm_id": control_id, "data": data}, CONTROL_PROTOCOL))
    messages.append(("comm_close", {"comm_id": str(uuid.uuid4()), "data": {}}, {}))
    return messages


# --- what must not come back --------------------------------------------------------------------

def _server_paths() -> tuple[str, ...]:
    paths = {str(REPO_ROOT), str(Path(sys.prefix)), str(Path(sys.base_prefix) / "lib"), str(Path.home()) + "/"}
    return tuple(sorted(p for p in paths if len(p) > 2))


LEAKS = (
    ("a traceback", re.compile(r"Traceback|most recent call last")),
    ("a source line", re.compile(r'File "[^"\n]*", line \d+|\.py", line \d+|\.pyx?:\d+')),
    ("an ANSI escape", re.compile(r"\x1b\[")),
    ("a server path", re.compile("|".join(re.escape(p) for p in _server_paths()))),
    ("a package path", re.compile(r"site-packages|dist-packages|/lib/python\d")),
)


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings(item)


def leak(message: dict) -> str | None:
    """What in a kernel message (as the websocket delivers it) should not have left the server:
    ``"<what>: <excerpt>"`` for the first traceback, source line, server path or ANSI escape in any
    string of its content, or None if there is none."""
    for text in _strings(message.get("content", {})):
        for what, pattern in LEAKS:
            found = pattern.search(text)
            if found:
                start = max(0, found.start() - 60)
                return f"{what}: {text[start:found.end() + 60]!r}"
    return None


# --- the client -----------------------------------------------------------------------------------

def _msg_type(message: dict) -> str:
    return message.get("msg_type") or message.get("header", {}).get("msg_type", "")


@dataclass
class Fuzzed:
    """What one page's kernel sent back."""

    name: str
    sent: int = 0
    received: int = 0
    leaks: list = field(default_factory=list)  # (msg_type, what) for every message that leaks
    problems: list = field(default_factory=list)  # the kernel died, hung, or stopped answering
    widgets: int = 0
    seconds: float = 0.0


class Kernel:
    """A page's kernel websocket: sends messages, and checks every message that comes back."""

    def __init__(self, tab: Tab, result: Fuzzed):
        self.tab, self.result = tab, result
        self.waiting: dict[str, tuple[asyncio.Future, list]] = {}
        self.reader = asyncio.get_running_loop().create_task(self._read())

    async def _read(self) -> None:
        while True:
            frame = await self.tab.inbox.get()
            if frame is None:
                self._fail(ConnectionError("the kernel websocket closed"))
                return
            message = decode(frame)
            self.result.received += 1
            msg_type, content = _msg_type(message), message.get("content", {})
            found = leak(message)
            if found:
                self.result.leaks.append((msg_type, found))
            if msg_type == "stream" and "rate exceeded" in content.get("text", ""):
                self.result.problems.append("the server dropped kernel messages (IOPub rate limit)")
            if msg_type == "status" and content.get("execution_state") in ("dead", "restarting"):
                self._fail(ConnectionError(f"kernel {content['execution_state']}"))
            parent = message.get("parent_header", {}).get("msg_id")
            if parent in self.waiting:
                done, replies = self.waiting[parent]
                replies.append(message)
                if msg_type == "status" and content.get("execution_state") == "idle" and not done.done():
                    done.set_result(replies)

    def _fail(self, error: Exception) -> None:
        self.result.problems.append(str(error))
        for done, _ in self.waiting.values():
            if not done.done():
                done.set_exception(error)

    async def request(self, msg_type: str, content: dict, metadata: dict | None = None) -> list[dict]:
        """Send a shell message; its answer: every message the kernel sent for it, up to its idle."""
        msg_id = str(uuid.uuid4())
        done = asyncio.get_running_loop().create_future()
        self.waiting[msg_id] = (done, [])
        await self.tab.connection.write_message(json.dumps({
            "header": {"msg_id": msg_id, "msg_type": msg_type, "session": self.tab.session, "username": "fuzz",
                       "version": "5.3", "date": dt.datetime.now(dt.timezone.utc).isoformat()},
            "parent_header": {}, "metadata": metadata or {}, "content": content, "channel": "shell",
            "buffers": []}))
        self.result.sent += 1
        try:
            return await asyncio.wait_for(done, REPLY_TIMEOUT_S)
        except asyncio.TimeoutError:
            raise TimeoutError(f"no answer to a {msg_type} within {REPLY_TIMEOUT_S:g} s") from None
        finally:
            del self.waiting[msg_id]

    async def states(self) -> tuple[dict, str]:
        """Every widget's state, as the front end asks for it (model id -> {model_name, state}), and
        the control comm it came through."""
        comm_id = str(uuid.uuid4())
        await self.request("comm_open", {"comm_id": comm_id, "target_name": CONTROL_TARGET, "data": {}},
                           CONTROL_PROTOCOL)
        for message in await self.request("comm_msg", {"comm_id": comm_id, "data": {"method": "request_states"}}):
            data = message.get("content", {}).get("data", {})
            if _msg_type(message) == "comm_msg" and data.get("method") == "update_states":
                return data["states"], comm_id
        raise RuntimeError("the kernel sent no widget states")

    async def update(self, model_id: str, data: dict) -> list[dict]:
        return await self.request("comm_msg", {"comm_id": model_id, "data": data}, WIDGET_PROTOCOL)


def answer(replies: list[dict], order: dict[str, int]) -> dict:
    """What a change got back: the widgets (by creation order) the kernel updated for it, and any
    error or stderr output."""
    updated = sorted({order.get(m["content"].get("comm_id"), -1) for m in replies if _msg_type(m) == "comm_msg"})
    errors = [m["content"].get("text", m["content"].get("ename", ""))[:300] for m in replies
              if _msg_type(m) == "error" or (_msg_type(m) == "stream" and m["content"].get("name") == "stderr")]
    return {"updated": updated, "errors": errors}


def reaction(answer: dict, changed: int) -> bool:
    """Whether the page reacted to a change: the kernel updated some widget besides the one changed.
    (Which ones varies from one change to the next: the app sends only what differs.)"""
    return bool(set(answer["updated"]) - {changed})


async def fuzz_page(client, base: str, name: str) -> Fuzzed:
    """Open ``name`` as Voilà's front end does, make a learner's change and undo it, send every
    widget every bad message, put the learner's values back, then make the learner's change again."""
    result = Fuzzed(name)
    started = time.perf_counter()
    tab = Tab(base, name)
    page = await client.fetch(f"{base}/voila/render/{name}", request_timeout=120)
    tab.kernel_id = KERNEL_ID.search(page.body.decode()).group(1)
    tab.cookies = "; ".join(c.split(";")[0] for c in page.headers.get_list("Set-Cookie"))
    url = base.replace("http", "ws", 1) + f"/api/kernels/{tab.kernel_id}/channels?session_id={tab.session}"
    tab.connection = await websocket_connect(HTTPRequest(url, headers={"Origin": base, "Cookie": tab.cookies}),
                                             on_message_callback=tab._on_message, max_message_size=64 << 20)
    kernel = Kernel(tab, result)
    try:
        await kernel.request("kernel_info_request", {})
        states, control_id = await kernel.states()
        result.widgets = len(states)
        order = {model_id: number for number, model_id in enumerate(states)}
        model_id, change, _ = pick_change(states, MAIN_CONTROL.get(name))
        undo = {key: states[model_id]["state"].get(key) for key in change}
        before = answer(await kernel.update(model_id, _update(change)), order)
        await kernel.update(model_id, _update(undo))

        queue = bad_messages(states, control_id)[::-1]

        async def sender():
            while queue:
                await kernel.request(*queue.pop())

        await asyncio.gather(*(sender() for _ in range(IN_FLIGHT)))
        # still alive and answering; the learner puts the page back as it was (some bad values are
        # ones a widget takes, such as no choice in a Dropdown, and the page then asks for a choice)
        await kernel.request("kernel_info_request", {})
        await kernel.states()
        queue = [("comm_msg", {"comm_id": widget, "data": _update(original)}, WIDGET_PROTOCOL)
                 for widget, entry in states.items()
                 if (original := {k: v for k, v in entry["state"].items() if k in LEARNER_TRAITS})]
        await asyncio.gather(*(sender() for _ in range(IN_FLIGHT)))
        # and the learner's change gets its normal answer: taken, no error, the page reacts as before
        after = answer(await kernel.update(model_id, _update(change)), order)
        if (after["errors"] or order[model_id] not in after["updated"]
                or reaction(after, order[model_id]) != reaction(before, order[model_id])):
            result.problems.append(f"the learner's change {change} got {after} after the bad values, {before} before")
    except Exception as error:  # noqa: BLE001 - reported with the page's other results
        result.problems.append(f"{type(error).__name__}: {error}"[:500])
    finally:
        kernel.reader.cancel()
        tab.listening = False
        tab.connection.close()
        await client.fetch(f"{base}/voila/api/shutdown/{tab.kernel_id}", method="POST", body=b"", raise_error=False,
                           headers={"Origin": base, "Cookie": tab.cookies}, request_timeout=60)
    result.seconds = time.perf_counter() - started
    return result


async def fuzz_app(base: str, pages: list[str]) -> list[Fuzzed]:
    client = AsyncHTTPClient(force_instance=True)
    turns = asyncio.Semaphore(PAGES_AT_ONCE)

    async def one(name: str) -> Fuzzed:
        async with turns:
            return await fuzz_page(client, base, name)

    try:
        return list(await asyncio.gather(*(one(name) for name in pages)))
    finally:
        client.close()


def summary(results: list[Fuzzed]) -> str:
    lines = []
    for r in results:
        kinds = Counter(msg_type for msg_type, _ in r.leaks)
        lines.append(f"{r.name}: {r.widgets} widgets, {r.sent} messages sent, {r.received} received, "
                     f"{len(r.leaks)} leaking {dict(kinds)}, {r.seconds:.1f} s")
        examples = {msg_type: what for msg_type, what in reversed(r.leaks)}  # the first of each type
        lines += [f"    {msg_type}: {what[:300]}" for msg_type, what in examples.items()]
        lines += [f"    PROBLEM {p}" for p in r.problems]
    return "\n".join(lines)


PAGES = sorted(path.name for path in NOTEBOOKS_DIR.glob("*.ipynb"))


def test_bad_widget_values_leave_no_traceback_and_no_kernel_down(app_url):
    assert len(PAGES) >= 8, PAGES
    # in a thread of its own: the browser tests' Playwright keeps an event loop running in this one
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as runner:
        results = runner.submit(asyncio.run, fuzz_app(app_url, PAGES)).result()
    report = summary(results)
    print(report)
    assert all(r.widgets and r.sent > r.widgets for r in results), report  # every widget got bad messages
    assert not any(r.leaks or r.problems for r in results), report


if __name__ == "__main__":  # against a running server: python -m tests.browser.test_widget_fuzz URL [page ...]
    print(summary(asyncio.run(fuzz_app(sys.argv[1].rstrip("/"), sys.argv[2:] or PAGES))))
