"""The classroom hub (deploy/jupyterhub): a real JupyterHub with configurable-http-proxy (npm), one
local process per student running as that student's own system account, all on 127.0.0.1, driven
by headless Chromium.

It checks what the hub promises: it will not start open (no class password, a short one) or in a
way that cannot isolate students (not root, a students' Python they cannot run); the login page
refuses a wrong password and a name that cannot be an account; two students each get a working
tutorial of their own; and Bob, from his browser and from a kernel of his own, can neither read,
list nor write Alice's files, nor signal her processes, nor read her server's credentials, nor
reach her server through the proxy or on its own port.

Needs root (the hub makes a system account per student). Student names are specific to each run
("hubtest-...-<random>"); their accounts and home folders are deleted afterwards, even on failure.
SPASM_RELIEF_HUB_TEST_CONFIG runs these tests against another hub configuration (e.g. an older
one, to see that each of them fails there).
"""

from __future__ import annotations

import hashlib
import json
import os
import pwd
import secrets
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest
import websocket
from playwright.sync_api import expect, sync_playwright

from tests.harness import CHROMIUM_FLAGS, REPO, chromium, free_port, stop

CONFIG = os.environ.get("SPASM_RELIEF_HUB_TEST_CONFIG", str(REPO / "deploy" / "jupyterhub" / "jupyterhub_config.py"))
PROXY = REPO / "deploy" / "jupyterhub" / "node_modules" / ".bin" / "configurable-http-proxy"
STUDENT_PYTHON = REPO / "deploy" / "jupyterhub" / "venv" / "bin" / "python"
PASSWORD = "class-of-30-spasms"
SPAWN_MS = 180_000
RUN = secrets.token_hex(2)
ALICE, BOB, EVE, MALLORY = (f"hubtest-{who}-{RUN}" for who in ("alice", "bob", "eve", "mallory"))
PREFIX, GECOS = "sr-", "Spasm Relief student"  # as in jupyterhub_config.py
DECOY = "Spasm Relief hub test decoy"  # an "sr-" account made by hand, not by the hub; + the test's pid
NOBODY = 65534


def _need_root_and_tools():
    if os.geteuid() != 0:
        pytest.fail("The hub test needs root: the hub makes a system account for each student.", pytrace=False)
    if not PROXY.exists():
        pytest.fail("configurable-http-proxy is not installed: run `make hub-env` (npm ci in deploy/jupyterhub).",
                    pytrace=False)


def _hub_env(state: Path, **extra) -> tuple[dict, int]:
    port = free_port()
    env = {**os.environ, "SPASM_RELIEF_HUB_DIR": str(state), "SPASM_RELIEF_HUB_PORT": str(port),
           "SPASM_RELIEF_HUB_API_PORT": str(free_port()), "SPASM_RELIEF_HUB_PROXY_API_PORT": str(free_port()),
           "SPASM_RELIEF_HUB_PASSWORD": PASSWORD}
    for key, value in extra.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env, port


def _start_refused(env: dict, port: int, python: str = sys.executable, as_nobody: bool = False) -> str:
    """Run the hub; it must exit by itself, non-zero, without a traceback. Returns its stderr."""
    def demote():
        os.setgroups([])
        os.setgid(NOBODY)
        os.setuid(NOBODY)

    process = subprocess.Popen([python, "-m", "jupyterhub", "-f", CONFIG], cwd="/" if as_nobody else REPO, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
                               preexec_fn=demote if as_nobody else None)
    deadline = time.monotonic() + 90
    try:
        while process.poll() is None and time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/hub/login", timeout=2)
                pytest.fail("The hub started when it should have refused to.", pytrace=False)
            except OSError:
                time.sleep(0.5)
        assert process.poll() is not None, "the hub neither started nor exited in 90 s"
    finally:
        stop(process, timeout=30)
    out, err = process.communicate()
    assert process.returncode != 0, (process.returncode, err[-2000:])
    assert "Traceback" not in err, err[-3000:]
    assert "Spasm Relief classroom hub not started:" in err, err[-3000:]
    return " ".join(err.split())  # the paragraph, unwrapped


