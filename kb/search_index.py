"""The n-gram index behind article search, with the same semantics on SQLite and PostgreSQL.

Japanese has no spaces, so an article's normalised text (``kb.search.normalize``)
is cut into runs of letters and digits, and every run into its overlapping
two- and three-character pieces plus its last character ("共有アドレス" →
共有 有あ … 共有あ 有あど … す). What matches:

- a word of one character: any piece that starts with it (a prefix query);
- a word of two or three characters: exactly that piece, i.e. where it occurs;
- a longer word: all of its three-character pieces, anywhere in the article.
  For Japanese this is as good as "where it occurs"; it can also match an
  article that has every piece but not the word in one place (B09990 and
  B00999 for B09999).

An article matches a query when it has every concept of the query, a concept
being any of its forms (synonyms; ``kb.query``). Both databases answer this
from the index alone, without reading the article text:

- **SQLite**: an FTS5 table (``detail=column``: no positions are needed).
- **PostgreSQL**: tables of ``tsvector`` columns (the pieces, no positions)
  with GIN indexes: ``kb_article_grams`` for the whole article and one table
  each for the title and the summary, so that every table stays narrow and
  reading the ids of thousands of matches touches few pages. A GIN query of
  plain AND/OR needs no recheck, so even a word in every article costs only
  the index. The planner does not know that reading a row's tsvector is
  expensive, and would rather scan a narrow table than ask a GIN index for a
  common word: search queries run through ``cursor()``, which turns
  sequential scans off for that one query (470 ms against 20 ms for a word
  in 8,000 of 10,000 articles).

What makes an article searchable, and when the index is written, is
``kb.searchable``: this module only keeps the pieces.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from functools import cache

from django.db import connections, transaction

from .search import normalize

TABLE = "kb_article_grams"
# PostgreSQL: the table holding each field's pieces (all of them in "everything").
PG_TABLES = {"everything": TABLE, "title": f"{TABLE}_title", "summary": f"{TABLE}_summary"}
COLUMNS = ("title", "summary", "body")

Token = tuple[str, bool]  # (piece, is a prefix)
Alternative = tuple[Token, ...]  # every token must be there
ConceptQuery = tuple[Alternative, ...]  # any alternative will do


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


def grams(normalized: str) -> set[str]:
    """The pieces the index keeps for one field (already normalised)."""
    pieces: set[str] = set()
    for run in segments(normalized):
        pieces.add(run[-1])
        for size in (2, 3):
            pieces.update(run[i : i + size] for i in range(len(run) - size + 1))
    return pieces


def form_tokens(form: str) -> Alternative | None:
    """What the index must hold for one normalised word, or None (no letters)."""
    tokens: list[Token] = []
    for run in segments(form):
        if len(run) == 1:
            tokens.append((run, True))
        elif len(run) <= 3:
            tokens.append((run, False))
        else:
            tokens.extend((run[i : i + 3], False) for i in range(len(run) - 2))
    return tuple(dict.fromkeys(tokens)) or None


def concept_query(forms: Iterable[str]) -> ConceptQuery:
    return tuple(dict.fromkeys(t for t in (form_tokens(form) for form in forms) if t))


def _render(concepts: Sequence[ConceptQuery], token, and_: str, or_: str) -> str:
    return and_.join(
        "(" + or_.join("(" + and_.join(token(t) for t in alternative) + ")" for alternative in concept) + ")"
        for concept in concepts
    )


def fts5_expression(concepts: Sequence[ConceptQuery]) -> str:
    # Pieces are letters and digits only, so quoting needs no escapes.
    return _render(concepts, lambda t: f'"{t[0]}"' + ("*" if t[1] else ""), " AND ", " OR ")


def tsquery_expression(concepts: Sequence[ConceptQuery]) -> str:
    return _render(concepts, lambda t: f"'{t[0]}'" + (":*" if t[1] else ""), " & ", " | ")


@cache
def vendor(alias: str = "default") -> str | None:
    """The database's vendor when it has the index, else None (search scans)."""
    connection = connections[alias]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = %s", [TABLE])
            return "sqlite" if cursor.fetchone() else None
        if connection.vendor == "postgresql":
            cursor.execute("SELECT to_regclass(%s)", [TABLE])
            return "postgresql" if cursor.fetchone()[0] else None
    return None


