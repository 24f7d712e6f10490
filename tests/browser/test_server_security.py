"""What the real server answers where a deployment meets it: tab-close shutdowns from the app's own
origin (also behind a TLS-ending proxy) and from nowhere else, a Content-Security-Policy that lets a
page talk to its own server only, ETags that let a browser revalidate the front end, and tornado's
own errors in the app's log. The same behaviours behind a real nginx are in test_behind_https_proxy.py.
"""

from __future__ import annotations

import gzip
import json
import re
import socket
import time
import urllib.error
import urllib.request
from email.message import Message
from pathlib import Path

from .conftest import new_page, open_lesson


def page_kernel(app_url: str, notebook: str) -> tuple[str, str, str]:
    """Open a page as a browser would (no browser): its kernel id, its cookies, and its HTML."""
    with urllib.request.urlopen(f"{app_url}/voila/render/{notebook}", timeout=120) as response:
        html = response.read().decode()
        cookies = "; ".join(c.split(";")[0] for c in response.headers.get_all("Set-Cookie") or [])
    return re.search(r'"kernelId":\s*"([0-9a-f-]+)"', html).group(1), cookies, html


def answer(url: str, headers: dict, method: str = "GET") -> tuple[int, Message, bytes]:
    request = urllib.request.Request(url, method=method, headers=headers, data=b"" if method == "POST" else None)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def test_tab_close_shuts_the_kernel_down_from_the_apps_origin_also_behind_a_tls_proxy(app_url):
    kernel, cookies, _ = page_kernel(app_url, "01_first_response.ipynb")
    shutdown = f"{app_url}/voila/api/shutdown/{kernel}"
    https_origin = app_url.replace("http://", "https://")

    def post(headers: dict) -> int:
        return answer(shutdown, {"Cookie": cookies, **headers}, "POST")[0]

    # another site's page may not shut it down, directly or claiming a proxy (Jupyter's own origin
    # check answers 404 to another host; the cross-site check answers 403)
    assert post({"Origin": "http://attacker.example"}) in (403, 404)
    assert post({"Origin": "https://attacker.example", "X-Forwarded-Proto": "https"}) in (403, 404)
    assert post({"Origin": "https://attacker.example", "X-Forwarded-Proto": "https",
                 "X-Forwarded-Host": "127.0.0.1"}) in (403, 404)
    # an https origin on a request that came in over plain http with no proxy saying so: refused
    assert post({"Origin": https_origin}) == 403
    # the kernel is still there: the app's page behind the TLS-ending proxy shuts it down ...
    assert post({"Origin": https_origin, "X-Forwarded-Proto": "https"}) == 204
    # ... and then it is gone
    assert post({"Origin": https_origin, "X-Forwarded-Proto": "https"}) == 404


def test_a_page_can_connect_to_its_own_server_only(browser, app_url):
    """connect-src is the page's own origin: a websocket or fetch to another port is blocked by the
    browser before anything leaves it, and the listener there sees no connection."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        listener.settimeout(1.5)
        other = listener.getsockname()[1]
        page, watch = new_page(browser)
        try:
            open_lesson(page, app_url, "00_start_here.ipynb")
            blocked = page.evaluate("""async (port) => {
                const blocked = [];
                document.addEventListener('securitypolicyviolation',
                                          (e) => blocked.push(e.effectiveDirective + ' ' + e.blockedURI));
                try { new WebSocket(`ws://127.0.0.1:${port}/api/kernels`); } catch (e) { blocked.push('threw ' + e.name); }
                try { await fetch(`http://127.0.0.1:${port}/`); } catch (e) { blocked.push('fetch failed'); }
                await new Promise((resolve) => setTimeout(resolve, 500));
                return blocked;
            }""", other)
            # the page's own kernel websocket still works: a widget answers
            page.get_by_role("checkbox", name="Are you short of breath").check()
            page.locator(".sr-red-flags").get_by_role("alert").wait_for()
        finally:
            page.context.close()
        try:
            connection, _ = listener.accept()
            connection.close()
            reached = True
        except TimeoutError:
            reached = False
    assert not reached, "a page reached another origin's port"
    assert f"connect-src ws://127.0.0.1:{other}/api/kernels" in blocked, blocked
    assert f"connect-src http://127.0.0.1:{other}/" in blocked, blocked
    others = [p for p in watch.problems() if "Content Security Policy" not in p and "Failed to fetch" not in p]
    assert not others, others


def front_end_files(html: str) -> list[str]:
    """The page's own scripts and styles (Voilà's and the template's) and every widget extension's entry."""
    config = json.loads(re.search(r'id="jupyter-config-data"[^>]*>(.*?)</script>', html, re.S).group(1))
    extensions = [f"/voila/labextensions/{e['name']}/{e['load'].removeprefix('./')}"
                  for e in config["federated_extensions"]]
    linked = re.findall(r'(?:src|href)="(/voila/[^"]+\.(?:js|css)(?:\?v=[0-9a-f]+)?)"', html)
    assert len(extensions) >= 3 and len(linked) >= 2, (extensions, linked)
    return [*dict.fromkeys(linked), *extensions]


def test_front_end_and_assets_carry_an_etag_and_revalidate_with_304(app_url, app_log: Path):
    _, _, html = page_kernel(app_url, "00_start_here.ipynb")
    for path in [*front_end_files(html), "/assets/styles/spasm-relief.css", "/assets/content/stretching.toml"]:
        url = app_url + path
        status, headers, body = answer(url, {"Accept-Encoding": "gzip"})
        assert status == 200, path
        etag = headers.get("Etag")
        assert etag and etag.startswith('"'), (path, headers)
        assert "max-age=" in headers.get("Cache-Control", ""), (path, headers)
        if headers.get("Content-Encoding") == "gzip":
            gzip.decompress(body)  # compressed once: one gunzip gives the file
        # a browser whose copy expired asks again and gets 304, no body
        status, headers, body = answer(url, {"Accept-Encoding": "gzip", "If-None-Match": etag})
        assert (status, body) == (304, b""), path
        # the uncompressed file is another representation: its own tag, so a tag never crosses over
        status, plain, _ = answer(url, {"If-None-Match": etag})
        assert status == 200 and plain.get("Content-Encoding") is None, path
        if headers.get("Content-Encoding") == "gzip" or etag.endswith('-gzip"'):
            assert plain["Etag"] != etag, path
    assert "Could not open static file" not in app_log.read_text()


def test_tornados_own_messages_reach_the_apps_log(app_url, app_log: Path):
    path = "/voila/static/..%2f..%2fpyproject.toml"
    assert answer(app_url + path, {})[0] == 403
    deadline = time.monotonic() + 10
    while f"[tornado.general] WARNING | 403 GET {path}" not in app_log.read_text():
        assert time.monotonic() < deadline, app_log.read_text()[-2000:]
        time.sleep(0.2)