@pytest.mark.parametrize("password", [None, "", "seven77"], ids=["unset", "empty", "short"])
def test_hub_refuses_to_start_without_a_real_class_password(tmp_path, password):
    _need_root_and_tools()
    env, port = _hub_env(tmp_path, SPASM_RELIEF_HUB_PASSWORD=password)
    message = _start_refused(env, port)
    if password == "seven77":
        assert "is 7 characters long; it must be at least 8" in message, message
    else:
        assert "SPASM_RELIEF_HUB_PASSWORD is unset or empty, so there is no class password" in message, message
    assert "start the hub again" in message


def test_hub_refuses_to_start_unless_root(tmp_path):
    """As an ordinary account (nobody, with the students' Python, which it can run) the hub says why
    it needs root instead of starting with every student under one account."""
    _need_root_and_tools()
    if not STUDENT_PYTHON.exists():
        pytest.fail(f"{STUDENT_PYTHON} is missing: run `make hub-env`.", pytrace=False)
    env, port = _hub_env(tmp_path)
    message = _start_refused(env, port, python=str(STUDENT_PYTHON), as_nobody=True)
    assert "it must run as root" in message and "no student can read another's files" in message, message


def test_hub_refuses_to_start_when_students_cannot_run_the_app(tmp_path):
    """A students' Python inside a folder other accounts cannot enter: a clear start-up error naming
    the folder, not a spawn that hangs."""
    _need_root_and_tools()
    closed = Path(tempfile.mkdtemp(prefix="spasm-relief-closed-", dir="/tmp"))  # mode 0700
    state = Path(tempfile.mkdtemp(prefix="spasm-relief-hub-test-", dir="/tmp"))
    try:
        (closed / "python").symlink_to(STUDENT_PYTHON if STUDENT_PYTHON.exists() else sys.executable)
        env, port = _hub_env(state, SPASM_RELIEF_HUB_PYTHON=str(closed / "python"))
        message = _start_refused(env, port)
        assert f"the folder {closed} is closed to other users (mode drwx------)" in message, message
        assert "cannot reach the students' Python" in message, message
    finally:
        shutil.rmtree(closed, ignore_errors=True)
        shutil.rmtree(state, ignore_errors=True)


# --- Processes and accounts, seen as root from outside ------------------------------------------

def _proc(pid: int, name: str) -> bytes:
    return Path(f"/proc/{pid}/{name}").read_bytes()


def _uid_of(pid: int) -> int:
    for line in _proc(pid, "status").decode().splitlines():
        if line.startswith("Uid:"):
            return int(line.split()[1])
    raise AssertionError(pid)


def _pids():
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            yield int(entry)


def _environ(pid: int) -> dict:
    pairs = (item.split(b"=", 1) for item in _proc(pid, "environ").split(b"\0") if b"=" in item)
    return {key.decode(): value.decode(errors="replace") for key, value in pairs}


def _server_of(name: str) -> dict:
    """The single-user server of hub user `name`: pid, port, home and its kernels' pids."""
    for pid in _pids():
        try:
            if b"jupyterhub.singleuser" not in _proc(pid, "cmdline"):
                continue
            env = _environ(pid)
        except OSError:
            continue
        if env.get("JUPYTERHUB_USER") == name:
            kernels = []
            for child in _pids():
                try:
                    stat_fields = _proc(child, "stat").decode().rsplit(")", 1)[1].split()
                    if int(stat_fields[1]) == pid and b"ipykernel_launcher" in _proc(child, "cmdline"):
                        kernels.append(child)
                except (OSError, IndexError, ValueError):
                    continue
            port = int(env["JUPYTERHUB_SERVICE_URL"].rsplit(":", 1)[1].split("/")[0])
            return {"pid": pid, "port": port, "home": env["HOME"], "kernels": kernels, "uid": _uid_of(pid)}
    raise AssertionError(f"no single-user server for {name}")


