"""The application around the ``widgets`` package: its Voilà server (``python -m spasm_relief_app.server``,
``make app``) and the static site's build (``python -m spasm_relief_app.static_site``, ``make static``).

Both run from a checkout of the repository: they serve or build its ``notebooks/`` with the settings
and templates in its ``deploy/``. They are not part of the installed package (the wheel holds
``widgets``, what the notebooks import, and its content), and the notebooks' kernels never import them.
"""

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEPLOY_DIR = REPO_ROOT / "deploy"
NOTEBOOKS_DIR = REPO_ROOT / "notebooks"
