"""Spasm Relief benchmarks (`make bench`): page speed, a class walking through the lessons, memory.

``python -m benchmarks.run [--quick] [--loads N] [--warm-passes N] [--pages a.ipynb,b.ipynb]
[--class N] [--window S] [--pause S] [--soak N] [--class-size N] [--skip part,part]``
(``make bench BENCH="..."``). One run measures the app's own Voilà server on 127.0.0.1
(``python -m spasm_relief_app.server --class-size N``), then Voilà's floor and plain ``voila`` with default
settings over the same notebooks, prints every figure and keeps them in
``benchmarks/results/<UTC time>.json`` (``<UTC time>-quick.json`` for ``--quick``, not kept in
git); benchmarks/results/README.md says what each figure is. The parts, in order, with what each
costs on the 2-core build machine:

On the app's server:
* ``visible``: each page ``--loads`` (5) times in a fresh browser profile: navigation to the
  lesson's first heading visible, to its main control, and to that control answering a change
  (time to interactive); median and p95 (browser.py). About 3 s a load.
* ``warm``: one browser profile goes through the pages in lesson order ``--warm-passes`` (2) times,
  timing each navigation to the next lesson with the browser cache warm. About 3 s a step.
* ``interaction``: a body-area change to its new card, a planner change to its redrawn timeline
  (20 each; about 15 s).
* ``memory``: 5 live sessions, then ``--soak`` (40) sessions opened and closed one after another
  (``soak``: about 2 s a session).
* ``lighthouse`` (mobile) and ``desktop``: Lighthouse 12.2.3 on every page: score, metrics and where
  the time goes (lighthouse_audit.py). 20-30 s a page and profile.
* ``walk``: a class of ``--class`` (30) learners moves through every page in lesson order at the
  protocol level (protocol.py): all open a page within ``--window`` (5) seconds, the class reads
  for ``--pause`` (20) seconds, and each learner closes its page (as a closing tab does) just
  before opening the next. Server memory and live kernels are sampled every second. The window,
  the slowest learner and the pause, per page.
Then ``floor`` (one dropdown on preheated Voilà with the app's template: the least time to
interactive Voilà allows here; ``--loads`` loads) and ``plain`` (Lighthouse mobile on every page,
then visible text and time to interactive, for comparison; about 20 s and 5 s a load per page).

Before the loads, before Lighthouse and before the walk the run waits for the server to settle
(pools full, machine quiet), at most 5 minutes at the start and 45 s later on. The default run
is sized for about 30 minutes. ``--skip`` takes any of: visible, warm, interaction, memory, soak,
lighthouse (every Lighthouse run), desktop, walk, floor, plain. ``--quick`` is a smoke run (about
7 minutes): two pages, one load, a class of 5 with 3 s of reading, 5 soak sessions.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import concurrent.futures
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import time

from playwright.sync_api import sync_playwright

from tests.harness import CHROMIUM_FLAGS, chromium, stop

from . import lighthouse_audit
from .browser import PAGES, PAGES_FLOOR, interaction_latency, memory, page_loads, warm_navigation
from .protocol import class_walk
from .servers import FLOOR_NOTEBOOK, REPO, MemorySampler, app_server, floor_server, plain_server, settle, tree_usage
from .stats import summary

RESULTS = REPO / "benchmarks" / "results"
PARTS = ("visible", "warm", "interaction", "memory", "soak", "lighthouse", "desktop", "walk", "floor", "plain")
QUICK = {"pages": "00_start_here.ipynb,my_plan.ipynb", "loads": 1, "warm_passes": 1, "learners": 5,
         "pause": 3.0, "soak": 5, "class_size": 5}
DEFAULTS = {"pages": ",".join(PAGES), "loads": 5, "warm_passes": 2, "learners": 30, "pause": 20.0, "soak": 40,
            "class_size": 30}


def lighthouse(base: str, pages: list[str], profiles: list[str]) -> dict:
    """Every page in each profile; mobile for all pages first, so each page's pool has refilled."""
    out = {}
    for profile in profiles:
        out[profile] = {}
        for name in pages:
            result = lighthouse_audit.run(f"{base}/voila/render/{name}", profile, chromium(), base)
            out[profile][name] = result
            print(lighthouse_audit.line(name, profile, result), flush=True)
    return out


