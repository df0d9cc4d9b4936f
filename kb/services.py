"""The knowledge base's writes: votes and their
reasons, the starter articles and vocabulary, the search index rebuild, and
the missed-search report."""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from django.db import IntegrityError, connection, transaction
from django.db.models import Case, F, PositiveSmallIntegerField, Q, Value, When
from django.utils import timezone

from core.cache import invalidate, invalidation_once

from . import missed, search_index, searchable
from .models import Article, ArticleVote, Category, MissedSearch, SynonymGroup, default_review_by
from .search import clean_query

CONTENT_DIR = Path(__file__).resolve().parent / "content"


def article_vote(*, article: Article, voter: str, helpful: bool) -> bool:
    """Record one browser's answer; returns False when it had already voted."""
    try:
        with transaction.atomic():
            ArticleVote.objects.create(article=article, voter=voter, helpful=helpful)
    except IntegrityError:
        return False
    return True


def article_vote_explain(*, vote_id: int, reason: str, comment: str = "") -> bool:
    """Add why to a 「いいえ」 (once); False when the vote is not a 「いいえ」 or already says why."""
    explained = ArticleVote.objects.filter(pk=vote_id, helpful=False, reason="").update(
        reason=reason, comment=comment.strip()
    )
    return bool(explained)


def _fingerprint(*parts: str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode())
        digest.update(b"\0")
    return digest.hexdigest()


def _content_hash(*, title: str, summary: str, body: str, category_slug: str) -> str:
    return _fingerprint(title, summary, body, category_slug)


def article_content_hash(article: Article) -> str:
    return _content_hash(
        title=article.title,
        summary=article.summary,
        body=article.body,
        category_slug=article.category.slug,
    )


@dataclass
class LoadReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    kept_edited: int = 0


def _read_article_file(path: Path) -> tuple[dict, str]:
    text = path.read_text(encoding="utf-8")
    _, front, body = text.split("+++", 2)
    return tomllib.loads(front), body.strip() + "\n"


@transaction.atomic
def starter_articles_load(*, directory: Path = CONTENT_DIR) -> LoadReport:
    """Create or refresh the starter articles shipped in ``kb/content``.

    Idempotent. An article that an editor has changed since it was loaded
    (its content no longer matches the stored fingerprint) is never touched.
    """
    report = LoadReport()
    categories_file = tomllib.loads((directory / "categories.toml").read_text(encoding="utf-8"))
    categories = {}
    for data in categories_file["category"]:
        category, _ = Category.objects.get_or_create(
            slug=data["slug"],
            defaults={
                "name": data["name"],
                "description": data.get("description", ""),
                "order": data.get("order", 0),
            },
        )
        categories[category.slug] = category

    files = [_read_article_file(path) for path in sorted(directory.glob("*.md"))]
    existing = {
        article.slug: article
        for article in Article.objects.select_related("category").filter(
            slug__in=[meta["slug"] for meta, _body in files]
        )
    }
    related_by_slug: dict[str, list[str]] = {}
    written: dict[str, Article] = {}
    # One bump of the articles' number for the whole load, not one per row.
    with invalidation_once():
        for meta, body in files:
            category = categories[meta["category"]]
            new_hash = _content_hash(
                title=meta["title"], summary=meta["summary"], body=body, category_slug=category.slug
            )
            article = existing.get(meta["slug"])
            if article is None:
                article = Article(slug=meta["slug"], status=Article.Status.PUBLISHED)
                report.created += 1
            elif article_content_hash(article) != article.source_hash:
                report.kept_edited += 1  # an editor changed it: never overwrite
                continue
            elif article.source_hash == new_hash:
                if _take_check_dates(article, meta):
                    article.save()
                    report.updated += 1
                else:
                    report.unchanged += 1
                continue
            else:
                report.updated += 1
            article.title = meta["title"]
            article.summary = meta["summary"]
            article.body = body
            article.category = category
            article.featured = meta.get("featured", False)
            article.order = meta.get("order", 0)
            article.source_hash = new_hash
            _take_check_dates(article, meta)
            article.save()
            written[article.slug] = article
            related_by_slug[article.slug] = meta.get("related", [])

        wanted = {slug for slugs in related_by_slug.values() for slug in slugs}
        pks = {slug: article.pk for slug, article in written.items() if slug in wanted}
        pks.update(Article.objects.filter(slug__in=wanted - pks.keys()).values_list("slug", "pk"))
        for slug, related_slugs in related_by_slug.items():
            article = written[slug]
            article.related.set([pks[s] for s in related_slugs if s in pks and pks[s] != article.pk])
    return report


def _take_check_dates(article: Article, meta: dict) -> bool:
    """The file's ``checked`` (and ``review_by``) when newer than the article's: an
    editor's later check in the admin is kept. True when something changed."""
    checked = meta.get("checked")
    if checked is None or (article.checked_on and article.checked_on >= checked):
        return False
    article.checked_on = checked
    article.review_by = meta.get("review_by") or default_review_by(checked)
    return True


REBUILD_BATCH = 500


@transaction.atomic
def search_index_rebuild(*, using: str = "default") -> int:
    """Derive every article's searchable columns again and re-index it
    (``kb.searchable``), after writes that bypass ``Article.save()``
    (``update()``, ``bulk_create``). Returns how many articles it indexed."""
    search_index.clear(using)
    count = 0
    articles = Article.objects.using(using).only("title", "summary", "body", *searchable.DERIVED_FIELDS)
    batch: list[Article] = []
    for article in articles.order_by("pk").iterator(chunk_size=REBUILD_BATCH):
        searchable.derive(article)
        batch.append(article)
        if len(batch) == REBUILD_BATCH:
            count += _rewrite(batch, using)
            batch = []
    count += _rewrite(batch, using)
    # The writes bypassed the signals: every cache made of articles goes too.
    invalidate(Article)
    return count


