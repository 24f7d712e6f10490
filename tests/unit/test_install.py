"""`pip install .` gives a package that works on its own: the wheel, installed into a fresh virtual
environment outside the repository, loads its content and builds every view the notebooks show.

The wheel is built from a copy of the files the build reads, with the setuptools pinned in
requirements-test.txt (the one pyproject.toml's [build-system] asks for), without a download. The
fresh environment sees the packages of this one (ipywidgets, matplotlib...) through a path entry,
but not this environment's editable install of the repository, which lives in .pth files that a
path entry does not run.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tomllib
import venv
import zipfile
from importlib.metadata import version
from pathlib import Path

import pytest

from widgets.paths import ASSETS_DIR, NOTEBOOKS_DIR, REPO_ROOT

BUILD_INPUTS = ("pyproject.toml", "README.md", "requirements.txt", "widgets", "assets")

# Run in the fresh environment: where the package is, its content, and every code cell of every notebook.
CHECK = r"""
import ast, json, sys
from pathlib import Path
import widgets, widgets.paths as paths
from widgets.content import content

c = content()
views = 0
for notebook in sorted(Path(sys.argv[1]).glob("*.ipynb")):
    namespace = {}
    for cell in json.loads(notebook.read_text())["cells"]:
        if cell["cell_type"] == "code":
            source = "".join(cell["source"])
            exec(compile(source, notebook.name, "exec"), namespace)
            views += sum(isinstance(node, ast.Call) for node in ast.walk(ast.parse(source)))
print(json.dumps({"package": widgets.__file__, "assets": str(paths.ASSETS_DIR), "lessons": len(c.lessons),
                  "views": views}))
"""


def _assets(root: Path) -> dict[str, bytes]:
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in sorted(root.rglob("*"))
            if path.is_file() and not any(part.startswith(".") or part == "__pycache__"
                                          for part in path.relative_to(root).parts)}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    source = tmp_path_factory.mktemp("source")
    for name in BUILD_INPUTS:
        if (REPO_ROOT / name).is_dir():
            shutil.copytree(REPO_ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(REPO_ROOT / name, source / name)
    dist = tmp_path_factory.mktemp("dist")
    result = subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--disable-pip-version-check",
                             "--no-deps", "--no-build-isolation", "--no-index", "--wheel-dir", str(dist), str(source)],
                            capture_output=True, text=True, timeout=300, cwd=source)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    (built,) = dist.glob("spasm_relief-*.whl")
    return built


def test_the_build_uses_the_pinned_setuptools():
    requires = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["build-system"]["requires"]
    assert requires == [f"setuptools=={version('setuptools')}"]


def test_the_wheel_holds_the_package_and_its_content_and_not_the_app(wheel):
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        for name, data in _assets(ASSETS_DIR).items():
            assert archive.read(f"widgets/assets/{name}") == data, name
        metadata = archive.read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
    assert "widgets/ui/clock.js" in names and "widgets/paths.py" in names
    assert not any(name.startswith(("spasm_relief_app/", "tests/", "assets/")) for name in names), sorted(names)
    requirements = [line for line in (REPO_ROOT / "requirements.txt").read_text().splitlines()
                    if line.strip() and not line.startswith("#")]
    assert [line.removeprefix("Requires-Dist: ") for line in metadata.splitlines()
            if line.startswith("Requires-Dist: ")] == requirements


def test_installed_in_a_fresh_environment_it_loads_its_content_and_builds_every_view(wheel, tmp_path):
    env = tmp_path / "env"
    venv.EnvBuilder(with_pip=False).create(env)
    python = env / "bin" / "python"
    install = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet",
                              "--disable-pip-version-check", "--no-deps", "--no-index", str(wheel)],
                             capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert install.returncode == 0, install.stdout[-3000:] + install.stderr[-3000:]
    site_packages = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                                        capture_output=True, text=True, check=True).stdout.strip())
    # this environment's packages (not its .pth files: the editable install of the repository stays out)
    (site_packages / "spasm-relief-test-deps.pth").write_text(sysconfig.get_path("purelib") + "\n")
    clean = {key: value for key, value in os.environ.items()
             if key not in ("PYTHONPATH", "SPASM_RELIEF_ASSETS", "PYTHONSTARTUP")}
    result = subprocess.run([str(python), "-c", CHECK, str(NOTEBOOKS_DIR)], capture_output=True, text=True,
                            timeout=300, cwd=tmp_path, env={**clean, "MPLBACKEND": "Agg"})
    assert result.returncode == 0, result.stderr[-5000:]
    report = json.loads(result.stdout.splitlines()[-1])
    package = Path(report["package"]).parent
    assert package == site_packages / "widgets", report
    assert Path(report["assets"]) == package / "assets", report
    assert _assets(Path(report["assets"])) == _assets(ASSETS_DIR)
    assert report["lessons"] >= 7 and report["views"] >= 40, report
