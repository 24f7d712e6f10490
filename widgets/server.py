"""Serve the tutorial: Voilà over notebooks/, configured by deploy/voila/voila.json.

``python -m widgets.server [--port N]`` (``make app`` runs this) starts Voilà with the
app's template and configuration, and adds what plain Voilà lacks:

* ``/`` and ``/voila/tree`` go to the start page, so nobody lands on a file listing;
* ``/assets/...`` serves the content under assets/ (pictures, styles, content data),
  and nothing else of the repository is served;
* Voilà pages ask the server to shut their kernel down when the tab closes, but send
  that POST without an XSRF token, so Voilà refuses it and the kernel leaks (voila
  issue 1458). The app accepts that one request when its ``Origin`` header is the app's
  own origin, the standard header-based defence against cross-site requests;
  XSRF checks stay on for everything else.
* Voilà's pages get a Content-Security-Policy that forbids loading anything from
  another host, so the app works the same behind a classroom firewall.
* Voilà's front end is sent compressed and with cache headers (see :func:`cache_control`),
  so a learner's browser downloads it once, not on every lesson.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import os
import re
import sys

from .paths import ASSETS_DIR, NOTEBOOKS_DIR, REPO_ROOT

CONFIG_DIR = REPO_ROOT / "deploy" / "voila"
JUPYTER_DATA = REPO_ROOT / "deploy" / "jupyter"
START_PAGE = "00_start_here.ipynb"

# Voilà's front end uses inline scripts and styles, blob: workers and data: fonts;
# everything else must come from this server.
CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval' blob:; "
    "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; "
    "connect-src 'self' ws: wss:; worker-src 'self' blob:; frame-ancestors 'self'; "
    "base-uri 'self'; form-action 'self'"
)


def _prepare_environment() -> None:
    """Make the app's Voilà template findable before Voilà looks for it."""
    paths = [str(JUPYTER_DATA)] + [p for p in os.environ.get("JUPYTER_PATH", "").split(os.pathsep) if p]
    os.environ["JUPYTER_PATH"] = os.pathsep.join(dict.fromkeys(paths))


def make_app_class():
    import tornado.web
    from jupyter_server.utils import url_path_join
    from voila.app import Voila
    from voila.shutdown_kernel_handler import VoilaShutdownKernelHandler

    class AssetHandler(tornado.web.StaticFileHandler):
        """Files under assets/ only; no directory listings, no hidden files."""

        def validate_absolute_path(self, root, absolute_path):
            if any(part.startswith(".") for part in os.path.relpath(absolute_path, root).split(os.sep)):
                raise tornado.web.HTTPError(404)
            return super().validate_absolute_path(root, absolute_path)

    class ShutdownHandler(VoilaShutdownKernelHandler):
        """Voilà's unload-time kernel shutdown, accepted from the app's own pages."""

        def check_xsrf_cookie(self):
            origin = self.request.headers.get("Origin", "")
            if origin and origin == f"{self.request.protocol}://{self.request.host}":
                return None
            return super().check_xsrf_cookie()

    class CachedFrontEnd:
        """Cache headers for Voilà's front end, so a learner's browser fetches it once.

        Text files are sent gzipped, compressed once and kept in memory (about 1.5 MB for the
        whole front end). Files whose name carries a content hash (webpack chunks of the widget
        extensions, ``remoteEntry.<hash>.js``) or a ``?v=`` hash never change: the browser keeps them
        for a year without asking again. Voilà's own chunks (``7155.voila.js``) have no
        hash in their name but only change with the pinned Voilà version: the browser
        keeps them for an hour and then asks whether they changed.
        """

        _gzipped: bytes | None = None

        def set_headers(self):
            super().set_headers()
            self.set_header("Cache-Control", cache_control(self.request.path, "v" in self.request.arguments))
            accepts = "gzip" in self.request.headers.get("Accept-Encoding", "")
            if accepts and not self.request.headers.get("Range") and self.absolute_path.endswith(COMPRESSIBLE):
                # compressed once per file and kept: a cold page load costs the server no gzip work
                self._gzipped = gzipped(self.absolute_path, self.modified)
                self.set_header("Content-Encoding", "gzip")
            self.set_header("Vary", "Accept-Encoding")

        def get_content_size(self):
            return len(self._gzipped) if self._gzipped is not None else super().get_content_size()

        def get_content(self, abspath, start=None, end=None):
            return self._gzipped if self._gzipped is not None else super().get_content(abspath, start, end)

    def _with_caching(rule):
        if len(rule) >= 2 and isinstance(rule[1], type) and rule[0].endswith(
                ("/voila/static/(.*)", "/voila/labextensions/(.*)")):
            handler = type(f"Cached{rule[1].__name__}", (CachedFrontEnd, rule[1]), {})
            return (rule[0], handler, *rule[2:])
        return rule

    class SpasmReliefVoila(Voila):
        name = "spasm-relief"
        description = "Serve the Spasm Relief tutorial with Voilà."

        def init_settings(self):
            settings = super().init_settings()
            headers = dict(self.tornado_settings.get("headers", {}))
            headers.setdefault("Content-Security-Policy", CSP)
            self.tornado_settings = {**self.tornado_settings, "headers": headers}
            # gzip the other text responses too (pages, API replies); read when tornado's Application is made
            settings["compress_response"] = True
            if hasattr(self.kernel_manager, "fill_if_needed"):  # preheated pools
                throttle_refills(self.kernel_manager, WARM_UPS_AT_ONCE)
            return settings

        def init_handlers(self):
            handlers = [_with_caching(rule) for rule in super().init_handlers()]
            start = url_path_join(self.server_url, "voila/render", START_PAGE)
            ours = [
                (url_path_join(self.server_url, r"/?"), tornado.web.RedirectHandler, {"url": start}),
                (url_path_join(self.server_url, r"/voila/tree(/.*)?"), tornado.web.RedirectHandler,
                 {"url": start}),
                (url_path_join(self.server_url, r"/assets/(.+)"), AssetHandler, {"path": str(ASSETS_DIR)}),
                (url_path_join(self.server_url, r"/voila/api/shutdown/(.*)"), ShutdownHandler),
            ]
            return ours + handlers

    return SpasmReliefVoila


