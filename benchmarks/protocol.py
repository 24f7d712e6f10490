"""A Voilà page at the protocol level, without a browser: what one learner's tab asks of the server.

One Chromium cannot drive tens of pages on two cores fast enough to load the server (its own CPU
dominates), so a class is measured with this client instead. For one page, :func:`open_page` does
what Voilà's front end does before the learner can use the page, and then makes one change:

1. GET ``/voila/render/<notebook>``; the HTML names the page's kernel (``"kernelId"``) and sets
   the cookies the front end sends back;
2. open the kernel's websocket (``/api/kernels/<id>/channels``) with the page's ``Origin`` and
   cookies, as a browser does;
3. ask ``kernel_info`` and, through the ipywidgets control comm, every widget's state: open a
   comm on target ``jupyter.widget.control`` with comm metadata ``{"version": "1.0.0"}`` and send
   ``{"method": "request_states"}``; the kernel answers with a ``comm_msg`` whose method is
   ``update_states``;
4. make one change a learner could make: the page's main control if ``MAIN_CONTROL`` names it
   (by its CSS class), or else the first widget (in the kernel's creation order) that has at
   least two options (Dropdown, RadioButtons, ToggleButtons, Select) gets another ``index``, or
   else the first Checkbox is toggled. The change is a ``comm_msg``
   ``{"method": "update", "state": {...}, "buffer_paths": []}`` with message metadata
   ``{"version": "2.1.0"}`` to that widget's comm; it is done when the kernel reports
   ``status: idle`` for it (the widget's callbacks have run).

:meth:`Tab.close` then leaves the page as a closing tab does: the websocket closes and the page
POSTs ``/voila/api/shutdown/<kernel id>`` with its ``Origin`` and cookies.

:func:`class_walk` moves a class of such learners through pages together. Everything here is
asyncio (tornado's HTTP and websocket clients); errors are returned as text, never raised, so a
failing learner is counted and the others go on.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import re
import struct
import time
import uuid
from dataclasses import dataclass, field

from tornado.httpclient import AsyncHTTPClient, HTTPRequest
from tornado.websocket import websocket_connect

CONTROL_TARGET = "jupyter.widget.control"
CONTROL_PROTOCOL = {"version": "1.0.0"}  # comm metadata for the control comm (ipywidgets 8)
WIDGET_PROTOCOL = {"version": "2.1.0"}  # message metadata for widget state updates (ipywidgets 8)
OPTION_MODELS = ("DropdownModel", "RadioButtonsModel", "ToggleButtonsModel", "SelectModel")
KERNEL_ID = re.compile(r'"kernelId":\s*"([0-9a-f-]+)"')
# Where the first widget with options is not the page's own control (the start page and My plan
# begin with the header's country picker), the control the browser measurements change instead:
# the first warning sign, and "How bad is it right now?" (which draws the plan).
MAIN_CONTROL = {"00_start_here.ipynb": "sr-flag-long-cramp", "my_plan.ipynb": "sr-severity"}


def decode(frame: str | bytes) -> dict:
    """A kernel message from the websocket: JSON text, or Jupyter's binary frame for messages with
    buffers (a count, offsets, the JSON message, then the buffers; the buffers are dropped)."""
    if isinstance(frame, str):
        return json.loads(frame)
    count = struct.unpack("!I", frame[:4])[0]
    offsets = struct.unpack("!" + "I" * count, frame[4:4 * (count + 1)])
    end = offsets[1] if count > 1 else len(frame)
    return json.loads(frame[offsets[0]:end].decode("utf-8"))


def pick_change(states: dict, main_control: str | None = None) -> tuple[str, dict, str] | None:
    """The change a learner makes: (model id, new state, description), or None if no widget fits.

    The first widget with two or more options gets another index (1, or 0 if 1 is chosen); failing
    that, the first Checkbox is toggled. A widget carrying the CSS class ``main_control`` comes
    before all others. ``states`` is ``update_states``' ``states`` (model id -> {model_name,
    state}), in the kernel's creation order."""
    ordered = sorted(states.items(), key=lambda item: main_control not in item[1].get("state", {}).get(
        "_dom_classes", ()))  # stable: the main control first, the others in creation order
    for model_id, entry in ordered:
        state = entry.get("state", {})
        if entry.get("model_name") in OPTION_MODELS and len(state.get("_options_labels", ())) >= 2:
            index = 0 if state.get("index") == 1 else 1
            label = state["_options_labels"][index]
            return model_id, {"index": index}, f"{entry['model_name']} {state.get('description', '')!r} -> {label!r}"
        if entry.get("model_name") == "CheckboxModel" and main_control in state.get("_dom_classes", ()):
            break  # the main control is a checkbox
    for model_id, entry in ordered:
        if entry.get("model_name") == "CheckboxModel":
            value = not entry.get("state", {}).get("value", False)
            return model_id, {"value": value}, f"CheckboxModel {entry['state'].get('description', '')!r} -> {value}"
    return None


