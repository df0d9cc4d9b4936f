"""The admin speaks Japanese to directors and editors: its own name, the login
lockout records, every page a director reaches, and who saved an article first."""

import re
from html import unescape

from django.urls import reverse

from kb.models import Article
from tests.kb.test_admin import _form_data


def visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return unescape(re.sub(r"<[^>]+>", " ", html))


def admin_pages(client, limit=40):
    """Every admin page reachable from the index by links (no delete, no logout)."""
    seen, todo, pages = set(), [reverse("admin:index")], {}
    while todo and len(seen) < limit:
        url = todo.pop()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        assert response.status_code in (200, 302, 403), url
        if response.status_code == 200 and "text/html" in response["Content-Type"]:
            html = response.content.decode()
            pages[url] = html
            todo += [u for u in re.findall(r'href="(/admin/[^"#?]*)"', html) if "delete" not in u]
    return pages


def test_the_admin_calls_itself_by_the_sites_name(client, admin_user):
    client.force_login(admin_user)
    html = client.get(reverse("admin:index")).content.decode()
    assert "メール設定ナビ 管理画面" in html
    assert "Django" not in visible_text(html)


def test_the_login_lockout_records_have_japanese_names(client, admin_user):
    client.force_login(admin_user)
    text = visible_text(client.get(reverse("admin:index")).content.decode())
    assert "ログイン制限" in text and "ログイン試行" in text and "ログイン記録" in text
    assert "Axes" not in text and "access attempt" not in text.lower()


def test_every_admin_page_a_director_reaches_is_in_japanese(client, director, complete):
    complete()
    client.force_login(director)
    pages = admin_pages(client)
    assert reverse("admin:wizard_hearing_changelist") in pages
    assert any("/admin/wizard/mailbox/" in url and url.endswith("/change/") for url in pages)
    for url, html in pages.items():
        words = set(
            re.findall(r"\b(?:Hearing|Position|Last saved step|Django|Loaded version)\b", visible_text(html))
        )
        assert not words, (url, words)


def test_a_stale_save_of_your_own_says_you_saved_in_another_tab(client, admin_user, make_article):
    article = make_article(title="元の題名")
    stale = _form_data(article, title="古いタブからの変更")
    client.force_login(admin_user)
    client.post(reverse("admin:kb_article_change", args=[article.pk]), _form_data(article, title="別のタブ"))
    content = client.post(reverse("admin:kb_article_change", args=[article.pk]), stale).content.decode()
    assert "ご自身が別のタブ" in content
    assert f"{admin_user.get_username()}さん" not in content


def test_a_stale_save_after_someone_else_names_them(client, admin_user, django_user_model, make_article):
    other = django_user_model.objects.create_superuser(username="suzuki", password="x" * 16, email="s@e.jp")
    article = make_article(title="元の題名")
    stale = _form_data(article, title="古いタブからの変更")
    client.force_login(other)
    client.post(
        reverse("admin:kb_article_change", args=[article.pk]), _form_data(article, title="鈴木の変更")
    )
    client.force_login(admin_user)
    content = client.post(reverse("admin:kb_article_change", args=[article.pk]), stale).content.decode()
    assert "suzukiさんが" in content
    assert Article.objects.get(pk=article.pk).title == "鈴木の変更"
