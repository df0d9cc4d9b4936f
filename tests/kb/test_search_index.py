import pytest
from django.db import connection

from kb import search_index
from kb.models import Article
from kb.services import search_index_rebuild

ON_SQLITE = connection.vendor == "sqlite"
sqlite_only = pytest.mark.skipif(not ON_SQLITE, reason="the FTS5 index exists on SQLite only")


def test_text_is_cut_into_bigrams_per_run_of_letters():
    assert search_index.index_tokens("共有アドレス, pop3") == "共有 有ア アド ドレ レス ス po op p3 3"


def test_a_term_becomes_a_phrase_of_its_bigrams():
    assert search_index.term_expression("共有アドレス") == '"共有 有ア アド ドレ レス"'
    assert search_index.term_expression("0") == '"0"*'
    assert search_index.term_expression("info@example") == '"in nf fo" AND "ex xa am mp pl le"'
    assert search_index.term_expression("@") is None


def test_search_finds_articles_through_the_index_on_sqlite_and_a_scan_elsewhere(make_article):
    assert search_index.available() is ON_SQLITE
    article = make_article(title="共有アドレスの設定")
    assert list(Article.objects.search("アドレス")) == [article]


@sqlite_only
def test_saving_an_article_writes_its_bigrams_into_the_index(make_article):
    article = make_article(title="共有アドレスの設定")
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT rowid FROM {search_index.TABLE} WHERE {search_index.TABLE} MATCH %s", ['"共有 有ア"']
        )
        assert cursor.fetchall() == [(article.pk,)]
    assert list(Article.objects.search("アドレス")) == [article]


def test_search_follows_edits_and_deletes(make_article):
    article = make_article(title="古い題名")
    article.title = "新しい題名"
    article.save()
    assert not Article.objects.search("古い").exists()
    assert list(Article.objects.search("新しい")) == [article]
    article.delete()
    assert not Article.objects.search("新しい").exists()


@sqlite_only
def test_deleting_an_article_removes_it_from_the_index(make_article):
    article = make_article(title="消える記事")
    pk = article.pk
    article.delete()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {search_index.TABLE} WHERE rowid = %s", [pk])
        assert cursor.fetchone() == (0,)


def test_single_characters_and_symbols_still_search(make_article):
    article = make_article(title="ポート995番", body="SMTP は 587 番でも送れます。")
    assert list(Article.objects.search("5")) == [article]
    assert list(Article.objects.search("@")) == []
    assert list(Article.objects.search("587")) == [article]


@sqlite_only
def test_rebuild_indexes_rows_written_in_bulk(make_article, category):
    Article.objects.bulk_create(
        [Article(title="一括", slug="bulk-1", summary="s", body="b", category=category, search_title="一括")]
    )
    search_index_rebuild()
    assert Article.objects.search("一括").count() == 1
