"""Security plumbing: client IP behind the proxy, extra headers, session
limits, database-outage answers and the security log (its receivers are in
receivers.py, connected by CoreConfig.ready)."""

from __future__ import annotations

import ipaddress
import logging
import time

from csp.utils import build_policy
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import BadRequest, RequestDataTooBig
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from .context_processors import site
from .parsing import whole_number
from .wsgi import REFUSED_CHARSET, foreign_charset

security_log = logging.getLogger("mailnavi.security")

# What a database that cannot be reached raises (refused, timed out, gone away).
DATABASE_ERRORS = (OperationalError, InterfaceError)

SESSION_STARTED_KEY = "auth_started_at"
SESSION_RENEWED_KEY = "idle_renewed_at"
RENEW_EVERY_SECONDS = 60


def client_ip(request) -> str:
    """The visitor's address. Behind ``DJANGO_TRUSTED_PROXIES`` reverse proxies
    (default 0, set 1 behind nginx), the right-most addresses in
    X-Forwarded-For were written by our proxies; the one before them is the
    client's. Anything further left can be forged by the client, and so can
    the whole header where no proxy wrote it: a value that is not an IP
    address is never used (the lockout and the security log key on it)."""
    proxies = settings.TRUSTED_PROXY_COUNT
    remote = request.META.get("REMOTE_ADDR", "")
    if proxies <= 0:
        return remote
    forwarded = [
        part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()
    ]
    if len(forwarded) >= proxies:
        try:
            return str(ipaddress.ip_address(forwarded[-proxies]))
        except ValueError:
            pass
    return remote


# Every answer under the customer-link prefix (pages, files, refusals, 404s,
# the 503 of an outage): kept out of caches, search engines and other sites'
# referrers. same-origin, not no-referrer: the address (with its token) still
# never leaves for another site, and the guide's report form keeps an Origin
# that the CSRF check accepts (under no-referrer Chromium sends "Origin: null").
PRIVATE_HEADERS = {
    "Cache-Control": "no-store",
    "X-Robots-Tag": "noindex, nofollow",
    "Referrer-Policy": "same-origin",
}


PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=()"


def _user_name(request) -> str | None:
    """The logged-in user's name; None for a visitor. Reading the session may
    fail while the database is down: then it is ``"?"`` (someone, maybe)."""
    user = getattr(request, "user", None)
    try:
        return user.get_username() if user is not None and user.is_authenticated else None
    except DATABASE_ERRORS:
        return "?"


def _is_staff_answer(request) -> bool:
    """For a logged-in user (staff see personal data) or one who may be,
    or under a staff prefix."""
    if any(request.path_info.startswith("/" + prefix) for prefix in settings.STAFF_URL_PREFIXES):
        return True
    return _user_name(request) is not None


class SecurityHeadersMiddleware:
    """Headers Django does not set itself, on every response (error pages too);
    private headers under the customer-link prefix; ``no-store`` on staff
    answers (their pages and the CSV export hold customers' data)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path_info.startswith("/" + settings.CUSTOMER_LINK_PREFIX):
            for name, value in PRIVATE_HEADERS.items():
                response[name] = value
        elif _is_staff_answer(request):
            patch_cache_control(response, no_store=True)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")  # static files skip Django's own middleware
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if response.status_code == 403:
            security_log.warning(
                "forbidden path=%s user=%s ip=%s",
                request.path,
                _user_name(request) or "-",
                client_ip(request),
            )
        return response


def render_standalone(template_name: str) -> str:
    """An error page for an answer made without a request: no session, no
    database, only the site's name and address (what every page shows)."""
    return render_to_string(template_name, site(None))


def standalone_security_headers() -> list[tuple[str, str]]:
    """The headers Django's middleware give every answer (SecurityHeadersMiddleware,
    django-csp, SecurityMiddleware), for answers that never pass through them:
    gunicorn's own (core/gunicorn_errors.py) and the reverse proxy's (``manage.py
    error_pages``). Referrer-Policy and Cache-Control are those of customer
    links: the refused request may have been one."""
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


