"""Settings read from the environment: every documented value works as documented."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_django(code: str, **environment) -> subprocess.CompletedProcess:
    """``code`` in a fresh Python process after ``django.setup()``, with test
    settings and ``environment`` instead of the test run's own database."""
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_CACHE_URL"}}
    env.update({"DJANGO_SETTINGS_MODULE": "config.settings", "DJANGO_TESTING": "1", **environment})
    return subprocess.run(
        [sys.executable, "-c", "import django\ndjango.setup()\n" + code],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_a_sqlite_database_url_works_like_the_default_sqlite_file(tmp_path):
    url = f"sqlite:///{tmp_path / 'from-url.sqlite3'}"
    result = run_django(
        "from django.core.management import call_command\n"
        "from django.db import connection\n"
        "call_command('migrate', verbosity=0)\n"
        "with connection.cursor() as cursor:\n"
        "    cursor.execute('PRAGMA journal_mode')\n"
        "    print(cursor.fetchone()[0])\n",
        DATABASE_URL=url,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "wal"
    assert (tmp_path / "from-url.sqlite3").stat().st_size > 0


def test_a_redis_cache_url_gives_a_redis_cache_backend():
    # Port 9 (discard) on loopback: nothing answers; only the client library is needed to build the backend.
    result = run_django(
        "from django.core.cache import cache\nprint(type(cache._cache).__name__)",
        DJANGO_CACHE_URL="redis://127.0.0.1:9/0",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "RedisCacheClient"
