from django.db import connection

from kb import search_index
from kb.models import Article

ON_SQLITE = connection.vendor == "sqlite"


def test_text_is_cut_into_bigrams_per_run_of_letters():
    assert search_index.index_tokens("共有アドレス, pop3") == "共有 有ア アド ドレ レス ス po op p3 3"


def test_a_term_becomes_a_phrase_of_its_bigrams():
    assert search_index.term_expression("共有アドレス") == '"共有 有ア アド ドレ レス"'
    assert search_index.term_expression("0") == '"0"*'
    assert search_index.term_expression("info@example") == '"in nf fo" AND "ex xa am mp pl le"'
    assert search_index.term_expression("@") is None


def test_search_goes_through_the_index_on_sqlite_and_scans_elsewhere(make_article):
    assert search_index.available() is ON_SQLITE
    article = make_article(title="共有アドレスの設定")
    assert list(Article.objects.search("アドレス")) == [article]
    if not ON_SQLITE:
        return
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
    pk = article.pk
    article.delete()
    assert not Article.objects.search("新しい").exists()
    if not ON_SQLITE:
        return
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {search_index.TABLE} WHERE rowid = %s", [pk])
        assert cursor.fetchone() == (0,)


def test_single_characters_and_symbols_still_search(make_article):
    article = make_article(title="ポート995番", body="SMTP は 587 番でも送れます。")
    assert list(Article.objects.search("5")) == [article]
    assert list(Article.objects.search("@")) == []
    assert list(Article.objects.search("587")) == [article]


def test_rebuild_indexes_rows_written_in_bulk(make_article, category):
    Article.objects.bulk_create(
        [Article(title="一括", slug="bulk-1", summary="s", body="b", category=category, search_title="一括")]
    )
    search_index.rebuild()
    if search_index.available():
        assert Article.objects.search("一括").count() == 1
