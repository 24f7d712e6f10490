"""Project files that must agree: pins, the conda/Binder environment, Voilà's configuration, notebooks."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import nbformat
import pytest
import yaml

from spasm_relief_app.static_site import pins
from widgets.content import content
from widgets.navigation import find_page
from widgets.paths import NOTEBOOKS_DIR, REPO_ROOT


def test_every_requirement_is_pinned_and_matches_the_lock():
    lock = pins(REPO_ROOT / "constraints.txt")
    for file in ("requirements.txt", "requirements-test.txt"):
        for name, version in pins(REPO_ROOT / file).items():  # raises on any requirement not name==version
            assert lock.get(name) == version, f"{file} pins {name}=={version}, constraints.txt has {lock.get(name)}"


def test_ipywidgets_and_jupyterlab_widgets_are_pinned_together():
    runtime = pins(REPO_ROOT / "requirements.txt")
    assert "ipywidgets" in runtime and "jupyterlab-widgets" in runtime
    from importlib.metadata import version
    assert version("ipywidgets") == runtime["ipywidgets"]
    assert version("jupyterlab_widgets") == runtime["jupyterlab-widgets"]


def test_jupyterlab_is_for_readers_of_the_notebooks_not_for_the_server():
    assert "jupyterlab" not in pins(REPO_ROOT / "requirements.txt")
    assert "jupyterlab" in pins(REPO_ROOT / "requirements-test.txt")


def test_environment_yml_installs_the_pinned_requirements():
    env = yaml.safe_load((REPO_ROOT / "environment.yml").read_text())
    deps = env["dependencies"]
    assert "python=3.11" in deps
    pip_section = next(d["pip"] for d in deps if isinstance(d, dict) and "pip" in d)
    assert pip_section == ["-r requirements.txt", "jupyterlab", "-c constraints.txt", "-e ."]


def test_voila_configuration():
    config = json.loads((REPO_ROOT / "deploy/voila/voila.json").read_text())
    vc = config["VoilaConfiguration"]
    assert vc["strip_sources"] is True and vc["show_tracebacks"] is False
    assert vc["preheat_kernel"] is True and vc["default_pool_size"] >= 1
    assert vc["file_allowlist"] == [] and vc["file_denylist"] == [".*"]
    assert config["MappingKernelManager"]["cull_idle_timeout"] > 0
    assert config["Voila"]["ip"] == "127.0.0.1"
    # nbclient drops a cell's outputs after iopub_timeout; while pools fill on a busy machine the
    # default 4 s lost widgets from preheated pages, which then never became interactive.
    assert config["VoilaExecutor"]["iopub_timeout"] >= 30


def test_template_has_no_third_party_request():
    template = REPO_ROOT / "deploy/jupyter/voila/templates/spasm-relief/index.html.j2"
    assert "http" not in template.read_text().replace("html", "")


LESSON_FILES = [lesson.file for lesson in content().lessons]


def test_every_lesson_has_a_notebook_and_every_notebook_is_a_lesson_the_dashboard_or_the_teachers_page():
    on_disk = sorted(p.name for p in NOTEBOOKS_DIR.glob("*.ipynb"))
    assert on_disk == sorted(page.file for page in content().pages)


def test_the_dashboard_is_thin_too():
    dashboard = content().dashboard
    nb = nbformat.read(NOTEBOOKS_DIR / dashboard.file, as_version=4)
    code = [c.source for c in nb.cells if c.cell_type == "code"]
    assert code[0].splitlines()[0] == "from widgets import ui" and code[-1] == f'ui.footer("{dashboard.id}")'
    assert "ui.my_plan()" in code
    assert all(len([ln for ln in src.splitlines() if ln.strip()]) <= 2 for src in code)


@pytest.mark.parametrize("lesson_id", [lesson.id for lesson in content().lessons])
def test_notebooks_are_thin_and_follow_the_lesson_shape(lesson_id):
    lesson = find_page(content(), lesson_id)
    file = lesson.file
    nb = nbformat.read(NOTEBOOKS_DIR / file, as_version=4)
    assert nb.metadata["title"] == f"{lesson.title} · Spasm Relief"
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code[0].source.splitlines()[0] == "from widgets import ui", "one imports cell, first"
    assert f'ui.header("{lesson.id}")' in code[0].source and code[-1].source == f'ui.footer("{lesson.id}")'
    for cell in code:
        lines = [ln for ln in cell.source.splitlines() if ln.strip()]
        assert len(lines) <= 2, f"{file}: a code cell should build a widget in one or two lines:\n{cell.source}"
        assert not re.search(r"^\s*(def|class|for|while|if|import (?!widgets))\b", cell.source, re.M)
        assert not cell.outputs, f"{file}: commit notebooks without outputs"
    markdown = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    for heading in ("## Overview", "## Prerequisites", "## Time to learn", "## Summary", "### What's next"):
        assert heading in markdown, f"{file} lacks {heading}"


def test_no_sentence_repeats_the_source_article():
    """The shared verbatim checker (beside the repo, as in CI) finds no copied passage."""
    checker = REPO_ROOT.parent / "shared" / "tools" / "verbatim_check.py"
    if not checker.exists():
        pytest.skip("shared/tools/verbatim_check.py is not beside this checkout")
    result = subprocess.run([sys.executable, str(checker), str(REPO_ROOT)], capture_output=True, text=True, timeout=60)
    assert result.stdout.startswith("no passage"), result.stdout + result.stderr


def test_every_builder_a_notebook_calls_exists_and_no_page_loads_matplotlib():
    import importlib

    ui = importlib.import_module("widgets.ui")
    for name in ui.__all__:
        assert callable(getattr(ui, name)), name
    calls = set()
    for path in NOTEBOOKS_DIR.glob("*.ipynb"):
        nb = nbformat.read(path, as_version=4)
        calls |= set(re.findall(r"ui\.(\w+)\(", "\n".join(c.source for c in nb.cells if c.cell_type == "code")))
    assert calls <= set(ui.__all__)
    script = ("import sys, widgets.ui as ui; ui.header('start-here'); ui.red_flag_check(); "
              "ui.stretch_guide(); ui.back_routine(); ui.self_check(); ui.class_results_view(); "
              "print('matplotlib' in sys.modules, 'icalendar' in sys.modules); "
              "ui.ice_heat_planner(); ui.my_plan(); ui.my_diary(); "
              "print('matplotlib' in sys.modules, 'icalendar' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    # the planners draw their timeline as SVG text (about 1.9 s of kernel start-up saved); the diary
    # imports matplotlib only when it has days to draw
    assert result.stdout.split() == ["False", "False", "False", "True"], result.stderr


def test_binder_post_build_installs_the_template_and_settings():
    script = (REPO_ROOT / "postBuild").read_text()
    assert script.startswith("#!/usr/bin/env bash") and "set -euo pipefail" in script
    assert (REPO_ROOT / "postBuild").stat().st_mode & 0o111
    for path in re.findall(r"cp (?:-r )?(deploy/\S+)", script):
        assert (REPO_ROOT / path).exists(), path
    settings = json.loads((REPO_ROOT / "deploy/binder/spasm-relief.json").read_text())
    assert settings["VoilaConfiguration"]["template"] == "spasm-relief"
    assert settings["VoilaConfiguration"]["strip_sources"] is True


def test_cache_lifetimes_of_front_end_files():
    from spasm_relief_app.server import FRONT_END_MAX_AGE, cache_control

    forever = "public, max-age=31536000, immutable"
    assert cache_control("/voila/labextensions/anywidget/static/remoteEntry.698dcaf7.js", False) == forever
    assert cache_control("/voila/labextensions/@jupyter-widgets/jupyterlab-manager/static/121.5c5a442bc10a67ee.js",
                         False) == forever
    assert cache_control("/voila/templates/spasm-relief/static/index.css", True) == forever
    # Voilà's own chunks carry no hash: kept for a while, then checked again
    for path in ("/voila/static/7155.voila.js", "/voila/static/voila.js",
                 "/voila/labextensions/anywidget/package.json"):
        assert cache_control(path, False) == f"public, max-age={FRONT_END_MAX_AGE}"


def test_pool_refills_queue_and_always_free_their_slot():
    import asyncio

    from spasm_relief_app.server import throttle_refills

    class Pool:
        """Stands in for Voilà's kernel manager: pools of warm-up tasks, each running a while."""

        def __init__(self):
            self.running = self.most = 0
            self.calls = []
            self._pools = {}

        def ready(self, notebook_path: str, count: int) -> None:
            loop = asyncio.get_running_loop()
            done = [loop.create_future() for _ in range(count)]
            for future in done:
                future.set_result({"kernel_id": "ready"})
            self._pools[notebook_path] = done

        async def _initialize(self, notebook_path, kernel_id=None, **kwargs):
            self.calls.append(notebook_path)
            if notebook_path == "broken":
                raise RuntimeError("kernel failed to start")
            self.running += 1
            self.most = max(self.most, self.running)

            async def run_notebook():
                await asyncio.sleep(10 if notebook_path == "stuck" else 0.05)
                self.running -= 1

            return {"task": asyncio.get_running_loop().create_task(run_notebook()), "kernel_id": notebook_path}

    async def scenario():
        pool = Pool()
        throttle_refills(pool, limit=2, slot_limit_s=0.3)
        for name in ("class", "broken", "stuck"):
            pool.ready(name, 5)  # pools that can still serve: their refills queue
        with_error = asyncio.gather(pool._initialize("broken"), return_exceptions=True)
        first = await asyncio.gather(with_error, *(pool._initialize("class") for _ in range(6)))
        assert isinstance(first[0][0], RuntimeError)  # a failed start gives its slot back
        assert pool.most == 2 and len(first) == 7
        # a kernel stuck in its notebook holds a slot only until the limit
        await pool._initialize("stuck")
        await pool._initialize("stuck")
        started = asyncio.get_running_loop().time()
        await asyncio.wait_for(pool._initialize("class"), timeout=5)
        assert asyncio.get_running_loop().time() - started >= 0.2
        # both slots taken by stuck kernels again: an empty pool still refills at once
        await pool._initialize("stuck")
        await pool._initialize("stuck")
        started = asyncio.get_running_loop().time()
        await asyncio.wait_for(pool._initialize("lesson"), timeout=5)
        assert asyncio.get_running_loop().time() - started < 0.2
        # ... but only one at a time: a second warm-up for a pool with none ready waits for the first
        both = [asyncio.ensure_future(pool._initialize("empty")) for _ in range(2)]
        done, _ = await asyncio.wait(both, timeout=0.02)
        assert len(done) == 1
        await asyncio.wait_for(asyncio.gather(*both), timeout=5)
        return pool

    pool = asyncio.run(scenario())
    assert pool.calls[-3:] == ["lesson", "empty", "empty"]


