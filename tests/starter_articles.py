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
normalised text. Tests of the loader itself call it directly.
"""

from __future__ import annotations

from contextlib import contextmanager
from copy import deepcopy
from unittest import mock

from django.utils.translation import get_language

from kb import search_index, searchable
from kb.image_markup import written_references
from kb.services import starter_articles_load

_DERIVED: dict[tuple, dict] = {}
_GRAMS: dict[str, frozenset[str]] = {}


def load_starter_articles():
    """``starter_articles_load()``, with the pure steps looked up (see the module)."""
    with _kept_derivations():
        return starter_articles_load()


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
