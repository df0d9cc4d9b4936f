import os
import re
import time
import traceback
from pathlib import Path

import pytest
from django.urls import reverse

from core.cache_pages import CSRF_PLACEHOLDER
from kb.views import VOTER_COOKIE

ROOT = Path(__file__).resolve().parents[2]


def test_cached_article_page_is_refreshed_when_an_editor_saves(client, make_article):
    article = make_article(title="最初の題名")
    assert "最初の題名" in client.get(article.get_absolute_url()).content.decode()
    article.title = "直した題名"
    article.save()
    content = client.get(article.get_absolute_url()).content.decode()
    assert "直した題名" in content and "最初の題名" not in content


def test_home_page_cache_follows_publishing_and_related_changes(client, make_article):
    article = make_article(title="注目の解説", featured=True)
    assert "注目の解説" in client.get(reverse("kb:home")).content.decode()
    article.status = article.Status.DRAFT
    article.save()
    assert "注目の解説" not in client.get(reverse("kb:home")).content.decode()
    other = make_article(title="新しい関連記事")
    target = make_article()
    client.get(target.get_absolute_url())
    target.related.add(other)
    assert "新しい関連記事" in client.get(target.get_absolute_url()).content.decode()


def test_each_visitor_gets_a_real_csrf_token_from_a_cached_page(client, make_article):
    article = make_article()
    first = client.get(article.get_absolute_url()).content.decode()
    second = client.get(article.get_absolute_url()).content.decode()
    for content in (first, second):
        assert CSRF_PLACEHOLDER not in content
        assert 'name="csrfmiddlewaretoken" value="' in content


