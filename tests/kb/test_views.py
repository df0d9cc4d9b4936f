import pytest
from django.db import connection
from django.urls import reverse

from kb.models import Article

HTMX = {"HTTP_HX_REQUEST": "true"}


def test_home_lists_featured_articles_and_categories(client, make_article):
    make_article(title="おすすめの記事", featured=True)
    make_article(title="下書きの記事", featured=True, status=Article.Status.DRAFT)
    response = client.get(reverse("kb:home"))
    content = response.content.decode()
    assert response.status_code == 200
    assert "おすすめの記事" in content
    assert "下書きの記事" not in content
    assert "メールのしくみ" in content
    assert '<html lang="ja">' in content


def test_article_page_shows_breadcrumb_toc_body_and_related(client, make_article):
    related = make_article(title="関連する記事")
    article = make_article(
        title="POPとは", body="## 仕組み\n\n本文です。\n\n## 注意点\n\n注意。", related=[related]
    )
    response = client.get(article.get_absolute_url())
    content = response.content.decode()
    assert response.status_code == 200
    assert "<title>POPとは | メール設定ナビ</title>" in content
    assert 'class="breadcrumbs"' in content and "メールのしくみ" in content
    assert '<a href="#sec-1">仕組み</a>' in content
    assert '<h2 id="sec-1">仕組み</h2>' in content
    assert "関連する記事" in content
    assert "この記事は役に立ちましたか?" in content
    assert f'<link rel="canonical" href="http://testserver{article.get_absolute_url()}">' in content
    assert '<meta property="og:title" content="POPとは">' in content


def test_draft_is_404_for_the_public_and_bannered_for_staff(client, make_article, staff_user):
    draft = make_article(title="準備中", status=Article.Status.DRAFT)
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(staff_user)
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert "この記事は公開されていません" in response.content.decode()


def test_unknown_article_shows_the_japanese_404_page(client, db):
    response = client.get("/articles/no-such-article/")
    assert response.status_code == 404
    assert "ページが見つかりません" in response.content.decode()


def test_category_page_lists_only_its_published_articles(client, make_article, category):
    make_article(title="カテゴリー内")
    make_article(title="非公開", status=Article.Status.DRAFT)
    response = client.get(category.get_absolute_url())
    content = response.content.decode()
    assert "カテゴリー内" in content and "非公開" not in content
    assert "<html" in content


def test_category_page_paginates_and_htmx_gets_only_the_list(client, make_article, category):
    for index in range(25):
        make_article(title=f"記事番号{index:02d}", order=index)
    page2 = client.get(category.get_absolute_url(), {"page": 2}, **HTMX)
    content = page2.content.decode()
    assert "<html" not in content
    assert 'id="kb-article-list"' in content
    assert "記事番号24" in content and "記事番号00" not in content
    assert "2 / 2ページ" in content


def test_search_page_without_query_shows_popular_articles(client, make_article):
    make_article(title="人気の記事")
    response = client.get(reverse("kb:search"))
    content = response.content.decode()
    assert "キーワードを入力してください" in content
    assert "よく読まれている記事" in content and "人気の記事" in content


def test_search_finds_articles_and_highlights_the_match(client, make_article):
    make_article(title="共有アドレスの設定", body="info@ を複数人で読むときは POP にします。")
    response = client.get(reverse("kb:search"), {"q": "ｐｏｐ"})
    content = response.content.decode()
    assert "検索結果: 1 件" in content
    assert "<mark>POP</mark>" in content
    assert '<input type="search" name="q" value="ｐｏｐ"' in content


def test_htmx_search_returns_only_the_results_fragment(client, make_article):
    make_article(title="IMAPの基本")
    response = client.get(reverse("kb:search"), {"q": "imap"}, **HTMX)
    content = response.content.decode()
    assert "<html" not in content
    assert '<section id="kb-results"' in content
    assert content.startswith("<title>「imap」の検索結果 | メール設定ナビ</title>")
    assert "IMAPの基本" in content
    assert response["Vary"].lower().count("hx-request") == 1


def test_htmx_history_restore_gets_the_full_page(client, make_article):
    response = client.get(reverse("kb:search"), {"q": "imap"}, HTTP_HX_HISTORY_RESTORE_REQUEST="true", **HTMX)
    assert "<html" in response.content.decode()


def test_search_without_results_suggests_popular_articles(client, make_article):
    make_article(title="よく読まれる記事")
    response = client.get(reverse("kb:search"), {"q": "存在しない言葉"})
    content = response.content.decode()
    assert "該当する記事は見つかりませんでした" in content
    assert "よく読まれる記事" in content


def test_overlong_query_is_cut_with_a_notice(client, make_article):
    response = client.get(reverse("kb:search"), {"q": "あ" * 500})
    content = response.content.decode()
    assert response.status_code == 200
    assert "先頭の200文字で検索しました" in content
    assert "あ" * 201 not in content


def test_search_results_escape_the_query(client, db):
    response = client.get(reverse("kb:search"), {"q": "<script>alert(1)</script>"})
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_vote_without_javascript_redirects_back_with_thanks(client, make_article):
    article = make_article()
    response = client.post(reverse("kb:vote", args=[article.slug]), {"helpful": "yes"}, follow=True)
    content = response.content.decode()
    assert "ご回答ありがとうございました。" in content
    assert article.votes.get().helpful is True
    # The same browser cannot vote twice.
    client.post(reverse("kb:vote", args=[article.slug]), {"helpful": "no"})
    assert article.votes.count() == 1
    assert "すでに回答いただいています" in client.get(article.get_absolute_url()).content.decode()


def test_htmx_vote_returns_the_thanks_fragment(client, make_article):
    article = make_article()
    response = client.post(reverse("kb:vote", args=[article.slug]), {"helpful": "no"}, **HTMX)
    content = response.content.decode()
    assert "<html" not in content
    assert 'id="feedback"' in content and "ご回答ありがとうございました。" in content
    assert article.votes.get().helpful is False


def test_vote_refuses_get_and_drafts(client, make_article):
    article = make_article()
    draft = make_article(status=Article.Status.DRAFT)
    assert client.get(reverse("kb:vote", args=[article.slug])).status_code == 405
    assert client.post(reverse("kb:vote", args=[draft.slug]), {"helpful": "yes"}).status_code == 404


def test_sitemap_lists_published_articles_only(client, make_article):
    published = make_article(slug="published-one")
    make_article(slug="draft-one", status=Article.Status.DRAFT)
    content = client.get(reverse("sitemap")).content.decode()
    assert f"http://testserver{published.get_absolute_url()}" in content
    assert "draft-one" not in content


def test_robots_txt_points_to_the_sitemap(client, db):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()
    assert "Disallow: /admin/" in response.content.decode()


@pytest.mark.parametrize("articles", [5, 40])
def test_article_page_queries_do_not_grow_with_the_number_of_articles(
    client, make_article, django_assert_max_num_queries, articles
):
    all_articles = [make_article() for _ in range(articles)]
    target = make_article(related=all_articles[:3])
    with django_assert_max_num_queries(4):
        client.get(target.get_absolute_url())
    with django_assert_max_num_queries(4):
        client.get(reverse("kb:home"))
    client.get(reverse("kb:search"), {"q": "本文"})  # builds the vocabulary once (kb.finder)
    # PostgreSQL runs the search with one setting more (kb.search_index.cursor).
    with django_assert_max_num_queries(4 + (connection.vendor == "postgresql")):
        client.get(reverse("kb:search"), {"q": "記事"})
