"""Invalidation derived from what each cache declared (core.cache)."""

from django.contrib.auth.models import Group

from core.cache import DECLARED, Dependencies, invalidate
from kb.finder import VOCABULARY
from kb.models import Article, ArticleVote, SynonymGroup


def test_a_save_changes_the_stamp_of_every_cache_that_declared_its_model(make_article):
    article = make_article()
    search, home = DECLARED["kb.views.search"], DECLARED["kb.views.home"]
    before = (search.stamp(), home.stamp(), VOCABULARY.stamp())
    article.title = "新しい題名"
    article.save()
    after = (search.stamp(), home.stamp(), VOCABULARY.stamp())
    assert [old != new for old, new in zip(before, after, strict=True)] == [True, True, True]


def test_a_change_to_a_model_a_cache_did_not_declare_leaves_it_alone(make_article):
    article = make_article()
    home = DECLARED["kb.views.home"]
    before = home.stamp()
    ArticleVote.objects.create(article=article, voter="b" * 32, helpful=True)
    Group.objects.create(name="経理")
    assert home.stamp() == before
    assert DECLARED["kb.views.search"].stamp() != before


def test_a_change_of_a_many_to_many_relation_changes_the_owners_stamp(make_article):
    first, second = make_article(), make_article()
    page = DECLARED["kb.views.article_detail"]
    before = page.stamp()
    first.related.add(second)
    assert page.stamp() != before


def test_deleting_a_row_changes_the_stamp(db):
    group = SynonymGroup.objects.create(words="容量\n満杯")
    before = VOCABULARY.stamp()
    group.delete()
    assert VOCABULARY.stamp() != before


def test_writes_without_signals_are_announced_with_invalidate(make_article):
    make_article()
    before = VOCABULARY.stamp()
    Article.objects.update(title="一括")
    assert VOCABULARY.stamp() == before
    invalidate(Article)
    assert VOCABULARY.stamp() != before


def test_two_caches_cannot_share_a_name():
    import pytest

    with pytest.raises(ValueError, match="already declared"):
        Dependencies("kb.vocabulary", Article)


def test_a_batch_of_writes_bumps_each_changed_model_once_at_its_end(make_article, category):
    from core.cache import generation_name, invalidation_once
    from core.models import Generation

    def number(model):
        return Generation.objects.filter(name=generation_name(model)).values_list("value", flat=True).first()

    first = make_article()
    page = DECLARED["kb.views.article_detail"]
    before, articles_before = page.stamp(), number(Article)
    with invalidation_once():
        second = make_article()
        first.related.add(second)
        first.title = "書き直した題名"
        first.save()
        assert (page.stamp(), number(Article)) == (before, articles_before)  # nothing yet
    assert number(Article) == articles_before + 1  # once, for three writes
    assert page.stamp() != before


def test_the_starter_articles_load_bumps_the_articles_number_once(db):
    from core.cache import generation_name
    from core.models import Generation
    from tests.starter_articles import load_starter_articles

    numbers = Generation.objects.filter(name=generation_name(Article)).values_list("value", flat=True)
    before = numbers.first() or 0  # other modules' committed writes may have counted already
    load_starter_articles()
    assert numbers.first() == before + 1
