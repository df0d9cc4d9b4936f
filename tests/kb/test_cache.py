from django.urls import reverse

from kb.cache import CSRF_PLACEHOLDER
from kb.views import VOTER_COOKIE


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
