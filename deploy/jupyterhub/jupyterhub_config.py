"""JupyterHub for one classroom server: each student logs in and lands on the tutorial in Voilà.

Run from the repository root after `make env` (see README.md, "Classroom server"):

    SPASM_RELIEF_HUB_PASSWORD=... .venv/bin/jupyterhub -f deploy/jupyterhub/jupyterhub_config.py

* Each student gets a single-user Jupyter server of their own (a separate process) that opens on
  the start page in Voilà; JupyterLab stays one click away at /user/<name>/lab for reading the
  notebooks as notebooks.
* Each student works in a private copy of the notebooks under their own folder; nobody shares a
  writable file, and the tutorial itself stores nothing about anyone on the server.
* Idle kernels are culled after 10 minutes and an idle student's server stops after 30 minutes.
* Memory: LocalProcessSpawner cannot enforce limits; on a real class server use the systemd or
  Kubernetes spawner (documented in README.md) where `mem_limit` is enforced.

Settings come from the environment so the same file serves a test on 127.0.0.1 and a class:
SPASM_RELIEF_HUB_PORT (8000), SPASM_RELIEF_HUB_IP (127.0.0.1), SPASM_RELIEF_HUB_DIR (state and
student folders; default deploy/jupyterhub/state), SPASM_RELIEF_HUB_PASSWORD (the shared class
password for the simple authenticator), SPASM_RELIEF_HUB_PROXY (configurable-http-proxy command).
"""

import os
import shutil
import sys
from pathlib import Path

from jupyterhub.spawner import SimpleLocalProcessSpawner

c = get_config()  # noqa: F821 - provided by JupyterHub

REPO = Path(__file__).resolve().parents[2]
STATE = Path(os.environ.get("SPASM_RELIEF_HUB_DIR", REPO / "deploy" / "jupyterhub" / "state")).resolve()
STATE.mkdir(parents=True, exist_ok=True)
START = "/voila/render/00_start_here.ipynb"

c.JupyterHub.ip = os.environ.get("SPASM_RELIEF_HUB_IP", "127.0.0.1")
c.JupyterHub.port = int(os.environ.get("SPASM_RELIEF_HUB_PORT", "8000"))
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = int(os.environ.get("SPASM_RELIEF_HUB_API_PORT", "8081"))
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{int(os.environ.get('SPASM_RELIEF_HUB_PROXY_API_PORT', '8001'))}"
c.ConfigurableHTTPProxy.command = os.environ.get(
    "SPASM_RELIEF_HUB_PROXY", str(REPO / "deploy" / "jupyterhub" / "node_modules" / ".bin" / "configurable-http-proxy")
).split()
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(STATE / "jupyterhub.pid")

# One shared class password; a real deployment uses the institution's login (see README.md).
c.JupyterHub.authenticator_class = "dummy"
c.DummyAuthenticator.password = os.environ.get("SPASM_RELIEF_HUB_PASSWORD", "")
c.Authenticator.allow_all = True

# Each student: their own process, their own folder, landing on the tutorial in Voilà.
c.JupyterHub.spawner_class = SimpleLocalProcessSpawner
c.SimpleLocalProcessSpawner.home_dir_template = str(STATE / "students" / "{username}")
c.Spawner.cmd = [sys.executable, "-m", "jupyterhub.singleuser"]
c.Spawner.default_url = START
c.Spawner.environment = {"JUPYTER_PATH": str(REPO / "deploy" / "jupyter")}
c.Spawner.args = [
    "--VoilaConfiguration.template=spasm-relief",
    "--VoilaConfiguration.strip_sources=True",
    "--VoilaConfiguration.show_tracebacks=False",
    "--MappingKernelManager.cull_idle_timeout=600",
    "--MappingKernelManager.cull_interval=60",
    "--ServerApp.shutdown_no_activity_timeout=1800",
]
if os.geteuid() == 0:  # a test machine or CI running as root; real deployments spawn as each student
    c.Spawner.args.append("--ServerApp.allow_root=True")
c.Spawner.mem_limit = "512M"  # enforced by spawners that support it (systemd, Kubernetes)
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120


def copy_notebooks(spawner):
    """Give the student a private copy of the lessons (never a shared writable file)."""
    home = Path(spawner.home_dir_template.format(username=spawner.user.name))
    home.mkdir(parents=True, exist_ok=True)
    for notebook in (REPO / "notebooks").glob("*.ipynb"):
        target = home / notebook.name
        if not target.exists():
            shutil.copy2(notebook, target)


c.Spawner.pre_spawn_hook = copy_notebooks
