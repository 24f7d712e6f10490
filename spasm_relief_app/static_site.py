"""Build the static, serverless site of the tutorial with Voici: ``make static``.

``python -m widgets.static_site --output build/static`` (run by ``make static`` in the build
tools' own environment, ``.venv-static``) makes a folder any static web host can serve:

* every lesson notebook and the dashboard, rendered by Voici to ``voici/render/<name>.html``
  with the app's look (the template in ``deploy/voici/jupyter``);
* the tutorial's Python package and its ``assets/`` as one wheel, ``spasm_relief-<version>-
  py3-none-any.whl``, laid out like the repository, so ``widgets.paths`` finds the assets in
  the browser exactly as it does on a server;
* the pure-Python wheels the notebooks need that Pyodide lacks (``deploy/voici/
  kernel-requirements.txt``), downloaded from PyPI at build time.

The notebooks stay as they are for Voilà: the site gets copies that start with a hidden cell
installing the wheels above from the site itself (and, on the two pages that draw a timeline,
Pyodide's own matplotlib). At page load the browser fetches only Pyodide and its packages from
its CDN (``deploy/voici/jupyter-lite.json``); the kernel never asks PyPI for anything.

This module needs only the standard library; the build itself runs the ``voici`` command of
the environment that runs this module.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from . import __version__
from .content import content
from .paths import ASSETS_DIR, NOTEBOOKS_DIR, REPO_ROOT, STYLES_DIR

VOICI_DIR = REPO_ROOT / "deploy" / "voici"
KERNEL_REQUIREMENTS = VOICI_DIR / "kernel-requirements.txt"
TEMPLATES_DIRS = (VOICI_DIR / "jupyter", REPO_ROOT / "deploy" / "jupyter")
PROJECT = "spasm-relief"
PYODIDE_PYTHON = "3.13"  # the Python of Pyodide 0.29.0, which the site's kernel loads
WHEEL_DATE = (2026, 1, 1, 0, 0, 0)  # fixed, so the same sources give the same wheel

# Builders that draw the planner's timeline (matplotlib) and write calendar files (icalendar).
# Every other page loads neither, as in the app (widgets/ui/__init__.py).
PLANNER_BUILDERS = ("ice_heat_planner", "my_plan")
# Modules of the package that only make sense on a server (or in its kernels) or at build time.
SERVER_ONLY = ("server.py", "static_site.py", "kernel_errors.py")


def page_name(notebook: str) -> str:
    """``"02_stretches.ipynb"`` -> ``"02_stretches.html"``: the notebook's page in the site."""
    if not notebook.endswith(".ipynb"):
        raise ValueError(f"{notebook!r} is not a notebook")
    return notebook.removesuffix(".ipynb") + ".html"


def pins(path: Path = KERNEL_REQUIREMENTS) -> dict[str, str]:
    """``name==version`` lines of a requirements file (comments ignored), keyed by normalised name."""
    found = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if not line:
            continue
        match = re.fullmatch(r"([A-Za-z0-9_.\-]+)==([A-Za-z0-9_.+\-]+)", line)
        if not match:
            raise ValueError(f"{path.name}: {line!r} is not pinned as name==version")
        found[normalise(match[1])] = match[2]
    return found


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def kernel_requirements(code: str, kernel_pins: dict[str, str] | None = None) -> list[str]:
    """What the kernel installs before a notebook's first cell, from the notebook's code."""
    kernel_pins = pins() if kernel_pins is None else kernel_pins
    needs = [f"{PROJECT}=={__version__}"]
    if any(re.search(rf"\bui\.{name}\(", code) for name in PLANNER_BUILDERS):
        needs += ["matplotlib", f"icalendar=={kernel_pins['icalendar']}"]
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
    """Archive name -> file: the package's modules and scripts and every file under assets/."""
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
            files[f"assets/{rel.as_posix()}"] = path
    return files


def build_wheel(dest: Path, kernel_pins: dict[str, str] | None = None) -> Path:
    """The tutorial's package and assets as a pure-Python wheel for Pyodide; reproducible."""
    kernel_pins = pins() if kernel_pins is None else kernel_pins
    dist = f"{PROJECT.replace('-', '_')}-{__version__}"
    metadata = "".join([
        "Metadata-Version: 2.1\n",
        f"Name: {PROJECT}\n",
        f"Version: {__version__}\n",
        "Summary: Spasm Relief's models, widgets and content, for the static site's in-browser kernel.\n",
        "Requires-Python: >=3.11\n",
        *(f"Requires-Dist: {name}=={kernel_pins[normalise(name)]}\n" for name in ("ipywidgets", "anywidget")),
    ])
    wheel_info = "Wheel-Version: 1.0\nGenerator: widgets.static_site\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    entries = {name: path.read_bytes() for name, path in package_files().items()}
    entries[f"{dist}.dist-info/METADATA"] = metadata.encode()
    entries[f"{dist}.dist-info/WHEEL"] = wheel_info.encode()
    record = [f"{name},sha256={_digest(data)},{len(data)}" for name, data in entries.items()]
    record.append(f"{dist}.dist-info/RECORD,,")
    entries[f"{dist}.dist-info/RECORD"] = ("\n".join(record) + "\n").encode()
    dest.mkdir(parents=True, exist_ok=True)
    wheel = dest / f"{dist}-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            info = zipfile.ZipInfo(name, WHEEL_DATE)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return wheel


def _digest(data: bytes) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def wheel_for(directory: Path, name: str, version: str) -> Path | None:
    """The pure-Python wheel of ``name==version`` in ``directory``, if it is there."""
    for wheel in sorted(directory.glob("*.whl")):
        wheel_name, wheel_version = wheel.name.split("-")[:2]
        if normalise(wheel_name) == normalise(name) and wheel_version == version and wheel.name.endswith(
                "-none-any.whl"):
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
    for file in [lesson.file for lesson in c.lessons] + [c.dashboard.file]:
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
