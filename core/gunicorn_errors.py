"""gunicorn's own answers, as the site's: in Japanese, with its security headers.

gunicorn answers some requests before Django sees them: a request line it
cannot parse (400) or longer than ``limit_request_line`` (414), headers that
are too many or too large (431), and a few more. Its stock answer is a bare
English page with none of the headers every other answer of the site has
(CSP, ``nosniff``, ``X-Frame-Options``, CORP/COOP, HSTS …) and echoes the
offending request line. ``install()``, called from config/gunicorn_conf.py,
puts ``write_error`` in its place: the site's own 400, 414 or 500 page,
rendered from its template (no database, no request), with those headers.

Django is loaded in every worker before it reads a request (gunicorn loads
the application first), so the templates and settings are there; this module
imports Django only inside its functions, because gunicorn's master process
imports it before any settings are configured.
"""

from __future__ import annotations

from gunicorn import util


def _template(status: int) -> str:
    if status == 414:
        return "414.html"
    return "500.html" if status >= 500 else "400.html"


def write_error(sock, status_int: int, reason: str, mesg: str) -> None:
    """gunicorn's ``util.write_error``, with the site's page and headers.
    ``mesg`` (gunicorn's detail, which quotes the request) stays in its log."""
    from .security import render_standalone, standalone_security_headers

    body = render_standalone(_template(status_int)).encode()
    head = [
        f"HTTP/1.1 {status_int} {reason}",
        "Connection: close",
        "Content-Type: text/html; charset=utf-8",
        f"Content-Length: {len(body)}",
        *(f"{name}: {value}" for name, value in standalone_security_headers()),
    ]
    util.write_nonblock(sock, ("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body)


def install() -> None:
    util.write_error = write_error
