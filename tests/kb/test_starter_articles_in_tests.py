"""tests/starter_articles.py loads the starter articles for other tests with
two pure steps looked up in memory: what it writes is what the loader writes."""

import pytest
from django.db import connection, transaction

from kb.models import Article
from kb.services import starter_articles_load
from tests.starter_articles import load_starter_articles

FIELDS = ("slug", "title", "summary", "body", "body_html", "body_text", "toc", "search_title",
          "search_summary", "search_text", "status", "category__slug")  # fmt: skip


def _written() -> tuple[list, list]:
    articles = list(Article.objects.order_by("slug").values_list(*FIELDS))
    with connection.cursor() as cursor:
        cursor.execute("SELECT a.slug, g.title, g.summary, g.body FROM kb_article_grams g "
                       "JOIN kb_article a ON a.id = g.rowid ORDER BY a.slug")  # fmt: skip
        index = cursor.fetchall()
    return articles, index


def _loaded_by(load) -> tuple[list, list]:
    savepoint = transaction.savepoint()
    load()
    written = _written()
    transaction.savepoint_rollback(savepoint)
    return written


def test_the_articles_loaded_for_tests_are_the_rows_and_index_the_loader_writes(db):
    if connection.vendor != "sqlite":
        pytest.skip("the index is read through SQLite's FTS table here")
    real = _loaded_by(starter_articles_load)
    first = _loaded_by(load_starter_articles)  # works the steps out
    again = _loaded_by(load_starter_articles)  # looks them up
    assert len(real[0]) == 34 and len(real[1]) == 34
    assert first == real and again == real
