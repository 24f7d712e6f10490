"""Lighthouse 12.2.3 (npm, pinned in benchmarks/lighthouse/) on one page, kept as a compact summary.

Run as::

    benchmarks/lighthouse/node_modules/.bin/lighthouse URL --output=json --output-path=FILE
        --only-categories=performance --chrome-flags="--headless --no-sandbox --disable-gpu
        --disable-background-networking" --config-path=benchmarks/lighthouse/<profile>.config.mjs

with ``CHROME_PATH`` set to the Chromium under test. The two profiles: ``mobile`` is Lighthouse's
default (a mid-range phone, simulated throttling), ``desktop`` is ``--preset=desktop``. Each
config file is that profile plus one fix (benchmarks/lighthouse/chromium-trace.mjs): Chromium
156 renamed a trace-event argument that Lighthouse 12.2.3 reads, which otherwise loses the LCP
element and its phases and render-blocking-resources (they come back as errors). Scores and
metrics are Lighthouse's own. ``SPASM_RELIEF_LIGHTHOUSE_AS_IS=1`` runs the plain ``--preset``
command line instead, to check that the fix changes nothing else.

Lighthouse's Chromium is killed when the run ends, so the page never sends Voilà's tab-close
request; :func:`run` sends it afterwards (the kernel id is in the page's requests), as the tab
would have, so runs do not pile up kernels on the server.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from tests.harness import CHROMIUM_FLAGS

from .servers import REPO, kill_tree

FOLDER = REPO / "benchmarks" / "lighthouse"
BINARY = FOLDER / "node_modules" / ".bin" / "lighthouse"
CHROME_FLAGS = " ".join(CHROMIUM_FLAGS)
PROFILES = ("mobile", "desktop")
KERNEL_URL = re.compile(r"/api/kernels/([0-9a-f-]{36})")


def command(url: str, profile: str, output: Path) -> list[str]:
    args = [str(BINARY), url, "--output=json", f"--output-path={output}", "--only-categories=performance",
            f"--chrome-flags={CHROME_FLAGS}", "--quiet"]
    if os.environ.get("SPASM_RELIEF_LIGHTHOUSE_AS_IS") == "1":
        return args + (["--preset=desktop"] if profile == "desktop" else [])
    return args + [f"--config-path={FOLDER / f'{profile}.config.mjs'}"]


def version() -> str | None:
    try:
        return json.loads((FOLDER / "node_modules" / "lighthouse" / "package.json").read_text())["version"]
    except OSError:
        return None


def run(url: str, profile: str, chromium: str, base: str, timeout: float = 240) -> dict:
    """One Lighthouse run; a summary (see :func:`summarise`), or {"error": ...}. Never raises."""
    if not BINARY.exists():
        return {"error": f"{BINARY.relative_to(REPO)} is missing: npm ci --prefix benchmarks/lighthouse"}
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as folder:
        output = Path(folder) / "report.json"
        process = subprocess.Popen(command(url, profile, output), cwd=REPO, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.PIPE, env={**os.environ, "CHROME_PATH": chromium})
        try:
            _, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            kill_tree(process.pid)
            process.communicate()
            return {"error": f"timed out after {timeout:.0f} s", "run_s": round(time.perf_counter() - started, 1)}
        try:
            report = json.loads(output.read_text())
        except (OSError, ValueError):
            tail = stderr.decode(errors="replace").strip().splitlines()[-3:]
            return {"error": f"exit {process.returncode}: {' | '.join(tail)}"[:500],
                    "run_s": round(time.perf_counter() - started, 1)}
    if report.get("runtimeError"):  # the page did not load: no figure is meaningful
        error = report["runtimeError"]
        return {"error": f"{error.get('code')}: {error.get('message', '')}"[:500],
                "run_s": round(time.perf_counter() - started, 1)}
    summary = summarise(report, base)
    summary["run_s"] = round(time.perf_counter() - started, 1)
    summary["kernel_shutdown"] = close_kernel(report, base)
    return summary


def close_kernel(report: dict, base: str) -> int | str | None:
    """Send the tab-close request Lighthouse's killed Chromium never sent; its HTTP status."""
    urls = [item.get("url", "") for item in _items(report, "network-requests")]
    found = next((m.group(1) for m in map(KERNEL_URL.search, urls) if m), None)
    if not found:
        return None
    request = urllib.request.Request(f"{base}/voila/api/shutdown/{found}", data=b"", method="POST",
                                     headers={"Origin": base})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code  # plain Voilà refuses it (no XSRF token): voila issue 1458
    except OSError as error:
        return repr(error)[:100]


def _items(report: dict, audit: str) -> list[dict]:
    return ((report.get("audits", {}).get(audit) or {}).get("details") or {}).get("items") or []


def _short(url: str, base: str) -> str:
    """A URL without the server and the cache-busting query: /voila/static/9212.voila.js."""
    return url.replace(base, "").split("?")[0] if isinstance(url, str) else str(url)


def _ms(value) -> float | None:
    return None if value is None else round(value)


