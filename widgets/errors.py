"""The app's own input errors: what the person entered cannot be used.

Every model raises a subclass of :class:`InputError` with a message written for the person; the
views show that message as is (``widgets.ui.safe.guarded``). Any other exception is a bug: it is
logged on the server and the page shows only a calm, generic message.
"""

from __future__ import annotations


class InputError(ValueError):
    """Input the app cannot use; the message is meant for the person and is shown in the page."""
