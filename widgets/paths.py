"""Where the tutorial's content is (``assets/``: content data, pictures, the stylesheet).

An installed package carries its content as package data, ``widgets/assets/`` (pyproject.toml puts
the repository's ``assets/`` there in the wheel), found with :mod:`importlib.resources`. Run from a
source checkout (the editable install of ``make env``, or ``widgets/`` on ``sys.path``), there is no
such folder and the content is the repository's own ``assets/``. ``$SPASM_RELIEF_ASSETS`` overrides both.
"""

from __future__ import annotations

import os
from importlib.resources import files
from pathlib import Path

PACKAGE_ASSETS = Path(str(files("widgets") / "assets"))
"""The content shipped in the package (a wheel install); absent in a source checkout."""
REPO_ROOT = Path(__file__).resolve().parent.parent
"""The source checkout the package runs from; meaningful only there (notebooks/, deploy/, tests)."""


def _assets_dir() -> Path:
    if os.environ.get("SPASM_RELIEF_ASSETS"):
        return Path(os.environ["SPASM_RELIEF_ASSETS"]).resolve()
    if PACKAGE_ASSETS.is_dir():
        return PACKAGE_ASSETS.resolve()
    return (REPO_ROOT / "assets").resolve()


ASSETS_DIR = _assets_dir()
CONTENT_DIR = ASSETS_DIR / "content"
IMAGES_DIR = ASSETS_DIR / "img"
STYLES_DIR = ASSETS_DIR / "styles"
NOTEBOOKS_DIR = REPO_ROOT / "notebooks"
