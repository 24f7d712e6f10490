"""Build the static, serverless site of the tutorial with Voici: ``make static``.

``python -m spasm_relief_app.static_site --output build/static`` (run by ``make static`` in the build
tools' own environment, ``.venv-static``) makes a folder any static web host can serve:

* every page's notebook (the lessons, the dashboard, the teachers' page), rendered by Voici to
  ``voici/render/<name>.html`` with the app's look (the template in ``deploy/voici/jupyter``);
* the tutorial's Python package and its ``assets/`` as one wheel, ``spasm_relief-<version>-
  py3-none-any.whl``, with the assets as package data (``widgets/assets/``) as in the wheel
  ``pip install .`` builds, so ``widgets.paths`` finds them in the browser as in any install;
* the pure-Python wheels the notebooks need that Pyodide lacks (``deploy/voici/
  kernel-requirements.txt``), downloaded from PyPI at build time.

The notebooks stay as they are for Voilà: the site gets copies that start with a hidden cell
installing the wheels above from the site itself (icalendar only on the two planner pages). At page load the browser fetches only Pyodide and its packages from
its CDN (``deploy/voici/jupyter-lite.json``); the kernel never asks PyPI for anything.

This module needs the standard library and ``packaging`` (requirements-static.txt); the build
itself runs the ``voici`` command of the environment that runs this module.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name as normalise
from packaging.utils import parse_wheel_filename
from packaging.version import Version

from widgets import __version__
from widgets.content import content
from widgets.paths import ASSETS_DIR, STYLES_DIR

from . import DEPLOY_DIR, NOTEBOOKS_DIR, REPO_ROOT

VOICI_DIR = DEPLOY_DIR / "voici"
KERNEL_REQUIREMENTS = VOICI_DIR / "kernel-requirements.txt"
TEMPLATES_DIRS = (VOICI_DIR / "jupyter", DEPLOY_DIR / "jupyter")
PROJECT = "spasm-relief"
PYODIDE_PYTHON = "3.13"  # the Python of Pyodide 0.29.0, which the site's kernel loads
WHEEL_EPOCH = 1767225600  # 2026-01-01 00:00 UTC, every file's date in the wheel: the same sources give the same wheel

# Builders that write calendar files (icalendar). Every other page does without it, as in the app
# (widgets/ui/__init__.py).
PLANNER_BUILDERS = ("ice_heat_planner", "my_plan")
# Modules of the package that only make sense in a server's kernels (the app's kernelspec loads it).
SERVER_ONLY = ("kernel_errors.py",)


def page_name(notebook: str) -> str:
    """``"02_stretches.ipynb"`` -> ``"02_stretches.html"``: the notebook's page in the site."""
    if not notebook.endswith(".ipynb"):
        raise ValueError(f"{notebook!r} is not a notebook")
    return notebook.removesuffix(".ipynb") + ".html"


def pins(path: Path = KERNEL_REQUIREMENTS) -> dict[str, str]:
    """The ``name==version`` requirements of a requirements file, keyed by normalised name; comments and
    pip's options (``-r``, ``-c``) are skipped, and any other requirement that is not one exact pin raises."""
    found = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if not line or line.startswith("-"):
            continue
        try:
            requirement = Requirement(line)
        except InvalidRequirement as error:
            raise ValueError(f"{path.name}: {line!r} is not a requirement") from error
        specifiers = list(requirement.specifier)
        if len(specifiers) != 1 or specifiers[0].operator != "==":
            raise ValueError(f"{path.name}: {line!r} is not pinned as name==version")
        found[normalise(requirement.name)] = specifiers[0].version
    return found


def kernel_requirements(code: str, kernel_pins: dict[str, str] | None = None) -> list[str]:
    """What the kernel installs before a notebook's first cell, from the notebook's code."""
    kernel_pins = pins() if kernel_pins is None else kernel_pins
    needs = [f"{PROJECT}=={__version__}"]
    if any(re.search(rf"\bui\.{name}\(", code) for name in PLANNER_BUILDERS):
        needs.append(f"icalendar=={kernel_pins['icalendar']}")
    return needs


def install_cell(requirements: list[str]) -> dict:
    """The hidden first cell of each notebook in the site: install from the site's own wheels."""
    source = f"import piplite\nawait piplite.install({json.dumps(requirements)})"
    return {"cell_type": "code", "execution_count": None, "id": "static-site-install",
            "metadata": {"tags": ["static-site"]}, "outputs": [], "source": source}


