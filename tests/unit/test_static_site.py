"""The static site's build logic (spasm_relief_app.static_site) and its links, without building the site.

`make test-static` (tests/static) checks a real build; these check the pieces it is made of.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import subprocess
import sys
import tomllib
import zipfile

import pytest

from spasm_relief_app import static_site
from widgets.back_check import BackCheck
from widgets.content import content
from widgets.navigation import dashboard_links, lesson_links, page_href
from widgets.paths import ASSETS_DIR, NOTEBOOKS_DIR, REPO_ROOT
from widgets.ui import page
from widgets.ui.back import locked_html
from widgets.ui.feeling import feedback_html

requirement_pins = static_site.pins

NOTEBOOKS = [page.file for page in content().pages]
HREF = re.compile(r'href="([^"]*)"')


@pytest.fixture
def in_pyodide(monkeypatch):
    """Pretend to be the static site's kernel: Python in the browser reports this platform."""
    monkeypatch.setattr(sys, "platform", "emscripten")


def test_page_href_keeps_notebook_links_for_voila_and_gives_html_pages_in_pyodide():
    assert page_href("02_stretches.ipynb") == "02_stretches.ipynb"
    assert page_href("00_start_here.ipynb#contents", platform="linux") == "00_start_here.ipynb#contents"
    assert page_href("02_stretches.ipynb", platform="emscripten") == "02_stretches.html"
    assert page_href("00_start_here.ipynb#contents", platform="emscripten") == "00_start_here.html#contents"
    assert page_href("#warning-signs", platform="emscripten") == "#warning-signs"
    assert page_href("notes.ipynb.txt", platform="emscripten") == "notes.ipynb.txt"


def test_every_link_between_pages_points_at_a_rendered_page_in_pyodide(in_pyodide):
    c = content()
    hrefs = [link.href for link in dashboard_links(c.lessons)]
    for lesson in c.lessons:
        hrefs += [link.href for link in lesson_links(c.lessons, lesson.id)]
    for page_id in [p.id for p in c.pages]:
        hrefs += HREF.findall(page.nav_html(c, page_id, "top"))
    hrefs += HREF.findall(page.contents().value) + HREF.findall(page.dashboard_link().value)
    warning = next(f for f in c.first_response.feelings if f.warning)
    hrefs += HREF.findall(feedback_html(warning))
    check = BackCheck.from_content(c)
    check.choose_pain(next(level.id for level in c.back.pain_levels if not level.unlocks))
    assert check.reason == "pain"
    hrefs += HREF.findall(locked_html(check))
    pages = {static_site.page_name(file) for file in NOTEBOOKS}
    assert len(hrefs) > 3 * len(NOTEBOOKS)
    for href in hrefs:
        assert href.split("#")[0] in pages, href


def test_links_stay_notebook_names_outside_pyodide():
    assert all(link.href.split("#")[0].endswith(".ipynb") for link in dashboard_links(content().lessons))
    assert 'href="01_first_response.ipynb"' in page.contents().value


def test_page_name():
    assert static_site.page_name("my_plan.ipynb") == "my_plan.html"
    with pytest.raises(ValueError):
        static_site.page_name("my_plan.py")


def test_kernel_pins_are_the_apps_versions_and_all_pinned():
    kernel = static_site.pins()
    app = requirement_pins(REPO_ROOT / "constraints.txt")
    assert {"ipywidgets", "anywidget", "icalendar", "comm", "jupyterlab-widgets"} <= set(kernel)
    for name, version in kernel.items():
        assert app.get(name) == version, f"kernel-requirements.txt pins {name}=={version}, constraints.txt {app.get(name)}"


def test_pins_rejects_an_unpinned_line(tmp_path):
    file = tmp_path / "req.txt"
    file.write_text("ipywidgets>=8\n")
    with pytest.raises(ValueError, match="not pinned"):
        static_site.pins(file)


def test_static_build_tools_are_pinned_and_match_their_lock_and_the_app():
    lock = requirement_pins(REPO_ROOT / "constraints-static.txt")
    wanted = requirement_pins(REPO_ROOT / "requirements-static.txt")  # raises on any line not name==version
    assert {"voici-core", "jupyterlite-core", "jupyterlite-pyodide-kernel"} <= set(wanted)
    for name, version in wanted.items():
        assert lock.get(name) == version, f"requirements-static.txt pins {name}=={version}, lock has {lock.get(name)}"
    # The front-end extensions in the site are those of the app the widgets are tested with.
    app = requirement_pins(REPO_ROOT / "requirements.txt")
    for name in ("jupyterlab-widgets", "anywidget", "voila"):
        assert wanted[name] == app[name], name
    # 0.7.2 builds a site whose kernel never starts (shared/voila-notes.md).
    assert wanted["jupyterlite-pyodide-kernel"] == "0.7.0"
    # The site's wheel is built with the setuptools that pyproject.toml's [build-system] names.
    build_system = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["build-system"]["requires"]
    assert build_system == [f"setuptools=={wanted['setuptools']}"]


def test_only_the_planner_pages_install_icalendar_and_none_installs_matplotlib():
    kernel_pins = static_site.pins()
    for file in NOTEBOOKS:
        nb = json.loads((NOTEBOOKS_DIR / file).read_text())
        code = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
        needs = static_site.kernel_requirements(code, kernel_pins)
        assert needs[0] == f"spasm-relief=={static_site.__version__}"
        planner = file in {"04_ice_and_heat.ipynb", content().dashboard.file}
        assert (f"icalendar=={kernel_pins['icalendar']}" in needs) is planner and len(needs) == 1 + planner


