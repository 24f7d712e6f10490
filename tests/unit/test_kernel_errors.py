"""widgets/kernel_errors.py: in the app's kernels, an error while handling a client's message sends
the clients one line and the server's log the traceback; a cell's error is shown as before."""

from __future__ import annotations

import inspect
import io
import json
import logging
import os
import queue
import time
import uuid
import warnings

import pytest
from ipykernel.zmqshell import ZMQInteractiveShell
from ipywidgets.widgets import widget as widget_module
from jupyter_client import KernelManager
from jupyter_client.kernelspec import KernelSpecManager

from widgets import kernel_errors
from widgets.paths import REPO_ROOT

KERNELS = REPO_ROOT / "deploy" / "jupyter" / "kernels"


class FakeShell:
    """The parts of an IPython shell the module uses."""

    def __init__(self, request):
        self.parent_header = {"msg_type": request} if request else {}
        self.shown, self.published = [], []

    def showtraceback(self, *args):
        self.shown.append(args)

    def _get_exc_info(self, exc_tuple=None):
        return exc_tuple

    def _showtraceback(self, etype, evalue, stb):
        self.published.append((etype.__name__, evalue, stb))


@pytest.fixture
def installed(monkeypatch):
    server = io.StringIO()
    monkeypatch.setattr(kernel_errors, "server_stream", lambda: server)
    shells = []

    def install(request):
        shell = FakeShell(request)
        kernel_errors.install(shell)
        shells.append(shell)
        return shell, server

    yield install
    kernel_errors.uninstall()


def failure():
    try:
        {}["no such key"]
    except KeyError as error:
        return type(error), error, error.__traceback__


@pytest.mark.parametrize("request_type", ["comm_msg", "comm_open", "comm_close"])
def test_a_clients_message_that_fails_gets_one_line_and_the_log_the_traceback(installed, request_type):
    shell, server = installed(request_type)
    shell.showtraceback(failure())
    assert shell.shown == []  # IPython's own (coloured, with paths) is not used
    assert shell.published == [("KeyError", kernel_errors.NOTICE, [f"KeyError in the kernel; {kernel_errors.NOTICE}."])]
    log = server.getvalue()
    assert f"KeyError while handling a {request_type}" in log and "Traceback" in log and "'no such key'" in log


def test_a_huge_refused_value_is_cut_in_the_log(installed):
    shell, server = installed("comm_msg")
    try:
        raise ValueError("x" * 1_000_000)
    except ValueError as error:
        shell.showtraceback((ValueError, error, error.__traceback__))
    log = server.getvalue()
    assert f"... ({1_000_000 + len('ValueError: ') - kernel_errors.LINE_LIMIT} more)" in log and len(log) < 5000


@pytest.mark.parametrize("request_type", ["execute_request", None])
def test_a_cells_error_is_shown_as_before(installed, request_type):
    shell, server = installed(request_type)
    shell.showtraceback(failure())
    assert len(shell.shown) == 1 and shell.published == [] and server.getvalue() == ""


def test_what_no_logger_handles_goes_to_the_log_with_one_line_for_the_clients(installed, capsys):
    _shell, server = installed("comm_msg")
    root = logging.getLogger()
    pytests, root.handlers = root.handlers, []  # as in a kernel: the root logger has no handler
    try:
        try:
            raise RuntimeError("secret /srv/app/file.py")
        except RuntimeError:
            logging.getLogger("Comm").error("Exception in comm_msg for %s", "1234", exc_info=True)
        logging.getLogger("Comm").warning("No such comm: %s", "5678")
        with warnings.catch_warnings():
            warnings.simplefilter("always")
            warnings.warn("a warning from /srv/app/file.py", UserWarning, stacklevel=1)
    finally:
        root.handlers = pytests
    log, clients = server.getvalue(), capsys.readouterr().err
    assert "Exception in comm_msg for 1234" in log and "Traceback" in log and "secret /srv/app/file.py" in log
    assert "No such comm: 5678" in log and "a warning from /srv/app/file.py" in log
    assert clients == f"RuntimeError in the kernel (Comm); {kernel_errors.NOTICE}.\n"


def test_uninstall_puts_everything_back(installed):
    before, show = logging.lastResort, warnings.showwarning
    shell, _server = installed("comm_msg")
    assert logging.lastResort is not before and "showtraceback" in vars(shell)
    kernel_errors.install(shell)  # idempotent
    kernel_errors.uninstall()
    assert logging.lastResort is before and "showtraceback" not in vars(shell)
    assert warnings.showwarning is show


