"""What the caches may hold: JSON, never pickles (``config/settings.py`` CACHES).

Django's Redis backend pickles what it stores and unpickles what it reads:
anyone who can write to the Redis server (a shared Redis, a neighbour on
its network) could make an app server run code by replacing one cached
page. Here:

- **Redis** (``SignedJSONSerializer``): values are JSON, and each carries an
  HMAC-SHA256 of it keyed by ``SECRET_KEY``. What cannot be verified (a
  pickle, a forged or damaged page, a value written with another secret key)
  is read as a miss and logged (``cache-value-refused``): the page is
  rendered fresh. Integers are stored bare, as Django does, so ``incr()``
  stays atomic; an integer runs no code and is never a page.
- **The per-process memory cache** (``LocMemCache``, the default and the
  staff pages) holds only what JSON can hold too, as Redis would return it
  (a tuple comes back a list), so a value that the shared cache would refuse
  fails in development and in tests, not first in production.
"""

from __future__ import annotations

import hmac
import json
import logging

from django.core.cache.backends import locmem
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.utils.crypto import salted_hmac

log = logging.getLogger("mailnavi.cache")

SALT = "core.cache_backends.SignedJSONSerializer"
DIGEST_LENGTH = 64  # hex of SHA-256


def _json(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode()


def _signature(payload: bytes) -> bytes:
    return salted_hmac(SALT, payload, algorithm="sha256").hexdigest().encode()


class SignedJSONSerializer:
    """For Django's RedisCache (``OPTIONS["serializer"]``)."""

    def dumps(self, value):
        if type(value) is int:  # not bool: incr() needs the bare number
            return value
        payload = _json(value)
        return _signature(payload) + b":" + payload

    def loads(self, data: bytes):
        try:
            return int(data)
        except ValueError:
            pass
        signature, colon, payload = (
            data[:DIGEST_LENGTH],
            data[DIGEST_LENGTH : DIGEST_LENGTH + 1],
            data[DIGEST_LENGTH + 1 :],
        )
        if colon == b":" and hmac.compare_digest(signature, _signature(payload)):
            return json.loads(payload)
        log.warning("cache-value-refused bytes=%d", len(data))
        return None


class LocMemCache(locmem.LocMemCache):
    """Django's memory cache, for values JSON can hold (see the module's docstring)."""

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return super().add(key, json.loads(_json(value)), timeout, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        super().set(key, json.loads(_json(value)), timeout, version)
