"""Writes of the knowledge base that touch more than one row."""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass
from pathlib import Path

from django.db import IntegrityError, transaction

from . import search_index
from .models import Article, ArticleVote, Category

CONTENT_DIR = Path(__file__).resolve().parent / "content"


def article_vote(*, article: Article, voter: str, helpful: bool) -> bool:
    """Record one browser's answer; returns False when it had already voted."""
    try:
        with transaction.atomic():
            ArticleVote.objects.create(article=article, voter=voter, helpful=helpful)
    except IntegrityError:
        return False
    return True


def _content_hash(*, title: str, summary: str, body: str, category_slug: str) -> str:
    digest = hashlib.sha256()
    for part in (title, summary, body, category_slug):
        digest.update(part.encode())
        digest.update(b"\0")
    return digest.hexdigest()


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

    related_by_slug: dict[str, list[str]] = {}
    for path in sorted(directory.glob("*.md")):
        meta, body = _read_article_file(path)
        category = categories[meta["category"]]
        new_hash = _content_hash(
            title=meta["title"], summary=meta["summary"], body=body, category_slug=category.slug
        )
        article = Article.objects.select_related("category").filter(slug=meta["slug"]).first()
        if article is None:
            article = Article(slug=meta["slug"], status=Article.Status.PUBLISHED)
            report.created += 1
        elif article_content_hash(article) != article.source_hash:
            report.kept_edited += 1  # an editor changed it: never overwrite
            continue
        elif article.source_hash == new_hash:
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
        article.save()
        related_by_slug[article.slug] = meta.get("related", [])

    for slug, related_slugs in related_by_slug.items():
        article = Article.objects.get(slug=slug)
        article.related.set(Article.objects.filter(slug__in=related_slugs).exclude(pk=article.pk))
    return report


def search_index_rebuild(*, using: str = "default") -> int:
    """Re-index every article, after bulk writes that bypass ``Article.save()``."""
    if not search_index.available(using):
        return 0
    search_index.clear(using)
    count = 0
    for article in (
        Article.objects.using(using).only("search_title", "search_summary", "body_text").iterator()
    ):
        search_index.update(article, using)
        count += 1
    return count