def test_vote_from_a_cached_page_passes_the_csrf_check(make_article):
    from django.test import Client

    article = make_article()
    browser = Client(enforce_csrf_checks=True)
    browser.get(article.get_absolute_url())  # fills the cache
    page = browser.get(article.get_absolute_url()).content.decode()  # served from the cache
    token = page.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    response = browser.post(
        reverse("kb:vote", args=[article.slug]), {"helpful": "yes", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    assert article.votes.count() == 1


def test_a_browser_that_voted_sees_its_vote_not_the_cached_form(client, make_article):
    article = make_article()
    client.get(article.get_absolute_url())
    client.post(reverse("kb:vote", args=[article.slug]), {"helpful": "yes"})
    assert VOTER_COOKIE in client.cookies
    client.cookies.pop("messages", None)
    content = client.get(article.get_absolute_url()).content.decode()
    assert "すでに回答いただいています" in content


# Several processes (gunicorn workers, a management command, other app servers) ----------


def in_another_process(code: str) -> None:
    """Run ``code`` in another process on the test database: a fork of this
    one, with its own copy of the page cache and of the shared numbers, and
    its own database connection (what a second gunicorn worker has). A fork,
    not a fresh interpreter: the same proof without 0.6 s of start-up."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the other process: never back into pytest
        os.close(read)
        status = 1
        try:
            from django.db import connections

            for inherited in connections.all(initialized_only=True):
                inherited.connection = None  # the parent's socket or file handle stays the parent's
            exec(code, {})
            connections.close_all()
            status = 0
        except BaseException:
            os.write(write, traceback.format_exc().encode())
        finally:
            os._exit(status)
    os.close(write)
    with os.fdopen(read, "rb") as errors:
        deadline = time.monotonic() + 60
        while (done := os.waitpid(pid, os.WNOHANG))[0] == 0:
            if time.monotonic() > deadline:
                os.kill(pid, 9)
                os.waitpid(pid, 0)
                pytest.fail("the other process did not finish within 60 s")
            time.sleep(0.005)
        assert os.waitstatus_to_exitcode(done[1]) == 0, errors.read().decode()


def served_within(client, url: str, seconds: float, check) -> bool:
    deadline = time.monotonic() + seconds
    while True:
        response = client.get(url)
        if check(response):
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)


@pytest.mark.django_db(transaction=True)
def test_an_edit_from_another_process_is_served_within_two_seconds(client, make_article, quick_board):
    article = make_article(title="古い題名")
    url = article.get_absolute_url()
    assert "古い題名" in client.get(url).content.decode()  # cached in this process
    in_another_process(
        f"from kb.models import Article\na = Article.objects.get(pk={article.pk})\n"
        "a.title = '新しい題名'\na.save()"
    )
    assert served_within(client, url, 2, lambda r: "新しい題名" in r.content.decode())


@pytest.mark.django_db(transaction=True)
def test_an_article_unpublished_by_another_process_is_gone_within_two_seconds(
    client, make_article, quick_board
):
    article = make_article(title="取り下げる記事", featured=True)
    url = article.get_absolute_url()
    assert client.get(url).status_code == 200 and "取り下げる記事" in client.get("/").content.decode()
    in_another_process(
        f"from kb.models import Article\na = Article.objects.get(pk={article.pk})\n"
        "a.status = Article.Status.DRAFT\na.save()"
    )
    assert served_within(client, url, 2, lambda r: r.status_code == 404)
    assert "取り下げる記事" not in client.get("/").content.decode()


def configured_cache(url: str) -> dict:
    """The default cache config/settings.py builds for DJANGO_CACHE_URL=url."""
    import runpy
    from unittest.mock import patch

    with patch.dict(os.environ, {"DJANGO_CACHE_URL": url}):
        return runpy.run_path(str(ROOT / "config" / "settings.py"))["CACHES"]["default"]


@pytest.fixture
def redis_down(settings):
    """The shared cache configured as in production, on a loopback port where no
    Redis server listens (a stopped Redis looks exactly like this)."""
    import socket

    with socket.socket() as probe:  # a port that was free a moment ago
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.CACHES = {**settings.CACHES, "default": configured_cache(f"redis://127.0.0.1:{port}/0")}


@pytest.fixture
def redis_silent(settings):
    """A Redis address that accepts connections and never answers (a hung server)."""
    import socket

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    cache = configured_cache(f"redis://127.0.0.1:{server.getsockname()[1]}/0")
    # Production gives up on a silent Redis after half a second; these tests after 0.1 s.
    assert (cache["OPTIONS"]["socket_connect_timeout"], cache["OPTIONS"]["socket_timeout"]) == (0.5, 0.5)
    cache["OPTIONS"].update(socket_connect_timeout=0.1, socket_timeout=0.1)
    settings.CACHES = {**settings.CACHES, "default": cache}
    yield
    server.close()


def test_public_pages_and_search_still_answer_while_redis_is_down(client, make_article, redis_down, caplog):
    article = make_article(title="容量がいっぱいのとき")
    for url in (article.get_absolute_url(), reverse("kb:home"), reverse("kb:search") + "?q=容量"):
        response = client.get(url)
        assert response.status_code == 200 and "容量がいっぱいのとき" in response.content.decode()
    assert "cache-unavailable" in caplog.text


def test_a_scheduled_article_appears_on_cached_pages_when_its_time_comes(client, make_article, monkeypatch):
    from datetime import timedelta

    from django.utils import timezone

    now = timezone.now()
    make_article(title="既に公開された記事")
    make_article(title="予約した記事", slug="scheduled", published_at=now + timedelta(hours=1))
    home = reverse("kb:home")
    search = reverse("kb:search") + "?q=予約"
    assert "予約した記事" not in client.get(home).content.decode()
    assert "予約した記事" not in client.get(search).content.decode()
    assert client.get("/articles/scheduled/").status_code == 404
    monkeypatch.setattr(timezone, "now", lambda: now + timedelta(hours=1, seconds=1))
    assert "予約した記事" in client.get(home).content.decode()
    assert "予約した記事" in client.get(search).content.decode()
    assert client.get("/articles/scheduled/").status_code == 200


def test_rebuilding_the_search_index_after_bulk_writes_refreshes_cached_pages(client, make_article):
    from kb.models import Article
    from kb.services import search_index_rebuild

    article = make_article(title="古い題名")
    assert "古い題名" in client.get(reverse("kb:home")).content.decode()
    Article.objects.filter(pk=article.pk).update(title="一括で直した題名")  # no save(), no signal
    search_index_rebuild()
    content = client.get(reverse("kb:home")).content.decode()
    assert "一括で直した題名" in content and "古い題名" not in content


def test_a_redis_that_stops_answering_costs_a_page_about_a_second_not_a_hang(
    client, make_article, redis_silent
):
    article = make_article(title="応答しないキャッシュ")
    started = time.monotonic()
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200 and "応答しないキャッシュ" in response.content.decode()
    # A read and a write, each given up after 0.1 s here (0.5 s in production: about a second).
    assert time.monotonic() - started < 1


def popular_titles(client) -> list[str]:
    content = client.get(reverse("kb:search")).content.decode()
    popular = content.split("よく読まれている記事")[1]
    return re.findall(r"記事[AB]", popular)


def test_the_popular_articles_follow_a_vote_at_once(client, make_article):
    from django.test import Client

    make_article(title="記事A", order=1)
    liked = make_article(title="記事B", order=2)
    assert popular_titles(client) == ["記事A", "記事B"]  # now cached
    Client().post(reverse("kb:vote", args=[liked.slug]), {"helpful": "yes"})
    assert popular_titles(client) == ["記事B", "記事A"]


def test_a_missed_search_leaves_nothing_but_pages_in_the_cache(client, db):
    from django.core.cache import cache

    for _ in range(2):
        assert client.get(reverse("kb:search"), {"q": "存在しない言葉"}).status_code == 200
    keys = list(cache._cache)  # the memory cache of this process
    assert keys and all(":page:" in key for key in keys)
