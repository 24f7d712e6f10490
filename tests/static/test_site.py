"""The built static site (make static): pages, kernel configuration, bundled wheels, links, hosts.

`make test-static` builds the site first and points SPASM_RELIEF_STATIC_SITE at it. The last
test serves it on 127.0.0.1 and opens it in headless Chromium: the page shell must load with
no missing local file and ask no host but Pyodide's CDN. The kernel itself cannot start here
(the CDN is out of reach), so nothing is asserted about the widgets.
"""

from __future__ import annotations

import functools
import hashlib
import html.parser
import http.server
import json
import os
import re
import threading
import time
import zipfile
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import pytest
from packaging.requirements import Requirement
from packaging.version import Version

from spasm_relief_app import static_site
from tests.harness import CHROMIUM_FLAGS, chromium
from widgets.content import content
from widgets.paths import NOTEBOOKS_DIR, REPO_ROOT

SITE = Path(os.environ.get("SPASM_RELIEF_STATIC_SITE", REPO_ROOT / "build" / "static"))
if not SITE.is_absolute():
    SITE = REPO_ROOT / SITE
KERNEL_SETTINGS = "@jupyterlite/pyodide-kernel-extension:kernel"
PYODIDE_URL = json.loads((static_site.VOICI_DIR / "jupyter-lite.json").read_text())[
    "jupyter-config-data"]["litePluginSettings"][KERNEL_SETTINGS]["pyodideUrl"]
PYODIDE_CDN = PYODIDE_URL.rsplit("/", 1)[0] + "/"
NOTEBOOKS = [page.file for page in content().pages]
# The page's own front end plus the two extensions the widgets need; nothing else may slip in
# (from a user's or the machine's Jupyter folders, say).
EXTENSIONS = {"@jupyter-widgets/jupyterlab-manager", "@jupyterlite/pyodide-kernel-extension", "anywidget",
              "@voila-dashboards/jupyterlab-preview", "jupyterlab_pygments"}
# Packages of Pyodide 0.29.0 that the bundled wheels may rely on, from its pyodide-lock.json (the
# npm package pyodide@0.29.0). micropip takes a package from Pyodide when its version fits and
# from the site's own wheels otherwise (tzdata: icalendar needs a newer one than Pyodide has).
PYODIDE_PACKAGES = {"ipython": "9.0.2", "traitlets": "5.14.3", "typing-extensions": "4.15.0",
                    "python-dateutil": "2.9.0.post0", "six": "1.17.0", "tzdata": "2025.2",
                    "matplotlib": "3.8.4", "numpy": "2.2.5"}
PYODIDE_PYTHON = {"python_version": static_site.PYODIDE_PYTHON, "python_full_version": "3.13.2",
                  "sys_platform": "emscripten", "platform_system": "Emscripten", "implementation_name": "cpython",
                  "platform_python_implementation": "CPython", "os_name": "posix", "extra": ""}
# Third-party URLs in the site's JavaScript and JSON that are documentation, schema ids or
# fallbacks switched off; none is fetched at page load (the browser test below checks that).
NOT_FETCHED = (
    "https://raw.githubusercontent.com/ajv-validator/",  # a JSON-schema id inside the settings validator
    "https://cdnjs.cloudflare.com/ajax/libs/mathjax/2.7.7/",  # Voilà's MathJax 2 default; Voici bundles MathJax 3
    "https://pypi.org/pypi/",  # piplite's PyPI fallback, off: disablePyPIFallback
)
CDN_HOSTS = re.compile(r"https?://(?:cdn\.jsdelivr\.net|cdnjs\.cloudflare\.com|unpkg\.com|esm\.sh|"
                       r"fonts\.googleapis\.com|fonts\.gstatic\.com|pypi\.org|files\.pythonhosted\.org|"
                       r"raw\.githubusercontent\.com)[^\s\"'`)<>\\]*")


@pytest.fixture(scope="module")
def site() -> Path:
    if not (SITE / "voici" / "render").is_dir():
        pytest.fail(f"No static site in {SITE}: build it with `make static` (make test-static does).", pytrace=False)
    return SITE


@pytest.fixture(scope="module")
def config(site) -> dict:
    return json.loads((site / "jupyter-lite.json").read_text())["jupyter-config-data"]


def page_config(page: Path) -> dict:
    match = re.search(r'<script id="jupyter-config-data" type="application/json">\s*(.*?)\s*</script>',
                      page.read_text(encoding="utf-8"), re.S)
    assert match, f"{page.name} has no page configuration"
    return json.loads(match[1])