def renew_idle_timer(session, now: float) -> None:
    """Mark ``session`` modified, so it is saved with a fresh SESSION_COOKIE_AGE
    and its cookie sent again."""
    session[SESSION_RENEWED_KEY] = now


class StaffSessionLimitMiddleware:
    """Staff sessions end after 8 hours whatever the activity, and after 30
    idle minutes (SESSION_COOKIE_AGE). The idle timer is renewed at most once
    a minute, not on every request: a session row written per page was most
    of a staff page's cost."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = time.time()
            started = request.session.get(SESSION_STARTED_KEY)
            if now - request.session.get(SESSION_RENEWED_KEY, 0) >= RENEW_EVERY_SECONDS:
                renew_idle_timer(request.session, now)
            if started is None:
                request.session[SESSION_STARTED_KEY] = now
            elif now - started > settings.SESSION_ABSOLUTE_SECONDS:
                security_log.info("session-expired user=%s ip=%s", user.get_username(), client_ip(request))
                logout(request)
                messages.info(
                    request,
                    _(
                        "安全のため、ログインから8時間たったのでログアウトしました。もう一度ログインしてください。"
                    ),
                )
                return redirect_to_login(request.get_full_path())
        return self.get_response(request)


def database_unavailable(request, exception: BaseException) -> HttpResponse:
    """The styled 503 for a database that cannot be reached. Its template
    needs no database, no session and no request context."""
    security_log.error("database-unavailable path=%s error=%s", request.path, type(exception).__name__)
    response = HttpResponse(render_standalone("503.html"), status=503)
    response["Retry-After"] = "30"
    patch_cache_control(response, no_store=True)
    return response


class DatabaseUnavailableMiddleware:
    """When the database is down, answer a styled 503 instead of a 500.

    Where the view fails, here (one log line). Where a middleware fails (the
    session read for a logged-in visitor, the permission check), Django turns
    the exception into its 500 answer at that layer: the 500 handler
    (``core.views.server_error``, ``handler500``) answers the same 503 for
    these errors, and the middleware outside that layer (security headers,
    CSP) still add their headers. So the whole chain answers alike.

    Static files are served by WhiteNoise before this runs, so they still
    load. Django's CONN_HEALTH_CHECKS reconnects on the next request once the
    database is back, without restarting gunicorn.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_ERRORS):
            return database_unavailable(request, exception)
        return None


def _has_nul(request) -> bool:
    """A NUL character in a query, form field or cookie: no browser sends one
    with our pages, and PostgreSQL refuses it in any text it is asked about."""
    pairs = list(request.COOKIES.items())
    for data in (request.GET, request.POST):
        pairs += [(key, value) for key, values in data.lists() for value in values]
    return any("\x00" in key or "\x00" in value for key, value in pairs)


class RequestSanityMiddleware:
    """Refuse, with the styled 400 page and before anything reads the body, a
    request the site cannot read safely: a form or query in a charset other
    than UTF-8 (core/wsgi.py), a Content-Length that is not a whole number
    (core.parsing), a body larger than DATA_UPLOAD_MAX_MEMORY_SIZE
    (Django limits form fields to that size but not uploaded files, and no
    page of the site takes a file), or a NUL character anywhere in a query,
    form or cookie."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if REFUSED_CHARSET in request.META or foreign_charset(request.META.get("CONTENT_TYPE", "")):
            raise BadRequest("request: forms and queries must be UTF-8")
        length = whole_number(request.META.get("CONTENT_LENGTH") or "0")
        if length is None:  # 「²」, "-1", or more digits than any body the site takes
            raise BadRequest("request: Content-Length is not a whole number of at most 18 digits")
        if length > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
            raise RequestDataTooBig("request: the body is larger than DATA_UPLOAD_MAX_MEMORY_SIZE")
        if _has_nul(request):
            raise BadRequest("request: NUL character in a query, form or cookie")
        return self.get_response(request)
