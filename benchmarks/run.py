"""Spasm Relief benchmarks (`make bench`): time to interactive, interaction latency, memory, class burst.

Every figure comes from the app's own Voilà server on 127.0.0.1 (``python -m widgets.server``),
and time to interactive is also measured against plain ``voila`` with default settings, in the
same run. Results are printed and kept in ``benchmarks/results/<UTC time>.json``.

Options: ``--loads N`` page loads per page and server (default 10), ``--pages a,b``,
``--burst N`` learners in the class burst (default 30), ``--soak N`` sessions opened and
closed one after another (default 200), ``--skip plain,floor,burst,soak``. The floor is a
one-dropdown notebook on preheated Voilà: the least time to interactive Voilà allows here.
"""

from __future__ import annotations

import argparse
import asyncio
import concurrent.futures
import datetime as dt
import json
import os
import re
import signal
import socket
import statistics
import tempfile
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "benchmarks" / "results"
CHROMIUM = os.environ.get("SPASM_RELIEF_CHROMIUM", "/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]

# For each page: the main control, and one change that must round-trip through the kernel.
PAGES = {
    "00_start_here.ipynb": (".sr-red-flags input[type=checkbox]", "tick", ".sr-red-flags .sr-danger"),
    "01_first_response.ipynb": (".sr-checklist input[type=checkbox]", "tick", ".sr-checklist .sr-warn"),
    "02_stretches.ipynb": (".sr-area select", "select:Hand", ".sr-stretch-hand-wall"),
    "03_back_spasms.ipynb": (".sr-back-routine input[type=radio]", "radio", ".sr-back-routine .sr-ok"),
    "04_ice_and_heat.ipynb": (".sr-planner select", "select:Second rule: shorter, more frequent sessions", ".sr-planner .sr-table"),
    "05_hydration.ipynb": (".sr-drinks input[type=time]", "drinks", ".sr-drinks .sr-ok"),
    "06_check_yourself.ipynb": (".sr-quiz .jupyter-button", "click", ".sr-quiz .sr-panel"),
    # My plan shows the plan once "How bad is it right now?" is answered: that answer is the change.
    "my_plan.ipynb": (".sr-dashboard .sr-severity input[type=radio]", "radio", ".sr-dashboard .sr-my-plan .sr-table"),
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(command: list[str], probe: str, env: dict | None = None) -> subprocess.Popen:
    process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True, env={**os.environ, **(env or {})})
    for _ in range(300):
        try:
            urllib.request.urlopen(probe, timeout=2)
            return process
        except OSError:
            time.sleep(0.2)
    stop(process)
    raise RuntimeError(f"server did not start: {command}")


def stop(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(process.pid, signal.SIGKILL)


def app_server(class_size: int) -> tuple[subprocess.Popen, str]:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "widgets.server", "--port", str(port), "--class-size", str(class_size)]
    return start(command, base + "/assets/styles/spasm-relief.css"), base


def plain_server() -> tuple[subprocess.Popen, str]:
    """Plain Voilà over the same notebooks with its default settings (no pool, lab template)."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "voila", str(REPO / "notebooks"), "--no-browser", f"--port={port}",
               "--Voila.ip=127.0.0.1", "--Voila.port_retries=0"]
    empty = tempfile.mkdtemp(prefix="plain-voila-config-")  # no user config: Voilà's defaults
    return start(command, base + "/voila/tree", env={"JUPYTER_CONFIG_DIR": empty}), base


FLOOR_NOTEBOOK = "floor.ipynb"
FLOOR_CODE = """import ipywidgets as w
choice = w.Dropdown(options=["one", "two"], description="Pick")
shown = w.HTML("one")
shown.add_class("floor-shown")
choice.observe(lambda change: setattr(shown, "value", change["new"]), names="value")
w.VBox([choice, shown])"""
PAGES_FLOOR = {FLOOR_NOTEBOOK: ("select", "select:two", ".floor-shown:has-text('two')")}


def floor_server() -> tuple[subprocess.Popen, str]:
    """Voilà's own floor: a notebook with one dropdown and one output, preheated, with the app's
    template and nothing else. What no tutorial page served by Voilà can beat on this machine."""
    import nbformat

    folder = Path(tempfile.mkdtemp(prefix="voila-floor-"))
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(FLOOR_CODE)])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(notebook, folder / FLOOR_NOTEBOOK)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "voila", str(folder), "--no-browser", f"--port={port}",
               "--Voila.ip=127.0.0.1", "--Voila.port_retries=0", "--preheat_kernel=True", "--pool_size=2",
               "--VoilaConfiguration.strip_sources=True", "--template=spasm-relief"]
    empty = tempfile.mkdtemp(prefix="plain-voila-config-")
    # the app's template (no CDN links), so the floor and the app load the same front end
    env = {"JUPYTER_CONFIG_DIR": empty, "JUPYTER_PATH": str(REPO / "deploy" / "jupyter")}
    return start(command, base + "/voila/tree", env=env), base


def act(page, action: str, selector: str) -> None:
    target = page.locator(selector).first
    if action == "tick":
        target.check()
    elif action == "radio":
        target.check()
    elif action == "click":
        page.locator(".sr-quiz .sr-question").first.locator("input").first.check()
        page.locator(".sr-quiz .sr-question").first.locator(".jupyter-button").first.click()
    elif action.startswith("select:"):
        target.select_option(label=action.split(":", 1)[1])
    elif action == "drinks":  # the drink planner starts empty: enter an exercise window
        page.locator(selector).nth(0).fill("10:00")
        page.locator(selector).nth(1).fill("11:30")


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def summary(values: list[float]) -> dict:
    return {"n": len(values), "median_s": round(statistics.median(values), 3), "p95_s": round(pct(values, 95), 3),
            "max_s": round(max(values), 3)}


def time_to_interactive(browser, base: str, pages: list[str], loads: int, table: dict = PAGES) -> dict:
    out = {}
    for name in pages:
        ready, action, answered = table[name]
        times = []
        for _ in range(loads):
            context = browser.new_context()
            page = context.new_page()
            started = time.perf_counter()
            page.goto(f"{base}/voila/render/{name}", timeout=120_000)
            page.wait_for_selector(ready, timeout=120_000)
            act(page, action, ready)
            page.wait_for_selector(answered, timeout=120_000)
            times.append(time.perf_counter() - started)
            page.close(run_before_unload=True)  # as a closing tab does: Voilà asks to shut the kernel
            context.close()
        out[name] = summary(times)
        print(f"  {name:26s} median {out[name]['median_s']:.2f} s  p95 {out[name]['p95_s']:.2f} s", flush=True)
    return out


def interaction_latency(browser, base: str, repeats: int = 20) -> dict:
    context = browser.new_context()
    page = context.new_page()
    results = {}
    page.goto(f"{base}/voila/render/02_stretches.ipynb", timeout=120_000)
    page.wait_for_selector(".sr-area select", timeout=120_000)
    first_card = {"hand": "hand-wall", "thigh": "thigh-standing", "foot": "toes-up",
                  "hamstring": "hamstring-seated", "calf": "calf-wall"}
    areas = list(first_card)
    times = []
    for i in range(repeats):
        area = areas[i % len(areas)]
        started = time.perf_counter()
        page.locator(".sr-area select").select_option(label=area.capitalize())
        page.wait_for_selector(f".sr-cards .sr-stretch-{first_card[area]} article", timeout=30_000)
        times.append(time.perf_counter() - started)
    results["body_area_to_card"] = summary(times)
    page.goto(f"{base}/voila/render/04_ice_and_heat.ipynb", timeout=120_000)
    page.wait_for_selector(".sr-planner .sr-timeline img", timeout=120_000)
    times = []
    from widgets.content import content

    rules = [r.id for r in content().ice_heat.rules]  # the Rule dropdown's options, in order
    for i in range(repeats):
        index = (i + 1) % len(rules)
        started = time.perf_counter()
        page.locator(".sr-planner select").first.select_option(index=index)
        # the plan drawn for the rule just chosen: the kernel marks each plan with its rule
        page.wait_for_selector(f".sr-planner .sr-plan[data-rule='{rules[index]}'] .sr-timeline img", timeout=30_000)
        times.append(time.perf_counter() - started)
    results["planner_change_to_timeline"] = summary(times)
    page.close(run_before_unload=True)
    context.close()
    for key, value in results.items():
        print(f"  {key:28s} median {value['median_s'] * 1000:.0f} ms  p95 {value['p95_s'] * 1000:.0f} ms", flush=True)
    return results


def tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                children.setdefault(int(fields[1]), []).append(int(entry.name))
            except (OSError, IndexError):
                continue
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
        stack.extend(children.get(current, []))
    return total / 1024


def settle(process, quiet_load: float = 1.0, limit_s: int = 600) -> float:
    """Wait until the server's memory stops growing and the load average drops (pools are full)."""
    started, last = time.monotonic(), -1.0
    while time.monotonic() - started < limit_s:
        time.sleep(10)
        now = tree_rss_mb(process.pid)
        load = os.getloadavg()[0]
        if abs(now - last) < max(20.0, 0.01 * now) and load < quiet_load:
            return now
        last = now
    return tree_rss_mb(process.pid)


def memory(browser, process, base: str, live: int, soak: int, idle: float) -> dict:
    time.sleep(5)
    contexts = []
    for _ in range(live):
        context = browser.new_context()
        page = context.new_page()
        page.goto(f"{base}/voila/render/my_plan.ipynb", timeout=120_000)
        page.locator(".sr-dashboard .sr-severity input[type=radio]").first.check(timeout=120_000)
        page.wait_for_selector(".sr-dashboard .sr-table", timeout=120_000)
        contexts.append(context)
    time.sleep(3)
    busy = tree_rss_mb(process.pid)
    for context in contexts:
        context.pages[0].close(run_before_unload=True)  # as a closing tab does: Voilà asks to shut the kernel
        context.close()
    per_session = (busy - idle) / live
    print(f"  idle {idle:.0f} MB; with {live} live sessions {busy:.0f} MB; {per_session:.0f} MB per session", flush=True)
    soak_trace = []
    for i in range(soak):
        context = browser.new_context()
        page = context.new_page()
        page.goto(f"{base}/voila/render/00_start_here.ipynb", timeout=120_000)
        page.wait_for_selector(".sr-red-flags input", timeout=120_000)
        page.close(run_before_unload=True)
        context.close()
        if (i + 1) % max(1, soak // 10) == 0:
            soak_trace.append(round(tree_rss_mb(process.pid)))
    time.sleep(8)
    after = tree_rss_mb(process.pid)
    if soak:
        print(f"  soak: {soak} sessions opened and closed; memory every {max(1, soak // 10)}: {soak_trace}; "
              f"after {after:.0f} MB (idle before {idle:.0f} MB)", flush=True)
    return {"idle_mb": round(idle), "live_sessions": live, "live_mb": round(busy),
            "per_session_mb": round(per_session, 1), "soak_sessions": soak, "soak_trace_mb": soak_trace,
            "after_soak_mb": round(after)}


async def _one_learner(base: str, name: str) -> float:
    """What a page does at the protocol level: GET the page, open its kernel websocket, ask the
    kernel for its info and its widgets (comm_info), and get both replies."""
    from tornado.httpclient import AsyncHTTPClient, HTTPRequest
    from tornado.websocket import websocket_connect

    started = time.perf_counter()
    client = AsyncHTTPClient()
    response = await client.fetch(f"{base}/voila/render/{name}", request_timeout=120)
    body = response.body.decode()
    kernel_id = re.search(r'"kernelId":\s*"([0-9a-f-]+)"', body).group(1)
    cookies = "; ".join(c.split(";")[0] for c in response.headers.get_list("Set-Cookie"))
    ws_url = base.replace("http", "ws") + f"/api/kernels/{kernel_id}/channels?session_id={uuid.uuid4()}"
    request = HTTPRequest(ws_url, headers={"Origin": base, "Cookie": cookies})
    connection = await websocket_connect(request)
    session = str(uuid.uuid4())
    pending = set()
    for msg_type, content in (("kernel_info_request", {}), ("comm_info_request", {"target_name": "jupyter.widget"})):
        msg_id = str(uuid.uuid4())
        pending.add(msg_id)
        await connection.write_message(json.dumps({
            "header": {"msg_id": msg_id, "msg_type": msg_type, "session": session, "username": "bench",
                       "version": "5.3", "date": dt.datetime.now(dt.timezone.utc).isoformat()},
            "parent_header": {}, "metadata": {}, "content": content, "channel": "shell", "buffers": []}))
    while pending:
        message = await asyncio.wait_for(connection.read_message(), timeout=120)
        if message is None:
            raise RuntimeError("websocket closed")
        if isinstance(message, str):
            parent = json.loads(message).get("parent_header", {}).get("msg_id")
            pending.discard(parent)
    elapsed = time.perf_counter() - started
    connection.close()
    # leave as a closing tab does: ask the server to shut this kernel down
    await client.fetch(f"{base}/voila/api/shutdown/{kernel_id}", method="POST", body=b"",
                       headers={"Origin": base, "Cookie": cookies}, raise_error=False)
    return elapsed


async def _burst(base: str, name: str, learners: int, window: float) -> tuple[list[float], list[str]]:
    async def delayed(i):
        await asyncio.sleep(window * i / max(1, learners - 1))
        return await _one_learner(base, name)

    results = await asyncio.gather(*(delayed(i) for i in range(learners)), return_exceptions=True)
    times = [r for r in results if isinstance(r, float)]
    errors = [repr(r) for r in results if not isinstance(r, float)]
    return times, errors


def class_burst(base: str, learners: int, process, window: float = 5.0) -> dict:
    out = {}
    for name in ("00_start_here.ipynb", "my_plan.ipynb"):
        # Playwright's sync API owns this thread's event loop: run the burst on a thread of its own.
        with concurrent.futures.ThreadPoolExecutor(1) as pool:
            times, errors = pool.submit(asyncio.run, _burst(base, name, learners, window)).result()
        out[name] = {**(summary(times) if times else {}), "errors": len(errors), "error_samples": errors[:3]}
        print(f"  {name:22s} {learners} learners in {window:.0f} s: median {out[name].get('median_s')} s, "
              f"p95 {out[name].get('p95_s')} s, max {out[name].get('max_s')} s, errors {len(errors)}", flush=True)
        time.sleep(15)  # let the pools refill before the next burst
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loads", type=int, default=10)
    parser.add_argument("--pages", default=",".join(PAGES))
    parser.add_argument("--burst", type=int, default=30)
    parser.add_argument("--soak", type=int, default=200)
    parser.add_argument("--skip", default="")
    parser.add_argument("--class-size", type=int, default=30,
                        help="kernels preheated for the start page and My plan (widgets.server --class-size)")
    args = parser.parse_args()
    pages = [p for p in args.pages.split(",") if p]
    skip = set(args.skip.split(","))
    report = {"when": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"), "machine": {
        "cores": os.cpu_count(), "python": sys.version.split()[0]}, "loads": args.loads,
        "class_size": args.class_size}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        process, base = app_server(args.class_size)
        try:
            idle = settle(process)  # a warm server: the preheated pools are full and the machine is quiet
            report["idle_mb"] = round(idle)
            print(f"Warm and idle: server and {args.class_size} + pooled kernels use {idle:.0f} MB", flush=True)
            print("Time to interactive, the app's server (navigation to a change answered):", flush=True)
            report["tti_app"] = time_to_interactive(browser, base, pages, args.loads)
            settle(process)  # the pools refill after the loads above; measure on a quiet machine
            print("Interaction latency:", flush=True)
            report["interaction"] = interaction_latency(browser, base)
            if "burst" not in skip:
                print("Class burst (protocol level: page, kernel websocket, kernel and widget info):", flush=True)
                report["burst"] = class_burst(base, args.burst, process)
            print("Memory:", flush=True)
            report["memory"] = memory(browser, process, base, live=5, soak=0 if "soak" in skip else args.soak,
                                      idle=settle(process))
        finally:
            stop(process)
        if "floor" not in skip:
            process, base = floor_server()
            try:
                settle(process)
                print("Time to interactive, Voilà's floor (one dropdown, preheated, nothing else):", flush=True)
                report["tti_floor"] = time_to_interactive(browser, base, [FLOOR_NOTEBOOK], args.loads, PAGES_FLOOR)
            finally:
                stop(process)
        if "plain" not in skip:
            process, base = plain_server()
            try:
                print("Time to interactive, plain voila with default settings:", flush=True)
                report["tti_plain"] = time_to_interactive(browser, base, pages, args.loads)
            finally:
                stop(process)
            report["tti_ratio_app_to_plain"] = {
                p: round(report["tti_app"][p]["median_s"] / report["tti_plain"][p]["median_s"], 2) for p in pages}
            print("Median ratio app / plain:", report["tti_ratio_app_to_plain"], flush=True)
        browser.close()
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{dt.datetime.now(dt.timezone.utc):%Y%m%dT%H%M%SZ}.json"
    path.write_text(json.dumps(report, indent=2) + "\n")
    print(f"Results kept in {path.relative_to(REPO)}")


if __name__ == "__main__":
    main()