class Refs(html.parser.HTMLParser):
    """Every src and href of a page, and its title."""

    def __init__(self):
        super().__init__()
        self.refs: list[tuple[str, str]] = []
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        self._in_title = tag == "title" and not self.title
        self.refs += [(tag, value) for name, value in attrs if name in {"src", "href"} and value]

    def handle_data(self, data):
        if self._in_title:
            self.title += data

    def handle_endtag(self, tag):
        self._in_title = False


def refs(page: Path) -> Refs:
    parser = Refs()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


@pytest.mark.parametrize("file", NOTEBOOKS)
def test_every_lesson_and_the_dashboard_has_its_page(site, file):
    page = site / "voici" / "render" / static_site.page_name(file)
    assert page.is_file(), f"no page for {file}"
    notebook = json.loads((NOTEBOOKS_DIR / file).read_text())
    assert refs(page).title.strip() == notebook["metadata"]["title"]
    rendered = page_config(page)["notebookSrc"]
    install, *cells = rendered["cells"]
    assert install["source"] == static_site.install_cell(static_site.kernel_requirements(
        "\n".join("".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code")))["source"]
    assert [("".join(c["source"]), c["cell_type"]) for c in cells] == [
        ("".join(c["source"]), c["cell_type"]) for c in notebook["cells"]], "the lesson itself must be unchanged"
    assert rendered["metadata"]["kernelspec"]["name"] == "python"


def test_no_page_is_left_over(site):
    pages = {p.name for p in (site / "voici" / "render").glob("*.html")}
    assert pages == {static_site.page_name(file) for file in NOTEBOOKS}
    assert not list((site / "voici" / "tree").rglob("*/index.html")), "no file listings"


def test_config_names_the_pyodide_kernel_its_cdn_and_the_bundled_wheels(site, config):
    assert {e["name"] for e in config["federated_extensions"]} == EXTENSIONS
    assert config["defaultKernelName"] == "python"
    kernel = config["litePluginSettings"][KERNEL_SETTINGS]
    assert kernel["pyodideUrl"] == PYODIDE_URL
    schema = json.loads((site / "extensions/@jupyterlite/pyodide-kernel-extension/static/schema/kernel.v0.schema.json")
                        .read_text())
    assert schema["properties"]["pyodideUrl"]["default"] == PYODIDE_URL, (
        "the configured Pyodide is not the one this kernel extension was made for")
    assert kernel["disablePyPIFallback"] is True
    assert kernel["pipliteUrls"][0].startswith("./pypi/all.json?sha256=")
    index = json.loads((site / "pypi" / "all.json").read_text())
    wanted = {**static_site.pins(), "spasm-relief": static_site.__version__}
    assert set(index) == set(wanted)
    for name, version in wanted.items():
        (artifact,) = index[name]["releases"][version]
        wheel = site / "pypi" / artifact["filename"]
        assert artifact["filename"].endswith("-none-any.whl") and wheel.is_file()
        assert hashlib.sha256(wheel.read_bytes()).hexdigest() == artifact["digests"]["sha256"]


def test_every_page_has_the_same_kernel_settings_as_the_site(site, config):
    for page in (site / "voici" / "render").glob("*.html"):
        kernel = page_config(page)["litePluginSettings"][KERNEL_SETTINGS]
        assert kernel["pyodideUrl"] == PYODIDE_URL and kernel["disablePyPIFallback"] is True, page.name
        assert kernel["pipliteUrls"][0].startswith("../../pypi/all.json?sha256="), page.name


def test_the_package_and_its_assets_are_in_the_site_as_built_from_this_checkout(site):
    wheel = site / "pypi" / f"spasm_relief-{static_site.__version__}-py3-none-any.whl"
    files = static_site.package_files()
    assert any(name.startswith("widgets/assets/content/") for name in files) and "widgets/ui/page.py" in files
    with zipfile.ZipFile(wheel) as archive:
        for name, path in files.items():
            assert archive.read(name) == path.read_bytes(), f"{name} differs from the checkout: run make static"


def test_every_requirement_of_every_bundled_wheel_is_met_in_the_browser(site):
    index = json.loads((site / "pypi" / "all.json").read_text())
    shims = json.loads((site / "extensions/@jupyterlite/pyodide-kernel-extension/static/pypi/all.json").read_text())
    bundled = {name: list(entry["releases"]) for name, entry in index.items()}
    provided = {name: list(entry["releases"]) for name, entry in shims.items()}
    checked = 0
    for wheel in (site / "pypi").glob("*.whl"):
        with zipfile.ZipFile(wheel) as archive:
            metadata = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
            lines = archive.read(metadata).decode().splitlines()
        for line in lines:
            if not line.startswith("Requires-Dist:"):
                continue
            req = Requirement(line.split(":", 1)[1].strip())
            if req.marker and not req.marker.evaluate(PYODIDE_PYTHON):
                continue
            name = re.sub(r"[-_.]+", "-", req.name).lower()
            versions = bundled.get(name, []) + provided.get(name, []) + [PYODIDE_PACKAGES.get(name, "")]
            assert any(v and Version(v) in req.specifier for v in versions), f"{wheel.name} needs {req}: not in the site"
            checked += 1
    assert checked >= 10


def test_links_in_pages_lead_to_files_in_the_site(site):
    start = site / "index.html"
    for page in [start, *(site / "voici").rglob("*.html")]:
        for tag, ref in refs(page).refs:
            parsed = urlparse(ref)
            if parsed.scheme in {"data", "blob"} or ref.startswith("#"):
                continue
            assert not parsed.scheme and not parsed.netloc, f"{page.relative_to(site)}: <{tag}> names {ref}"
            assert not parsed.path.endswith(".ipynb"), f"{page.relative_to(site)} links to a notebook: {ref}"
            target = (page.parent / unquote(parsed.path)).resolve()
            if target.is_dir():
                target = target / "index.html"
            assert target.is_file() and site.resolve() in target.parents, f"{page.relative_to(site)}: {ref} is missing"


def test_the_lessons_own_links_between_pages_were_rewritten(site):
    page = site / "voici" / "render" / "06_check_yourself.html"
    hrefs = [ref for tag, ref in refs(page).refs if tag == "a"]
    assert "00_start_here.html#contents" in hrefs and "my_plan.html" in hrefs


def test_no_host_but_pyodides_cdn_is_named(site):
    """HTML and JSON: only Pyodide's URL. JavaScript: only Pyodide's and the documented non-fetches."""
    for path in site.rglob("*"):
        if not path.is_file() or path.suffix not in {".html", ".json", ".js", ".mjs", ".css", ".webmanifest"}:
            continue
        for url in CDN_HOSTS.findall(path.read_text(encoding="utf-8", errors="ignore")):
            if url.startswith(PYODIDE_CDN):
                continue
            assert path.suffix in {".js", ".json"} and url.startswith(NOT_FETCHED), f"{path.relative_to(site)}: {url}"
    for page in [site / "index.html", *(site / "voici").rglob("*.html")]:
        text = page.read_text(encoding="utf-8")
        for tag in re.findall(r"<(?:link|script|img|iframe|source)\b[^>]*>", text):
            assert not re.search(r"(?:src|href)=\"(?:https?:)?//", tag), f"{page.relative_to(site)}: {tag}"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def site_url(site):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("path, page", [("", "00_start_here.html"), ("voici/render/my_plan.html", "my_plan.html")])
def test_page_shell_loads_from_a_static_server_and_asks_only_for_pyodide(site_url, path, page):
    from playwright.sync_api import sync_playwright

    external, missing, failed = [], [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium(), args=CHROMIUM_FLAGS)
        try:
            # Requests a service worker makes are out of Playwright's sight: keep it out so every one is seen.
            context = browser.new_context(service_workers="block")

            def route(r):
                if r.request.url.startswith(site_url):
                    r.continue_()
                else:
                    external.append(r.request.url)
                    r.abort()

            context.route("**/*", route)
            tab = context.new_page()
            tab.on("response", lambda r: r.status >= 400 and missing.append(f"{r.status} {r.url}"))
            tab.on("requestfailed", lambda r: r.url.startswith(site_url) and failed.append(r.url))
            tab.goto(urljoin(site_url, path), wait_until="load", timeout=60_000)
            deadline = time.monotonic() + 60
            while not external and time.monotonic() < deadline:  # the kernel asks for Pyodide last
                tab.wait_for_timeout(250)
            tab.wait_for_timeout(1000)
            assert tab.url == urljoin(site_url, f"voici/render/{page}")
            notebook = json.loads((NOTEBOOKS_DIR / page.replace(".html", ".ipynb")).read_text())
            assert tab.title() == notebook["metadata"]["title"]
            assert tab.locator("[cell-index]").count() == len(notebook["cells"]) + 1
        finally:
            browser.close()
    assert not missing and not failed, missing + failed
    assert external and set(external) == {PYODIDE_URL}, external


def test_the_build_leaves_the_repository_alone(site):
    """voici caches wheel metadata in its lite dir; the build gives it one under build/, never deploy/voici."""
    assert not (static_site.VOICI_DIR / ".cache").exists()
    assert not list(static_site.VOICI_DIR.rglob("*.doit.db*"))
