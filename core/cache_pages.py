"""The site's page caches: all of their rules are here.

Public pages (``@public_page_cache(reads=…, params=…)``):

- **What is cached**: the 200 answers of decorated views to anonymous GET
  requests: no session cookie, no flash messages, none of the view's
  ``bypass_cookies``. An answer that sets a cookie or streams is never
  cached. They live in the default cache (``DJANGO_CACHE_URL``).
- **The key**: the view, the numbers of the models it declared (``reads``,
  ``core.cache``), the language, whether htmx asked for a fragment, the path
  and the query parameters the view declared (``params``). The view only
  ever sees those parameters (``request.GET`` is cut down to them, cached or
  not), so ``/?utm=…`` is the same page as ``/`` and costs no new entry.
- **What invalidates it**: a change to any model it declared (derived from
  the declaration, ``core.cache``); ``mark`` adds what else the page
  depends on (``kb.cache.SCHEDULE``: the moment an article's publication
  time comes). Pages also expire after ``PAGE_TIMEOUT`` as a safety net.

Staff pages (``@staff_page_cache(reads=…, params=…)``), behind the director
check:

- **What is cached**: the 200 answers to a director's GET, per user and
  their permissions; never while a flash message waits. They hold customers'
  personal data, so they stay in the memory of the process that rendered
  them (``caches["staff-pages"]``, never the shared cache), are dropped as
  soon as the process sees a change to what they declared, and expire after
  ``STAFF_TIMEOUT``.

Both: a change made anywhere is served by every worker and server within
about a second (``core.generation``). While a shared cache (Redis) is
unreachable, pages are rendered for each request (``safely``). The CSRF
token differs per visitor, so while a page is being cached the
``csrf_token`` context variable is a placeholder (``page_cache_csrf``, a
context processor), which the decorator replaces with the visitor's own
token on the way out. A public cached view must not put anything
visitor-specific into its page.
"""

from __future__ import annotations

import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import cache, caches
from django.http import HttpResponse, QueryDict
from django.middleware.csrf import get_token
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

from .cache import Dependencies, safely

PAGE_TIMEOUT = 60 * 10  # a safety net; changes invalidate at once
STAFF_TIMEOUT = 60
CSRF_PLACEHOLDER = "page-cache-csrf-placeholder-5b1c0e"


def page_cache_csrf(request) -> dict:
    """Context processor: the placeholder instead of the token while a page is
    rendered for the cache (it runs after Django's own csrf processor)."""
    return {"csrf_token": CSRF_PLACEHOLDER} if getattr(request, "_page_cache", False) else {}


def public_page_cache(
    *, reads, params: tuple[str, ...] = (), bypass_cookies: tuple[str, ...] = (), mark=None
):
    """For a public view (see the module's docstring). ``mark``: a callable whose
    text goes into the key, for what the page depends on besides ``reads``."""

    def decorator(view):
        page = Dependencies(f"{view.__module__}.{view.__name__}", *reads)

        @wraps(view)
        def wrapper(request, *args, **kwargs):
            request.GET = _only(request.GET, params)
            if not _cacheable(request, bypass_cookies):
                return view(request, *args, **kwargs)
            extra = mark() if mark else ""
            key = f"page:{page.name}:{page.stamp()}:{extra}:{_variant(request)}"
            response = _serve(request, page, cache, key, PAGE_TIMEOUT, lambda: view(request, *args, **kwargs))
            patch_vary_headers(response, ["HX-Request", "Cookie"])
            return response

        wrapper.cache_dependencies = page
        return wrapper

    return decorator


def staff_page_cache(*, reads, params: tuple[str, ...] = ()):
    """For a view behind the director check (see the module's docstring)."""
    store = caches["staff-pages"]

    def decorator(view):
        page = Dependencies(f"{view.__module__}.{view.__name__}", *reads)
        seen = {"stamp": None}

        @wraps(view)
        def wrapper(request, *args, **kwargs):
            request.GET = _only(request.GET, params)
            if request.method != "GET" or "messages" in request.COOKIES or "_messages" in request.session:
                return view(request, *args, **kwargs)
            stamp = page.stamp()
            if seen["stamp"] != stamp:
                store.clear()  # nothing read before a change stays in memory
                seen["stamp"] = stamp
            user = request.user
            permissions = hashlib.sha256(repr(sorted(user.get_all_permissions())).encode()).hexdigest()
            key = f"staff:{page.name}:{stamp}:{user.pk}:{user.is_superuser}:{permissions}:{_variant(request)}"
            return _serve(request, page, store, key, STAFF_TIMEOUT, lambda: view(request, *args, **kwargs))

        wrapper.cache_dependencies = page
        return wrapper

    return decorator


def _only(query: QueryDict, params: tuple[str, ...]) -> QueryDict:
    """The query string's declared parameters, in their order; nothing else."""
    kept = QueryDict(mutable=True)
    for name in params:
        if name in query:
            kept.setlist(name, query.getlist(name))
    kept._mutable = False
    return kept


def _cacheable(request, bypass_cookies: tuple[str, ...]) -> bool:
    if request.method != "GET":
        return False
    cookies = request.COOKIES
    # A session (logged-in staff, flash messages) or a personal cookie means
    # the page may differ for this visitor.
    personal = (settings.SESSION_COOKIE_NAME, "messages", *bypass_cookies)
    return not any(name in cookies for name in personal)


def _variant(request) -> str:
    fragment = bool(request.htmx) and not request.htmx.history_restore_request
    address = f"{request.path}?{request.GET.urlencode()}"
    return f"{get_language()}:{int(fragment)}:{hashlib.sha256(address.encode()).hexdigest()}"


def _serve(request, page: Dependencies, store, key: str, timeout: int, render) -> HttpResponse:
    """The cached page for ``key``, or render it (with the CSRF placeholder) and keep it.
    A cache that cannot be reached (Redis down) only costs the rendering; an
    entry that is not a page (``core.cache_serializers`` refused it) is rendered again."""
    hit = safely(store.get, key)
    if not _is_page(hit):
        request._page_cache = True
        response = page.fill(render)
        if response.status_code != 200 or response.streaming or response.cookies:
            return _with_token(request, response)
        hit = (response.content.decode(), response["Content-Type"])
        safely(store.set, key, hit, timeout)
    content, content_type = hit
    return HttpResponse(content.replace(CSRF_PLACEHOLDER, get_token(request)), content_type=content_type)


def _is_page(value) -> bool:
    return (
        isinstance(value, list | tuple) and len(value) == 2 and all(isinstance(part, str) for part in value)
    )


def _with_token(request, response: HttpResponse) -> HttpResponse:
    if not response.streaming and CSRF_PLACEHOLDER.encode() in response.content:
        response.content = response.content.replace(CSRF_PLACEHOLDER.encode(), get_token(request).encode())
    return response
