"""What `make bench` measures in a real browser (Chromium driven by Playwright).

Three moments of a page load, all timed from the start of navigation:

* **visible text**: the lesson's first markdown heading (``TEXT``) is visible. Voilà's lab
  template keeps the rendered lesson hidden (``#rendered_cells``, ``display: none``) until its
  front end has loaded, so the text the HTML already carries is not readable before that; the
  app's template shows it (in ``#sr-page``) as soon as the HTML arrives.
* **control**: the page's main control (``PAGES``) is in the page.
* **interactive** (time to interactive): that control has answered one change through the kernel.
"""

from __future__ import annotations

import time

from .servers import tree_rss_mb
from .stats import summary

# Every page, My plan included, starts its text with a markdown heading. Inside #rendered_cells
# in Voilà's lab template (plain voila), inside #sr-page in the app's template.
TEXT = ".jp-RenderedMarkdown h1"
TIMEOUT_MS = 120_000
TEXT_TIMEOUT_MS = 60_000
# The app's stylesheet (which each page's header widget also injects) hides Voilà's JupyterLab
# shell, `body[data-voila] > .jp-LabShell { display: none; }`, because the app's template draws
# the lesson outside it. Plain voila shows the lesson inside that shell, so once the header widget
# has rendered, a plain-voila page goes blank and its controls can never be used. For the plain
# baseline, the shell is shown again with this one rule (kept in the results file).

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
PAGES_FLOOR = {"floor.ipynb": ("select", "select:two", ".floor-shown:has-text('two')")}


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


def load(page, url: str, ready: str, action: str, answered: str, text: bool = True) -> dict:
    """Navigate ``page`` to ``url``; seconds from navigation to visible text, control, interactive.
    Navigation returns at the first response byte ("commit"), so no moment waits for the load event."""
    started = time.perf_counter()
    page.goto(url, timeout=TIMEOUT_MS, wait_until="commit")
    out = {}
    if text:
        page.wait_for_selector(TEXT, state="visible", timeout=TEXT_TIMEOUT_MS)
        out["text"] = time.perf_counter() - started
    page.wait_for_selector(ready, timeout=TIMEOUT_MS)
    out["control"] = time.perf_counter() - started
    act(page, action, ready)
    page.wait_for_selector(answered, timeout=TIMEOUT_MS)
    out["interactive"] = time.perf_counter() - started
    return out


def _summaries(samples: list[dict], errors: list[str]) -> dict:
    out = {key: summary([s[key] for s in samples]) for key in ("text", "control", "interactive")
           if samples and key in samples[0]}
    out["errors"] = len(errors)
    if errors:
        out["error_samples"] = errors[:3]
    return out


def with_style(context, css: str) -> None:
    """Add a style rule to every page of ``context``, after the page's own styles."""
    context.add_init_script(
        "document.addEventListener('DOMContentLoaded', () => { const style = document.createElement('style');"
        f" style.textContent = {css!r}; document.body.appendChild(style); }});")


def page_loads(browser, base: str, pages: list[str], loads: int, table: dict = PAGES, text: bool = True,
               css: str | None = None) -> dict:
    """Each page ``loads`` times, each in a fresh browser context (nothing in the cache)."""
    out = {}
    for name in pages:
        ready, action, answered = table[name]
        samples, errors = [], []
        for _ in range(loads):
            context = browser.new_context()
            if css:
                with_style(context, css)
            page = context.new_page()
            try:
                samples.append(load(page, f"{base}/voila/render/{name}", ready, action, answered, text))
            except Exception as error:  # noqa: BLE001 - a load that fails is counted, not raised
                errors.append(str(error).splitlines()[0][:200])
            page.close(run_before_unload=True)  # as a closing tab does: Voilà asks to shut the kernel
            context.close()
        out[name] = _summaries(samples, errors)
        print(f"  {name:26s} {_line(out[name])}", flush=True)
    return out


def _line(result: dict) -> str:
    parts = [f"{label} {result[key]['median_s']:.2f} s (p95 {result[key]['p95_s']:.2f})"
             for key, label in (("text", "text"), ("control", "control"), ("interactive", "interactive"))
             if key in result]
    if result.get("errors"):
        parts.append(f"errors {result['errors']}: {result['error_samples'][0]}")
    return "  ".join(parts)