def _remove_accounts(names) -> None:
    """Delete the test's student accounts (only accounts the hub made for a student) and anything
    still running as them."""
    for name in names:
        try:
            entry = pwd.getpwnam(PREFIX + name)
        except KeyError:
            continue
        if not (entry.pw_gecos == GECOS or entry.pw_gecos.startswith(DECOY)) or not name.startswith("hubtest-"):
            continue
        for pid in list(_pids()):
            try:
                if _uid_of(pid) == entry.pw_uid:
                    os.kill(pid, signal.SIGKILL)
            except (OSError, AssertionError):
                pass
        for _ in range(20):
            if subprocess.run(["userdel", "--remove", entry.pw_name], capture_output=True).returncode in (0, 6, 12):
                break
            time.sleep(0.5)  # a process was still exiting, or /etc/passwd was locked


def _pid_alive(pid: str) -> bool:
    try:
        os.kill(int(pid), 0)
    except (OSError, ValueError):
        return False
    return True


def _hub_alive(state: Path) -> bool:
    try:
        return _pid_alive((state / "jupyterhub.pid").read_text())
    except OSError:
        return False


def _remove_stale_runs() -> None:
    """What an earlier run left when it was killed before it could clean up: its test students'
    accounts and its state folder, once its hub is gone (a run going on beside this one is left be)."""
    for entry in pwd.getpwall():
        if not entry.pw_name.startswith(PREFIX + "hubtest-"):
            continue
        state = Path(entry.pw_dir).parent.parent
        if (entry.pw_gecos == GECOS and state.name.startswith("spasm-relief-hub-test-")
                and not _hub_alive(state)):
            _remove_accounts([entry.pw_name[len(PREFIX):]])
            shutil.rmtree(state, ignore_errors=True)
        elif entry.pw_gecos.startswith(DECOY) and not _pid_alive(entry.pw_gecos[len(DECOY):]):
            _remove_accounts([entry.pw_name[len(PREFIX):]])


# --- A running hub with Alice and Bob logged in --------------------------------------------------

@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    _need_root_and_tools()
    _remove_stale_runs()
    # Home folders live in the state folder, which the students' accounts must be able to enter:
    # not under pytest's private (0700) temporary folder.
    state = Path(tempfile.mkdtemp(prefix="spasm-relief-hub-test-", dir="/tmp"))
    env, port = _hub_env(state)
    log_path = tmp_path_factory.mktemp("hub-log") / "hub.log"
    process = None
    try:
        with log_path.open("w") as log:
            process = subprocess.Popen([sys.executable, "-m", "jupyterhub", "-f", CONFIG], cwd=REPO, env=env,
                                       stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        base = f"http://127.0.0.1:{port}"
        for _ in range(240):
            try:
                urllib.request.urlopen(f"{base}/hub/login", timeout=2)
                break
            except OSError:
                if process.poll() is not None:
                    raise RuntimeError(log_path.read_text()[-3000:])
                time.sleep(0.5)
        yield {"base": base, "state": state, "log": log_path}
    finally:
        if process is not None:
            stop(process, timeout=30)  # JupyterHub stops every student's server on its way out
        _remove_accounts([ALICE, BOB, EVE, MALLORY])
        shutil.rmtree(state, ignore_errors=True)


def log_in(browser, base: str, name: str, password: str = PASSWORD):
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{base}/hub/login")
    page.get_by_label("Username").fill(name)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    return context, page


@pytest.fixture(scope="module")
def classroom(hub):
    base = hub["base"]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium(), args=CHROMIUM_FLAGS)
        students = {}
        for name in (ALICE, BOB):
            context, page = log_in(browser, base, name)
            page.wait_for_url(f"**/user/{name}/voila/render/00_start_here.ipynb", timeout=SPAWN_MS)
            page.wait_for_selector(".sr-red-flags input", timeout=SPAWN_MS)
            students[name] = (context, page)
        yield {**hub, "browser": browser, "students": students}
        for context, _ in students.values():
            context.close()
        browser.close()


