"""Site-wide small views: health checks, robots.txt, favicon, the 500 handler."""

import os
import sys
import threading
import uuid

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.locmem import LocMemCache
from django.db import DatabaseError, connection, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET

from .security import DATABASE_ERRORS, database_unavailable, render_standalone

# How long the health check lets PostgreSQL run its query (connecting is
# bounded by the connect_timeout of settings.DATABASES, 2 s; a Redis cache by
# its socket timeouts, 0.5 s).
HEALTH_STATEMENT_MS = 1000
_HOST = uuid.uuid4().hex  # with the process and thread: no two probes share a key


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        f"Disallow: {reverse('admin:index')}",
        f"Sitemap: {settings.SITE_URL}{reverse('sitemap')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers and the admin ask for /favicon.ico; ours is an SVG in static/."""
    return redirect(static("favicon.svg"), permanent=True)


def _database_answers() -> bool:
    try:
        if connection.vendor == "postgresql":
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SET LOCAL statement_timeout = %s", [HEALTH_STATEMENT_MS])
                cursor.execute("SELECT 1 FROM django_migrations LIMIT 1")
        else:  # SQLite: a read never waits for a writer (WAL); BEGIN IMMEDIATE would
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1 FROM django_migrations LIMIT 1")
    except DatabaseError:
        return False
    return True


def _shared_cache_answers() -> bool | None:
    """A round trip to the shared cache (Redis, memcached); None when the
    cache is each process's own memory, which cannot be down."""
    cache = caches["default"]
    if isinstance(cache, LocMemCache | DummyCache):
        return None
    key, value = f"core:healthz:{_HOST}:{os.getpid()}:{threading.get_ident()}", uuid.uuid4().hex
    try:
        cache.set(key, value, timeout=30)
        return cache.get(key) == value
    except Exception:  # any failure of the client (refused, timed out, out of memory) means "not answering"
        return False


@require_GET
def livez(request: HttpRequest) -> HttpResponse:
    """The process answers: 200 ``ok`` without asking the database or the
    cache (a supervisor's liveness probe; ``make bench``'s bare view). Whether
    the site can serve pages is ``healthz``."""
    response = HttpResponse("ok\n", content_type="text/plain; charset=utf-8")
    patch_cache_control(response, no_store=True)
    return response


@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """For load balancers: 200 when the database (and a shared cache, when
    configured) answer, otherwise 503; the JSON body names each part, e.g.
    ``{"status": "unavailable", "database": "unavailable", "cache": "ok"}``."""
    parts = {"database": _database_answers(), "cache": _shared_cache_answers()}
    answers = {name: "ok" if ok else "unavailable" for name, ok in parts.items() if ok is not None}
    healthy = all(answer == "ok" for answer in answers.values())
    response = JsonResponse(
        {"status": "ok" if healthy else "unavailable", **answers}, status=200 if healthy else 503
    )
    patch_cache_control(response, no_store=True)
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """``handler500``: Django calls it for an exception raised anywhere in the
    chain, a middleware included. A database that cannot be reached gets the
    styled 503 (core/security.py); anything else the 500 page. Neither needs
    the database, the session or a request context."""
    exception = sys.exception()
    if isinstance(exception, DATABASE_ERRORS):
        return database_unavailable(request, exception)
    return HttpResponseServerError(render_standalone("500.html"))