def _rewrite(batch: list[Article], using: str) -> int:
    Article.objects.using(using).bulk_update(batch, searchable.DERIVED_FIELDS)
    searchable.index(batch, using)
    return len(batch)


def _words_hash(words: str) -> str:
    return _fingerprint(*(word.strip() for word in words.splitlines() if word.strip()))


@transaction.atomic
def vocabulary_load(*, directory: Path = CONTENT_DIR) -> LoadReport:
    """Create or refresh the starter synonym groups of ``kb/content/synonyms.toml``.

    Idempotent, like the articles: a group an editor has changed is never touched.
    """
    report = LoadReport()
    data = tomllib.loads((directory / "synonyms.toml").read_text(encoding="utf-8"))
    for entry in data["group"]:
        words = "\n".join(entry["words"])
        new_hash = _words_hash(words)
        group = SynonymGroup.objects.filter(key=entry["key"]).first()
        if group is None:
            group = SynonymGroup(key=entry["key"])
            report.created += 1
        elif _words_hash(group.words) != group.source_hash:
            report.kept_edited += 1
            continue
        elif group.source_hash == new_hash:
            report.unchanged += 1
            continue
        else:
            report.updated += 1
        group.words = words
        group.note = entry.get("note", "")
        group.source_hash = new_hash
        group.save()
    return report


LOW_RESULTS = 2  # a search with this many results or fewer is recorded


def missed_search_results(*, query: str) -> int | None:
    """How many articles ``query`` found when it was last run, if it is in the
    report (a search the page cache answered is counted by this)."""
    if missed.looks_private(query):
        return None
    # Asked by every search the page cache answers: one indexed read, without the
    # ORM's query building (which cost more than the rest of a cached search).
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT results FROM {MissedSearch._meta.db_table} WHERE digest = %s", [missed.digest(query)]
        )
        row = cursor.fetchone()
    return row[0] if row else None


def missed_search_record(*, query: str, results: int, now=None) -> None:
    """Count one search that found ``results`` articles. Nothing about who.

    Only searches that found ``LOW_RESULTS`` or fewer are kept (a query that
    now finds more leaves the report), never one that ``looks_private``, and
    its words only from the ``KEEP_AFTER_DAYS``-th day it was searched on."""
    if missed.looks_private(query):
        return
    rows = MissedSearch.objects.filter(digest=missed.digest(query))
    if results > LOW_RESULTS:
        if rows.exists():
            rows.delete()
        return
    now = now or timezone.now()
    today = timezone.localdate(now)
    new_day = Q(last_day__lt=today)
    changes = {
        "count": F("count") + 1,
        "results": results,
        "last_seen": now,
        "last_day": today,
        # In an UPDATE every expression reads the row as it was.
        "days": Case(
            When(new_day, then=F("days") + 1), default=F("days"), output_field=PositiveSmallIntegerField()
        ),
        "query": Case(
            When(new_day & Q(days__gte=missed.KEEP_AFTER_DAYS - 1), then=Value(query)), default=F("query")
        ),
    }
    if rows.update(**changes):
        return
    _make_room()
    try:
        with transaction.atomic():
            MissedSearch.objects.create(
                digest=missed.digest(query),
                query=query if missed.KEEP_AFTER_DAYS <= 1 else "",
                results=results,
                last_day=today,
                first_seen=now,
                last_seen=now,
            )
    except IntegrityError:  # the same query, recorded at the same moment by another request
        rows.update(**changes)


def _make_room() -> None:
    """Keep the report under ``MAX_ROWS``: the rows seen longest ago go first,
    those without words before those with them."""
    excess = MissedSearch.objects.count() - missed.MAX_ROWS + 1
    if excess > 0:
        oldest = MissedSearch.objects.order_by(Case(When(query="", then=0), default=1), "last_seen")
        MissedSearch.objects.filter(pk__in=list(oldest.values_list("pk", flat=True)[:excess])).delete()


# Shorter words would take others' searches with them: 山田 alone, or info of info@….
ERASE_MIN_WORD, ERASE_MIN_LOCAL_PART = 3, 5
ERASE_BATCH = 100  # words per DELETE (SQLite limits an expression's depth)


def missed_searches_forget(*, words) -> int:
    """Erase from the report every search holding one of ``words`` (a deleted
    hearing's addresses, names and numbers), also those kept without their
    words, by the digest of the exact word. Returns how many rows went."""
    wanted = set()
    for word in words:
        text = clean_query(word)
        local_part = text.partition("@")[0] if "@" in text else ""
        if len(text) >= ERASE_MIN_WORD:
            wanted.add(text)
        if len(local_part) >= ERASE_MIN_LOCAL_PART:
            wanted.add(local_part)
    deleted = 0
    wanted = sorted(wanted)
    for start in range(0, len(wanted), ERASE_BATCH):
        batch = wanted[start : start + ERASE_BATCH]
        match = Q(digest__in=[missed.digest(word) for word in batch])
        for word in batch:
            match |= Q(query__contains=word)
        deleted += MissedSearch.objects.filter(match).delete()[0]
    return deleted


RETENTION_MONTHS = 12


def missed_searches_purge(*, months: int = RETENTION_MONTHS, now=None) -> int:
    """Delete queries nobody has searched for ``months`` months (a month counted as 30.5 days)."""
    if months < 1:
        raise ValueError("months: must be ≥ 1")
    cutoff = (now or timezone.now()) - timedelta(days=round(months * 30.5))
    deleted, _ = MissedSearch.objects.filter(last_seen__lt=cutoff).delete()
    return deleted
