from django.urls import reverse

from kb.models import Article


def _form_data(article, **changes):
    data = {
        "title": article.title,
        "slug": article.slug,
        "category": article.category_id,
        "status": article.status,
        "summary": article.summary,
        "body": article.body,
        "order": article.order,
        "loaded_version": article.version,
        "related": [],
        "author": "",
        "published_at_0": "",
        "published_at_1": "",
    }
    data.update(changes)
    return data


def test_admin_lists_articles_with_status_and_category_filters(client, admin_user, make_article):
    make_article(title="公開中の記事")
    make_article(title="下書きの記事", status=Article.Status.DRAFT)
    client.force_login(admin_user)
    response = client.get(reverse("admin:kb_article_changelist"), {"status__exact": "draft"})
    content = response.content.decode()
    assert "下書きの記事" in content and "公開中の記事" not in content
    assert "役に立った" in content


def test_admin_preview_renders_sanitised_markdown(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:kb_article_preview"),
        {"body": "## 見出し\n\n<script>alert(1)</script>\n\n| a | b |\n|---|---|\n| 1 | 2 |"},
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert '<h2 id="sec-1">見出し</h2>' in content
    assert "<table>" in content
    assert "<script>" not in content


def test_admin_preview_is_for_staff_only_and_post_only(client, admin_user):
    url = reverse("admin:kb_article_preview")
    assert client.post(url, {"body": "x"}).status_code == 302  # to the admin login
    client.force_login(admin_user)
    assert client.get(url).status_code == 405


def test_change_form_contains_the_live_preview(client, admin_user, make_article):
    article = make_article()
    client.force_login(admin_user)
    content = client.get(reverse("admin:kb_article_change", args=[article.pk])).content.decode()
    assert 'id="markdown-preview"' in content
    assert f'hx-post="{reverse("admin:kb_article_preview")}"' in content


def test_admin_saves_an_article_and_records_who_changed_it(client, admin_user, make_article):
    article = make_article()
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:kb_article_change", args=[article.pk]), _form_data(article, title="新しい題名")
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "新しい題名"
    assert article.history.first().history_user == admin_user


def test_stale_save_is_refused_and_keeps_the_typed_text(client, admin_user, make_article):
    article = make_article(title="元の題名")
    stale = _form_data(article, title="古い画面からの変更")
    # Another editor saves first.
    article.title = "先に保存された題名"
    article.save()
    client.force_login(admin_user)
    response = client.post(reverse("admin:kb_article_change", args=[article.pk]), stale)
    content = response.content.decode()
    assert response.status_code == 200
    assert "この記事は、編集を始めたあとに別の編集者が" in content
    assert "古い画面からの変更" in content  # what the editor typed is still on screen
    article.refresh_from_db()
    assert article.title == "先に保存された題名"


def test_publish_and_unpublish_actions(client, admin_user, make_article):
    draft = make_article(status=Article.Status.DRAFT)
    client.force_login(admin_user)
    url = reverse("admin:kb_article_changelist")
    client.post(url, {"action": "publish", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.status == Article.Status.PUBLISHED and draft.published_at is not None
    client.post(url, {"action": "unpublish", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.status == Article.Status.DRAFT


def test_an_earlier_revision_can_be_restored(client, admin_user, make_article):
    article = make_article(title="第1版", body="## 最初\n\n最初の本文")
    client.force_login(admin_user)
    client.post(
        reverse("admin:kb_article_change", args=[article.pk]),
        _form_data(article, title="第2版", body="## 二番目\n\n書き換えた本文"),
    )
    article.refresh_from_db()
    assert article.title == "第2版"
    first = article.history.order_by("history_date").first()
    history_url = reverse("admin:kb_article_simple_history", args=[article.pk, first.history_id])
    form_page = client.get(history_url)
    assert form_page.status_code == 200
    response = client.post(history_url, _form_data(first.instance, loaded_version=article.version))
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "第1版"
    assert '<h2 id="sec-1">最初</h2>' in article.body_html
    assert article.history.count() == 3


def test_admin_refuses_an_unknown_slot_and_lists_the_known_ones(client, admin_user, make_article):
    article = make_article()
    client.force_login(admin_user)
    url = reverse("admin:kb_article_change", args=[article.pk])
    assert "{{受信サーバー}}" in client.get(url).content.decode()  # help text names the slots
    body = "受信サーバーは {{受信サーバ}} です。"
    response = client.post(url, _form_data(article, body=body))
    assert response.status_code == 200
    content = response.content.decode()
    assert "使えない差し込み項目があります: {{受信サーバ}}" in content
    assert body in content  # what the editor typed is kept
    article.refresh_from_db()
    assert article.body != body
