"""Callbacks that never fail silently: errors become a friendly message in the page.

Only the app's own input errors (:class:`widgets.errors.InputError`, written for the person)
are shown as they are. Any other error is a bug: its detail goes to the server's log (the
kernel's real stderr), and the page shows a calm, generic message.
"""

from __future__ import annotations

import functools
import logging
import sys
from typing import Callable

import ipywidgets as w

from ..errors import InputError
from .html import esc

log = logging.getLogger("spasm_relief")
if not log.handlers:
    _handler = logging.StreamHandler(sys.__stderr__)
    _handler.setFormatter(logging.Formatter("[spasm-relief] %(levelname)s %(message)s"))
    log.addHandler(_handler)
    log.propagate = False


class InputProblem(InputError):
    """A problem with what the person entered, found in a view; its message is shown to them as is."""


def problem_html(message: str) -> str:
    return (
        '<div class="sr sr-panel sr-warn" role="alert"><h4>Please check your input</h4>'
        f"<p>{esc(message)}</p></div>"
    )


GENERIC = "Sorry, that did not work. Please try again; if it keeps happening, reload the page."


def guarded(status: w.HTML, action: str) -> Callable:
    """Decorate a widget callback so any error shows in ``status`` instead of vanishing."""

    def decorate(callback: Callable) -> Callable:
        @functools.wraps(callback)
        def run(*args, **kwargs):
            try:
                result = callback(*args, **kwargs)
            except InputError as error:  # the app's own input errors: written for the person
                log.info("%s: %s", action, error)
                text = error.args[0] if error.args and isinstance(error.args[0], str) else str(error)
                status.value = problem_html(text)
                return None
            except Exception:  # noqa: BLE001 - a bug: logged here, and the page shows a calm message only
                log.exception("%s failed", action)
                status.value = problem_html(GENERIC)
                return None
            return result

        return run

    return decorate
