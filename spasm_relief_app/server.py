"""Serve the tutorial: Voilà over notebooks/, configured by deploy/voila/voila.json.

``python -m spasm_relief_app.server [--port N]`` (``make app`` runs this) starts Voilà with the
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
from urllib.parse import urlsplit

from widgets.paths import ASSETS_DIR

from . import DEPLOY_DIR, NOTEBOOKS_DIR

CONFIG_DIR = DEPLOY_DIR / "voila"
JUPYTER_DATA = DEPLOY_DIR / "jupyter"
START_PAGE = "00_start_here.ipynb"

# Voilà's front end uses inline scripts and styles, blob: workers and data: fonts;
# everything else must come from this server. connect-src 'self' covers the kernel's websocket on the
# page's own host and port (ws: on http pages, wss: on https pages: CSP Level 3) and nothing else.
CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval' blob:; "
    "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; "
    "connect-src 'self'; worker-src 'self' blob:; frame-ancestors 'self'; "
    "base-uri 'self'; form-action 'self'"
)


def _prepare_environment() -> None:
    """Make the app's Voilà template findable before Voilà looks for it."""
    paths = [str(JUPYTER_DATA)] + [p for p in os.environ.get("JUPYTER_PATH", "").split(os.pathsep) if p]
    os.environ["JUPYTER_PATH"] = os.pathsep.join(dict.fromkeys(paths))


def make_app_class():
    import tornado.web
    import traitlets
    from jupyter_server.utils import url_path_join
    from voila.app import Voila
    from voila.shutdown_kernel_handler import VoilaShutdownKernelHandler

    class ShutdownHandler(VoilaShutdownKernelHandler):
        """Voilà's unload-time kernel shutdown, accepted from the app's own pages, also behind a proxy."""

        def check_xsrf_cookie(self):
            if same_origin(self.request.headers.get("Origin", ""), self.request.protocol, self.request.host,
                           self.request.headers):
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
            accepts = "gzip" in self.request.headers.get("Accept-Encoding", "")
            if accepts and not self.request.headers.get("Range") and self.absolute_path.endswith(COMPRESSIBLE):
                # compressed once per file and kept: a cold page load costs the server no gzip work
                self._gzipped = body = gzipped(self.absolute_path, self.modified)
                # this response's body; tornado's get_content stays the classmethod that hashes the file
                # for the ETag (overriding it in the class broke the hashing, and no ETag was sent)
                self.get_content = lambda abspath, start=None, end=None: body
            super().set_headers()  # Etag (from compute_etag), Last-Modified, Content-Type
            self.set_header("Cache-Control", cache_control(self.request.path, "v" in self.request.arguments))
            if self._gzipped is not None:
                self.set_header("Content-Encoding", "gzip")
            # Vary: Accept-Encoding comes from tornado's compress_response, which never compresses twice

        def compute_etag(self):
            # tornado's: a hash of the file (jupyter_server's FileFindHandler, which serves the widget
            # extensions, turns it off); the gzipped body is another representation with its own tag
            etag = tornado.web.StaticFileHandler.compute_etag(self)
            return gzip_etag(etag) if etag and self._gzipped is not None else etag

        def get_content_size(self):
            return len(self._gzipped) if self._gzipped is not None else super().get_content_size()


    class AssetHandler(CachedFrontEnd, tornado.web.StaticFileHandler):
        """Files under assets/ only; no directory listings, no hidden files. Cached like Voilà's own
        front end: kept for an hour, then revalidated with their ETag (a 304 when unchanged)."""

        def validate_absolute_path(self, root, absolute_path):
            if any(part.startswith(".") for part in os.path.relpath(absolute_path, root).split(os.sep)):
                raise tornado.web.HTTPError(404)
            return super().validate_absolute_path(root, absolute_path)

    def _with_caching(rule):
        if len(rule) >= 2 and isinstance(rule[1], type) and rule[0].endswith(
                ("/voila/static/(.*)", "/voila/labextensions/(.*)", "/voila/templates/(.*)")):
            handler = type(f"Cached{rule[1].__name__}", (CachedFrontEnd, rule[1]), {})
            return (rule[0], handler, *rule[2:])
        return rule

    class PoolStatusHandler(tornado.web.RequestHandler):
        """Each page's ready kernels and target, as JSON (only with --pool-status: tests, benchmarks)."""

        def initialize(self, status):
            self.status = status

        def get(self):
            self.set_header("Cache-Control", "no-store")
            self.finish(self.status())

    class SpasmReliefVoila(Voila):
        name = "spasm-relief"
        description = "Serve the Spasm Relief tutorial with Voilà."
        class_size = traitlets.Int(0, help="learners in a class: kernels kept ready on the start page, "
                                           "and at most that many ahead of them on the next page").tag(config=True)
        follow_window = traitlets.Float(45 * 60.0, help="seconds a page opening counts towards the next "
                                                         "page's pool").tag(config=True)
        pool_status = traitlets.Bool(False, help="serve /spasm-relief/pools (JSON)").tag(config=True)
        warm_ups = traitlets.Int(WARM_UPS_AT_ONCE, help="pool kernels warming up at a time").tag(config=True)
        _pool_status = None

        def init_settings(self):
            settings = super().init_settings()
            route_tornado_logs(self.log)
            headers = dict(self.tornado_settings.get("headers", {}))
            headers.setdefault("Content-Security-Policy", CSP)
            self.tornado_settings = {**self.tornado_settings, "headers": headers}
            # gzip the other text responses too (pages, API replies); read when tornado's Application is made
            settings["compress_response"] = True
            if hasattr(self.kernel_manager, "fill_if_needed"):  # preheated pools
                from .class_flow import ClassFlow

                throttle_refills(self.kernel_manager, self.warm_ups)
                flow = ClassFlow(order=class_order(), base=base_pool_sizes(), cap=self.class_size or FOLLOW_CAP,
                                 window_s=self.follow_window, class_size=self.class_size)
                self._follow, self._pool_status = follow_the_class(self.kernel_manager, flow)
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
            if self.pool_status and self._pool_status is not None:
                ours.append((url_path_join(self.server_url, r"/spasm-relief/pools"), PoolStatusHandler,
                             {"status": self._pool_status}))
            return ours + handlers

    return SpasmReliefVoila


