"""What the app's server-written pages show for a widget before, or instead of, drawing it.

The header, the footer and the lists of links are ipywidgets ``HTML`` widgets rather than HTML
outputs: in JupyterLab and in the static site (Voici) an HTML output goes through JupyterLab's
renderer, whose local-link handler swallows clicks on relative links, while links inside a
widget are plain links. In the app's Voilà template no renderer is involved: the server writes
HTML outputs into the page. So these widgets add their HTML to their output under
:data:`STATIC_HTML_MIME`; the template writes that HTML into the page and draws no widget, and
the navigation is there, and works, before any script has loaded. Everywhere else the type is
unknown and the widget is drawn as usual.

A widget that is the main thing on its page (My plan's form) asks, under
:data:`PLACEHOLDER_MIME`, for a placeholder as tall as the screen: what follows it then starts
below the fold, so it does not jump on screen when the widget is drawn (a layout shift). A widget
that draws nothing (a lesson's progress recorder) asks, with ``{"quiet": true}``, for none to be seen.
"""

from __future__ import annotations

import ipywidgets as w

STATIC_HTML_MIME = "application/vnd.spasm-relief.static+html"
PLACEHOLDER_MIME = "application/vnd.spasm-relief.placeholder+json"


class _CarriesHTML:
    """Adds ``static_html()`` to the widget's output bundle under :data:`STATIC_HTML_MIME`."""

    def static_html(self) -> str:
        raise NotImplementedError

    def _repr_mimebundle_(self, **kwargs):
        bundle = super()._repr_mimebundle_(**kwargs)
        if bundle is not None:
            bundle = {**bundle, STATIC_HTML_MIME: self.static_html()}
        return bundle


class LinksHTML(_CarriesHTML, w.HTML):
    """An ``HTML`` widget of links; its static form is its value in a ``div`` with its classes."""

    def static_html(self) -> str:
        return f'<div class="{" ".join(self._dom_classes)}">{self.value}</div>'


class FrameBox(_CarriesHTML, w.VBox):
    """A box of ``HTML`` widgets (header, footer); its static form is their HTML in one ``div``.

    ``skip_static`` leaves out children that only matter where the box is drawn as a widget
    (the header's inline stylesheet: the app's pages link the stylesheet in their head).
    """

    def __init__(self, children, *, skip_static=(), **kwargs):
        super().__init__(children, **kwargs)
        self._skip_static = tuple(skip_static)

    def static_html(self) -> str:
        parts = []
        for child in self.children:
            if child in self._skip_static:
                continue
            parts.append(child.static_html() if isinstance(child, _CarriesHTML) else child.value)
        return f'<div class="{" ".join(self._dom_classes)}">{"".join(parts)}</div>'


class PageSizedBox(w.VBox):
    """A box that is the main thing on its page: its placeholder takes the screen's height."""

    def _repr_mimebundle_(self, **kwargs):
        bundle = super()._repr_mimebundle_(**kwargs)
        if bundle is not None:
            bundle = {**bundle, PLACEHOLDER_MIME: {"min_height": "100vh"}}
        return bundle
