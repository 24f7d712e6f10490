"""The server's answers to the browser, checked without a server: whose tab may shut a kernel down
(directly and behind a TLS-ending proxy), the ETag of a gzipped file, and where tornado's logs go."""

from __future__ import annotations

import logging

from hypothesis import given
from hypothesis import strategies as st

from spasm_relief_app.server import gzip_etag, route_tornado_logs, same_origin

APP = "127.0.0.1:8443"


def allowed(origin: str, headers: dict | None = None, protocol: str = "http", host: str = APP) -> bool:
    return same_origin(origin, protocol, host, headers or {})


def test_a_page_of_the_app_itself_may_shut_its_kernel_down():
    assert allowed("http://127.0.0.1:8443")
    assert allowed("https://class.example.org", protocol="https", host="class.example.org")
    assert allowed("https://class.example.org", protocol="https", host="class.example.org:443")  # default port
    assert allowed("HTTP://127.0.0.1:8443")


def test_behind_a_proxy_that_ends_tls_the_browser_origin_is_https():
    # nginx passes the browser's Host and says the browser used https (deploy/nginx/)
    assert not allowed("https://127.0.0.1:8443")  # what issue 12 found: 403, the kernel leaked
    assert allowed("https://127.0.0.1:8443", {"X-Forwarded-Proto": "https"})
    assert allowed("https://class.example.org", {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "class.example.org"},
                   host="127.0.0.1:8866")
    assert allowed("https://class.example.org", {"Forwarded": 'for=10.0.0.1;proto=https;host="class.example.org"'},
                   host="127.0.0.1:8866")
    # a chain of proxies: the first value is the one nearest the browser
    assert allowed("https://127.0.0.1:8443", {"X-Forwarded-Proto": "https, http"})


def test_other_origins_are_refused_directly_and_behind_a_proxy():
    proxied = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "class.example.org"}
    for origin in ("http://attacker.example", "https://attacker.example", "https://127.0.0.1:9999",
                   "http://127.0.0.1", "https://class.example.org.attacker.example", "null", "",
                   "127.0.0.1:8443", "ftp://127.0.0.1:8443", "https://user@class.example.org",
                   "https://class.example.org/path", "https://[::1", "https://127.0.0.1:99999"):
        assert not allowed(origin), origin
        assert not allowed(origin, proxied), origin
    # the proxy header changes the scheme only as the browser saw it, never to another site
    assert not allowed("https://attacker.example", {"X-Forwarded-Proto": "https"})
    assert not allowed("http://127.0.0.1:8443", {"X-Forwarded-Proto": "gopher"}, protocol="gopher")


hosts = st.sampled_from(["127.0.0.1", "localhost", "class.example.org", "[::1]"])
ports = st.one_of(st.none(), st.integers(1, 65535))
schemes = st.sampled_from(["http", "https"])


def spell(scheme: str, host: str, port: int | None) -> str:
    return f"{scheme}://{host}" + (f":{port}" if port is not None else "")


@given(schemes, hosts, ports, schemes, hosts, ports)
def test_an_origin_is_allowed_exactly_when_it_names_the_same_scheme_host_and_port(s1, h1, p1, s2, h2, p2):
    default = {"http": 80, "https": 443}
    same = (s1, h1, p1 or default[s1]) == (s2, h2, p2 or default[s2])
    host = h2 + (f":{p2}" if p2 is not None else "")
    assert allowed(spell(s1, h1, p1), protocol=s2, host=host) == same
    # the same holds behind a proxy that reports the scheme and host the browser used
    assert allowed(spell(s1, h1, p1), {"X-Forwarded-Proto": s2, "X-Forwarded-Host": host},
                   protocol="http", host="10.0.0.5:8866") == same


def test_a_gzipped_body_has_its_own_entity_tag():
    assert gzip_etag('"abc"') == '"abc-gzip"'
    assert gzip_etag('"abc"') != '"abc"'
    assert gzip_etag('W/"abc"') == 'W/"abc-gzip"'


def test_tornado_logs_reach_the_app_log_without_successful_requests(caplog):
    from tornado.log import access_log, app_log, gen_log

    app = logging.getLogger("spasm-relief-test-app")
    saved = [(logger, logger.parent, logger.level, logger.propagate) for logger in (access_log, app_log, gen_log)]
    try:
        route_tornado_logs(app)
        with caplog.at_level(logging.INFO, logger="spasm-relief-test-app"):
            gen_log.error("Could not open static file %r", "/x.js")
            app_log.error("Uncaught exception GET /y")
            access_log.info("200 GET /z")
            access_log.warning("404 GET /missing")
        seen = [record.getMessage() for record in caplog.records]
        assert "Could not open static file '/x.js'" in seen and "Uncaught exception GET /y" in seen
        assert "404 GET /missing" in seen and "200 GET /z" not in seen
    finally:
        for logger, parent, level, propagate in saved:
            logger.parent, logger.propagate = parent, propagate
            logger.setLevel(level)