def _binder_link_module():
    import importlib.util

    spec = importlib.util.spec_from_file_location("binder_link", REPO_ROOT / "deploy/binder/link.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_binder_link_opens_the_start_page_in_voila():
    link = _binder_link_module()
    for address in ("https://github.com/spasm-relief/tutorial.git", "git@github.com:spasm-relief/tutorial.git",
                    "ssh://git@github.com/spasm-relief/tutorial", "spasm-relief/tutorial",
                    "https://github.com/spasm-relief/tutorial/\n"):
        assert link.repository(address) == ("spasm-relief", "tutorial"), address
    url = link.binder_url("spasm-relief", "tutorial", "v1.0")
    assert url == ("https://mybinder.org/v2/gh/spasm-relief/tutorial/v1.0"
                   "?urlpath=voila%2Frender%2Fnotebooks%2F00_start_here.ipynb")
    assert (REPO_ROOT / link.START).is_file()
    assert link.badge(url).endswith(f"({url})")


def test_binder_link_refuses_what_binder_cannot_build(capsys):
    link = _binder_link_module()
    for address in ("https://gitlab.com/a/b", "/srv/git/spasm-relief", "a/b/c", ""):
        with pytest.raises(link.LinkError):
            link.repository(address)
    assert link.main(["/work/main"]) == 2
    assert "not a GitHub repository" in capsys.readouterr().err
    assert link.main(["spasm-relief/tutorial"]) == 0
    assert capsys.readouterr().out.startswith("https://mybinder.org/v2/gh/spasm-relief/tutorial/HEAD?urlpath=")


def test_front_end_files_are_gzipped_once_and_kept(tmp_path):
    import gzip

    from spasm_relief_app.server import gzipped

    script = tmp_path / "chunk.js"
    script.write_text("const x = 1;\n" * 1000)
    first = gzipped(str(script), "Tue, 24 Nov 2026 09:00:00 GMT")
    assert gzip.decompress(first) == script.read_bytes() and len(first) < script.stat().st_size / 10
    assert gzipped(str(script), "Tue, 24 Nov 2026 09:00:00 GMT") is first  # kept, not compressed again
    script.write_text("const y = 2;\n")
    assert gzip.decompress(gzipped(str(script), "Tue, 24 Nov 2026 10:00:00 GMT")) == b"const y = 2;\n"