COMPRESSIBLE = (".js", ".css", ".json", ".svg", ".html", ".map", ".txt", ".toml")
DEFAULT_PORTS = {"http": 80, "https": 443}


def gzip_etag(etag: str) -> str:
    """The entity tag of a file's gzipped body: the file's tag with ``-gzip`` added inside the quotes."""
    return f'{etag[:-1]}-gzip"' if etag.endswith('"') else f"{etag}-gzip"


def _origin_key(scheme: str, host: str) -> tuple[str, str, int | None] | None:
    """(scheme, host name, port) with the scheme's default port filled in; None if it cannot be read."""
    scheme = scheme.strip().lower()
    if scheme not in DEFAULT_PORTS or not host.strip():
        return None
    try:
        parsed = urlsplit(f"{scheme}://{host.strip()}")
        port = parsed.port
    except ValueError:
        return None
    if parsed.hostname is None or parsed.username or parsed.path or parsed.query:
        return None
    return scheme, parsed.hostname.lower(), port or DEFAULT_PORTS[scheme]


def _first(value: str | None) -> str:
    return (value or "").split(",")[0].strip()


def _forwarded(header: str | None) -> dict[str, str]:
    """The first element of an RFC 7239 ``Forwarded`` header (the proxy nearest the browser)."""
    fields = {}
    for pair in _first(header).split(";"):
        name, _, value = pair.partition("=")
        if value:
            fields[name.strip().lower()] = value.strip().strip('"')
    return fields


