"""tests/starter_articles.py loads the starter articles for other tests with
two pure steps looked up in memory, or places the rows the loader wrote:
what either leaves is what the loader leaves."""

import pytest
from django.db import connection, transaction

from core.models import Generation
from kb.models import Article, Category
from kb.services import starter_articles_load
from tests import starter_articles
from tests.starter_articles import load_starter_articles, place_starter_articles

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


def _left() -> dict:
    """Everything the loader leaves besides the index: rows, links, history, numbers."""
    return {
        "articles": list(Article.objects.order_by("slug").values_list(*FIELDS, "published_at", "version")),
        "categories": list(Category.objects.order_by("slug").values_list("slug", "name", "order")),
        "related": sorted(
            Article.related.through.objects.values_list("from_article__slug", "to_article__slug")
        ),
        "history": sorted(Article.history.values_list("slug", "title", "history_type")),
        "bumped": sorted(Generation.objects.filter(value__gt=0).values_list("name", flat=True)),
    }


def _left_by(place) -> dict:
    savepoint = transaction.savepoint()
    place()
    left = _left()
    if connection.vendor == "sqlite":
        left["index"] = _written()[1]
    transaction.savepoint_rollback(savepoint)
    return left


def test_the_articles_placed_for_tests_are_what_the_loader_leaves(db, monkeypatch):
    monkeypatch.setattr(starter_articles, "_PLACED", {})
    first = _left_by(place_starter_articles)  # runs the loader, keeps its rows
    again = _left_by(place_starter_articles)  # writes them again
    assert len(first["articles"]) == 34 and len(first["related"]) > 34 and first["bumped"]
    assert again == first
