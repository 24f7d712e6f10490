"""The static site's Python side, run in Pyodide itself: the version the site loads, under Node.

The browser cannot start the site's kernel here (Pyodide's CDN is out of reach), but the npm
package `pyodide@0.29.0` is the same runtime (Python 3.13, `sys.platform == "emscripten"`).
`make test-static` installs it (tests/static/pyodide/package-lock.json) and downloads from PyPI
the pure-Python packages Pyodide ships itself, in Pyodide's versions
(tests/static/pyodide/requirements.txt). The check unpacks those and the site's own wheels into
Pyodide's site-packages and runs every notebook of the site, the two planner pages included (their
timeline is SVG written by the package, and their calendar file comes from the bundled icalendar).
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from spasm_relief_app import static_site
from widgets.content import content
from widgets.paths import REPO_ROOT

from .test_site import PYODIDE_PACKAGES, SITE

CHECK = Path(__file__).with_name("pyodide")
WHEELS = REPO_ROOT / os.environ.get("SPASM_RELIEF_PYODIDE_WHEELS", "build/pyodide-wheels")
NOTEBOOKS = [page.file for page in content().pages]


def test_the_pure_packages_are_pyodides_own_versions():
    pinned = static_site.pins(CHECK / "requirements.txt")
    lock = json.loads((CHECK / "package-lock.json").read_text())
    assert lock["packages"]["node_modules/pyodide"]["version"] == "0.29.0"
    assert "pyodide/v0.29.0/" in json.loads((static_site.VOICI_DIR / "jupyter-lite.json").read_text())[
        "jupyter-config-data"]["litePluginSettings"]["@jupyterlite/pyodide-kernel-extension:kernel"]["pyodideUrl"]
    for name, version in PYODIDE_PACKAGES.items():
        if name in pinned:
            assert pinned[name] == version, name
    assert {"ipython", "traitlets", "python-dateutil"} <= set(pinned)


@pytest.fixture(scope="module")
def report() -> dict:
    node = shutil.which("node")
    if node is None:
        pytest.fail("No Node.js: the Pyodide check needs it (Debian/Ubuntu: sudo apt-get install nodejs npm).",
                    pytrace=False)
    missing = [p for p in (CHECK / "node_modules/pyodide/pyodide.mjs", WHEELS, SITE / "pypi", SITE / "files")
               if not p.exists()]
    if missing:
        pytest.fail(f"Missing {', '.join(map(str, missing))}: make test-static installs and builds them.",
                    pytrace=False)
    result = subprocess.run([node, str(CHECK / "run.mjs"), str(SITE / "pypi"), str(WHEELS), "--", str(SITE / "files"),
                             str(CHECK / "kernel_check.py")], capture_output=True, text=True, timeout=600)
    lines = [line for line in result.stdout.splitlines() if line.startswith("KERNEL-CHECK ")]
    assert result.returncode == 0 and lines, (result.stdout[-3000:] + result.stderr[-3000:])
    return json.loads(lines[-1].removeprefix("KERNEL-CHECK "))


def test_it_is_pyodide(report):
    assert report["platform"] == "emscripten" and report["python"].startswith(static_site.PYODIDE_PYTHON + ".")


def test_the_package_from_the_site_finds_its_assets(report):
    assert report["assets_found"] and report["assets"].endswith("site-packages/widgets/assets")


@pytest.mark.parametrize("file", NOTEBOOKS)
def test_every_page_runs_in_pyodide(report, file):
    outcome = report["pages"][file]
    cells = [c for c in json.loads((SITE / "files" / file).read_text())["cells"] if c["cell_type"] == "code"]
    assert outcome == f"ran {len(cells) - 1} cells", outcome


def test_links_made_in_pyodide_lead_to_pages_of_the_site_or_to_sources(report):
    """Links between pages point at the site's own pages; the only other links are the cited
    sources (on the planner pages, the cold and heat rules cite theirs), over https."""
    pages = {p.name for p in (SITE / "voici" / "render").glob("*.html")}
    sources = {s.url for s in content().sources}
    internal = [h for h in report["hrefs"] if not re.match(r"[a-z]+:", h)]
    assert len(internal) >= len(NOTEBOOKS)
    for href in internal:
        assert href.split("#")[0] in pages, href
    for href in set(report["hrefs"]) - set(internal):
        address = html.unescape(href)  # an href attribute's "&" is written "&amp;"
        assert address.startswith("https://") and address in sources, href


def test_calendar_file_is_made_in_pyodide_with_the_bundled_icalendar(report):
    assert report["ics_events"] == report["sessions"] > 0
