"""What every harness that drives the app needs: a free port, the app's server started and stopped,
and headless Chromium.

Used by the browser, hub and static-site tests (tests/), ``make bench`` (benchmarks/) and
``make screenshot`` (docs/screenshot.py). It needs only the standard library (pytest only when it
runs under pytest), so any of them can import it from the repository's root:
``from tests.harness import ...``.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
APP_MODULE = "spasm_relief_app.server"
"""What ``make app`` runs: ``python -m spasm_relief_app.server``."""
APP_PROBE = "/assets/styles/spasm-relief.css"
"""A path the app serves once it is up (served by the app itself, no kernel needed)."""
CHROMIUM_ENV = "SPASM_RELIEF_CHROMIUM"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def chromium() -> str:
    """The Chromium to drive: $SPASM_RELIEF_CHROMIUM, else /usr/bin/chromium, else one on PATH.

    There is no fallback to skipping: under pytest a missing Chromium fails the test, elsewhere it
    ends the program, with the way to install one."""
    candidates = [os.environ.get(CHROMIUM_ENV, ""), "/usr/bin/chromium",
                  shutil.which("chromium") or "", shutil.which("chromium-browser") or ""]
    for candidate in candidates:
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    message = ("No Chromium found, and the browser tests are never skipped. Install one "
               f"(Debian/Ubuntu: sudo apt-get install chromium) or set {CHROMIUM_ENV}=/path/to/chromium.")
    if "pytest" in sys.modules:
        import pytest

        pytest.fail(message, pytrace=False)
    raise SystemExit(message)


def free_port() -> int:
    """A TCP port nobody listens on at 127.0.0.1 (at the moment of asking)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _tail(log: Path | None) -> str:
    return log.read_text()[-3000:] if log is not None and log.exists() else "(no log kept)"


def wait_for(url: str, process: subprocess.Popen, log: Path | None = None, timeout: float = 60) -> None:
    """Wait until ``url`` answers; fail early, with the end of ``log``, if ``process`` exits first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited early: {process.args}\n{_tail(log)}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"the server did not answer within {timeout} s: {process.args}\n{_tail(log)}")


def start(command: list[str], probe: str, log: Path | None = None, env: dict | None = None,
          timeout: float = 60) -> subprocess.Popen:
    """Run a server in the repository, in a process group of its own (so :func:`stop` ends it with
    everything it starts, kernels included), and wait until ``probe`` answers.

    Its output goes to ``log`` (or nowhere); ``env`` adds to this process's environment."""
    out = log.open("w") if log is not None else subprocess.DEVNULL
    try:
        process = subprocess.Popen(command, cwd=REPO, stdout=out, stderr=subprocess.STDOUT,
                                   start_new_session=True, env={**os.environ, **(env or {})})
    finally:
        if log is not None:
            out.close()
    try:
        wait_for(probe, process, log, timeout)
    except BaseException:
        stop(process)
        raise
    return process


def stop(process: subprocess.Popen, timeout: float = 15) -> None:
    """Stop a server started by :func:`start` (or in a session of its own), and everything it started."""
    try:
        os.killpg(process.pid, signal.SIGTERM)
    except ProcessLookupError:
        pass
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=timeout)


def start_app(*args: str, port: int | None = None, log: Path | None = None, env: dict | None = None,
              timeout: float = 60) -> tuple[subprocess.Popen, str]:
    """The app's own server (``make app``) on 127.0.0.1, with extra command-line ``args``;
    returns the process and the base URL once it answers."""
    port = free_port() if port is None else port
    base = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", APP_MODULE, "--port", str(port), *args]
    return start(command, base + APP_PROBE, log=log, env=env, timeout=timeout), base
