"""JupyterHub for one classroom server: each student logs in and lands on the tutorial in Voilà.

Run as root from the repository root after `make hub-env` (see README.md, "Classroom server"):

    SPASM_RELIEF_HUB_PASSWORD=... .venv/bin/jupyterhub -f deploy/jupyterhub/jupyterhub_config.py

* Login: JupyterHub's shared-password authenticator with one class password (8 characters or
  more), from SPASM_RELIEF_HUB_PASSWORD. Without one the hub refuses to start. A name is
  lower-case letters, digits, "-" or "_", starting with a letter (at most 28 characters);
  capitals are folded to lower case. Anyone who knows the class password can log in under any
  name, including a name another student already uses: the password keeps strangers out, it
  does not tell students apart. Use the institution's login (TLJH, Kubernetes: README.md) where
  that matters.
* Isolation: each student gets a system account of their own, made by the hub on first spawn
  (`useradd`): "sr-" + the name (alice -> sr-alice), so no student name can be, or be made to
  map to, an existing account such as root; an existing "sr-" account that this hub did not make
  is never used. The student's home folder, <state>/students/sr-<name>, is private (mode 0700)
  and holds their own copy of the notebooks. Their single-user server and every kernel or
  terminal it starts run as that account (JupyterHub's LocalProcessSpawner), so a student cannot
  read, write or list another student's files, signal their processes or read their server's
  credentials. Each server accepts only its own student (JupyterHub's OAuth), directly on its
  port as well as through the proxy. Hence the hub must run as root; otherwise it refuses to start.
* The students' accounts must be able to run the Python that serves them and read the app:
  SPASM_RELIEF_HUB_PYTHON, by default deploy/jupyterhub/venv/bin/python (made by `make hub-env`
  from the system's Python, because the project's .venv may use an interpreter in a private
  folder such as /root), else the hub's own Python. The hub checks this at start-up and names the
  folder that is closed to other users rather than leaving a student's spawn to hang.
* Each student lands on the start page in Voilà (with the app's template, JUPYTER_PATH =
  deploy/jupyter); JupyterLab is at /user/<name>/lab for reading the notebooks as notebooks.
* Idle kernels are culled after 10 minutes and an idle student's server stops after 30 minutes.
* Memory: LocalProcessSpawner cannot enforce limits; on a real class server use the systemd or
  Kubernetes spawner (documented in README.md) where `mem_limit` is enforced.

Settings come from the environment so the same file serves a test on 127.0.0.1 and a class:
SPASM_RELIEF_HUB_PASSWORD (the class password, required), SPASM_RELIEF_HUB_PORT (8000),
SPASM_RELIEF_HUB_IP (127.0.0.1), SPASM_RELIEF_HUB_API_PORT (8081), SPASM_RELIEF_HUB_PROXY_API_PORT
(8001), SPASM_RELIEF_HUB_DIR (the hub's state and the students' home folders; default
deploy/jupyterhub/state), SPASM_RELIEF_HUB_PYTHON (the students' Python, above),
SPASM_RELIEF_HUB_PROXY (configurable-http-proxy command).
"""

import asyncio
import os
import pwd
import re
import shutil
import stat
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

from jupyterhub.authenticators.shared import SharedPasswordAuthenticator
from jupyterhub.spawner import LocalProcessSpawner, set_user_setuid
from tornado import web

c = get_config()  # noqa: F821 - provided by JupyterHub

REPO = Path(__file__).resolve().parents[2]
START = "/voila/render/00_start_here.ipynb"
MIN_PASSWORD = 8  # SharedPasswordAuthenticator's own minimum for the user password
PREFIX = "sr-"  # system account of student "alice": "sr-alice"
NAME_PATTERN = r"[a-z][a-z0-9_-]{0,27}"  # with the prefix, at most 31 characters (Linux allows 32)
GECOS = "Spasm Relief student"  # marks the accounts this hub made
BAD_NAME = ("Use a name of lower-case letters, digits, - or _, starting with a letter "
            "(at most 28 characters), for example maria or sam-2.")