@dataclass
class Tab:
    """One learner's page: its kernel, cookies and websocket, and what opening it took."""

    base: str
    name: str
    kernel_id: str = ""
    cookies: str = ""
    connection: object = None
    session: str = field(default_factory=lambda: str(uuid.uuid4()))
    inbox: asyncio.Queue = field(default_factory=asyncio.Queue)
    listening: bool = True
    timings: dict = field(default_factory=dict)  # seconds from the GET: html, states, changed
    change: str = ""
    kernel_errors: list = field(default_factory=list)  # stderr or error output caused by the change

    def _on_message(self, frame) -> None:
        if frame is None:
            self.inbox.put_nowait(None)
        elif self.listening:  # once the page is ready, a reading learner ignores further messages
            self.inbox.put_nowait(frame)

    async def send(self, msg_type: str, content: dict, metadata: dict | None = None) -> str:
        msg_id = str(uuid.uuid4())
        await self.connection.write_message(json.dumps({
            "header": {"msg_id": msg_id, "msg_type": msg_type, "session": self.session, "username": "bench",
                       "version": "5.3", "date": dt.datetime.now(dt.timezone.utc).isoformat()},
            "parent_header": {}, "metadata": metadata or {}, "content": content, "channel": "shell",
            "buffers": []}))
        return msg_id

    async def receive(self, deadline: float) -> dict:
        frame = await asyncio.wait_for(self.inbox.get(), timeout=max(0.001, deadline - time.monotonic()))
        if frame is None:
            raise ConnectionError("the kernel websocket closed")
        return decode(frame)

    async def close(self, client: AsyncHTTPClient) -> int | None:
        """Leave as a closing tab does: close the websocket, ask the server to shut the kernel down.
        Returns the shutdown request's HTTP status (None if the page never got a kernel)."""
        self.listening = False
        if self.connection is not None:
            self.connection.close()
            self.connection = None
        if not self.kernel_id:
            return None
        response = await client.fetch(f"{self.base}/voila/api/shutdown/{self.kernel_id}", method="POST", body=b"",
                                      headers={"Origin": self.base, "Cookie": self.cookies}, raise_error=False,
                                      request_timeout=60)
        self.kernel_id = ""
        return response.code


