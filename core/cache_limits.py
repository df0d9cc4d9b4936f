"""How often one client (or one thing) did something lately: counters in the
default cache, for limits on what anonymous visitors may send.

Each counter counts in fixed windows of ``seconds`` (one cache entry per
window, gone after it). With ``DJANGO_CACHE_URL`` every process and server
counts together; with the per-process memory cache each gunicorn worker
counts for itself, so a client may get up to ``limit`` per worker. A cache
that cannot be reached counts nothing: the limit is then not applied
(``core.cache.safely`` logs it).
"""

from __future__ import annotations

import time

from django.core.cache import cache
from django.utils.crypto import salted_hmac

from .cache import safely
from .security import client_ip

clock = time.time  # the windows' clock (tests hold it still)


def over_limit(name: str, *, limit: int, seconds: int) -> bool:
    """Count one more for ``name`` in this window; True when that is past ``limit``."""
    key = f"limit:{name}:{int(clock() // seconds)}"
    safely(cache.add, key, 0, seconds + 1)
    try:
        count = safely(cache.incr, key)
    except ValueError:  # the entry went between add and incr (evicted): count again
        return False
    return count is not None and count > limit


def client_key(request) -> str:
    """The client's address as a counter's name may hold it: a keyed digest, so
    the shared cache holds no visitor's address."""
    return salted_hmac("core.cache_limits", client_ip(request)).hexdigest()[:32]
