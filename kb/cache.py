"""The page cache of public knowledge-base pages: all of its rules are here.

- **What is cached**: the 200 answers of views decorated with
  ``@public_page_cache()`` to anonymous GET requests: no session cookie, no
  flash messages, none of the view's ``bypass_cookies``. An answer that sets
  a cookie or streams is never cached. The key is the full path, the
  language and whether htmx asked for a fragment.
- **What invalidates it**: a "generation" number is part of every key; any
  save or delete of an article or a category, and any change of an
  article's related articles, bumps it (signals connected in
  ``KbConfig.ready()``), so every cached page goes at once. Pages also expire
  after ``PAGE_TIMEOUT`` as a safety net.
- **Across processes and servers**: the generation lives in the database
  (``core.Generation``), the one thing every gunicorn worker, management
  command and app server shares, whatever the cache backend. The bump is
  written in the same transaction as the edit, so a process that reads the
  new number also reads the edited article: nothing old is ever cached
  under a new number. Each process reads the number at most once every
  ``GENERATION_CHECK_SECONDS`` (one indexed one-row query; a process that
  bumped it reads it again at once), so an edit made anywhere is what every
  worker serves within about a second. With the default per-process memory
  cache each worker keeps its own copy of a page; ``DJANGO_CACHE_URL``
  (Redis, memcached) lets several app servers share one copy, invalidated
  the same way. While the database is unreachable a process keeps the
  number it last read, so pages already cached are still served.
- **What a cached view must do**: nothing special. The CSRF token differs per
  visitor, so while a page is being cached the ``csrf_token`` context
  variable is a placeholder (``page_cache_csrf``, a context processor), which
  the decorator replaces with the visitor's own token on the way out. A
  cached view must not put anything visitor-specific into its page.
"""

from __future__ import annotations

import hashlib
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

from core.models import Generation

GENERATION = "kb-pages"
GENERATION_CHECK_SECONDS = 1.0
PAGE_TIMEOUT = 60 * 10  # a safety net; saves invalidate at once
CSRF_PLACEHOLDER = "kb-csrf-placeholder-5b1c0e"

# This process's last reading of the generation: (value, time.monotonic() then).
_seen: list = [None, 0.0]


def generation() -> int:
    value, read_at = _seen
    now = time.monotonic()
    if value is None or now - read_at >= GENERATION_CHECK_SECONDS:
        try:
            value = Generation.objects.value_of(GENERATION)
        except DatabaseError:
            if value is None:
                raise
        _seen[:] = [value, now]
    return value


def bump_generation(**_kwargs) -> None:
    """Invalidate every cached KB page, in every process (connected to model
    signals in apps.py)."""
    Generation.objects.bump(GENERATION)
    _seen[1] = 0.0  # this process reads the new number at its next page


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


def public_page_cache(*, bypass_cookies: tuple[str, ...] = ()):
    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not _cacheable(request, bypass_cookies):
                return view(request, *args, **kwargs)
            fragment = bool(request.htmx) and not request.htmx.history_restore_request
            path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
            key = f"kb:page:{generation()}:{get_language()}:{int(fragment)}:{path}"
            hit = cache.get(key)
            if hit is None:
                request._kb_page_cache = True
                response = view(request, *args, **kwargs)
                if response.status_code != 200 or response.streaming or response.cookies:
                    return _with_token(request, response)
                hit = (response.content.decode(), response["Content-Type"])
                cache.set(key, hit, PAGE_TIMEOUT)
            content, content_type = hit
            response = HttpResponse(
                content.replace(CSRF_PLACEHOLDER, get_token(request)), content_type=content_type
            )
            patch_vary_headers(response, ["HX-Request", "Cookie"])
            return response

        return wrapper

    return decorator


def _with_token(request, response: HttpResponse) -> HttpResponse:
    if not response.streaming and CSRF_PLACEHOLDER.encode() in response.content:
        response.content = response.content.replace(CSRF_PLACEHOLDER.encode(), get_token(request).encode())
    return response
