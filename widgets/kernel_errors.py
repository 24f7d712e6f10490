"""Errors in the app's kernels stay on the server: clients get one line, the server's log the detail.

Any client of a kernel can send it widget messages: a learner's page does, and so can anyone who
opens the kernel's websocket. When handling one fails (a value a widget refuses, an error in a
callback, a comm that cannot open), a plain kernel sends every client the whole story:

* ipywidgets catches the exception and calls the shell's ``showtraceback()``, which publishes an
  ``error`` message with IPython's coloured traceback: source lines and the server's file paths;
* what is logged without a handler of its own (the comm manager's "Exception in comm_msg ..." with
  its traceback) reaches Python's last-resort handler, which writes to ``sys.stderr``; in a kernel
  that is a ``stream`` message to every client. Warnings (with the path of the file that warned)
  are written there too.

Voilà's ``show_tracebacks: false`` covers none of this: it only shapes the rendered cells.

Loaded into every kernel the app starts, as an IPython extension (deploy/jupyter/kernels/python3/
kernel.json), :func:`install`:

* makes the shell's ``showtraceback`` outside a cell's execution log the traceback to the server's
  log and publish an ``error`` with only the exception's type (a cell's error is shown as before:
  Voilà runs the cells on the server and renders them by its own ``show_tracebacks``);
* replaces Python's handler of last resort: the record to the server's log and, for an error, a
  one-line notice to the clients (no message, no traceback); warnings go to the server's log.

The server's log is the kernel's own standard error, which the Voilà server passes on to its log.
"""

from __future__ import annotations

import logging
import os
import sys

NOTICE = "the detail is in the server's log"
CELL_REQUEST = "execute_request"
LINE_LIMIT = 2000
"""Characters kept of a line in the server's log: a refused value is quoted in its error, and a
client could send megabytes."""

log = logging.getLogger("spasm_relief.kernel")
"""Tracebacks withheld from the clients, with the kind of request that caused them."""

_installed: dict = {}


def server_stream():
    """The kernel's standard error as the server sees it. ipykernel forwards what is written to
    file descriptor 2 to the clients when it captures it (``capture_fd_output``, on by default;
    the app's kernelspec turns it off), and then keeps the original as a copy."""
    copy = getattr(sys.stderr, "_original_stdstream_copy", None)
    if copy is not None:
        return open(copy, "w", buffering=1, encoding="utf-8", errors="replace", closefd=False)  # noqa: SIM115
    return sys.__stderr__ if sys.__stderr__ is not None else open(os.devnull, "w")  # noqa: SIM115


def request_type(shell) -> str | None:
    """The type of the message the kernel is handling (``None`` before the first)."""
    return (getattr(shell, "parent_header", None) or {}).get("msg_type")


class ServerLog(logging.StreamHandler):
    """Records, tracebacks included, to the server's log; no line longer than :data:`LINE_LIMIT`."""

    def __init__(self, stream, kernel: str):
        super().__init__(stream)
        self.setFormatter(logging.Formatter(f"[Kernel {kernel}] %(levelname)s | %(name)s: %(message)s"))

    def format(self, record):
        return "\n".join(line if len(line) <= LINE_LIMIT else f"{line[:LINE_LIMIT]}... ({len(line) - LINE_LIMIT} more)"
                         for line in super().format(record).split("\n"))

    def handleError(self, record):  # noqa: N802 - logging's name
        # logging's own would print a traceback to sys.stderr: the clients
        try:
            self.stream.write(f"[Kernel] could not log a record of {record.name}\n")
        except Exception:  # noqa: BLE001, S110 - nowhere left to report it
            pass


class LastResort(logging.Handler):
    """Python's handler of last resort (``logging.lastResort``: for records no logger has a handler
    for) in the kernel: the record, traceback included, to the server's log, and for an error one
    line to the clients (``sys.stderr``) with the logger's name and the exception's type, never the
    message (it may hold paths, or a client's value)."""

    def __init__(self, server: ServerLog):
        super().__init__(logging.WARNING)
        self.server = server

    def emit(self, record):
        self.server.handle(record)
        if record.levelno >= logging.ERROR:
            try:
                kind = record.exc_info[0].__name__ if record.exc_info and record.exc_info[0] else record.levelname
                sys.stderr.write(f"{kind} in the kernel ({record.name}); {NOTICE}.\n")
            except Exception:  # noqa: BLE001, S110 - never a traceback to the clients
                pass


def withheld(shell, original):
    """``shell.showtraceback`` that, while the kernel handles anything but a cell's execution,
    logs the traceback to the server's log and shows the clients only the exception's type."""

    def showtraceback(exc_tuple=None, filename=None, tb_offset=None, exception_only=False,
                      running_compiled_code=False):
        request = request_type(shell)
        if request in (None, CELL_REQUEST):
            return original(exc_tuple, filename, tb_offset, exception_only, running_compiled_code)
        try:
            etype, value, tb = shell._get_exc_info(exc_tuple)
        except ValueError:
            return None
        log.error("%s while handling a %s", etype.__name__, request, exc_info=(etype, value, tb))
        shell._showtraceback(etype, NOTICE, [f"{etype.__name__} in the kernel; {NOTICE}."])
        return None

    return showtraceback


def kernel_name() -> str:
    """The kernel's id, from its connection file (``kernel-<id>.json``), or its process id."""
    try:
        from ipykernel.kernelapp import IPKernelApp

        if IPKernelApp.initialized():
            name = os.path.basename(IPKernelApp.instance().connection_file)
            return name.removeprefix("kernel-").removesuffix(".json") or str(os.getpid())
    except Exception:  # noqa: BLE001, S110 - only a label
        pass
    return str(os.getpid())


def install(shell) -> None:
    """Keep error detail in the server's log for ``shell`` (an IPython shell); idempotent."""
    if _installed:
        return
    server = ServerLog(server_stream(), kernel_name())
    log.handlers[:] = [server]
    log.propagate = False
    _installed.update(shell=shell, last_resort=logging.lastResort)
    logging.lastResort = LastResort(server)
    logging.captureWarnings(True)  # warnings to the "py.warnings" logger (which logging gives a NullHandler)
    logging.getLogger("py.warnings").addHandler(server)
    shell.showtraceback = withheld(shell, shell.showtraceback)


def uninstall() -> None:
    if not _installed:
        return
    vars(_installed.pop("shell")).pop("showtraceback", None)
    logging.lastResort = _installed.pop("last_resort")
    logging.captureWarnings(False)
    for handler in log.handlers:
        logging.getLogger("py.warnings").removeHandler(handler)
    log.handlers[:] = []


def load_ipython_extension(ipython) -> None:
    install(ipython)


def unload_ipython_extension(ipython) -> None:  # noqa: ARG001 - IPython's signature
    uninstall()
