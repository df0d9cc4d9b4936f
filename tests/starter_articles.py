"""The starter articles, for tests that need them in place (a customer's
guides, search quality): ``kb.services.starter_articles_load()`` itself,
with what it works out from each article's text kept for the next test.

Loading renders 34 articles' Markdown and cuts their text into search
pieces; about thirty tests load them, and each time the same texts give the
same results. Here the loader runs as it is, writes every row itself, and
only those two pure steps are looked up in memory: an article's derived
columns (``kb.searchable.derive``) by its title, summary, body and the
language, unless its body places an uploaded picture (read from the
database); a field's search pieces (``kb.search_index.grams``) by its
normalised text. Only tests/kb/test_starter_articles_in_tests.py calls the
loader directly: it proves both write the same rows and index.

A test that only needs the articles in place (not a test of the loader)
takes ``place_starter_articles``: the loader the first time in a test
process, whose rows are kept; later, those rows written again in one bulk
insert per table, indexed through the product's own bulk path
(``kb.searchable.index``) and the caches told with one bump per model
(``core.cache.invalidate``), as the loader's own single bump does. About a
third of a load on SQLite (45 against 130 ms), a little over half on
PostgreSQL; tests/kb/test_starter_articles_in_tests.py proves it leaves the
rows, links, history and index the loader leaves.

Tests that need them take the fixture ``starter_articles_loaded``
(tests/conftest.py). A module whose every test may run with them in place
says so (``pytestmark = pytest.mark.usefixtures("starter_articles_committed")``):
they are then placed once for the module, committed, and each test's
transaction is rolled back to them; after the module the database is
emptied as after a transactional test (flush).
"""

from __future__ import annotations

from contextlib import contextmanager
from copy import deepcopy
from unittest import mock

import pytest
from django.core.management import call_command
from django.utils.translation import get_language

from core.cache import invalidate
from kb import search_index, searchable
from kb.image_markup import written_references
from kb.services import starter_articles_load
from tests.kept_rows import put_back

_DERIVED: dict[tuple, dict] = {}
_GRAMS: dict[str, frozenset[str]] = {}


def load_starter_articles():
    """``starter_articles_load()``, with the pure steps looked up (see the module)."""
    with _kept_derivations():
        return starter_articles_load()


_PLACED: dict = {}  # model -> the rows the loader wrote, the first time in this process


def _placed_models() -> tuple:
    from kb.models import Article, Category

    return (Category, Article, Article.history.model, Article.related.through)


def place_starter_articles() -> None:
    """The starter articles in place, as the loader leaves them (see the module)."""
    from kb.models import Article, Category

    # Rows of the kind there already (a test's own category, the history a
    # deletion leaves): the loader, which reads what is there, and nothing kept.
    empty = not any(model.objects.exists() for model in _placed_models()[:3])
    if not (empty and _PLACED):
        load_starter_articles()
        if empty:
            _PLACED.update({model: list(model.objects.order_by("pk")) for model in _placed_models()})
        return
    put_back(_PLACED)
    with _kept_derivations():  # the search pieces, as the loader's
        searchable.index(_PLACED[Article])  # bulk inserts send no signals
    invalidate(Category, Article)


@pytest.fixture(scope="module")
def starter_articles_committed(django_db_setup, django_db_blocker):
    """The starter articles written once for a test module, committed; the
    database emptied after the module, as Django does after a transactional
    test (``flush``: every table, then what the migrations' signals add)."""
    with django_db_blocker.unblock():
        place_starter_articles()
    yield
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def starter_articles_loaded(db):
    """The starter articles in place for this test: the module's committed
    rows where the module runs with them (``pytestmark =
    pytest.mark.usefixtures("starter_articles_committed")``), else placed in
    this test's transaction (also where a transactional test of the module
    has emptied the database since)."""
    from kb.models import Article

    if not Article.objects.exists():
        place_starter_articles()


@contextmanager
def _kept_derivations():
    derive, grams = searchable.derive, search_index.grams

    def kept_derive(article) -> None:
        if any(kind == "image" for kind, _key in written_references(article.body)):
            return derive(article)
        key = (article.title, article.summary, article.body, get_language())
        if key not in _DERIVED:
            derive(article)
            _DERIVED[key] = {name: getattr(article, name) for name in searchable.DERIVED_FIELDS}
        for name, value in _DERIVED[key].items():
            setattr(article, name, deepcopy(value))

    def kept_grams(normalized: str) -> set[str]:
        if normalized not in _GRAMS:
            _GRAMS[normalized] = frozenset(grams(normalized))
        return set(_GRAMS[normalized])

    with (
        mock.patch.object(searchable, "derive", kept_derive),
        mock.patch.object(search_index, "grams", kept_grams),
    ):
        yield
