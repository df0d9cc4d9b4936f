from kb.models import Article, Category
from kb.services import article_vote
from tests.starter_articles import load_starter_articles


def test_a_browser_votes_once_per_article(make_article):
    article = make_article()
    assert article_vote(article=article, voter="browser-1", helpful=True) is True
    assert article_vote(article=article, voter="browser-1", helpful=False) is False
    assert article.votes.get().helpful is True


def test_starter_articles_load_is_idempotent_and_keeps_edited_articles(db):
    first = load_starter_articles()
    assert first.created >= 12
    second = load_starter_articles()
    assert second.created == 0 and second.updated == 0
    edited = Article.objects.get(slug="pop")
    edited.body = "編集者が書き換えた本文"
    edited.save()
    third = load_starter_articles()
    assert third.kept_edited == 1
    edited.refresh_from_db()
    assert edited.body == "編集者が書き換えた本文"


def test_starter_articles_cover_every_category_and_are_published(db):
    load_starter_articles()
    assert Article.objects.published().count() >= 12
    for category in Category.objects.with_published_counts():
        assert category.published_count > 0, category.slug
    assert Article.objects.get(slug="pop-imap-difference").related.exists()
