"""The classroom hub: two students log in and each gets their own working tutorial in Voilà,
and neither can reach the other's server. A real JupyterHub with configurable-http-proxy (npm)
and one local process per student, all on 127.0.0.1, driven by headless Chromium."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from tests.browser.conftest import CHROMIUM_FLAGS, _chromium, _free_port

REPO = Path(__file__).resolve().parents[2]
PROXY = REPO / "deploy" / "jupyterhub" / "node_modules" / ".bin" / "configurable-http-proxy"
PASSWORD = "class-of-30"
SPAWN_MS = 180_000


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    if not PROXY.exists():
        pytest.fail("configurable-http-proxy is not installed: run `make hub-env` (npm ci in deploy/jupyterhub).",
                    pytrace=False)
    state = tmp_path_factory.mktemp("hub")
    port = _free_port()
    env = {**os.environ, "SPASM_RELIEF_HUB_DIR": str(state), "SPASM_RELIEF_HUB_PORT": str(port),
           "SPASM_RELIEF_HUB_API_PORT": str(_free_port()), "SPASM_RELIEF_HUB_PROXY_API_PORT": str(_free_port()),
           "SPASM_RELIEF_HUB_PASSWORD": PASSWORD}
    log = (state / "hub.log").open("w")
    process = subprocess.Popen([sys.executable, "-m", "jupyterhub", "-f", "deploy/jupyterhub/jupyterhub_config.py"],
                               cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(240):
            try:
                urllib.request.urlopen(f"{base}/hub/login", timeout=2)
                break
            except OSError:
                if process.poll() is not None:
                    raise RuntimeError((state / "hub.log").read_text()[-3000:])
                time.sleep(0.5)
        yield base, state
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
        subprocess.run(["pkill", "-f", f"SPASM_RELIEF_HUB_DIR={state}"], check=False)


def log_in(browser, base: str, name: str):
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{base}/hub/login")
    page.get_by_label("Username").fill(name)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"**/user/{name}/voila/render/00_start_here.ipynb", timeout=SPAWN_MS)
    page.wait_for_selector(".sr-red-flags input", timeout=SPAWN_MS)
    return context, page


def test_two_students_each_get_their_own_tutorial(hub):
    base, state = hub
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=_chromium(), args=CHROMIUM_FLAGS)
        alice_context, alice = log_in(browser, base, "alice")
        bob_context, bob = log_in(browser, base, "bob")
        for page in (alice, bob):
            expect(page).to_have_title("Start here · Spasm Relief")
            page.get_by_role("checkbox", name="Are you short of breath").check()
            expect(page.locator(".sr-red-flags").get_by_role("alert")).to_contain_text("Stop self-care")
        # Alice's ticks live in Alice's kernel only.
        bob.reload()
        bob.wait_for_selector(".sr-red-flags input", timeout=SPAWN_MS)
        expect(bob.locator(".sr-red-flags").get_by_role("alert")).to_have_count(0)
        # Neither can open the other's server.
        response = alice.goto(f"{base}/user/bob/voila/render/00_start_here.ipynb")
        assert response.status == 403, (response.status, alice.url)
        expect(alice.locator("body")).to_contain_text("403")
        expect(alice.locator(".sr-red-flags")).to_have_count(0)
        # Each has a private copy of the notebooks; nothing is shared or written about the other.
        for name in ("alice", "bob"):
            folder = state / "students" / name
            assert (folder / "00_start_here.ipynb").exists()
        assert not (state / "students" / "alice" / "bob").exists()
        # JupyterLab is there too, for reading the notebooks as notebooks.
        lab = alice_context.new_page()
        response = lab.goto(f"{base}/user/alice/lab")
        assert response.status == 200
        alice_context.close()
        bob_context.close()
        browser.close()
