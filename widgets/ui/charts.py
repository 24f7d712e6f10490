"""Charts drawn by matplotlib in the kernel, shown as SVG text: loading matplotlib where it may be missing.

matplotlib is imported only when a page has something to draw (the diary, the class results), so no
page pays for it at start. In the static site (Pyodide) it is not installed with the page: it is
loaded from Pyodide's own packages the first time, and the chart is drawn once it is there.
"""

from __future__ import annotations

import sys
from typing import Callable


def when_matplotlib(draw: Callable[[], None]) -> bool:
    """Call ``draw()`` now if matplotlib can be imported; in Pyodide load it first and draw when it is
    there, returning False meanwhile. Elsewhere a missing matplotlib is an error (it is pinned)."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        if sys.platform != "emscripten":
            raise
        import asyncio

        import pyodide_js  # type: ignore[import-not-found]

        async def load():
            await pyodide_js.loadPackage("matplotlib")
            draw()
        asyncio.ensure_future(load())
        return False
    draw()
    return True