def stage_notebook(notebook: dict, kernel_pins: dict[str, str] | None = None) -> dict:
    """A copy of a notebook for the site: the install cell first, and Pyodide's kernel named."""
    staged = json.loads(json.dumps(notebook))
    code = "\n".join(_source(cell) for cell in staged["cells"] if cell["cell_type"] == "code")
    staged["cells"].insert(0, install_cell(kernel_requirements(code, kernel_pins)))
    staged["metadata"]["kernelspec"] = {"name": "python", "display_name": "Python (Pyodide)", "language": "python"}
    return staged


def _source(cell: dict) -> str:
    source = cell.get("source", "")
    return source if isinstance(source, str) else "".join(source)


def package_files() -> dict[str, Path]:
    """Archive name -> file: the package's modules and scripts, and every file under assets/ as its package data."""
    files = {}
    package = REPO_ROOT / "widgets"
    for path in sorted(package.rglob("*")):
        rel = path.relative_to(package)
        if path.is_dir() or "__pycache__" in rel.parts or path.suffix not in {".py", ".js"}:
            continue
        if rel.as_posix() in SERVER_ONLY:
            continue
        files[f"widgets/{rel.as_posix()}"] = path
    for path in sorted(ASSETS_DIR.rglob("*")):
        rel = path.relative_to(ASSETS_DIR)
        if path.is_file() and not any(part.startswith(".") for part in rel.parts):
            files[f"widgets/assets/{rel.as_posix()}"] = path
    return files


def build_wheel(dest: Path, kernel_pins: dict[str, str] | None = None) -> Path:
    """The tutorial's package and assets as a pure-Python wheel for Pyodide, reproducible.

    Built by setuptools from pyproject.toml, as ``pip install .`` builds it, from a copy of
    :func:`package_files` laid out as in the repository, with one change: the wheel requires the
    kernel's pins of ipywidgets and anywidget (``requirements.txt`` in the copy), not the server's
    needs (Voilà, ipykernel), which have no place in a browser."""
    kernel_pins = pins() if kernel_pins is None else kernel_pins
    dest.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        stage = Path(scratch)
        for name in ("pyproject.toml", "README.md"):
            shutil.copy2(REPO_ROOT / name, stage / name)
        for name, path in package_files().items():
            target = stage / (name.removeprefix("widgets/") if name.startswith("widgets/assets/") else name)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
        (stage / "requirements.txt").write_text(
            "".join(f"{name}=={kernel_pins[normalise(name)]}\n" for name in ("ipywidgets", "anywidget")))
        # the setuptools of this environment (pinned like pyproject.toml's [build-system]), nothing downloaded
        subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--disable-pip-version-check", "--no-deps",
                        "--no-build-isolation", "--no-index", "--wheel-dir", str(dest), str(stage)],
                       check=True, cwd=stage, env={**os.environ, "SOURCE_DATE_EPOCH": str(WHEEL_EPOCH)})
    return dest / f"{PROJECT.replace('-', '_')}-{__version__}-py3-none-any.whl"


def wheel_for(directory: Path, name: str, version: str) -> Path | None:
    """The pure-Python wheel of ``name==version`` in ``directory``, if it is there."""
    for wheel in sorted(directory.glob("*.whl")):
        wheel_name, wheel_version, _build, tags = parse_wheel_filename(wheel.name)
        if (wheel_name == normalise(name) and wheel_version == Version(version)
                and all(tag.abi == "none" and tag.platform == "any" for tag in tags)):
            return wheel
    return None


def download_wheels(dest: Path, kernel_pins: dict[str, str] | None = None) -> list[Path]:
    """The pinned kernel wheels, from PyPI into ``dest`` (kept there: later builds reuse them)."""
    kernel_pins = pins() if kernel_pins is None else kernel_pins
    dest.mkdir(parents=True, exist_ok=True)
    missing = [f"{name}=={version}" for name, version in kernel_pins.items() if not wheel_for(dest, name, version)]
    if missing:
        subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check",
                        "--no-deps", "--only-binary=:all:", "--implementation", "py", "--abi", "none",
                        "--platform", "any", "--python-version", PYODIDE_PYTHON, "--dest", str(dest), *missing],
                       check=True)
    wheels = []
    for name, version in kernel_pins.items():
        wheel = wheel_for(dest, name, version)
        if wheel is None:
            raise RuntimeError(f"no pure-Python wheel of {name}=={version} in {dest}")
        wheels.append(wheel)
    return wheels


