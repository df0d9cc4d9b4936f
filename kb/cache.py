"""What the knowledge base adds to the site's page cache (``core.cache_pages``):
the moment a scheduled article is published."""

from __future__ import annotations

from django.db.models import Max, Min, Q
from django.utils import timezone

from core.cache import Dependencies

from .models import Article


class PublishSchedule:
    """What public pages show also changes without a save: when a published
    article's ``published_at`` comes. Each process knows, per change to the
    articles, when the next such moment is (one query); once it has passed,
    the mark in the page keys changes, so no page is served older than the
    schedule. Between those moments it costs nothing."""

    def __init__(self):
        self.articles = Dependencies("kb.publish_schedule", Article)
        self.forget()

    def forget(self) -> None:
        self.stamp: str | None = None
        self.next_at = None
        self.mark = ""

    def current(self) -> str:
        now = timezone.now()
        stamp = self.articles.stamp()
        if stamp != self.stamp or (self.next_at is not None and now >= self.next_at):
            times = self.articles.fill(
                lambda: Article.objects.filter(status=Article.Status.PUBLISHED).aggregate(
                    latest=Max("published_at", filter=Q(published_at__lte=now)),
                    upcoming=Min("published_at", filter=Q(published_at__gt=now)),
                )
            )
            latest, self.next_at = times["latest"], times["upcoming"]
            self.mark = f"{latest.timestamp():.6f}" if latest else "-"
            self.stamp = stamp
        return self.mark


SCHEDULE = PublishSchedule()
