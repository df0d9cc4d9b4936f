"""What makes an article searchable: the one recipe, used by every way of writing articles.

- ``derive(article)``: the columns made from the title, summary and body
  (``DERIVED_FIELDS``: the rendered HTML, its plain text and table of
  contents, and the normalised ``search_*`` columns that a scan without the
  index reads). ``Article.save()`` calls it, and so do the bulk seeder
  (``seed_bench_articles``) and the rebuild (``kb.services.search_index_rebuild``),
  which write rows without ``save()``.
- The n-gram index (``kb.search_index``) keeps its own copy of the pieces.
  It follows the table through two receivers, connected together by
  ``connect()`` (``KbConfig.ready()``): a saved article is indexed, a deleted
  one (also by a queryset's ``delete()``) leaves the index. Bulk writes, which
  send no signals, call ``index()`` themselves.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models.signals import post_delete, post_save

from . import search_index
from .markdown import render_markdown
from .search import normalize

DERIVED_FIELDS = ("body_html", "body_text", "toc", "search_title", "search_summary", "search_text")
# Between the fields of search_text: not a joiner (kb.search.normalize keeps it),
# so no word is found across the end of the title and the start of the summary.
FIELD_SEPARATOR = " | "


def derive(article) -> None:
    """Fill ``article``'s derived columns from its title, summary and body."""
    rendered = render_markdown(article.body)
    article.body_html = rendered.html
    article.body_text = rendered.text
    article.toc = rendered.toc
    article.search_title = normalize(article.title)
    article.search_summary = normalize(article.summary)
    article.search_text = normalize(FIELD_SEPARATOR.join((article.title, article.summary, rendered.text)))


def index(articles: Iterable, using: str = "default") -> None:
    """Put articles (their derived columns already filled) into the index."""
    search_index.write(articles, using)


def unindex(pk: int, using: str = "default") -> None:
    search_index.remove(pk, using)


def connect(model) -> None:
    post_save.connect(_saved, sender=model, dispatch_uid="kb-searchable-index")
    post_delete.connect(_deleted, sender=model, dispatch_uid="kb-searchable-unindex")


def _saved(sender, instance, using, **kwargs) -> None:
    index([instance], using)


def _deleted(sender, instance, using, **kwargs) -> None:
    unindex(instance.pk, using)