def route_tornado_logs(app_log) -> None:
    """Send tornado's own loggers (requests, handler errors, static-file errors) to the app's log.

    Without this they reach no handler and print bare lines, unformatted, or nothing below WARNING.
    Successful requests stay out (tornado logs those at INFO); 4xx and 5xx answers are logged.
    """
    import logging

    from tornado.log import access_log, app_log as tornado_app_log, gen_log

    for logger in (access_log, tornado_app_log, gen_log):
        logger.parent = app_log
        logger.propagate = True
    access_log.setLevel(logging.WARNING)


def same_origin(origin: str, protocol: str, host: str, headers) -> bool:
    """Whether a request's ``Origin`` is the app's own origin, as the browser saw it.

    Directly, that is the request's scheme and ``Host``. Behind a reverse proxy that ends TLS the
    browser's origin is ``https://...`` while the app sees ``http://...``; the proxy says so in
    ``X-Forwarded-Proto`` / ``X-Forwarded-Host`` or RFC 7239 ``Forwarded``, and those count too.
    This is safe for a cross-site-request check: a page on another site cannot make the browser send
    another site's ``Origin`` or add these headers to a request (custom headers need CORS, which the
    app does not grant), and a script outside a browser needs no forged ``Origin`` to send a request.
    """
    key = _origin_key(*origin.split("://", 1)) if "://" in origin else None
    if key is None:
        return False
    forwarded = _forwarded(headers.get("Forwarded"))
    seen = [(protocol, host),  # each as one (scheme, host) pair: a proxy's scheme never meets another's host
            (_first(headers.get("X-Forwarded-Proto")) or protocol, _first(headers.get("X-Forwarded-Host")) or host),
            (forwarded.get("proto") or protocol, forwarded.get("host") or host)]
    return any(key == _origin_key(scheme, name) for scheme, name in seen)


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
# a kernel from it, and the pools follow the class (below), so many kernels may be asked for at
# once while learners are using the ones they have. Warm-ups queue, one per core; one per pool may
# go at once when that pool has no ready kernel left, because a visitor may be waiting. (A class
# of 30 walking every page on 2 cores, 20 s a page: one warm-up at a time gave p95 0.4-67.5 s,
# median page 18 s; two gave 1.0-44.7 s, median page 9 s: README, Performance.)
WARM_UPS_AT_ONCE = max(1, os.cpu_count() or 2)
WARM_UP_SLOT_LIMIT_S = 120.0
QUEUE_POLL_S = 0.25


def pool_tasks(manager, notebook_path: str) -> list:
    """The pool of one notebook: Voilà's private ``_pools`` (see tests/unit/test_voila_contract.py)."""
    return manager._pools.get(notebook_path, [])


def ready_kernels(manager, notebook_path: str) -> int:
    """Kernels of this notebook's pool that have finished warming up and can be handed out."""
    return sum(1 for item in pool_tasks(manager, notebook_path)
               if item.done() and not item.cancelled() and item.exception() is None)


def throttle_refills(manager, limit: int, slot_limit_s: float = WARM_UP_SLOT_LIMIT_S) -> None:
    """At most ``limit`` pool kernels warm up at a time, plus one per pool that has none ready.

    Voilà starts each pool kernel with its private ``_initialize`` (start the kernel, then a task
    that runs the notebook in it). A warm-up waits for one of ``limit`` slots, unless its pool has
    no ready kernel and no other warm-up going ahead of the queue: then it goes at once, because
    a visitor may be waiting for it. A slot (or the pool's place ahead of the queue) is freed when
    the notebook task ends, or after ``slot_limit_s`` whatever happens, so one stuck kernel can
    never stop the pools refilling.
    """
    import asyncio

    original = manager._initialize
    slots = asyncio.Semaphore(limit)
    ahead: set[str] = set()  # pools with a warm-up that skipped the queue

    async def _initialize(notebook_path, kernel_id=None, **kwargs):
        while True:
            if ready_kernels(manager, notebook_path) == 0 and notebook_path not in ahead:
                ahead.add(notebook_path)
                release = lambda: ahead.discard(notebook_path)  # noqa: E731
                break
            if not slots.locked():
                await slots.acquire()  # free: returns at once
                release = slots.release
                break
            await asyncio.sleep(QUEUE_POLL_S)
        freed = False

        def free(*_args) -> None:
            nonlocal freed
            if not freed:
                freed = True
                release()

        try:
            started = await original(notebook_path, kernel_id, **kwargs)
        except BaseException:
            free()
            raise
        started["task"].add_done_callback(free)
        asyncio.get_running_loop().call_later(slot_limit_s, free)
        return started

    manager._initialize = _initialize


