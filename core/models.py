"""Plumbing tables of the site."""

from __future__ import annotations

from django.db import models
from django.db.models import F


class GenerationQuerySet(models.QuerySet):
    def value_of(self, name: str) -> int:
        """The generation now (0 before the first bump): one indexed read."""
        return self.filter(name=name).values_list("value", flat=True).first() or 0

    def bump(self, name: str) -> None:
        """Add one, in the caller's transaction: a reader that sees the new
        number also sees the change that bumped it."""
        if not self.filter(name=name).update(value=F("value") + 1):
            self.get_or_create(name=name)
            self.filter(name=name).update(value=F("value") + 1)


class Generation(models.Model):
    """A counter every app process reads: whatever a cache keys on it
    (kb/cache.py) is invalidated in every process and on every app server by
    one bump, whatever the cache backend. It lives in the database because
    that is the one thing all of them share."""

    name = models.CharField(max_length=50, primary_key=True)
    value = models.PositiveBigIntegerField(default=0)

    objects = GenerationQuerySet.as_manager()

    def __str__(self) -> str:
        return f"{self.name}={self.value}"