def walk(process, base: str, pages: list[str], learners: int, window: float, pause: float) -> dict:
    """The class walk (protocol.class_walk) with the server's memory and kernels sampled every second."""
    before_mb, before_kernels = tree_usage(process.pid)
    with MemorySampler(process.pid) as sampler:
        sampler.mark("before")
        # Playwright's sync API owns this thread's event loop: run the class on a thread of its own.
        with concurrent.futures.ThreadPoolExecutor(1) as pool:
            results = pool.submit(asyncio.run, class_walk(
                base, pages, learners, window, pause,
                on_page=lambda name: sampler.mark(name or "left"))).result()
        time.sleep(10)  # the kernels of the last page are shutting down
    per_page, overall = sampler.peaks()
    after_mb, after_kernels = tree_usage(process.pid)
    out = {"learners": learners, "window_s": window, "pause_s": pause, "pages": {}, **overall,
           "before_mb": round(before_mb), "before_kernels": before_kernels,
           "after_mb": round(after_mb), "after_kernels": after_kernels, "memory_trace": sampler.trace()}
    for name, outcomes in results.items():
        done = [o for o in outcomes if "s" in o]
        errors = [f"{o['error']} after {o['failed_after_s']} s" for o in outcomes if "error" in o]
        kernel_errors = [text for o in outcomes for text in o.get("kernel_errors", [])]
        refused = [o["shutdown_status"] for o in outcomes
                   if "shutdown_status" in o and o["shutdown_status"] not in (200, 204)]
        changes = collections.Counter(o["change"] for o in done)
        entry = {**summary([o["s"] for o in done]), "errors": len(errors), "error_samples": errors[:3],
                 "html": summary([o["html_s"] for o in done]), "states": summary([o["states_s"] for o in done]),
                 "change": changes.most_common(1)[0][0] if changes else None,
                 "kernel_errors": len(kernel_errors), "kernel_error_samples": kernel_errors[:3],
                 "previous_page_shutdowns_refused": len(refused), "refused_samples": refused[:3],
                 "times_s": [o.get("s") for o in outcomes], **per_page.get(name, {})}
        out["pages"][name] = entry
        print(f"  {name:26s} {learners} learners: p50 {entry.get('median_s', '-')} s  p95 {entry.get('p95_s', '-')} s  "
              f"max {entry.get('max_s', '-')} s  errors {len(errors)}  peak {entry.get('peak_mb', '-')} MB, "
              f"{entry.get('peak_kernels', '-')} kernels" + (f"  [{errors[0]}]" if errors else "")
              + (f"  [kernel: {kernel_errors[0][:80]!r}]" if kernel_errors else ""), flush=True)
    print(f"  peak {out['peak_mb']} MB with {out['peak_kernels']} kernels (before {out['before_mb']} MB, "
          f"{before_kernels} kernels; 10 s after the class left {out['after_mb']} MB, {after_kernels} kernels)",
          flush=True)
    return out


