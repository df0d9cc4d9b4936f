from kb.models import Article, Category
from kb.services import article_vote, starter_articles_load


def test_a_browser_votes_once_per_article(make_article):
    article = make_article()
    assert article_vote(article=article, voter="browser-1", helpful=True) is True
    assert article_vote(article=article, voter="browser-1", helpful=False) is False
    assert article.votes.get().helpful is True


def test_starter_articles_load_is_idempotent_and_keeps_edited_articles(db):
    first = starter_articles_load()
    assert first.created >= 12
    second = starter_articles_load()
    assert second.created == 0 and second.updated == 0
    edited = Article.objects.get(slug="pop")
    edited.body = "編集者が書き換えた本文"
    edited.save()
    third = starter_articles_load()
    assert third.kept_edited == 1
    edited.refresh_from_db()
    assert edited.body == "編集者が書き換えた本文"


def test_starter_articles_cover_every_category_and_are_published(db):
    starter_articles_load()
    assert Article.objects.published().count() >= 12
    for category in Category.objects.with_published_counts():
        assert category.published_count > 0, category.slug
    assert Article.objects.get(slug="pop-imap-difference").related.exists()