def summarise(report: dict, base: str) -> dict:
    """What `make bench` keeps of a Lighthouse report: the score and metrics, and where the time goes."""
    audits = report.get("audits", {})

    def numeric(audit):
        return (audits.get(audit) or {}).get("numericValue")

    score = (report.get("categories", {}).get("performance") or {}).get("score")
    requests = _items(report, "network-requests")
    out = {
        "score": None if score is None else round(score * 100),
        "fcp_ms": _ms(numeric("first-contentful-paint")),
        "lcp_ms": _ms(numeric("largest-contentful-paint")),
        "tbt_ms": _ms(numeric("total-blocking-time")),
        "cls": None if numeric("cumulative-layout-shift") is None else round(numeric("cumulative-layout-shift"), 3),
        "speed_index_ms": _ms(numeric("speed-index")),
        "tti_ms": _ms(numeric("interactive")),
        "requests": len(requests),
        "transfer_bytes": sum(item.get("transferSize") or 0 for item in requests),
    }
    # the LCP element and its phases: a list of two tables, the element and the phases
    lcp_tables = ((audits.get("largest-contentful-paint-element") or {}).get("details") or {}).get("items") or []
    for table in lcp_tables:
        for item in table.get("items", []):
            if "node" in item:
                node = item["node"]
                out["lcp_element"] = {"selector": node.get("selector"), "label": node.get("nodeLabel"),
                                      "snippet": node.get("snippet")}
            elif "phase" in item:
                out.setdefault("lcp_phases_ms", {})[item["phase"]] = _ms(item.get("timing"))
    bootup = sorted(_items(report, "bootup-time"), key=lambda item: -(item.get("total") or 0))
    out["bootup_total_ms"] = _ms(numeric("bootup-time"))
    out["bootup_top"] = [{"url": _short(item.get("url"), base), "total_ms": _ms(item.get("total")),
                          "scripting_ms": _ms(item.get("scripting")),
                          "parse_compile_ms": _ms(item.get("scriptParseCompile"))} for item in bootup[:5]]
    out["mainthread_total_ms"] = _ms(numeric("mainthread-work-breakdown"))
    out["mainthread_ms"] = {item.get("group"): _ms(item.get("duration"))
                            for item in _items(report, "mainthread-work-breakdown")}
    blocking = audits.get("render-blocking-resources") or {}
    out["render_blocking"] = {
        "savings_ms": _ms(blocking.get("numericValue")),
        "items": [{"url": _short(item.get("url"), base), "bytes": item.get("totalBytes"),
                   "wasted_ms": _ms(item.get("wastedMs"))} for item in _items(report, "render-blocking-resources")]}
    details = (audits.get("unused-javascript") or {}).get("details") or {}
    unused = sorted(_items(report, "unused-javascript"), key=lambda item: -(item.get("wastedBytes") or 0))
    out["unused_javascript"] = {
        "bytes": details.get("overallSavingsBytes"), "savings_ms": _ms(details.get("overallSavingsMs")),
        "top": [{"url": _short(item.get("url"), base), "wasted_bytes": item.get("wastedBytes")} for item in unused[:3]]}
    wanted = ("largest-contentful-paint-element", "bootup-time", "mainthread-work-breakdown",
              "render-blocking-resources", "unused-javascript", "network-requests", "largest-contentful-paint",
              "total-blocking-time", "first-contentful-paint", "cumulative-layout-shift", "speed-index")
    errors = {name: (audits.get(name) or {}).get("errorMessage", "missing")[:200]
              for name in wanted if not audits.get(name) or audits[name].get("scoreDisplayMode") == "error"}
    if errors:
        out["audit_errors"] = errors
    if report.get("runWarnings"):
        out["warnings"] = [str(w)[:200] for w in report["runWarnings"]]
    return out


def line(name: str, profile: str, summary: dict) -> str:
    """One printed line per page and profile."""
    if "error" in summary:
        return f"  {name:26s} {profile:7s} ERROR {summary['error']}"

    def s(key):
        value = summary.get(key)
        return "-" if value is None else f"{value / 1000:.1f} s"

    text = (f"  {name:26s} {profile:7s} score {summary.get('score')}  LCP {s('lcp_ms')}  TBT {s('tbt_ms')}  "
            f"FCP {s('fcp_ms')}  CLS {summary.get('cls')}  SI {s('speed_index_ms')}  "
            f"{summary['requests']} req {summary['transfer_bytes'] / 1024:.0f} KiB")
    element = summary.get("lcp_element")
    if element:
        phases = summary.get("lcp_phases_ms") or {}
        worst = max(phases, key=lambda k: phases[k] or 0) if phases else None
        label = (element.get("label") or "")[:40]
        text += f"  LCP <{(element.get('snippet') or '?').strip('<>').split()[0]}> {label!r}"
        if worst:
            text += f" ({worst} {phases[worst] / 1000:.1f} s)"
    if summary.get("audit_errors"):
        text += f"  [audit errors: {', '.join(summary['audit_errors'])}]"
    return text