def options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a smoke run: " + json.dumps(QUICK))
    parser.add_argument("--loads", type=int, help="fresh-profile loads per page and server (default 5)")
    parser.add_argument("--warm-passes", type=int, help="passes through the lessons with a warm cache (default 2)")
    parser.add_argument("--pages", help="comma-separated notebooks, in lesson order (default: all)")
    parser.add_argument("--class", "--burst", dest="learners", type=int,
                        help="learners walking through the pages together (default 30)")
    parser.add_argument("--window", type=float, default=5.0, help="seconds in which a class opens a page (5)")
    parser.add_argument("--pause", type=float, help="seconds the class reads each page (default 20)")
    parser.add_argument("--soak", type=int, help="sessions opened and closed one after another (default 40)")
    parser.add_argument("--class-size", type=int,
                        help="the app server's --class-size (spasm_relief_app.server; default 30)")
    parser.add_argument("--warm-ups", type=int, help="the app server's --warm-ups (default: the server's own)")
    parser.add_argument("--skip", default="", help="comma-separated parts: " + ",".join(PARTS))
    args = parser.parse_args()
    for key, default in DEFAULTS.items():
        if getattr(args, key) is None:
            setattr(args, key, QUICK[key] if args.quick else default)
    unknown = set(filter(None, args.skip.split(","))) - set(PARTS) - {"burst", "tti", "class"}
    if unknown:
        parser.error(f"--skip: unknown part(s) {', '.join(sorted(unknown))}; parts: {', '.join(PARTS)}")
    skip = set(args.skip.split(","))
    skip |= {"walk"} if skip & {"burst", "class"} else set()
    skip |= {"visible"} if "tti" in skip else set()
    args.skip = skip
    args.pages = [p for p in args.pages.split(",") if p]
    missing = [p for p in args.pages if p not in PAGES]
    if missing:
        parser.error(f"--pages: unknown page(s) {', '.join(missing)}")
    return args


def machine() -> dict:
    def version(command):
        try:
            return subprocess.run(command, capture_output=True, text=True, timeout=30).stdout.strip() or None
        except OSError:
            return None

    return {"cores": os.cpu_count(), "python": sys.version.split()[0], "platform": platform.platform(),
            "chromium": version([chromium(), "--version"]), "node": version(["node", "--version"]),
            "lighthouse": lighthouse_audit.version(), "load_average_at_start": os.getloadavg()[0]}


