"""One recipe for what is searchable (kb.searchable): save(), the bulk seeder and
the rebuild derive the same columns; the index follows saves and deletes."""

from io import StringIO

import pytest
from django.core.management import call_command

from kb import searchable
from kb.models import Article
from kb.services import search_index_rebuild


def derived(article: Article) -> dict:
    article.refresh_from_db()
    return {field: getattr(article, field) for field in searchable.DERIVED_FIELDS}


@pytest.mark.django_db(transaction=True)  # the seeder runs VACUUM on PostgreSQL
def test_the_seeder_derives_what_save_derives(make_article):
    make_article(title="共有アドレス", summary="info@ を読む", body="## 手順\n\nPOP で受けます。")
    call_command("seed_bench_articles", "1", stdout=StringIO())
    seeded = Article.objects.get(slug="bench-0")
    as_seeded = derived(seeded)
    seeded.save()
    assert derived(seeded) == as_seeded


def test_the_rebuild_derives_what_save_derives(make_article):
    article = make_article(title="共有アドレス", summary="info@ を読む", body="## 手順\n\nPOP で受けます。")
    as_saved = derived(article)
    Article.objects.update(
        body_html="", body_text="", toc=[], search_title="", search_summary="", search_text=""
    )
    assert search_index_rebuild() == 1
    assert derived(article) == as_saved


def test_a_title_changed_in_bulk_is_found_after_the_rebuild(make_article):
    article = make_article(title="古い題名")
    Article.objects.filter(pk=article.pk).update(title="一括で直した題名")
    assert list(Article.objects.search("直した")) == []
    search_index_rebuild()
    assert list(Article.objects.search("直した")) == [article]


def test_a_word_is_not_found_across_the_end_of_the_title_and_the_start_of_the_summary(make_article):
    make_article(title="メールの容", summary="量について")
    assert list(Article.objects.filter(search_text__contains="容量")) == []


def test_articles_deleted_by_a_queryset_leave_the_index(make_article):
    article = make_article(title="消える記事")
    Article.objects.filter(pk=article.pk).delete()
    assert list(Article.objects.search("消える")) == []