def refuse(message: str) -> None:
    """Stop before JupyterHub starts anything: one clear paragraph on stderr, exit status 2."""
    print(textwrap.fill(f"Spasm Relief classroom hub not started: {message}", 100, break_on_hyphens=False),
          file=sys.stderr, flush=True)
    sys.stdout.flush()
    os._exit(2)  # not SystemExit: JupyterHub would wrap it in a traceback


# 1. A class password, long enough for JupyterHub's shared-password authenticator.
PASSWORD = os.environ.get("SPASM_RELIEF_HUB_PASSWORD", "")
if not PASSWORD.strip():
    refuse("SPASM_RELIEF_HUB_PASSWORD is unset or empty, so there is no class password and anyone could log "
           f"in. Set it to the password students will type ({MIN_PASSWORD} characters or more) and start "
           "the hub again.")
if len(PASSWORD) < MIN_PASSWORD:
    refuse(f"the class password in SPASM_RELIEF_HUB_PASSWORD is {len(PASSWORD)} characters long; it must "
           f"be at least {MIN_PASSWORD} (JupyterHub's shared-password login refuses shorter ones). Choose "
           "a longer one and start the hub again.")

# 2. Root: the hub makes a system account per student and starts each server as that account.
if os.geteuid() != 0:
    refuse("it must run as root. It makes a system account for each student and starts each student's "
           "server as that account, so that no student can read another's files or reach their "
           "processes; without root it can do neither. Start it as root, e.g. `sudo "
           "--preserve-env=SPASM_RELIEF_HUB_PASSWORD .venv/bin/jupyterhub -f "
           "deploy/jupyterhub/jupyterhub_config.py`.")
USERADD = shutil.which("useradd") or "/usr/sbin/useradd"
if not os.access(USERADD, os.X_OK):
    refuse("it needs `useradd` (Debian and Ubuntu: package passwd) to make each student's system "
           "account, and none was found.")

# 3. The students' Python and the app must be reachable by accounts that are not root.
STATE = Path(os.environ.get("SPASM_RELIEF_HUB_DIR", REPO / "deploy" / "jupyterhub" / "state")).resolve()
STUDENTS = STATE / "students"
_BUILT = REPO / "deploy" / "jupyterhub" / "venv" / "bin" / "python"
STUDENT_PYTHON = os.environ.get("SPASM_RELIEF_HUB_PYTHON") or str(_BUILT if _BUILT.exists() else sys.executable)
JUPYTER_PATH = REPO / "deploy" / "jupyter"
TEMPLATE = JUPYTER_PATH / "voila" / "templates" / "spasm-relief"


def closed_folder(path: Path):
    """The first folder on the way to `path` (symbolic links followed) that other users cannot enter."""
    steps = [Path(os.path.abspath(path)), Path(os.path.realpath(path))]
    for step in steps:
        for folder in reversed(step.parents):
            try:
                mode = folder.stat().st_mode
            except OSError:
                return folder
            if not mode & stat.S_IXOTH:
                return folder
    return None