def available(alias: str = "default") -> bool:
    return vendor(alias) is not None


def match_sql(alias: str, concepts: Sequence[ConceptQuery], field: str | None = None) -> tuple[str, list]:
    """SQL selecting the ids of articles that have every concept (in ``field`` only, if given)."""
    if vendor(alias) == "sqlite":
        expression = fts5_expression(concepts)
        if field:
            expression = f"{{{field}}} : ({expression})"
        return f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s", [expression]
    table = PG_TABLES[field or "everything"]
    return f"SELECT article_id FROM {table} WHERE grams @@ %s::tsquery", [tsquery_expression(concepts)]


@contextmanager
def cursor(alias: str = "default"):
    """A cursor for a search query: on PostgreSQL with sequential scans off, in a
    transaction of its own so that ``SET LOCAL`` ends with the query."""
    connection = connections[alias]
    if connection.vendor != "postgresql":
        with connection.cursor() as plain:
            yield plain
        return
    with transaction.atomic(using=alias), connection.cursor() as hinted:
        hinted.execute("SET LOCAL enable_seqscan = off")
        yield hinted


def create(schema_editor) -> None:
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5("
            "title, summary, body, tokenize = 'unicode61 remove_diacritics 0', detail = column)"
        )
    elif schema_editor.connection.vendor == "postgresql":
        for table in PG_TABLES.values():
            schema_editor.execute(
                f"CREATE TABLE IF NOT EXISTS {table} (article_id bigint PRIMARY KEY, grams tsvector NOT NULL)"
            )
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {table}_grams ON {table} USING gin (grams)")


def _tables(kind: str | None) -> tuple[str, ...]:
    return tuple(PG_TABLES.values()) if kind == "postgresql" else (TABLE,) if kind == "sqlite" else ()


def drop(schema_editor) -> None:
    for table in _tables(schema_editor.connection.vendor):
        schema_editor.execute(f"DROP TABLE IF EXISTS {table}")


def _rows(articles: Iterable) -> list[tuple[int, list[str], list[str], list[str]]]:
    """(id, title pieces, summary pieces, body pieces) from the stored normalised columns."""
    return [
        (
            article.pk,
            sorted(grams(article.search_title)),
            sorted(grams(article.search_summary)),
            sorted(grams(normalize(article.body_text))),
        )
        for article in articles
    ]


def write(articles: Iterable, using: str = "default", *, connection=None) -> None:
    """Put articles into the index (replacing what it held for them)."""
    kind = connection.vendor if connection is not None else vendor(using)
    connection = connection or connections[using]
    rows = _rows(articles)
    if not rows or kind not in ("sqlite", "postgresql"):
        return
    with connection.cursor() as cursor:
        if kind == "sqlite":
            cursor.executemany(f"DELETE FROM {TABLE} WHERE rowid = %s", [(row[0],) for row in rows])
            cursor.executemany(
                f"INSERT INTO {TABLE} (rowid, title, summary, body) VALUES (%s, %s, %s, %s)",
                [(pk, " ".join(t), " ".join(s), " ".join(b)) for pk, t, s, b in rows],
            )
        else:
            pieces = {
                "title": [(pk, t) for pk, t, _s, _b in rows],
                "summary": [(pk, s) for pk, _t, s, _b in rows],
                "everything": [(pk, sorted({*t, *s, *b})) for pk, t, s, b in rows],
            }
            for field, values in pieces.items():
                cursor.executemany(
                    f"INSERT INTO {PG_TABLES[field]} (article_id, grams) VALUES (%s, array_to_tsvector(%s::text[])) "
                    "ON CONFLICT (article_id) DO UPDATE SET grams = EXCLUDED.grams",
                    values,
                )


def remove(pk: int, using: str = "default") -> None:
    kind = vendor(using)
    column = "rowid" if kind == "sqlite" else "article_id"
    with connections[using].cursor() as cursor:
        for table in _tables(kind):
            cursor.execute(f"DELETE FROM {table} WHERE {column} = %s", [pk])


def clear(using: str = "default") -> None:
    """Empty the index (before re-indexing every article)."""
    with connections[using].cursor() as cursor:
        for table in _tables(vendor(using)):
            cursor.execute(f"DELETE FROM {table}")