async def open_page(client: AsyncHTTPClient, tab: Tab, timeout: float = 120.0) -> float:
    """Open ``tab``'s page as Voilà's front end does and make one change (see the module's
    docstring). Returns seconds from the GET to the kernel's idle after the change; fills
    ``tab.timings``. Raises on any failure (the caller counts it)."""
    started = time.perf_counter()
    deadline = time.monotonic() + timeout
    response = await client.fetch(f"{tab.base}/voila/render/{tab.name}", request_timeout=timeout)
    tab.timings["html"] = time.perf_counter() - started
    found = KERNEL_ID.search(response.body.decode())
    if not found:
        raise RuntimeError(f"no kernelId in the page (HTTP {response.code}, {len(response.body)} bytes)")
    tab.kernel_id = found.group(1)
    tab.cookies = "; ".join(c.split(";")[0] for c in response.headers.get_list("Set-Cookie"))
    url = tab.base.replace("http", "ws", 1) + f"/api/kernels/{tab.kernel_id}/channels?session_id={tab.session}"
    tab.connection = await asyncio.wait_for(websocket_connect(
        HTTPRequest(url, headers={"Origin": tab.base, "Cookie": tab.cookies}),
        on_message_callback=tab._on_message), timeout=max(0.001, deadline - time.monotonic()))
    info = await tab.send("kernel_info_request", {})
    comm_id = str(uuid.uuid4())
    await tab.send("comm_open", {"comm_id": comm_id, "target_name": CONTROL_TARGET, "data": {}}, CONTROL_PROTOCOL)
    await tab.send("comm_msg", {"comm_id": comm_id, "data": {"method": "request_states"}})
    states, info_seen = None, False
    while states is None or not info_seen:
        message = await tab.receive(deadline)
        msg_type = message.get("msg_type") or message.get("header", {}).get("msg_type")
        if msg_type == "kernel_info_reply" and message.get("parent_header", {}).get("msg_id") == info:
            info_seen = True
        elif msg_type == "comm_msg" and message["content"].get("comm_id") == comm_id:
            data = message["content"].get("data", {})
            if data.get("method") == "update_states":
                states = data.get("states", {})
        elif msg_type == "stream" and message["content"].get("name") == "stderr":
            text = message["content"].get("text", "")
            # ipykernel 7's shell-channel thread looks the comm of a comm_msg up before the main thread
            # has handled the comm_open just before it, and logs a harmless "No such comm" (the message
            # is still delivered; Voilà's own front end sends the same pair). Anything else counts.
            if not text.startswith("No such comm:"):
                tab.kernel_errors.append(text[-300:])  # e.g. a refused control comm
    tab.timings["states"] = time.perf_counter() - started
    change = pick_change(states, MAIN_CONTROL.get(tab.name))
    if change is None:
        raise RuntimeError(f"no widget with options or checkbox among {len(states)} widgets")
    model_id, state, tab.change = change
    update = await tab.send("comm_msg", {"comm_id": model_id, "data": {"method": "update", "state": state,
                                                                     "buffer_paths": []}}, WIDGET_PROTOCOL)
    while True:
        message = await tab.receive(deadline)
        if message.get("parent_header", {}).get("msg_id") != update:
            continue
        msg_type = message.get("msg_type") or message.get("header", {}).get("msg_type")
        content = message.get("content", {})
        if msg_type == "error":
            tab.kernel_errors.append(f"{content.get('ename')}: {content.get('evalue')}"[:300])
        elif msg_type == "stream" and content.get("name") == "stderr":
            tab.kernel_errors.append(content.get("text", "")[-300:])
        elif msg_type == "status" and content.get("execution_state") == "idle":
            break
    tab.listening = False
    tab.timings["changed"] = time.perf_counter() - started
    return tab.timings["changed"]


async def class_walk(base: str, pages: list[str], learners: int, window: float, pause: float,
                     timeout: float = 120.0, on_page=None) -> dict:
    """A class of ``learners`` moving through ``pages`` together. For each page, learner i opens it
    ``window * i / (learners - 1)`` seconds after the page's start, closing its previous page just
    before (as a closing tab does); when every learner has the page ready (or has failed), the class
    reads for ``pause`` seconds and moves on. ``on_page(name)`` is called as each page starts, and
    ``on_page(None)`` when the class leaves (every tab then closes).

    Returns, per page, every learner's result: {"s": seconds, "html_s", "states_s", "change",
    "kernel_errors"} or {"error": text}, plus "shutdown_status" for the close of the previous page."""
    # a client of its own, with room for every learner at once (the shared one queues beyond 10)
    client = AsyncHTTPClient(force_instance=True, max_clients=max(10, 2 * learners))
    tabs: list[Tab | None] = [None] * learners
    results: dict[str, list[dict]] = {}

    async def learner(i: int, name: str, started: float) -> dict:
        await asyncio.sleep(max(0.0, started + window * i / max(1, learners - 1) - time.monotonic()))
        outcome: dict = {}
        if tabs[i] is not None:
            try:
                outcome["shutdown_status"] = await tabs[i].close(client)
            except Exception as error:  # noqa: BLE001 - counted, not raised
                outcome["shutdown_status"] = repr(error)[:200]
            tabs[i] = None
        tab = tabs[i] = Tab(base, name)
        opened = time.perf_counter()
        try:
            seconds = await open_page(client, tab, timeout)
            outcome.update({"s": round(seconds, 3), "html_s": round(tab.timings["html"], 3),
                            "states_s": round(tab.timings["states"], 3), "change": tab.change})
        except Exception as error:  # noqa: BLE001 - counted, not raised
            outcome["error"] = (repr(error) if str(error) else type(error).__name__)[:300]
            outcome["failed_after_s"] = round(time.perf_counter() - opened, 3)
            tab.listening = False
        if tab.kernel_errors:
            outcome["kernel_errors"] = tab.kernel_errors[:3]
        return outcome

    try:
        for number, name in enumerate(pages):
            if number:
                await asyncio.sleep(pause)
            if on_page is not None:
                on_page(name)
            started = time.monotonic()
            results[name] = list(await asyncio.gather(*(learner(i, name, started) for i in range(learners))))
        if on_page is not None:
            on_page(None)  # the class leaves
    finally:
        await asyncio.gather(*(tab.close(client) for tab in tabs if tab is not None), return_exceptions=True)
        client.close()
    return results