def check_students_can_run() -> None:
    if not os.path.isfile(STUDENT_PYTHON):
        refuse(f"the students' Python {STUDENT_PYTHON} does not exist. Run `make hub-env`, or set "
               "SPASM_RELIEF_HUB_PYTHON to a Python with the app's requirements that every user can run.")
    needed = {"the students' Python": Path(STUDENT_PYTHON), "the app's Voilà template": TEMPLATE,
              "the app's code": REPO / "widgets", "the students' home folders": STUDENTS}
    for what, path in needed.items():
        folder = closed_folder(path)
        if folder is not None:
            refuse(f"each student's server runs as the student's own system account, which cannot reach "
                   f"{what} ({path}): the folder {folder} is closed to other users (mode "
                   f"{stat.filemode(folder.stat().st_mode) if folder.exists() else 'missing'}). Put what "
                   "students need where every user can reach it: `make hub-env` builds the students' "
                   "Python in deploy/jupyterhub/venv from the system's Python, SPASM_RELIEF_HUB_PYTHON "
                   "names another, SPASM_RELIEF_HUB_DIR moves the state and home folders, and the "
                   "repository must be in a folder other users can enter. Then start the hub again.")
    # The same as a real student would: run the students' Python as an unprivileged account and
    # find, and open, what a server needs (cheap: nothing heavy is imported).
    probe = textwrap.dedent(f"""
        import importlib.util, os, sys
        for name in ("jupyterhub.singleuser", "voila", "ipykernel", "widgets.ui"):
            spec = importlib.util.find_spec(name)
            if spec is None:
                sys.exit(f"cannot import {{name}}")
            open(spec.origin, "rb").close()
        for name in os.listdir({str(TEMPLATE)!r}):
            open(os.path.join({str(TEMPLATE)!r}, name), "rb").close()
    """)

    def as_nobody():
        os.setgroups([])
        os.setgid(65534)
        os.setuid(65534)

    try:
        result = subprocess.run([STUDENT_PYTHON, "-c", probe], preexec_fn=as_nobody, cwd="/", timeout=120,
                                env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}, capture_output=True, text=True)
        problem = None
        if result.returncode:
            problem = (result.stderr.strip().splitlines() or [f"exit status {result.returncode}"])[-1]
    except (OSError, subprocess.TimeoutExpired) as error:
        problem = str(error)
    if problem:
        refuse(f"the students' Python {STUDENT_PYTHON} cannot serve the app to an account other than root "
               f"({problem}). Each "
               "student's server runs as the student's own system account: make the students' Python "
               "and the repository readable by every user (`make hub-env` builds deploy/jupyterhub/venv "
               "from the system's Python), or set SPASM_RELIEF_HUB_PYTHON, and start the hub again.")


for folder in (STATE, STUDENTS):
    folder.mkdir(parents=True, exist_ok=True)
    os.chmod(folder, 0o711)  # students pass through to their own home folder; nobody lists the others
check_students_can_run()

# The hub's own files: private to root (the sqlite database holds the servers' OAuth secrets).
DB = STATE / "jupyterhub.sqlite"
os.close(os.open(DB, os.O_CREAT | os.O_WRONLY, 0o600))
os.chmod(DB, 0o600)  # sqlite gives its journal files the database's mode

c.JupyterHub.ip = os.environ.get("SPASM_RELIEF_HUB_IP", "127.0.0.1")
c.JupyterHub.port = int(os.environ.get("SPASM_RELIEF_HUB_PORT", "8000"))
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = int(os.environ.get("SPASM_RELIEF_HUB_API_PORT", "8081"))
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{int(os.environ.get('SPASM_RELIEF_HUB_PROXY_API_PORT', '8001'))}"
c.ConfigurableHTTPProxy.command = os.environ.get(
    "SPASM_RELIEF_HUB_PROXY", str(REPO / "deploy" / "jupyterhub" / "node_modules" / ".bin" / "configurable-http-proxy")
).split()
c.ConfigurableHTTPProxy.pid_file = str(STATE / "jupyterhub-proxy.pid")
c.JupyterHub.db_url = f"sqlite:///{DB}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(STATE / "jupyterhub.pid")


class AccountError(web.HTTPError):
    """A student's account or home folder cannot be used: shown as it is on the hub's error page."""

    def __init__(self, message: str):
        super().__init__(500, "%s", message)
        self.jupyterhub_message = message

    def __str__(self):
        return self.jupyterhub_message


def system_name(name: str) -> str:
    if not re.fullmatch(NAME_PATTERN, name):
        raise AccountError(f"{name!r} is not a student name this hub accepts. {BAD_NAME}")
    return PREFIX + name


class ClassPasswordAuthenticator(SharedPasswordAuthenticator):
    """The shared class password, and a clear message on the login page for a name that cannot be
    a student's system account."""

    async def authenticate(self, handler, data):
        name = self.normalize_username(data.get("username", ""))
        if not self.validate_username(name):
            raise web.HTTPError(403, BAD_NAME)
        return await super().authenticate(handler, data)