class Kernel:
    """A kernel of Bob's own, started through his server's REST API and driven over its websocket,
    authenticated as Bob with his browser's cookies (as code typed into his JupyterLab would be)."""

    def __init__(self, base: str, context, name: str):
        self.prefix = f"{base}/user/{name}"
        context.request.get(f"{self.prefix}/lab")  # sets the server's _xsrf cookie for this context
        cookies = context.cookies(f"{self.prefix}/")
        self.cookie = "; ".join(f"{c['name']}={c['value']}" for c in cookies)
        xsrf = next(c["value"] for c in cookies if c["name"] == "_xsrf")
        request = urllib.request.Request(f"{self.prefix}/api/kernels", data=b'{"name": "python3"}', method="POST",
                                         headers={"Cookie": self.cookie, "X-XSRFToken": xsrf,
                                                  "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=60) as response:
            self.id = json.load(response)["id"]
        self.session = uuid.uuid4().hex
        url = f"{self.prefix.replace('http://', 'ws://')}/api/kernels/{self.id}/channels?session_id={self.session}"
        self.socket = websocket.create_connection(url, header=[f"Cookie: {self.cookie}"], timeout=120)

    def run(self, code: str) -> str:
        """Execute `code`; return what it printed. Raises on an error in the kernel."""
        msg_id = uuid.uuid4().hex
        self.socket.send(json.dumps({
            "header": {"msg_id": msg_id, "msg_type": "execute_request", "username": "bob", "session": self.session,
                       "version": "5.3", "date": ""},
            "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
            "content": {"code": code, "silent": False, "store_history": False, "user_expressions": {},
                        "allow_stdin": False, "stop_on_error": True},
        }))
        printed, error = [], None
        while True:
            message = json.loads(self.socket.recv())
            if message.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind, content = message["msg_type"], message["content"]
            if kind == "stream":
                printed.append(content["text"])
            elif kind == "error":
                error = f"{content['ename']}: {content['evalue']}"
            elif kind == "status" and content["execution_state"] == "idle":
                break
        if error:
            raise AssertionError(f"error in Bob's kernel: {error}")
        return "".join(printed)

    def results(self, code: str) -> dict:
        return json.loads(self.run(code).strip().splitlines()[-1])

    def close(self):
        self.socket.close()


ATTEMPT = '''
import json, os, pwd, urllib.error, urllib.request
def attempt(action):
    try:
        value = action()
    except PermissionError:
        return "PermissionError"
    except Exception as error:
        return f"{type(error).__name__}: {error}"
    return f"allowed: {str(value)[:80]}"
'''


@pytest.fixture(scope="module")
def bob_kernel(classroom):
    context, _ = classroom["students"][BOB]
    kernel = Kernel(classroom["base"], context, BOB)
    kernel.run(ATTEMPT)
    yield kernel
    kernel.close()


# --- The tests on the running hub ----------------------------------------------------------------

def test_login_refuses_a_wrong_password_and_a_bad_name(classroom):
    base, browser = classroom["base"], classroom["browser"]
    context, page = log_in(browser, base, EVE, password=PASSWORD + "-wrong")
    expect(page.get_by_text("Invalid username or password")).to_be_visible()
    assert page.url.startswith(f"{base}/hub/login"), page.url
    # No server and no account for Eve: the hub sends her back to log in.
    page.goto(f"{base}/user/{EVE}/voila/render/00_start_here.ipynb")
    assert "/hub/login" in page.url, page.url
    expect(page.get_by_label("Password")).to_be_visible()
    with pytest.raises(KeyError):
        pwd.getpwnam(PREFIX + EVE)
    assert not (classroom["state"] / "students" / (PREFIX + EVE)).exists()
    context.close()
    # The right password under a name that cannot be a system account: a clear message, no login.
    context, page = log_in(browser, base, "Eve Smith!")
    expect(page.get_by_text("Use a name of lower-case letters, digits, - or _")).to_be_visible()
    assert page.url.startswith(f"{base}/hub/login"), page.url
    context.close()


def test_two_students_each_get_their_own_tutorial(classroom):
    base, state = classroom["base"], classroom["state"]
    (alice_context, alice), (bob_context, bob) = (classroom["students"][name] for name in (ALICE, BOB))
    for page in (alice, bob):
        expect(page).to_have_title("Start here · Spasm Relief")
        page.get_by_role("checkbox", name="Are you short of breath").check()
        expect(page.locator(".sr-red-flags").get_by_role("alert")).to_contain_text("Stop self-care")
    # Bob's ticks live in Bob's kernel only: a fresh page of his starts clean.
    bob.reload()
    bob.wait_for_selector(".sr-red-flags input", timeout=SPAWN_MS)
    expect(bob.locator(".sr-red-flags").get_by_role("alert")).to_have_count(0)
    # Each runs as their own system account, in a private home folder holding their own copy.
    for name in (ALICE, BOB):
        account = pwd.getpwnam(PREFIX + name)
        server = _server_of(name)
        assert server["uid"] == account.pw_uid != 0, (name, server)
        assert server["kernels"] and all(_uid_of(pid) == account.pw_uid for pid in server["kernels"]), server
        home = state / "students" / (PREFIX + name)
        assert server["home"] == account.pw_dir == str(home)
        info = home.stat()
        assert (info.st_uid, stat.S_IMODE(info.st_mode)) == (account.pw_uid, 0o700), (name, oct(info.st_mode))
        notebook = (home / "00_start_here.ipynb").stat()
        assert notebook.st_uid == account.pw_uid
        assert (home / "00_start_here.ipynb").read_bytes() == (REPO / "notebooks" / "00_start_here.ipynb").read_bytes()
    # JupyterLab is there too, for reading the notebooks as notebooks.
    lab = alice_context.new_page()
    response = lab.goto(f"{base}/user/{ALICE}/lab")
    assert response.status == 200
    lab.close()


def test_bobs_kernel_cannot_read_list_or_write_alices_files(classroom, bob_kernel):
    alice_home = _server_of(ALICE)["home"]
    notebook = Path(alice_home) / "00_start_here.ipynb"
    before = hashlib.sha256(notebook.read_bytes()).hexdigest()
    bob = bob_kernel.results(f'''
home, notebook = {alice_home!r}, {str(notebook)!r}
def write_notebook():
    with open(notebook, "r+b") as f:
        f.write(b"{{}}")
def new_file():
    with open(os.path.join(home, "from-bob.txt"), "x") as f:
        f.write("hello")
print(json.dumps({{
    "uid": os.getuid(), "pid": os.getpid(), "user": pwd.getpwuid(os.getuid()).pw_name,
    "list": attempt(lambda: os.listdir(home)),
    "read": attempt(lambda: open(notebook, "rb").read()),
    "write": attempt(write_notebook),
    "create": attempt(new_file),
    "chmod": attempt(lambda: os.chmod(home, 0o777)),
}}))
''')
    for action in ("list", "read", "write", "create", "chmod"):
        assert bob[action] == "PermissionError", (action, bob)
    assert hashlib.sha256(notebook.read_bytes()).hexdigest() == before
    assert not (Path(alice_home) / "from-bob.txt").exists()
    # Bob's kernel runs as Bob's account, Alice's kernels as hers.
    bob_account, alice_account = pwd.getpwnam(PREFIX + BOB), pwd.getpwnam(PREFIX + ALICE)
    assert (bob["uid"], bob["user"]) == (bob_account.pw_uid, PREFIX + BOB), bob
    assert _uid_of(bob["pid"]) == bob_account.pw_uid != alice_account.pw_uid
    assert all(_uid_of(pid) == alice_account.pw_uid for pid in _server_of(ALICE)["kernels"])


def test_bobs_kernel_cannot_signal_alices_processes(classroom, bob_kernel):
    alice = _server_of(ALICE)
    assert alice["kernels"], "Alice's page should have a kernel of hers running"
    bob = bob_kernel.results(f'''
print(json.dumps({{
    "server": attempt(lambda: os.kill({alice["pid"]}, 0)),
    "kernels": [attempt(lambda: os.kill(pid, 0)) for pid in {alice["kernels"]!r}],
}}))
''')
    assert bob["server"] == "PermissionError", bob
    assert bob["kernels"] and all(result == "PermissionError" for result in bob["kernels"]), bob


def test_bob_cannot_reach_alices_server(classroom, bob_kernel):
    base = classroom["base"]
    _, bob_page = classroom["students"][BOB]
    # Through the proxy, with Bob's login: refused, and none of her page.
    page = bob_page.context.new_page()
    response = page.goto(f"{base}/user/{ALICE}/voila/render/00_start_here.ipynb")
    assert response.status == 403, (response.status, page.url)
    expect(page.locator("body")).to_contain_text("403")
    expect(page.locator(".sr-red-flags")).to_have_count(0)
    page.close()
    # Directly on her server's port, from Bob's kernel: her server's credentials are out of reach
    # and, without them, her server answers Bob's requests with 403 or a redirect to log in.
    alice = _server_of(ALICE)
    bob = bob_kernel.results(f'''
class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None
opener = urllib.request.build_opener(NoRedirect)
def status(path, token=None):
    request = urllib.request.Request("http://127.0.0.1:{alice["port"]}/user/{ALICE}/" + path)
    if token:
        request.add_header("Authorization", "token " + token)
    try:
        with opener.open(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
def her_token():
    env = open("/proc/{alice["pid"]}/environ", "rb").read().split(b"\\0")
    return next(item.split(b"=", 1)[1].decode() for item in env if item.startswith(b"JUPYTERHUB_API_TOKEN="))
token = attempt(her_token)
stolen = token[len("allowed: "):] if token.startswith("allowed: ") else None
print(json.dumps({{
    "token": token if not stolen else "allowed",
    "via_proc": attempt(lambda: open("/proc/{alice["pid"]}/cwd/00_start_here.ipynb").read()),
    "api": status("api/contents"),
    "page": status("voila/render/00_start_here.ipynb"),
    "api_with_her_token": status("api/contents", stolen) if stolen else None,
}}))
''')
    assert bob["token"] == "PermissionError", bob
    assert bob["via_proc"] == "PermissionError", bob
    assert bob["api"] == 403, bob
    assert bob["page"] == 302, bob
    assert bob["api_with_her_token"] is None, bob


def test_a_name_never_maps_to_an_account_the_hub_did_not_make(classroom):
    """An "sr-" account that exists but is not one the hub made for a student (here: made by hand,
    as an administrator might) is never used: the spawn fails with a clear message and nothing runs
    as that account."""
    account = PREFIX + MALLORY
    subprocess.run(["useradd", "--no-create-home", "--home-dir", "/nonexistent", "--shell", "/usr/sbin/nologin",
                    "--comment", f"{DECOY} {os.getpid()}", account], check=True, capture_output=True)
    context = None
    try:
        uid = pwd.getpwnam(account).pw_uid
        context, page = log_in(classroom["browser"], classroom["base"], MALLORY)
        expect(page.get_by_text("was not made by this hub for a student")).to_be_visible(timeout=60_000)
        assert not [pid for pid in _pids() if _safe_uid(pid) == uid]
    finally:
        if context is not None:
            context.close()
        _remove_accounts([MALLORY])


def _safe_uid(pid: int):
    try:
        return _uid_of(pid)
    except OSError:
        return None
