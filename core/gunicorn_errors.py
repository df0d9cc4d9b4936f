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


def security_headers() -> list[tuple[str, str]]:
    """The headers Django's middleware give every answer (core/security.py,
    django-csp, SecurityMiddleware), for an answer that never reaches them.
    Referrer-Policy is the stricter one of customer links: the refused line
    may have been one."""
    from csp.utils import build_policy
    from django.conf import settings

    from .security import PERMISSIONS_POLICY, PRIVATE_HEADERS

    headers = [
        ("Content-Security-Policy", build_policy()),
        ("X-Content-Type-Options", "nosniff"),
        ("X-Frame-Options", settings.X_FRAME_OPTIONS),
        ("Cross-Origin-Opener-Policy", settings.SECURE_CROSS_ORIGIN_OPENER_POLICY),
        ("Cross-Origin-Resource-Policy", "same-origin"),
        ("Permissions-Policy", PERMISSIONS_POLICY),
        *PRIVATE_HEADERS.items(),
    ]
    if settings.SECURE_HSTS_SECONDS:
        hsts = f"max-age={settings.SECURE_HSTS_SECONDS}"
        hsts += "; includeSubDomains" if settings.SECURE_HSTS_INCLUDE_SUBDOMAINS else ""
        hsts += "; preload" if settings.SECURE_HSTS_PRELOAD else ""
        headers.append(("Strict-Transport-Security", hsts))
    return headers


def write_error(sock, status_int: int, reason: str, mesg: str) -> None:
    """gunicorn's ``util.write_error``, with the site's page and headers.
    ``mesg`` (gunicorn's detail, which quotes the request) stays in its log."""
    from django.template.loader import render_to_string

    body = render_to_string(_template(status_int)).encode()
    head = [
        f"HTTP/1.1 {status_int} {reason}",
        "Connection: close",
        "Content-Type: text/html; charset=utf-8",
        f"Content-Length: {len(body)}",
        *(f"{name}: {value}" for name, value in security_headers()),
    ]
    util.write_nonblock(sock, ("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body)


def install() -> None:
    util.write_error = write_error