FOLLOW_INTERVAL_S = 2.0
FOLLOW_CAP = 5  # kernels kept ready ahead of learners on a server without --class-size


def page_of_request(env: dict) -> str | None:
    """The notebook a kernel started for a visitor belongs to, from the environment Voilà gives it."""
    from urllib.parse import unquote, urlparse

    from voila.utils import ENV_VARIABLE

    if env.get(ENV_VARIABLE.VOILA_PREHEAT) != "False" or not env.get(ENV_VARIABLE.VOILA_REQUEST_URL):
        return None
    path = unquote(urlparse(env[ENV_VARIABLE.VOILA_REQUEST_URL]).path)
    return path.rsplit("/", 1)[-1] or None


def follow_the_class(manager, flow, interval_s: float = FOLLOW_INTERVAL_S, clock=None):
    """Keep each page's pool at the size ``flow`` (a :class:`spasm_relief_app.class_flow.ClassFlow`) asks for.

    Every page a visitor opens is recorded: from a pool (``get_rendered_notebook``) or, when the
    pool was empty, from a kernel started for the request (``start_kernel``, whose environment
    names the page). Every ``interval_s`` the pools are resized: a pool that should grow gets its
    new size in ``kernel_pools_config`` (so Voilà's own refills keep it there) and is filled; a
    pool that should shrink has its surplus ready kernels shut down. Returns the periodic callback
    (started) and a function giving each page's ready kernels and target, for status reports.
    """
    import time

    import tornado.ioloop

    clock = clock or time.monotonic
    take = manager.get_rendered_notebook
    start = manager.start_kernel

    def set_sizes(targets: dict[str, int]) -> None:
        pools = {**manager.kernel_pools_config}
        for page, target in targets.items():
            pools[page] = {**pools.get(page, {}), "pool_size": target}
        if pools != manager.kernel_pools_config:
            manager.kernel_pools_config = pools

    async def get_rendered_notebook(notebook_name, *args, **kwargs):
        flow.opened(notebook_name, clock())
        # Voilà refills this pool as it hands the kernel out: to the size the class needs now
        set_sizes({notebook_name: flow.targets(clock()).get(notebook_name, 1)})
        return await take(notebook_name, *args, **kwargs)

    def start_kernel(*args, **kwargs):
        page = page_of_request(kwargs.get("env") or {})
        if page is not None:
            flow.opened(page, clock())
        return start(*args, **kwargs)

    manager.get_rendered_notebook = get_rendered_notebook
    manager.start_kernel = start_kernel

    async def rebalance() -> None:
        targets = flow.targets(clock())
        set_sizes(targets)
        for page, target in targets.items():
            size = manager.get_pool_size(page)
            if size < target:
                manager.log.info("Pools follow the class: %s grows from %d to %d", page, size, target)
                manager.fill_if_needed(delay=0, notebook_name=page)
            elif size > target:
                # only kernels that have finished running the notebook: stopping one mid-run kills it
                ready = [item.result()["kernel_id"] for item in pool_tasks(manager, page)
                         if item.done() and not item.cancelled() and item.exception() is None
                         and item.result()["task"].done()]
                surplus = ready[len(ready) - min(len(ready), size - target):]
                if surplus:
                    manager.log.info("Pools follow the class: %s lets %d go (to %d)", page, len(surplus), target)
                for kernel_id in surplus:
                    await manager.shutdown_kernel(kernel_id)

    async def tick() -> None:
        try:
            await rebalance()
        except Exception:  # never let a resize stop the server or the next resize
            manager.log.exception("Pools follow the class: resize failed")

    def status() -> dict:
        targets = flow.targets(clock())
        return {page: {"ready": ready_kernels(manager, page), "pool": manager.get_pool_size(page), "target": target}
                for page, target in targets.items()}

    callback = tornado.ioloop.PeriodicCallback(tick, interval_s * 1000)
    callback.start()
    return callback, status


