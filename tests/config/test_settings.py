"""Settings read from the environment: every documented value works as documented.

config/settings.py is read here as a starting server reads it, with the
environment under test (in this process), and what it builds is used for real:
a database connection, a cache backend."""

import os
import runpy
from pathlib import Path
from unittest.mock import patch

import pytest
from django.core.exceptions import ImproperlyConfigured

ROOT = Path(__file__).resolve().parents[2]


def settings_with(**environment) -> dict:
    """The settings config/settings.py makes with test settings and ``environment``
    instead of the test run's own database and cache."""
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_CACHE_URL"}}
    env.update({"DJANGO_TESTING": "1", **environment})
    with patch.dict(os.environ, env, clear=True):
        return runpy.run_path(str(ROOT / "config" / "settings.py"), run_name="config.settings")


def test_a_sqlite_database_url_works_like_the_default_sqlite_file(tmp_path, django_db_blocker):
    from django.db.utils import ConnectionHandler

    configured = settings_with(DATABASE_URL=f"sqlite:///{tmp_path / 'from-url.sqlite3'}")
    connection = ConnectionHandler(configured["DATABASES"])["default"]
    with django_db_blocker.unblock():
        try:
            with connection.cursor() as cursor:  # connect_timeout here used to be a TypeError
                cursor.execute("PRAGMA journal_mode")
                mode = cursor.fetchone()[0]
                cursor.execute("CREATE TABLE written (x)")
        finally:
            connection.close()
    assert mode == "wal"
    assert (tmp_path / "from-url.sqlite3").stat().st_size > 0


def test_a_redis_cache_url_gives_a_redis_cache_backend():
    from django.core.cache import CacheHandler

    # Port 9 (discard) on loopback: nothing answers; only the client library is needed to build the backend.
    configured = settings_with(DJANGO_CACHE_URL="redis://127.0.0.1:9/0")
    cache = CacheHandler(configured["CACHES"])["default"]
    assert type(cache._cache).__name__ == "RedisCacheClient"


def test_a_cache_url_the_site_cannot_use_safely_refuses_to_start():
    for url in ("memcached://127.0.0.1:11211", "redis:/typo", "locmem://"):
        with pytest.raises(ImproperlyConfigured, match="DJANGO_CACHE_URL"):
            settings_with(DJANGO_CACHE_URL=url)


def test_every_cache_the_settings_make_holds_json_not_pickles():
    from django.core.cache import CacheHandler

    from core.cache_backends import LocMemCache, SignedJSONSerializer

    shared = CacheHandler(settings_with(DJANGO_CACHE_URL="rediss://:pw@127.0.0.1:9/0")["CACHES"])
    assert isinstance(shared["default"]._cache._serializer, SignedJSONSerializer)
    alone = CacheHandler(settings_with()["CACHES"])
    assert isinstance(alone["default"], LocMemCache) and isinstance(alone["staff-pages"], LocMemCache)
