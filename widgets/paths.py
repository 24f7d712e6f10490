"""Where the project's files are: the package is installed in place (editable) from the repo."""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
ASSETS_DIR = Path(os.environ.get("SPASM_RELIEF_ASSETS", REPO_ROOT / "assets")).resolve()
CONTENT_DIR = ASSETS_DIR / "content"
IMAGES_DIR = ASSETS_DIR / "img"
STYLES_DIR = ASSETS_DIR / "styles"
NOTEBOOKS_DIR = REPO_ROOT / "notebooks"
