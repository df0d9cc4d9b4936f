"""Site tables: how customers reach the agency (an admin keeps it up to date)
and the generation counters every app process reads."""

from __future__ import annotations

from django.db import models
from django.db.models import F
from django.utils.translation import gettext_lazy as _


class AgencyContact(models.Model):
    """The agency's contact details, shown wherever a customer may need help:
    the customer's sheet and guides, the pages of a closed customer link,
    after a 「いいえ」 vote and when a search finds nothing. One row."""

    name = models.CharField(_("会社名・窓口名"), max_length=100)
    phone = models.CharField(_("電話番号"), max_length=30, blank=True)
    email = models.EmailField(_("メールアドレス"), blank=True)
    hours = models.CharField(_("受付時間"), max_length=100, blank=True, help_text=_("例: 平日 9:00〜18:00"))
    form_url = models.URLField(_("お問い合わせフォームの URL"), blank=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    class Meta:
        verbose_name = _("お問い合わせ先")
        verbose_name_plural = _("お問い合わせ先")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.pk = 1  # one row: the agency's
        super().save(*args, **kwargs)

    @classmethod
    def current(cls) -> AgencyContact | None:
        """Read on each page that shows it (one primary-key query, only on uncached
        pages): no copy in a process cache, so every worker shows an edit at once."""
        return cls.objects.filter(pk=1).first()


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
    (core/cache.py) is invalidated in every process and on every app server by
    one bump, whatever the cache backend. It lives in the database because
    that is the one thing all of them share."""

    name = models.CharField(max_length=50, primary_key=True)
    value = models.PositiveBigIntegerField(default=0)

    objects = GenerationQuerySet.as_manager()

    def __str__(self) -> str:
        return f"{self.name}={self.value}"