c.JupyterHub.authenticator_class = ClassPasswordAuthenticator
c.SharedPasswordAuthenticator.user_password = PASSWORD
c.Authenticator.username_pattern = NAME_PATTERN + r"\Z"  # normalize_username folds to lower case first
c.Authenticator.allow_all = True  # anyone with the class password (see above)
c.Authenticator.admin_users = set()  # nobody is admin through the class password

_accounts = threading.Lock()


def _run_useradd(account: str, home: Path) -> None:
    command = [USERADD, "--create-home", "--home-dir", str(home), "--shell", "/bin/bash", "--comment", GECOS,
               "--user-group", "--key", "UMASK=0077", account]
    for attempt in range(10):  # another useradd (another hub, an admin) may hold the lock on /etc/passwd
        result = subprocess.run(command, capture_output=True, text=True)
        if result.returncode == 0:
            return
        if "lock" not in result.stderr.lower() or attempt == 9:
            raise AccountError(f"Could not make the system account {account}: {result.stderr.strip()}")
        time.sleep(0.5)


def prepare_student(name: str) -> pwd.struct_passwd:
    """The student's system account (made the first time) and private home folder with their own copy
    of the notebooks. Runs as root: never follows a link the student could have placed."""
    account = system_name(name)
    home = STUDENTS / account
    with _accounts:
        try:
            entry = pwd.getpwnam(account)
        except KeyError:
            if os.path.lexists(home):
                raise AccountError(f"The folder {home} exists but the account {account} does not (a former "
                                   "student's folder?); the hub will not hand it to a new account. Move it away "
                                   "and log in again.")
            _run_useradd(account, home)
            entry = pwd.getpwnam(account)
    if entry.pw_dir != str(home) or entry.pw_gecos != GECOS or entry.pw_uid < 1000:
        raise AccountError(f"The system account {account} exists but was not made by this hub for a "
                           f"student (home {entry.pw_dir}); the hub will not start a server as it.")
    folder = os.open(home, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    try:
        if os.fstat(folder).st_uid != entry.pw_uid:
            raise AccountError(f"{home} does not belong to {account}; the hub will not use it.")
        os.fchmod(folder, 0o700)
        for notebook in sorted((REPO / "notebooks").glob("*.ipynb")):
            try:
                target = os.open(notebook.name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644,
                                 dir_fd=folder)
            except FileExistsError:
                continue  # the student's own copy, kept as they left it
            with os.fdopen(target, "wb") as copy:
                os.fchown(copy.fileno(), entry.pw_uid, entry.pw_gid)
                copy.write(notebook.read_bytes())
    finally:
        os.close(folder)
    return entry


class StudentSpawner(LocalProcessSpawner):
    """LocalProcessSpawner, but as the student's own "sr-" account, made on first spawn."""

    async def start(self):
        await asyncio.to_thread(prepare_student, self.user.name)
        return await super().start()

    def make_preexec_fn(self, name):
        return set_user_setuid(system_name(self.user.name))

    def user_env(self, env):
        entry = pwd.getpwnam(system_name(self.user.name))
        env.update(USER=entry.pw_name, LOGNAME=entry.pw_name, HOME=entry.pw_dir, SHELL=entry.pw_shell)
        return env


# Each student: their own account, process and folder, landing on the tutorial in Voilà.
c.JupyterHub.spawner_class = StudentSpawner
c.Spawner.cmd = [STUDENT_PYTHON, "-m", "jupyterhub.singleuser"]
c.Spawner.default_url = START
c.Spawner.environment = {
    "JUPYTER_PATH": str(JUPYTER_PATH),
    "PATH": os.pathsep.join([str(Path(STUDENT_PYTHON).parent), "/usr/local/bin", "/usr/bin", "/bin"]),
}
c.Spawner.args = [
    "--VoilaConfiguration.template=spasm-relief",
    "--VoilaConfiguration.strip_sources=True",
    "--VoilaConfiguration.show_tracebacks=False",
    "--MappingKernelManager.cull_idle_timeout=600",
    "--MappingKernelManager.cull_interval=60",
    "--ServerApp.shutdown_no_activity_timeout=1800",
]
c.Spawner.mem_limit = "512M"  # enforced by spawners that support it (systemd, Kubernetes)
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120
