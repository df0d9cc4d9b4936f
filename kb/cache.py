"""The site's page caches: all of their rules are here.

Public knowledge-base pages (``@public_page_cache()``):

- **What is cached**: the 200 answers of decorated views to anonymous GET
  requests: no session cookie, no flash messages, none of the view's
  ``bypass_cookies``. An answer that sets a cookie or streams is never
  cached. The key is the full path, the language and whether htmx asked for
  a fragment. They live in the default cache (``DJANGO_CACHE_URL``).
- **What invalidates it**: a "generation" number is part of every key; any
  save or delete of an article or a category, and any change of an
  article's related articles, bumps it (signals connected in
  ``KbConfig.ready()``), so every cached page goes at once. Pages also expire
  after ``PAGE_TIMEOUT`` as a safety net. An article whose publication time
  comes (``published_at`` in the future when it was saved) changes the key's
  schedule mark at that moment (``PublishSchedule``).

The directors' hearing list (``@staff_page_cache(generation)``):

- **What is cached**: the 200 answers to a director's GET, per user and
  their permissions, full path, language and fragment; never while a flash
  message waits to be shown. Hearings hold customers' personal data, so
  these pages stay in the memory of the process that rendered them
  (``caches["staff-pages"]``, never the shared cache), are dropped as soon as
  the process sees a new generation, and expire after ``STAFF_TIMEOUT``.
  Rendering 20 rows is most of that page's cost; a hit costs the session
  and user look-ups that every staff request pays anyway (permissions are
  kept per process until they change: ``core.permissions``).
- **What invalidates it**: the view's own generation, bumped by any save or
  delete of a hearing, an address or a user (``WizardConfig.ready()``).

Both, across processes and servers:

- The generation lives in the database (``core.generation``), the one thing
  every gunicorn worker, management command and app server shares, whatever
  the cache backend. The bump is written in the same transaction as the
  edit, so a process that reads the new number also reads the edited rows:
  nothing old is ever cached under a new number. Each process reads the
  number at most once a second (a process that bumped it reads it again at
  once), so an edit made anywhere is what every worker serves within about
  a second. With the default per-process memory cache each worker keeps its
  own copy of a public page; ``DJANGO_CACHE_URL`` (Redis, memcached) lets
  several app servers share one copy, invalidated the same way. While the
  database is unreachable a process keeps the number it last read, so
  public pages already cached are still served. While a shared cache (Redis)
  is unreachable, pages are rendered for each request (``safely``).
- **What a cached view must do**: nothing special. The CSRF token differs per
  visitor, so while a page is being cached the ``csrf_token`` context
  variable is a placeholder (``page_cache_csrf``, a context processor), which
  the decorator replaces with the visitor's own token on the way out. A
  public cached view must not put anything visitor-specific into its page.
"""

from __future__ import annotations

import hashlib
import logging
from functools import wraps

from django.conf import settings
from django.core.cache import cache, caches
from django.db.models import Max, Min, Q
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language
from redis.exceptions import RedisError

from core.generation import SharedGeneration

# What a shared cache that cannot be reached raises (DJANGO_CACHE_URL=redis://…).
CACHE_ERRORS = (RedisError, OSError)
log = logging.getLogger("mailnavi.cache")

PAGES = SharedGeneration("kb-pages")
PAGE_TIMEOUT = 60 * 10  # a safety net; saves invalidate at once
STAFF_TIMEOUT = 60
CSRF_PLACEHOLDER = "kb-csrf-placeholder-5b1c0e"


def bump_generation(**_kwargs) -> None:
    """Invalidate every cached KB page, in every process (connected to model
    signals in apps.py)."""
    PAGES.bump()


def page_cache_csrf(request) -> dict:
    """Context processor: the placeholder instead of the token while a page is
    rendered for the cache (it runs after Django's own csrf processor)."""
    return {"csrf_token": CSRF_PLACEHOLDER} if getattr(request, "_kb_page_cache", False) else {}


