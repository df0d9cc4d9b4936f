import pytest
from django.db import connection

from kb import search_index
from kb.models import Article
from kb.services import search_index_rebuild

VENDOR = connection.vendor
postgresql_only = pytest.mark.skipif(
    VENDOR != "postgresql", reason="the tsvector table exists on PostgreSQL only"
)


def test_text_is_cut_into_two_and_three_character_pieces_per_run_of_letters():
    assert search_index.grams("共有あどれす, pop3") == {
        "共有", "有あ", "あど", "どれ", "れす", "す", "共有あ", "有あど", "あどれ", "どれす",
        "po", "op", "p3", "3", "pop", "op3",
    }  # fmt: skip


def test_a_word_becomes_the_pieces_the_index_must_hold():
    assert search_index.form_tokens("容量") == (("容量", False),)
    assert search_index.form_tokens("共有あどれす") == (
        ("共有あ", False), ("有あど", False), ("あどれ", False), ("どれす", False),
    )  # fmt: skip
    assert search_index.form_tokens("5") == (("5", True),)  # one character: a prefix
    assert search_index.form_tokens("info@example") == (("inf", False), ("nfo", False), ("exa", False),
                                                        ("xam", False), ("amp", False), ("mpl", False),
                                                        ("ple", False))  # fmt: skip
    assert search_index.form_tokens("@") is None


def test_both_databases_get_the_same_query_in_their_own_syntax():
    concepts = [search_index.concept_query(["pc", "ぱそこん"]), search_index.concept_query(["5"])]
    assert search_index.fts5_expression(concepts) == '(("pc") OR ("ぱそこ" AND "そこん")) AND (("5"*))'
    assert search_index.tsquery_expression(concepts) == "(('pc') | ('ぱそこ' & 'そこん')) & (('5':*))"


def test_search_uses_the_index_on_sqlite_and_postgresql(make_article):
    assert search_index.available() is (VENDOR in ("sqlite", "postgresql"))
    article = make_article(title="共有アドレスの設定")
    assert list(Article.objects.search("アドレス")) == [article]


def ids_holding(piece: str) -> list[int]:
    """Articles whose title the index holds ``piece`` for, asked in each database's own terms."""
    if VENDOR == "sqlite":
        sql = f"SELECT rowid FROM {search_index.TABLE} WHERE {search_index.TABLE} MATCH %s"
        query = f'{{title}} : "{piece}"'
    else:
        sql = f"SELECT article_id FROM {search_index.PG_TABLES['title']} WHERE grams @@ %s::tsquery"
        query = f"'{piece}'"
    with connection.cursor() as cursor:
        cursor.execute(sql, [query])
        return [row[0] for row in cursor.fetchall()]


def test_saving_an_article_writes_its_pieces_into_the_index(make_article):
    article = make_article(title="共有アドレスの設定")
    assert ids_holding("有あど") == [article.pk]
    article.title = "別の題名"
    article.save()
    assert ids_holding("有あど") == []


@postgresql_only
def test_postgresql_answers_a_word_in_every_article_from_the_gin_index(db):
    """A sequential scan would read every article's tsvector (kb/search_index.py)."""
    sql, params = search_index.match_sql("default", [search_index.concept_query(["pop"])])
    with connection.cursor() as cursor:
        # 5,000 articles that all contain "pop", as in the benchmark corpus.
        cursor.execute(
            f"INSERT INTO {search_index.TABLE} (article_id, grams) "
            "SELECT n, array_to_tsvector(ARRAY['pop', 'po', 'op', n::text]) "
            "FROM generate_series(1000001, 1005000) AS n"
        )
        cursor.execute(f"ANALYZE {search_index.TABLE}")
    with search_index.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert f"Bitmap Index Scan on {search_index.TABLE}_grams" in plan
    assert "Seq Scan" not in plan


def test_search_follows_edits_and_deletes(make_article):
    article = make_article(title="古い題名")
    article.title = "新しい題名"
    article.save()
    assert not Article.objects.search("古い").exists()
    assert list(Article.objects.search("新しい")) == [article]
    article.delete()
    assert not Article.objects.search("新しい").exists()


def test_deleting_an_article_removes_it_from_the_index(make_article):
    article = make_article(title="消える記事")
    pk = article.pk
    article.delete()
    column = "rowid" if VENDOR == "sqlite" else "article_id"
    tables = search_index.PG_TABLES.values() if VENDOR == "postgresql" else [search_index.TABLE]
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT count(*) FROM {table} WHERE {column} = %s", [pk])
            assert cursor.fetchone() == (0,), table


def test_single_characters_and_symbols_still_search(make_article):
    article = make_article(title="ポート995番", body="SMTP は 587 番でも送れます。")
    assert list(Article.objects.search("5")) == [article]
    assert list(Article.objects.search("@")) == []
    assert list(Article.objects.search("587")) == [article]


def test_a_long_word_needs_all_of_its_pieces(make_article):
    article = make_article(title="メールボックスの容量")
    make_article(title="メールの箱")
    assert list(Article.objects.search("メールボックス")) == [article]
    assert list(Article.objects.search("めーるぼっくす")) == [article]  # katakana or hiragana


def test_rebuild_indexes_rows_written_in_bulk(make_article, category):
    Article.objects.bulk_create(
        [Article(title="一括", slug="bulk-1", summary="s", body="b", category=category, search_title="一括")]
    )
    assert Article.objects.search("一括").count() == 0
    assert search_index_rebuild() == 1
    assert Article.objects.search("一括").count() == 1