COMPRESSIBLE = (".js", ".css", ".json", ".svg", ".html", ".map", ".txt")


@functools.lru_cache(maxsize=1024)
def gzipped(path: str, modified) -> bytes:
    """A front-end file, gzipped; cached per file and modification time."""
    with open(path, "rb") as file:
        return gzip.compress(file.read(), compresslevel=9, mtime=0)


HASHED_NAME = re.compile(r"[./-][0-9a-f]{8,}\.(js|css|woff2?|svg)$")
FRONT_END_MAX_AGE = 3600


def cache_control(path: str, versioned: bool) -> str:
    """How long a browser may keep one of Voilà's front-end files without asking again."""
    if versioned or HASHED_NAME.search(path):
        return "public, max-age=31536000, immutable"
    return f"public, max-age={FRONT_END_MAX_AGE}"


# Kernels warming up at once to refill the pools. Voilà refills a pool as soon as a page takes
# a kernel from it, so when a class opens a page together, 30 new kernels would start and run the
# notebook while the class's own kernels answer it. Refills for a pool that still has a ready
# kernel now queue, on half the cores; a pool with none left refills at once.
WARM_UPS_AT_ONCE = max(1, (os.cpu_count() or 2) // 2)
WARM_UP_SLOT_LIMIT_S = 120.0
QUEUE_POLL_S = 0.25


def ready_kernels(manager, notebook_path: str) -> int:
    """Kernels of this notebook's pool that have finished warming up and can be handed out."""
    return sum(1 for item in manager._pools.get(notebook_path, ())
               if item.done() and not item.cancelled() and item.exception() is None)


def throttle_refills(manager, limit: int, slot_limit_s: float = WARM_UP_SLOT_LIMIT_S) -> None:
    """At most ``limit`` pool kernels warm up at a time while their pools can still serve.

    Voilà starts each pool kernel with ``_initialize`` (start the kernel, then a task that runs
    the notebook in it). A refill whose pool still holds a ready kernel waits for one of
    ``limit`` slots; a refill whose pool has none left goes ahead at once, because a visitor
    may be waiting for it, and it must not wait behind refills nobody needs yet. A slot is freed
    when the notebook task ends, or after ``slot_limit_s`` whatever happens, so one stuck kernel
    can never stop the pools refilling. The pools' first fill at start-up keeps its pace.
    """
    import asyncio

    original = manager._initialize
    slots = asyncio.Semaphore(limit)

    async def _initialize(notebook_path, kernel_id=None, **kwargs):
        held = False
        while ready_kernels(manager, notebook_path) > 0:
            if not slots.locked():
                await slots.acquire()  # free: returns at once
                held = True
                break
            await asyncio.sleep(QUEUE_POLL_S)
        freed = not held

        def free(*_args) -> None:
            nonlocal freed
            if not freed:
                freed = True
                slots.release()

        try:
            started = await original(notebook_path, kernel_id, **kwargs)
        except BaseException:
            free()
            raise
        started["task"].add_done_callback(free)
        asyncio.get_running_loop().call_later(slot_limit_s, free)
        return started

    manager._initialize = _initialize


CLASS_PAGES = (START_PAGE, "my_plan.ipynb")


def class_pools(size: int) -> list[str]:
    """Command-line config that preheats ``size`` kernels for the pages a whole class opens first."""
    if size <= 0:
        return []
    import json

    config_file = CONFIG_DIR / "voila.json"
    pools = json.loads(config_file.read_text())["VoilaKernelManager"]["kernel_pools_config"]
    pools = {**pools, **{page: {"pool_size": size} for page in CLASS_PAGES}}
    return [f"--VoilaKernelManager.kernel_pools_config={json.dumps(pools)}"]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Serve the Spasm Relief tutorial.")
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", 8866)))
    parser.add_argument("--ip", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--class-size", type=int, default=0, metavar="N",
                        help="keep N kernels preheated for the start page and My plan, so a class of N "
                             "opening them at once does not wait for kernels to start (about 60-140 MB each)")
    args, extra = parser.parse_known_args(argv)
    _prepare_environment()
    app_class = make_app_class()
    voila_argv = [
        str(NOTEBOOKS_DIR),
        f"--Voila.config_file_paths={[str(CONFIG_DIR)]}",
        f"--Voila.port={args.port}",
        f"--Voila.ip={args.ip}",
        *class_pools(args.class_size),
        *extra,
    ]
    print(f"Spasm Relief: open http://{args.ip}:{args.port}/ in your browser (Ctrl+C stops it).", flush=True)
    app_class.launch_instance(argv=voila_argv)


if __name__ == "__main__":
    main(sys.argv[1:])
