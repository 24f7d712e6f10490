"""The servers `make bench` measures, and how much memory they use.

Each server runs in a process group of its own (``tests.harness.start``), so ``tests.harness.stop``
ends it with every kernel it started. Three servers: the app's own (``python -m
spasm_relief_app.server``), plain ``voila`` with its default settings over the same notebooks, and
Voilà's floor (one dropdown, preheated, the app's template). Memory is read from /proc: the server
and all its descendants (the kernels).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from tests.harness import REPO, free_port, start, start_app


def app_server(class_size: int, warm_ups: int | None = None) -> tuple[subprocess.Popen, str]:
    return start_app("--class-size", str(class_size), *(["--warm-ups", str(warm_ups)] if warm_ups else []))


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


def floor_server() -> tuple[subprocess.Popen, str]:
    """Voilà's floor: a notebook with one dropdown and one output, preheated, with the app's
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


def _process_table() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                children.setdefault(int(fields[1]), []).append(int(entry.name))
            except (OSError, IndexError):
                continue
    return children


def descendants(pid: int) -> list[int]:
    """A process and all its descendants (from /proc), the process first."""
    children, found, stack = _process_table(), [], [pid]
    while stack:
        current = stack.pop()
        found.append(current)
        stack.extend(children.get(current, []))
    return found


def tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants, from /proc."""
    total = 0
    for current in descendants(pid):
        try:
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def tree_usage(pid: int) -> tuple[float, int]:
    """(MB resident, live kernels) for a server: its whole process tree, and how many of its
    descendants are kernels (``ipykernel_launcher``; Voilà does not serve ``GET /api/kernels``)."""
    total, kernels = 0, 0
    for current in descendants(pid):
        try:
            if b"ipykernel_launcher" in Path(f"/proc/{current}/cmdline").read_bytes():
                kernels += 1
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024, kernels


def kill_tree(pid: int) -> None:
    """End a process we started and everything it started (Lighthouse's Chromium runs detached)."""
    for current in reversed(descendants(pid)):
        try:
            os.kill(current, signal.SIGKILL)
        except ProcessLookupError:
            pass


def settle(process, quiet_load: float = 1.0, limit_s: float = 180) -> float:
    """Wait until the server's memory stops growing and the load average drops (pools are full),
    for at most ``limit_s`` seconds (the machine may be shared). Returns the memory in MB."""
    started, last = time.monotonic(), -1.0
    while time.monotonic() - started < limit_s:
        time.sleep(10)
        now = tree_rss_mb(process.pid)
        load = os.getloadavg()[0]
        if abs(now - last) < max(20.0, 0.01 * now) and load < quiet_load:
            return now
        last = now
    return tree_rss_mb(process.pid)


class MemorySampler:
    """Samples a server's memory and live kernels every ``interval`` seconds on a thread of its own.
    ``mark(label)`` starts a new phase; ``peaks()`` gives the peak per phase and overall."""

    def __init__(self, pid: int, interval: float = 1.0):
        self.pid, self.interval = pid, interval
        self.samples: list[tuple[float, float, int]] = []  # (seconds since start, MB, kernels)
        self.marks: list[tuple[float, str]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._started = time.monotonic()

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            mb, kernels = tree_usage(self.pid)
            self.samples.append((time.monotonic() - self._started, mb, kernels))
            self._stop.wait(self.interval)

    def mark(self, label: str) -> None:
        self.marks.append((time.monotonic() - self._started, label))

    def peaks(self) -> tuple[dict, dict]:
        """({label: {"peak_mb", "peak_kernels"}} for each phase, the same for the whole run)."""
        per_phase = {}
        bounds = self.marks + [(float("inf"), "")]
        for (begin, label), (end, _) in zip(bounds, bounds[1:]):
            inside = [s for s in self.samples if begin <= s[0] < end]
            if inside:
                per_phase[label] = {"peak_mb": round(max(s[1] for s in inside)),
                                    "peak_kernels": max(s[2] for s in inside)}
        overall = {"peak_mb": round(max((s[1] for s in self.samples), default=0)),
                   "peak_kernels": max((s[2] for s in self.samples), default=0)}
        return per_phase, overall

    def trace(self, every: float = 5.0) -> list[list]:
        """[seconds, MB, kernels] every ``every`` seconds, for the results file."""
        out, next_at = [], 0.0
        for t, mb, kernels in self.samples:
            if t >= next_at:
                out.append([round(t), round(mb), kernels])
                next_at = t + every
        return out
