"""The app behind a real HTTPS reverse proxy, as the README recommends: Debian's nginx with the
snippets in deploy/nginx/ and a throw-away certificate, in front of `python -m spasm_relief_app.server`, all
on 127.0.0.1, driven by Chromium over https://.

Pages load and their widgets answer over the proxied websocket (wss://), closing the tab shuts the
kernel down, nothing is compressed twice, and the app's cache headers and ETags come through.
"""

from __future__ import annotations

import os
import re
import shutil
import ssl
import subprocess
import time
import urllib.error
import urllib.request
from email.message import Message
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.harness import REPO, free_port, start_app, stop

from .conftest import LOAD_TIMEOUT_MS

NGINX_SNIPPETS = REPO / "deploy" / "nginx"


def _nginx() -> str:
    for candidate in (os.environ.get("SPASM_RELIEF_NGINX", ""), shutil.which("nginx") or "", "/usr/sbin/nginx"):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    pytest.fail("No nginx found, and the proxy test is never skipped. Install Debian's "
                "(sudo apt-get install nginx; .ci/run does) or set SPASM_RELIEF_NGINX=/path/to/nginx.", pytrace=False)


def nginx_conf(folder: Path, app_port: int, port: int) -> str:
    """A whole nginx.conf around the deploy/nginx snippets; only the ports and certificate differ from
    deploy/nginx/spasm-relief.conf (and nginx keeps its files in the test's folder)."""
    temp = {name: folder / name for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")}
    for path in temp.values():
        path.mkdir()
    return f"""
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{ worker_connections 256; }}
http {{
    access_log {folder}/access.log;
    client_body_temp_path {temp["client_body"]};
    proxy_temp_path {temp["proxy"]};
    fastcgi_temp_path {temp["fastcgi"]};
    uwsgi_temp_path {temp["uwsgi"]};
    scgi_temp_path {temp["scgi"]};
    include {NGINX_SNIPPETS}/spasm-relief-upgrade.conf;
    upstream spasm_relief {{ server 127.0.0.1:{app_port}; }}
    server {{
        listen 127.0.0.1:{port} ssl http2;
        ssl_certificate {folder}/cert.pem;
        ssl_certificate_key {folder}/key.pem;
        include {NGINX_SNIPPETS}/spasm-relief-tls.conf;
        include {NGINX_SNIPPETS}/spasm-relief-proxy.conf;
    }}
}}
"""


@pytest.fixture(scope="module")
def proxied(tmp_path_factory):
    """(https base URL, app log, nginx access log): the app on one port, nginx with TLS on another."""
    nginx = _nginx()
    folder = tmp_path_factory.mktemp("nginx")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-keyout", str(folder / "key.pem"), "-out", str(folder / "cert.pem"),
                    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
                   check=True, capture_output=True)
    app_port, port = free_port(), free_port()
    (folder / "nginx.conf").write_text(nginx_conf(folder, app_port, port))
    app_log = folder / "voila.log"
    app, _app_base = start_app(port=app_port, log=app_log)
    proxy_log = folder / "nginx.out"
    with proxy_log.open("w") as out:
        proxy = subprocess.Popen([nginx, "-p", str(folder), "-c", str(folder / "nginx.conf"), "-e",
                                  str(folder / "error.log"), "-g", "daemon off;"],
                                 stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"https://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                fetch(f"{base}/assets/styles/spasm-relief.css")
                break
            except OSError:
                if proxy.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"nginx did not start:\n{proxy_log.read_text()}\n"
                                       f"{(folder / 'error.log').read_text() if (folder / 'error.log').exists() else ''}")
                time.sleep(0.3)
        yield base, app_log, folder / "access.log"
    finally:
        stop(proxy)
        stop(app)


