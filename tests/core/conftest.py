import os
import secrets
import shutil
import socket
import subprocess
import time

import pytest


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory):
    """A real Redis (Debian's redis-server) on a loopback port of its own, set up
    as the README's topology says: a password, a memory cap with LRU eviction,
    nothing written to disk. Yields its URL; stopped by PID."""
    if not shutil.which("redis-server"):
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("redis-server is needed in CI (apt-get install redis-server)")
        pytest.skip("redis-server is not installed")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    password = secrets.token_hex(16)
    folder = tmp_path_factory.mktemp("redis")
    process = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--requirepass", password,
         "--maxmemory", "32mb", "--maxmemory-policy", "allkeys-lru",
         "--save", "", "--appendonly", "no", "--dir", str(folder)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("redis-server did not start") from None
                time.sleep(0.05)
        yield f"redis://:{password}@127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def shared_redis(redis_server, settings):
    """The default cache configured from DJANGO_CACHE_URL as config/settings.py
    builds it, on the real Redis; emptied before and after."""
    from django.core.cache import caches

    from tests.kb.test_cache import configured_cache

    settings.CACHES = {**settings.CACHES, "default": configured_cache(redis_server)}
    caches["default"].clear()
    yield caches["default"]
    caches["default"].clear()
