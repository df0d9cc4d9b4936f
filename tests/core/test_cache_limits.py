"""Counters in the default cache (core.cache_limits), in memory and on a real Redis."""

import pytest
from django.test import RequestFactory

from core import cache_limits
from core.cache_limits import client_key, over_limit


@pytest.fixture(autouse=True)
def still_clock(monkeypatch):
    monkeypatch.setattr(cache_limits, "clock", lambda: 1_800_000_000.0)


def test_a_counter_is_over_its_limit_from_the_first_count_past_it():
    assert [over_limit("test:memory", limit=3, seconds=60) for _ in range(5)] == [False] * 3 + [True] * 2


def test_counters_on_redis_are_shared_and_hold_no_client_address(shared_redis, redis_server):
    import redis

    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.7")
    name = f"test:{client_key(request)}"
    assert [over_limit(name, limit=2, seconds=60) for _ in range(3)] == [False, False, True]
    keys = redis.Redis.from_url(redis_server).keys("*limit:*")
    assert len(keys) == 1 and b"203.0.113.7" not in keys[0]


def test_with_the_cache_down_nothing_is_limited(settings):
    import socket

    from tests.kb.test_cache import configured_cache

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.CACHES = {**settings.CACHES, "default": configured_cache(f"redis://127.0.0.1:{port}/0")}
    assert [over_limit("test:down", limit=1, seconds=60) for _ in range(3)] == [False] * 3


@pytest.mark.parametrize("address", ["203.0.113.7", "2001:db8::1"])
def test_a_client_key_is_the_same_for_one_address_and_differs_between_addresses(address):
    factory = RequestFactory()
    one = client_key(factory.get("/", REMOTE_ADDR=address))
    assert one == client_key(factory.get("/", REMOTE_ADDR=address))
    assert one != client_key(factory.get("/", REMOTE_ADDR="198.51.100.1"))