def test_the_parts_of_ipython_and_ipywidgets_it_relies_on_are_there():
    """ipywidgets shows a widget message's error through the shell's showtraceback; the shell
    publishes through ``_showtraceback(etype, evalue, stb)`` and reads ``_get_exc_info``."""
    assert "ip.showtraceback()" in inspect.getsource(widget_module._show_traceback)
    assert list(inspect.signature(ZMQInteractiveShell._showtraceback).parameters) == ["self", "etype", "evalue", "stb"]
    assert "exc_tuple" in inspect.signature(ZMQInteractiveShell._get_exc_info).parameters
    assert "parent_header" in dir(ZMQInteractiveShell)


def test_the_apps_kernelspec_loads_it_and_keeps_fd_output_on_the_server():
    spec = json.loads((KERNELS / "python3" / "kernel.json").read_text())
    assert spec["argv"][:5] == ["python", "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    assert "--ext=widgets.kernel_errors" in spec["argv"]
    assert "--InteractiveShellApp.reraise_ipython_extension_failures=True" in spec["argv"]
    assert "--IPKernelApp.capture_fd_output=False" in spec["argv"]


def iopub_until_idle(client, parent: str, timeout: float = 30) -> list[dict]:
    messages, deadline = [], time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            message = client.get_iopub_msg(timeout=1)
        except queue.Empty:
            continue
        if message["parent_header"].get("msg_id") != parent:
            continue
        messages.append(message)
        if message["msg_type"] == "status" and message["content"]["execution_state"] == "idle":
            return messages
    raise AssertionError(f"no idle for {parent}: {messages}")


def test_a_real_kernel_of_the_app_keeps_the_traceback_in_the_servers_log(tmp_path):
    """The app's kernelspec, as Voilà starts it: a bad widget value and a bad control message."""
    manager = KernelManager(kernel_name="python3", kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(KERNELS)]))
    server_log = tmp_path / "server.log"
    with server_log.open("w") as err:
        manager.start_kernel(stderr=err, cwd=str(REPO_ROOT / "notebooks"), env={**os.environ})
    client = manager.client()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=60)
        reply = client.execute_interactive(
            "import ipywidgets as w\nslider = w.IntSlider(max=5)\ncomm_id = slider.comm.comm_id",
            user_expressions={"id": "comm_id"}, timeout=60)
        comm_id = reply["content"]["user_expressions"]["id"]["data"]["text/plain"].strip("'")

        def comm(msg_type, content, metadata):
            message = client.session.msg(msg_type, content, metadata=metadata)
            client.shell_channel.send(message)
            return iopub_until_idle(client, message["header"]["msg_id"])

        bad = comm("comm_msg", {"comm_id": comm_id, "data": {"method": "update", "state": {"value": "x"},
                                                             "buffer_paths": []}}, {"version": "2.1.0"})
        errors = [m["content"] for m in bad if m["msg_type"] == "error"]
        assert errors == [{"ename": "TraitError", "evalue": kernel_errors.NOTICE,
                           "traceback": [f"TraitError in the kernel; {kernel_errors.NOTICE}."]}]
        control = comm("comm_open", {"comm_id": str(uuid.uuid4()), "target_name": "jupyter.widget.control",
                                     "data": {}}, {})  # no protocol version: refused
        texts = [m["content"]["text"] for m in control if m["msg_type"] == "stream"]
        assert texts == [f"ValueError in the kernel (ipykernel.comm); {kernel_errors.NOTICE}.\n"]
        good = comm("comm_msg", {"comm_id": comm_id, "data": {"method": "update", "state": {"value": 9},
                                                              "buffer_paths": []}}, {"version": "2.1.0"})
        assert not [m for m in good if m["msg_type"] in ("error", "stream")]
        assert client.execute_interactive("assert slider.value == 5", timeout=30)["content"]["status"] == "ok"
        cell = client.execute_interactive("slider.value = 'x'", timeout=30)["content"]
        assert cell["status"] == "error" and len(cell["traceback"]) > 1  # a cell's error is shown as before
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    log = server_log.read_text()
    assert "TraitError while handling a comm_msg" in log and "Traceback (most recent call last)" in log
    assert "Exception opening comm with target: jupyter.widget.control" in log
    assert "Incompatible widget control protocol versions" in log
