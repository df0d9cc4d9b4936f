"""The caches hold signed JSON, never pickles (core.cache_backends), and a page's
key ignores query parameters the page does not use (core.cache_pages). The
Redis tests run against a real redis-server (tests/core/conftest.py)."""

import pickle

import pytest
import redis
from django.core.cache import caches
from django.urls import reverse

from core.cache_backends import SignedJSONSerializer


class RunsCode:
    """A pickle that creates a file when it is loaded."""

    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return (open, (self.marker, "w"))


def page_keys(url: str) -> list[bytes]:
    return redis.Redis.from_url(url).keys("*:page:kb.views.article_detail:*")


def forgeries(marker) -> dict[str, bytes]:
    return {
        "a pickle that runs code": pickle.dumps(RunsCode(marker)),
        "a pickled forged page": pickle.dumps(("<h1>偽のページ</h1>", "text/html; charset=utf-8")),
        "an unsigned forged page": '["<h1>偽のページ</h1>","text/html; charset=utf-8"]'.encode(),
        "a number": b"42",
    }


@pytest.mark.parametrize("forgery", list(forgeries("-")))
def test_a_value_written_into_redis_under_a_page_key_is_never_run_nor_served(
    client, make_article, shared_redis, redis_server, tmp_path, forgery, caplog
):
    article = make_article(title="本物の記事")
    assert "本物の記事" in client.get(article.get_absolute_url()).content.decode()
    (key,) = page_keys(redis_server)
    marker = tmp_path / "ran"
    redis.Redis.from_url(redis_server).set(key, forgeries(marker)[forgery])
    response = client.get(article.get_absolute_url())
    content = response.content.decode()
    assert response.status_code == 200 and "本物の記事" in content and "偽のページ" not in content
    assert not marker.exists()
    # Rendered fresh and kept again, signed.
    assert "本物の記事" in client.get(article.get_absolute_url()).content.decode()
    assert SignedJSONSerializer().loads(redis.Redis.from_url(redis_server).get(key)) is not None


def test_a_pickle_is_refused_and_logged(tmp_path, caplog):
    marker = tmp_path / "ran"
    assert SignedJSONSerializer().loads(pickle.dumps(RunsCode(marker))) is None
    assert not marker.exists()
    assert "cache-value-refused" in caplog.text


def test_redis_holds_json_signed_with_the_secret_key(shared_redis, redis_server, settings):
    shared_redis.set("answer", ["ページ", "text/html"])
    raw = redis.Redis.from_url(redis_server).get(":1:answer")
    signature, payload = raw.split(b":", 1)
    assert len(signature) == 64 and payload.decode() == '["ページ","text/html"]'
    assert shared_redis.get("answer") == ["ページ", "text/html"]
    settings.SECRET_KEY = "another-secret-key-" + "x" * 40
    assert shared_redis.get("answer") is None  # signed with another key: a miss


def test_counters_on_redis_count(shared_redis):
    shared_redis.add("votes", 0, 60)
    assert [shared_redis.incr("votes") for _ in range(3)] == [1, 2, 3]
    assert shared_redis.get("votes") == 3


def test_the_memory_cache_holds_only_what_redis_can_hold():
    memory = caches["default"]
    memory.set("page", ("ページ", "text/html"))
    assert memory.get("page") == ["ページ", "text/html"]  # as Redis gives it back
    with pytest.raises(TypeError):
        memory.set("bytes", b"\x80")


def test_unknown_query_parameters_do_not_make_new_cache_entries(
    client, make_article, shared_redis, redis_server
):
    article = make_article(title="共有アドレス")
    for number in range(50):
        response = client.get(article.get_absolute_url(), {"utm_source": f"mail-{number}", "x": "y" * 100})
        assert "共有アドレス" in response.content.decode()
    assert len(page_keys(redis_server)) == 1


def test_a_page_never_sees_parameters_it_did_not_declare(client, make_article):
    for number in range(25):
        make_article(title=f"記事番号{number:02d}", order=number)
    content = client.get(reverse("kb:search"), {"q": "記事番号", "utm_source": "mail"}).content.decode()
    assert "?q=%E8%A8%98%E4%BA%8B%E7%95%AA%E5%8F%B7&amp;page=2" in content  # the next-page link
    assert "utm_source" not in content