def main() -> None:
    args = options()
    skip, pages = args.skip, args.pages
    # the machine may be shared (its load never drops): settling waits at most this long
    settle_first, settle_limit = (60, 15) if args.quick else (300, 45)
    report = {"when": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"), "machine": machine(),
              "options": {"pages": pages, "loads": args.loads, "warm_passes": args.warm_passes,
                          "class": args.learners, "window_s": args.window, "pause_s": args.pause, "soak": args.soak,
                          "class_size": args.class_size, "warm_ups": args.warm_ups, "skip": sorted(p for p in skip if p), "quick": args.quick},
              "loads": args.loads, "class_size": args.class_size, "durations_s": {}}
    durations = report["durations_s"]
    started_run = time.monotonic()

    def timed(part, function, *a, **k):
        started = time.monotonic()
        try:
            return function(*a, **k)
        finally:
            durations[part] = round(durations.get(part, 0) + time.monotonic() - started, 1)

    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium(), args=CHROMIUM_FLAGS)
            process, base = app_server(args.class_size, args.warm_ups)
            try:
                # a warm server: the preheated pools are full and the machine is quiet
                idle = timed("settle", settle, process, limit_s=settle_first)
                report["idle_mb"] = round(idle)
                print(f"Warm and idle: server and {args.class_size} + pooled kernels use {idle:.0f} MB", flush=True)
                if "visible" not in skip:
                    print("App server, fresh browser profile: navigation to visible text, control, interactive:",
                          flush=True)
                    loads = report["loads_app"] = timed("visible", page_loads, browser, base, pages, args.loads)
                    report["tti_app"] = {p: loads[p].get("interactive", {"n": 0}) for p in pages}
                    report["visible_app"] = {p: loads[p].get("text", {"n": 0}) for p in pages}
                if "warm" not in skip and len(pages) > 1:
                    print("Warm cache, lesson to lesson in one browser profile:", flush=True)
                    report["warm_navigation"] = timed("warm", warm_navigation, browser, base, pages, args.warm_passes)
                if "interaction" not in skip:
                    timed("settle", settle, process, limit_s=settle_limit)
                    print("Interaction latency:", flush=True)
                    report["interaction"] = timed("interaction", interaction_latency, browser, base)
                if "memory" not in skip:
                    print("Memory:", flush=True)
                    quiet = timed("settle", settle, process, limit_s=settle_limit)
                    report["memory"] = timed("memory", memory, browser, process, base, live=5,
                                             soak=0 if "soak" in skip else args.soak, idle=quiet)
                profiles = [p for p in lighthouse_audit.PROFILES if p not in skip and "lighthouse" not in skip]
                if profiles:
                    timed("settle", settle, process, limit_s=settle_limit)
                    print(f"Lighthouse {lighthouse_audit.version()}, app server ({', '.join(profiles)}):", flush=True)
                    report["lighthouse_app"] = timed("lighthouse", lighthouse, base, pages, profiles)
                if "walk" not in skip:
                    timed("settle", settle, process, limit_s=settle_limit)
                    print(f"A class of {args.learners} through {len(pages)} pages (protocol level: page, kernel "
                          f"websocket, kernel info and widget states, one change; {args.window:.0f} s to open, "
                          f"{args.pause:.0f} s reading):", flush=True)
                    report["walk"] = timed("walk", walk, process, base, pages, args.learners, args.window, args.pause)
            finally:
                stop(process)
            if "floor" not in skip:
                process, base = floor_server()
                try:
                    timed("settle", settle, process, limit_s=settle_limit)
                    print("Voilà's floor (one dropdown, preheated, nothing else):", flush=True)
                    loads = report["loads_floor"] = timed("floor", page_loads, browser, base, [FLOOR_NOTEBOOK],
                                                          args.loads, PAGES_FLOOR, text=False)
                    report["tti_floor"] = {p: loads[p].get("interactive", {"n": 0}) for p in loads}
                finally:
                    stop(process)
            if "plain" not in skip:
                process, base = plain_server()
                try:
                    print("Plain voila with default settings:", flush=True)
                    if "lighthouse" not in skip:
                        report["lighthouse_plain"] = timed("plain_lighthouse", lighthouse, base, pages, ["mobile"])
                    if "visible" not in skip:
                        loads = report["loads_plain"] = timed("plain_visible", page_loads, browser, base, pages,
                                                              args.loads)
                        report["tti_plain"] = {p: loads[p].get("interactive", {"n": 0}) for p in pages}
                        report["visible_plain"] = {p: loads[p].get("text", {"n": 0}) for p in pages}
                finally:
                    stop(process)
            browser.close()
        compare(report, pages)
    finally:
        durations["total"] = round(time.monotonic() - started_run, 1)
        RESULTS.mkdir(parents=True, exist_ok=True)
        path = RESULTS / f"{dt.datetime.now(dt.timezone.utc):%Y%m%dT%H%M%SZ}{'-quick' if args.quick else ''}.json"
        path.write_text(json.dumps(report, indent=2) + "\n")
        print(f"Durations (s): {durations}")
        print(f"Results kept in {path.relative_to(REPO)}")


def compare(report: dict, pages: list[str]) -> None:
    """App / plain ratios of the medians, and the Lighthouse mobile figures side by side."""
    def ratio(key):
        app, plain = report.get(f"{key}_app", {}), report.get(f"{key}_plain", {})
        return {p: round(app[p]["median_s"] / plain[p]["median_s"], 2) for p in pages
                if app.get(p, {}).get("n") and plain.get(p, {}).get("n")}

    if report.get("tti_plain"):
        report["tti_ratio_app_to_plain"] = ratio("tti")
        report["visible_ratio_app_to_plain"] = ratio("visible")
        print("Median ratio app / plain, interactive:", report["tti_ratio_app_to_plain"], flush=True)
        print("Median ratio app / plain, visible text:", report["visible_ratio_app_to_plain"], flush=True)
    app = report.get("lighthouse_app", {}).get("mobile", {})
    plain = report.get("lighthouse_plain", {}).get("mobile", {})
    if app and plain:
        report["lighthouse_mobile_app_vs_plain"] = {
            p: {key: [app[p].get(key), plain[p].get(key)] for key in ("score", "lcp_ms", "tbt_ms", "fcp_ms")}
            for p in pages if p in app and p in plain}
        print("Lighthouse mobile, app vs plain [score, LCP ms]:",
              {p: [v["score"], v["lcp_ms"]] for p, v in report["lighthouse_mobile_app_vs_plain"].items()}, flush=True)


if __name__ == "__main__":
    main()