def _cache_counter(context, page):
    """Counts, from Chromium's own network events, requests and those the cache answered."""
    counts = {"requests": 0, "from_cache": 0, "network_bytes": 0}
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")

    cached: set[str] = set()

    def from_cache(request_id: str) -> None:
        if request_id not in cached:  # a disk-cache hit may be reported both ways
            cached.add(request_id)
            counts["from_cache"] += 1

    def received(event):
        if event.get("type") != "WebSocket":
            counts["requests"] += 1
            if event["response"].get("fromDiskCache") or event["response"].get("fromPrefetchCache"):
                from_cache(event["requestId"])

    cdp.on("Network.responseReceived", received)
    cdp.on("Network.requestServedFromCache", lambda event: from_cache(event["requestId"]))
    cdp.on("Network.loadingFinished", lambda event: counts.__setitem__(
        "network_bytes", counts["network_bytes"] + int(event.get("encodedDataLength") or 0)))
    return counts


def warm_navigation(browser, base: str, pages: list[str], passes: int) -> dict:
    """Lesson to lesson with a warm browser cache: one browser context opens the first page, then
    navigates to each next page in lesson order (as the lesson's "next" link does), ``passes``
    times. For each step, seconds from navigation to visible text, control and interactive on the
    next page, and how many of its requests the browser cache answered (last pass)."""
    steps = list(zip(pages, pages[1:]))
    samples: dict[str, list[dict]] = {f"{a} -> {b}": [] for a, b in steps}
    errors: dict[str, list[str]] = {key: [] for key in samples}
    cache: dict[str, dict] = {}
    context = browser.new_context()
    page = context.new_page()
    counts = _cache_counter(context, page)
    try:
        for _ in range(passes):
            first = pages[0]
            ready, action, answered = PAGES[first]
            try:
                load(page, f"{base}/voila/render/{first}", ready, action, answered, text=False)
            except Exception as error:  # noqa: BLE001 - the next navigation starts afresh anyway
                print(f"  first page of a pass failed: {str(error).splitlines()[0][:200]}", flush=True)
            for a, b in steps:
                key = f"{a} -> {b}"
                ready, action, answered = PAGES[b]
                before = dict(counts)
                try:
                    samples[key].append(load(page, f"{base}/voila/render/{b}", ready, action, answered))
                except Exception as error:  # noqa: BLE001 - counted, not raised
                    errors[key].append(str(error).splitlines()[0][:200])
                time.sleep(0.5)  # late requests of this page (fonts, images) count for it
                cache[key] = {k: counts[k] - before[k] for k in counts}
    finally:
        page.close(run_before_unload=True)
        context.close()
    out = {}
    for key in samples:
        out[key] = {**_summaries(samples[key], errors[key]), **cache.get(key, {})}
        extra = f"  {out[key].get('from_cache', 0)}/{out[key].get('requests', 0)} requests from the cache"
        print(f"  {key:50s} {_line(out[key])}{extra}", flush=True)
    return out


def interaction_latency(browser, base: str, repeats: int = 20) -> dict:
    context = browser.new_context()
    page = context.new_page()
    results = {}
    page.goto(f"{base}/voila/render/02_stretches.ipynb", timeout=TIMEOUT_MS)
    page.wait_for_selector(".sr-area select", timeout=TIMEOUT_MS)
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
    page.goto(f"{base}/voila/render/04_ice_and_heat.ipynb", timeout=TIMEOUT_MS)
    page.wait_for_selector(".sr-planner .sr-timeline img", timeout=TIMEOUT_MS)
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


def memory(browser, process, base: str, live: int, soak: int, idle: float) -> dict:
    time.sleep(5)
    contexts = []
    for _ in range(live):
        context = browser.new_context()
        page = context.new_page()
        page.goto(f"{base}/voila/render/my_plan.ipynb", timeout=TIMEOUT_MS)
        page.locator(".sr-dashboard .sr-severity input[type=radio]").first.check(timeout=TIMEOUT_MS)
        page.wait_for_selector(".sr-dashboard .sr-table", timeout=TIMEOUT_MS)
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
        page.goto(f"{base}/voila/render/00_start_here.ipynb", timeout=TIMEOUT_MS)
        page.wait_for_selector(".sr-red-flags input", timeout=TIMEOUT_MS)
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