def fetch(url: str, headers: dict | None = None) -> tuple[int, Message, bytes]:
    """A request over https with the throw-away certificate accepted (urllib, no browser)."""
    context = ssl.create_default_context()
    context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=60, context=context) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def wait_for_line(path: Path, pattern: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not re.search(pattern, path.read_text()):
        assert time.monotonic() < deadline, f"never logged {pattern!r}:\n{path.read_text()[-2000:]}"
        time.sleep(0.3)


def test_pages_work_over_https_and_closing_the_tab_shuts_the_kernel_down(browser, proxied):
    base, app_log, access_log = proxied
    context = browser.new_context(ignore_https_errors=True, viewport={"width": 375, "height": 740})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    front_end = []
    page.on("response", lambda r: front_end.append(r) if r.url.split("?")[0].endswith((".js", ".css")) else None)
    try:
        response = page.goto(f"{base}/", timeout=LOAD_TIMEOUT_MS)  # the root goes to the start page, over https
        assert page.url == f"{base}/voila/render/00_start_here.ipynb", page.url
        kernel = re.search(r'"kernelId":\s*"([0-9a-f-]+)"', response.text()).group(1)
        # the widgets answer: their kernel talks over wss:// through the proxy
        page.get_by_role("checkbox", name="Are you short of breath").check(timeout=LOAD_TIMEOUT_MS)
        expect(page.locator(".sr-red-flags").get_by_role("alert")).to_contain_text("Stop self-care")
        headers = response.all_headers()
        assert "connect-src 'self'" in headers["content-security-policy"]
        assert headers["strict-transport-security"] == "max-age=31536000"

        # nothing compressed twice, and the app's cache headers come through the proxy
        assert len(front_end) > 20
        for item in front_end:
            got = item.all_headers()
            assert item.status == 200, item.url
            assert got.get("content-encoding") == "gzip", (item.url, got)
            assert "max-age=" in got.get("cache-control", ""), (item.url, got)
            assert got.get("etag"), (item.url, got)
            assert not item.body().startswith(b"\x1f\x8b"), item.url  # Chromium unzipped it once: plain text
        # a browser whose copy has expired revalidates it through the proxy: 304, no body
        script = next(r.url for r in front_end if "/voila/static/voila.js" in r.url)
        status, got, body = fetch(script, {"Accept-Encoding": "gzip"})
        assert status == 200 and got["Content-Encoding"] == "gzip" and got["Cache-Control"].startswith("public")
        assert fetch(script, {"Accept-Encoding": "gzip", "If-None-Match": got["ETag"]})[:3:2] == (304, b"")

        # closing the tab shuts its kernel down (the unload-time request from an https origin)
        page.close(run_before_unload=True)
        wait_for_line(app_log, f"Kernel shutdown: {kernel}")
        wait_for_line(access_log, f'"POST /voila/api/shutdown/{kernel} HTTP/[0-9.]+" 204 ')
    finally:
        context.close()
    assert not errors, errors
    assert "Traceback" not in app_log.read_text()


def test_my_plan_draws_its_plan_over_https_on_a_phone(browser, proxied):
    base, _, _ = proxied
    context = browser.new_context(ignore_https_errors=True, viewport={"width": 375, "height": 740})
    page = context.new_page()
    try:
        page.goto(f"{base}/voila/render/my_plan.ipynb", timeout=LOAD_TIMEOUT_MS)
        page.wait_for_function("() => !document.querySelector('#loading')", timeout=LOAD_TIMEOUT_MS)
        # the plan's picture, drawn in the kernel, reaches the phone through the proxy
        picture = page.locator("img[alt^='Plan for']")
        picture.first.wait_for(state="attached", timeout=LOAD_TIMEOUT_MS)
        assert picture.first.evaluate("img => img.complete && img.naturalWidth > 0")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, width
    finally:
        context.close()


def test_the_documented_site_uses_the_same_snippets_as_this_test():
    site = (NGINX_SNIPPETS / "spasm-relief.conf").read_text()
    snippets = sorted(path.name for path in NGINX_SNIPPETS.glob("spasm-relief-*.conf"))
    assert snippets == ["spasm-relief-proxy.conf", "spasm-relief-tls.conf", "spasm-relief-upgrade.conf"]
    for name in snippets:
        assert f"include snippets/{name};" in site, name
        assert f"include {{NGINX_SNIPPETS}}/{name};" in Path(__file__).read_text(), name
    assert "upstream spasm_relief" in site and "listen 443 ssl" in site