def test_every_other_page_really_does_without_icalendar():
    """Run the code of each page that does not install icalendar: it may not be imported (nor matplotlib)."""
    light = []
    for file in NOTEBOOKS:
        nb = json.loads((NOTEBOOKS_DIR / file).read_text())
        code = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
        if len(static_site.kernel_requirements(code)) == 1:
            light.append(code)
    assert len(light) == len(NOTEBOOKS) - 2
    script = "import sys\n" + "\n".join(light) + "\nprint('matplotlib' in sys.modules, 'icalendar' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300, cwd=REPO_ROOT)
    assert result.stdout.split() == ["False", "False"], result.stderr[-2000:]


def test_staged_notebook_starts_with_the_install_cell_and_is_otherwise_unchanged():
    original = json.loads((NOTEBOOKS_DIR / "04_ice_and_heat.ipynb").read_text())
    before = json.dumps(original, sort_keys=True)
    staged = static_site.stage_notebook(original)
    assert json.dumps(original, sort_keys=True) == before, "the app's notebook must not change"
    first = staged["cells"][0]
    assert first["cell_type"] == "code" and first["source"].startswith("import piplite\nawait piplite.install([")
    assert '"icalendar==' in first["source"] and '"spasm-relief==' in first["source"]
    assert staged["cells"][1:] == original["cells"]
    assert staged["metadata"]["kernelspec"]["name"] == "python"
    assert staged["metadata"]["title"] == original["metadata"]["title"]


def test_wheel_holds_the_package_and_every_asset_and_is_reproducible(tmp_path):
    one = static_site.build_wheel(tmp_path / "one")
    two = static_site.build_wheel(tmp_path / "two")
    assert one.name == f"spasm_relief-{static_site.__version__}-py3-none-any.whl"
    assert one.read_bytes() == two.read_bytes()
    with zipfile.ZipFile(one) as wheel:
        names = set(wheel.namelist())
        for path in ASSETS_DIR.rglob("*"):
            if path.is_file():
                name = f"widgets/assets/{path.relative_to(ASSETS_DIR).as_posix()}"
                assert wheel.read(name) == path.read_bytes(), name
        for path in (REPO_ROOT / "widgets").rglob("*.py"):
            name = f"widgets/{path.relative_to(REPO_ROOT / 'widgets').as_posix()}"
            assert (name in names) is (path.name not in static_site.SERVER_ONLY), name
        assert {"widgets/ui/clock.js", "widgets/ui/page_info.js", "widgets/ui/browser_progress.js"} <= names
        assert not any("__pycache__" in name for name in names)
        dist = f"spasm_relief-{static_site.__version__}.dist-info"
        metadata = wheel.read(f"{dist}/METADATA").decode()
        record = wheel.read(f"{dist}/RECORD").decode().splitlines()
        for line in record:
            name, digest, size = line.rsplit(",", 2)
            if name != f"{dist}/RECORD":
                data = wheel.read(name)
                expected = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
                assert digest == f"sha256={expected}" and int(size) == len(data), name
        assert len(record) == len(names)
    kernel = static_site.pins()
    assert f"Requires-Dist: ipywidgets=={kernel['ipywidgets']}" in metadata
    assert f"Requires-Dist: anywidget=={kernel['anywidget']}" in metadata


def test_the_package_installed_from_the_wheel_finds_its_assets(tmp_path):
    """Unpacked as micropip installs it (into site-packages), widgets.paths finds its assets in the package."""
    wheel = static_site.build_wheel(tmp_path / "dist")
    site = tmp_path / "site-packages"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    # the unpacked wheel first on the path: it wins over this environment's editable install (a finder
    # consulted after the path); this environment still gives the package's dependencies
    script = ("import sys; sys.path.insert(0, sys.argv[1]); import widgets.paths as p; "
              "from widgets.content import content; c = content(); "
              "print(p.ASSETS_DIR == p.REPO_ROOT / 'widgets' / 'assets', str(p.REPO_ROOT) == sys.argv[1], "
              "len(c.lessons))")
    env = {"PATH": "/usr/bin:/bin"}  # no SPASM_RELIEF_ASSETS
    result = subprocess.run([sys.executable, "-c", script, str(site)], capture_output=True, text=True,
                            env=env, cwd=tmp_path, timeout=60)
    assert result.stdout.split() == ["True", "True", str(len(content().lessons))], result.stderr


def test_redirect_pages_go_to_the_start_page(tmp_path):
    (tmp_path / "voici" / "tree" / "old").mkdir(parents=True)
    (tmp_path / "voici" / "index.html").write_text("listing")
    static_site.finish_site(tmp_path)
    assert 'url=render/00_start_here.html"' in (tmp_path / "voici" / "index.html").read_text()
    assert 'href="../render/00_start_here.html"' in (tmp_path / "voici" / "tree" / "index.html").read_text()
    assert not (tmp_path / "voici" / "tree" / "old").exists()


def test_site_config_names_the_pyodide_kernel_from_its_cdn_and_never_pypi():
    config = json.loads((static_site.VOICI_DIR / "jupyter-lite.json").read_text())
    kernel = config["jupyter-config-data"]["litePluginSettings"]["@jupyterlite/pyodide-kernel-extension:kernel"]
    assert re.fullmatch(r"https://cdn\.jsdelivr\.net/pyodide/v\d+\.\d+\.\d+/full/pyodide\.js", kernel["pyodideUrl"])
    assert kernel["disablePyPIFallback"] is True
    build = json.loads((static_site.VOICI_DIR / "jupyter_lite_config.json").read_text())
    assert build["VoilaConfiguration"]["strip_sources"] is True
    assert build["VoilaConfiguration"]["template"] == "spasm-relief-static"
    template = static_site.VOICI_DIR / "jupyter/voila/templates/spasm-relief-static/index.html.j2"
    assert "http" not in template.read_text().replace("html", "")