def class_order() -> tuple[str, ...]:
    """The order a class walks the pages in: the lessons, then My plan."""
    from widgets.content import content

    c = content()
    return tuple(lesson.file for lesson in c.lessons) + (c.dashboard.file,)


def base_pool_sizes() -> dict[str, int]:
    """Pool sizes from deploy/voila/voila.json, for every page in the class order."""
    import json

    pools = json.loads((CONFIG_DIR / "voila.json").read_text())["VoilaKernelManager"]["kernel_pools_config"]
    default = pools.get("default", {}).get("pool_size", 1)
    return {page: pools.get(page, {}).get("pool_size", default) for page in class_order()}


def class_pools(size: int) -> list[str]:
    """Command-line config that preheats ``size`` kernels for the start page, which a class opens first."""
    if size <= 0:
        return []
    import json

    config_file = CONFIG_DIR / "voila.json"
    pools = json.loads(config_file.read_text())["VoilaKernelManager"]["kernel_pools_config"]
    pools = {**pools, START_PAGE: {"pool_size": size}}
    return [f"--VoilaKernelManager.kernel_pools_config={json.dumps(pools)}"]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Serve the Spasm Relief tutorial.")
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", 8866)))
    parser.add_argument("--ip", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--class-size", type=int, default=0, metavar="N",
                        help="keep N kernels preheated on the start page, and up to N ready on the page a class "
                             "will open next, so a class of N moving together does not wait for kernels to "
                             "start (about 60-140 MB each)")
    parser.add_argument("--follow-window", type=float, default=45 * 60.0, metavar="SECONDS",
                        help="how long a page opening counts towards the next page's pool (default 45 minutes)")
    parser.add_argument("--warm-ups", type=int, default=WARM_UPS_AT_ONCE, metavar="N",
                        help=f"pool kernels warming up at a time (default {WARM_UPS_AT_ONCE}: one per core); more "
                             "fills a class's next page sooner but leaves less for the learners' own kernels")
    parser.add_argument("--pool-status", action="store_true", help="serve each page's pool as JSON at /spasm-relief/pools")
    args, extra = parser.parse_known_args(argv)
    if args.class_size < 0:
        parser.error(f"--class-size must be 0 or more learners, not {args.class_size}")
    if args.warm_ups < 1:
        parser.error(f"--warm-ups must be 1 or more kernels at a time, not {args.warm_ups}")
    if args.follow_window <= 0:
        parser.error(f"--follow-window must be a number of seconds above 0, not {args.follow_window:g}")
    _prepare_environment()
    app_class = make_app_class()
    voila_argv = [
        str(NOTEBOOKS_DIR),
        f"--Voila.config_file_paths={[str(CONFIG_DIR)]}",
        f"--Voila.port={args.port}",
        f"--Voila.ip={args.ip}",
        *class_pools(args.class_size),
        f"--SpasmReliefVoila.class_size={args.class_size}",
        f"--SpasmReliefVoila.follow_window={args.follow_window}",
        f"--SpasmReliefVoila.warm_ups={args.warm_ups}",
        *(["--SpasmReliefVoila.pool_status=True"] if args.pool_status else []),
        *extra,
    ]
    print(f"Spasm Relief: open http://{args.ip}:{args.port}/ in your browser (Ctrl+C stops it).", flush=True)
    app_class.launch_instance(argv=voila_argv)


if __name__ == "__main__":
    main(sys.argv[1:])
