"""Writes of article pictures: a picture saved or deleted, and the articles that show it.

An article's HTML is rendered when it is saved (kb/markdown.py), pictures
included. When a picture changes (a new file, a new alt text or caption),
the articles that place it are rendered again by the same recipe and every
cached page goes (the page-cache generation), so no page shows an old
picture or an old description.
"""

from __future__ import annotations

from collections import Counter

from django.db import transaction
from django.db.models import Q

from core.cache import invalidate

from .diagrams import DIAGRAMS
from .image_markup import written_references
from .image_processing import Processed
from .images import REFERENCE, ArticleImage, external_storage, image_ids_in
from .markdown import render_markdown
from .models import Article


def articles_using(image_id: int):
    """Articles (drafts too) whose Markdown places the picture."""
    return Article.objects.filter(body__contains=REFERENCE.format(id=image_id))


def image_usage_counts() -> Counter:
    """How many articles place each picture (one read of the articles that place any)."""
    counts: Counter = Counter()
    for body in Article.objects.filter(body__contains="![[image:").values_list("body", flat=True):
        counts.update(image_ids_in(body))
    return counts


def articles_refresh(*, image_ids: list[int]) -> int:
    """Render again the articles that place these pictures; how many there were."""
    if not image_ids:
        return 0
    places = Q()
    for image_id in image_ids:
        places |= Q(body__contains=REFERENCE.format(id=image_id))
    count = 0
    for article in Article.objects.filter(places).only("pk", "body"):
        Article.objects.filter(pk=article.pk).update(body_html=render_markdown(article.body).html)
        count += 1
    if count:
        invalidate(Article)
    return count


@transaction.atomic
def article_image_save(
    *, image: ArticleImage, processed: Processed | None = None, original_name: str = ""
) -> int:
    """Save a picture (with its new files when ``processed``); returns how many
    articles that show it were rendered again."""
    if processed is not None:
        image.original_name = original_name[:200]
        image.replace_files(processed)
    else:
        image.save()
    return articles_refresh(image_ids=[image.pk])


@transaction.atomic
def article_image_delete(*, image: ArticleImage) -> None:
    """Delete a picture that no article places (the admin refuses the others)."""
    names = [name for name in image.variants.values_list("stored_in", flat=True) if name]
    image.delete()
    storage = external_storage()
    if storage is not None and names:
        transaction.on_commit(lambda: [storage.delete(name) for name in names])


def unknown_pictures(body: str) -> list[str]:
    """References in Markdown to pictures or drawings that do not exist, as written."""
    references = written_references(body)
    ids = {int(key) for kind, key in references if kind == "image" and key.isdigit()}
    existing = set(ArticleImage.objects.filter(pk__in=ids).values_list("pk", flat=True))
    unknown = [
        f"![[{kind}:{key}]]"
        for kind, key in references
        if (kind == "diagram" and key not in DIAGRAMS)
        or (kind == "image" and (not key.isdigit() or int(key) not in existing))
    ]
    return list(dict.fromkeys(unknown))
