from datetime import timedelta

import pytest
from django.utils import timezone

from kb.models import Article, Category
from kb.services import article_vote


def test_published_excludes_drafts_and_future_articles(make_article):
    visible = make_article(title="公開")
    make_article(title="下書き", status=Article.Status.DRAFT)
    make_article(title="予約", published_at=timezone.now() + timedelta(days=1))
    assert list(Article.objects.published()) == [visible]


def test_visible_to_shows_drafts_only_to_staff(make_article, staff_user, django_user_model):
    from django.contrib.auth.models import AnonymousUser

    draft = make_article(status=Article.Status.DRAFT)
    assert draft in Article.objects.visible_to(staff_user)
    assert draft not in Article.objects.visible_to(AnonymousUser())
    customer = django_user_model.objects.create_user(username="c", password="x" * 12)
    assert draft not in Article.objects.visible_to(customer)


def test_in_category_and_featured_filter(make_article, category):
    other = Category.objects.create(name="その他", slug="other")
    a = make_article(featured=True)
    make_article(category=other)
    assert list(Article.objects.in_category(category)) == [a]
    assert list(Article.objects.featured()) == [a]


def test_saving_renders_markdown_once_into_html_toc_and_search_columns(make_article):
    article = make_article(title="ＰＯＰの設定", body="## 手順\n\n**Outlook** で設定します。")
    assert '<h2 id="sec-1">手順</h2>' in article.body_html
    assert article.toc[0]["text"] == "手順"
    assert article.search_title == "popの設定"
    assert "outlookで設定します。" in article.search_text  # spaces dropped, katakana folded


def test_every_save_bumps_the_version(make_article):
    article = make_article()
    assert article.version == 1
    article.title = "変更"
    article.save()
    assert article.version == 2


def test_publishing_sets_the_published_date_once(make_article):
    article = make_article(status=Article.Status.DRAFT)
    assert article.published_at is None
    article.status = Article.Status.PUBLISHED
    article.save()
    first = article.published_at
    assert first is not None
    article.save()
    assert article.published_at == first


@pytest.mark.parametrize("query", ["POP", "pop", "ＰＯＰ", "Pop", "ｐｏｐ"])
def test_search_ignores_case_and_full_width_letters(make_article, query):
    article = make_article(title="POPの基本")
    make_article(title="IMAPの基本", body="関係のない本文")
    assert list(Article.objects.search(query)) == [article]


def test_search_folds_half_width_katakana(make_article):
    article = make_article(title="メールの受信")
    assert list(Article.objects.search("ﾒｰﾙ")) == [article]


def test_search_with_several_words_requires_all_of_them(make_article):
    both = make_article(title="POPとIMAPの違い")
    make_article(title="POPだけ")
    make_article(title="IMAPだけ")
    assert list(Article.objects.search("pop　imap")) == [both]  # 全角スペースでも区切る


def test_title_matches_rank_above_summary_and_body_matches(make_article):
    in_body = make_article(title="本文に登場", body="ここで共有アドレスを説明します。", order=1)
    in_summary = make_article(title="要約に登場", summary="共有アドレスの話", order=2)
    in_title = make_article(title="共有アドレスの設定", order=3)
    assert list(Article.objects.search("共有アドレス")) == [in_title, in_summary, in_body]


def test_search_with_only_spaces_finds_nothing(make_article):
    make_article()
    assert not Article.objects.search("   ").exists()


def test_popular_orders_by_helpful_votes(make_article):
    quiet = make_article(order=1)
    liked = make_article(order=2)
    article_vote(article=liked, voter="a", helpful=True)
    article_vote(article=liked, voter="b", helpful=True)
    article_vote(article=quiet, voter="c", helpful=False)
    assert list(Article.objects.popular())[:2] == [liked, quiet]