def _cacheable(request, bypass_cookies: tuple[str, ...]) -> bool:
    if request.method != "GET":
        return False
    cookies = request.COOKIES
    # A session (logged-in staff, flash messages) or a personal cookie means
    # the page may differ for this visitor.
    personal = (settings.SESSION_COOKIE_NAME, "messages", *bypass_cookies)
    return not any(name in cookies for name in personal)


class PublishSchedule:
    """What public pages show also changes without a save: when a published
    article's ``published_at`` comes. Each process knows, per generation, when
    the next such moment is (one query); once it has passed, the mark in the
    page keys changes, so no page is served older than the schedule. Between
    those moments it costs nothing."""

    def __init__(self):
        self.generation: int | None = None
        self.next_at = None
        self.mark = ""

    def forget(self) -> None:
        self.__init__()

    def current(self, generation: int) -> str:
        now = timezone.now()
        if generation != self.generation or (self.next_at is not None and now >= self.next_at):
            from .models import Article

            times = Article.objects.filter(status=Article.Status.PUBLISHED).aggregate(
                latest=Max("published_at", filter=Q(published_at__lte=now)),
                upcoming=Min("published_at", filter=Q(published_at__gt=now)),
            )
            latest, self.next_at = times["latest"], times["upcoming"]
            self.mark = f"{latest.timestamp():.6f}" if latest else "-"
            self.generation = generation
        return self.mark


SCHEDULE = PublishSchedule()


def public_page_cache(*, bypass_cookies: tuple[str, ...] = ()):
    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not _cacheable(request, bypass_cookies):
                return view(request, *args, **kwargs)
            generation = PAGES.current()
            key = f"kb:page:{generation}:{SCHEDULE.current(generation)}:{_variant(request)}"
            response = _serve(request, cache, key, PAGE_TIMEOUT, lambda: view(request, *args, **kwargs))
            patch_vary_headers(response, ["HX-Request", "Cookie"])
            return response

        return wrapper

    return decorator


def staff_page_cache(generation: SharedGeneration):
    """For a view behind the director check (see the module's docstring)."""
    store = caches["staff-pages"]
    seen = {"generation": None}

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method != "GET" or "messages" in request.COOKIES or "_messages" in request.session:
                return view(request, *args, **kwargs)
            current = generation.current()
            if seen["generation"] != current:
                store.clear()  # nothing of an older generation stays in memory
                seen["generation"] = current
            user = request.user
            permissions = hashlib.sha256(repr(sorted(user.get_all_permissions())).encode()).hexdigest()
            key = f"staff:{current}:{user.pk}:{user.is_superuser}:{permissions}:{_variant(request)}"
            return _serve(request, store, key, STAFF_TIMEOUT, lambda: view(request, *args, **kwargs))

        return wrapper

    return decorator


def _variant(request) -> str:
    fragment = bool(request.htmx) and not request.htmx.history_restore_request
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return f"{get_language()}:{int(fragment)}:{path}"


def _serve(request, store, key: str, timeout: int, render) -> HttpResponse:
    """The cached page for ``key``, or ``render()`` it (with the CSRF placeholder) and keep it.
    A cache that cannot be reached (Redis down) only costs the rendering."""
    hit = safely(store.get, key)
    if hit is None:
        request._kb_page_cache = True
        response = render()
        if response.status_code != 200 or response.streaming or response.cookies:
            return _with_token(request, response)
        hit = (response.content.decode(), response["Content-Type"])
        safely(store.set, key, hit, timeout)
    content, content_type = hit
    return HttpResponse(content.replace(CSRF_PLACEHOLDER, get_token(request)), content_type=content_type)


def safely(operation, *args):
    """A cache read or write; None when the cache cannot be reached, which is
    logged: pages are then rendered each time instead of failing."""
    try:
        return operation(*args)
    except CACHE_ERRORS as error:
        log.warning("cache-unavailable error=%s", type(error).__name__)
        return None


def _with_token(request, response: HttpResponse) -> HttpResponse:
    if not response.streaming and CSRF_PLACEHOLDER.encode() in response.content:
        response.content = response.content.replace(CSRF_PLACEHOLDER.encode(), get_token(request).encode())
    return response
