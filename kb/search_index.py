"""A bigram full-text index for Japanese search on SQLite (FTS5).

Japanese has no spaces, so the text is cut into overlapping two-character
tokens ("共有アドレス" → 共有 有ア アド ドレ レス, plus the last character on
its own). A search term becomes a phrase of its bigrams, which matches
exactly where the term occurs as a substring, but through an index instead
of reading every article. The text is normalised (NFKC + casefold) first.

SQLite only (the embedded default). On PostgreSQL, or where FTS5 is missing,
``ArticleQuerySet.search`` falls back to a substring scan.

What makes an article searchable (this is the one place that says it):

1. ``Article.save()`` stores the normalised ``search_title``,
   ``search_summary`` and ``search_text`` columns (the scan reads these) and
   calls ``update()`` here (the index reads its own copy).
2. Deleting an article calls ``remove()`` (a ``post_delete`` receiver,
   connected in ``KbConfig.ready()``).
3. Writes that bypass ``save()`` (``bulk_create``, ``update()``) must call
   ``kb.services.search_index_rebuild()`` afterwards.
"""

from __future__ import annotations

import unicodedata
from functools import cache

from django.db import connections

from .search import normalize

TABLE = "kb_article_fts"


def _is_word_char(char: str) -> bool:
    return unicodedata.category(char)[0] in "LN"


def segments(text: str) -> list[str]:
    """Runs of letters and digits; everything else separates."""
    runs: list[str] = []
    current: list[str] = []
    for char in text:
        if _is_word_char(char):
            current.append(char)
        elif current:
            runs.append("".join(current))
            current = []
    if current:
        runs.append("".join(current))
    return runs


def index_tokens(normalized: str) -> str:
    tokens: list[str] = []
    for run in segments(normalized):
        tokens.extend(run[i : i + 2] for i in range(len(run) - 1))
        tokens.append(run[-1])
    return " ".join(tokens)


def term_expression(term: str) -> str | None:
    """FTS5 query for one normalised term, or None when it has no letters."""
    parts = []
    for run in segments(term):
        if len(run) == 1:
            parts.append(f'"{run}"*')
        else:
            parts.append('"' + " ".join(run[i : i + 2] for i in range(len(run) - 1)) + '"')
    return " AND ".join(parts) if parts else None


@cache
def available(alias: str = "default") -> bool:
    connection = connections[alias]
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = %s", [TABLE])
        return cursor.fetchone() is not None


def create(schema_editor) -> None:
    schema_editor.execute(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5("
        "title, summary, body, tokenize = 'unicode61 remove_diacritics 0')"
    )


def update(article, using: str = "default") -> None:
    if not available(using):
        return
    with connections[using].cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE} WHERE rowid = %s", [article.pk])
        cursor.execute(
            f"INSERT INTO {TABLE} (rowid, title, summary, body) VALUES (%s, %s, %s, %s)",
            [
                article.pk,
                index_tokens(article.search_title),
                index_tokens(article.search_summary),
                index_tokens(normalize(article.body_text)),
            ],
        )


def remove(pk: int, using: str = "default") -> None:
    if available(using):
        with connections[using].cursor() as cursor:
            cursor.execute(f"DELETE FROM {TABLE} WHERE rowid = %s", [pk])


def clear(using: str = "default") -> None:
    """Empty the index (before re-indexing every article)."""
    if available(using):
        with connections[using].cursor() as cursor:
            cursor.execute(f"DELETE FROM {TABLE}")