def stage_contents(dest: Path, kernel_pins: dict[str, str] | None = None) -> list[Path]:
    """Copies of the app's notebooks, ready for the site, in ``dest`` (emptied first)."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    c = content()
    staged = []
    for file in [page.file for page in c.pages]:
        notebook = json.loads((NOTEBOOKS_DIR / file).read_text(encoding="utf-8"))
        target = dest / file
        target.write_text(json.dumps(stage_notebook(notebook, kernel_pins), indent=1, ensure_ascii=False) + "\n",
                          encoding="utf-8")
        staged.append(target)
    return staged


def redirect_page(target: str) -> str:
    """A page that sends the visitor on to ``target`` (a relative URL), with a link as fallback."""
    return ('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Spasm Relief</title>'
            f'<meta http-equiv="refresh" content="0; url={target}"></head>'
            f'<body><p><a href="{target}">Open Spasm Relief</a></p></body></html>\n')


def finish_site(output: Path) -> None:
    """Land visitors on the start page, never on a file listing (as the app's server does), and put the
    stylesheet where the pages' head links it (``assets/styles/`` at the site's root, as on the server)."""
    styles = output / "assets" / "styles"
    styles.mkdir(parents=True, exist_ok=True)
    shutil.copy2(STYLES_DIR / "spasm-relief.css", styles / "spasm-relief.css")
    start = page_name(content().lessons[0].file)
    (output / "voici" / "index.html").write_text(redirect_page(f"render/{start}"), encoding="utf-8")
    tree = output / "voici" / "tree"
    if tree.exists():
        shutil.rmtree(tree)
    tree.mkdir()
    (tree / "index.html").write_text(redirect_page(f"../render/{start}"), encoding="utf-8")


def build(output: Path, work: Path) -> Path:
    """Build the whole site into ``output``, using ``work`` for wheels and staged notebooks."""
    output, work = output.resolve(), work.resolve()
    kernel_pins = pins()
    wheels_dir = work / "wheels"
    wheels = download_wheels(wheels_dir, kernel_pins)
    wheels.append(build_wheel(work / "package", kernel_pins))
    contents = work / "contents"
    stage_contents(contents, kernel_pins)
    if output.exists():
        shutil.rmtree(output)
    empty = work / "jupyter-home"  # no user or machine Jupyter settings leak into the build
    empty.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "JUPYTER_PATH": os.pathsep.join(str(p) for p in TEMPLATES_DIRS),
           "JUPYTER_CONFIG_DIR": str(empty), "JUPYTER_DATA_DIR": str(empty), "JUPYTER_PLATFORM_DIRS": "1"}
    lite = work / "lite"  # voici keeps caches in its lite dir: a fresh one, outside the repository's files
    if lite.exists():
        shutil.rmtree(lite)
    lite.mkdir()
    shutil.copy2(VOICI_DIR / "jupyter-lite.json", lite / "jupyter-lite.json")
    voici = Path(sys.executable).with_name("voici")
    command = [str(voici), "build", "--lite-dir", str(lite), "--config", str(VOICI_DIR / "jupyter_lite_config.json"),
               "--contents", str(contents),
               "--output-dir", str(output), *(arg for wheel in wheels for arg in ("--piplite-wheels", str(wheel)))]
    log = work / "voici-build.log"
    with tempfile.TemporaryDirectory() as scratch, log.open("w", encoding="utf-8") as out:
        # voici keeps its task database in its working directory: a scratch one, so every build is whole
        result = subprocess.run(command, env=env, cwd=scratch, stdout=out, stderr=subprocess.STDOUT)
    if result.returncode != 0:
        sys.exit(f"voici build failed ({result.returncode}); the end of {log}:\n"
                 + "\n".join(log.read_text(encoding="utf-8").splitlines()[-40:]))
    finish_site(output)
    return output


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Build Spasm Relief's static site with Voici.")
    parser.add_argument("--output", type=Path, default=REPO_ROOT / "build" / "static")
    parser.add_argument("--work", type=Path, default=REPO_ROOT / "build" / "static-work")
    args = parser.parse_args(argv)
    site = build(args.output, args.work)
    print(f"Static site in {site}: serve that folder with any static web host "
          f"(make serve-static serves it at http://127.0.0.1:8000/).")


if __name__ == "__main__":
    main(sys.argv[1:])
