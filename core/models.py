"""Site information an admin keeps up to date: how customers reach the agency."""

from __future__ import annotations

from django.core.cache import cache
from django.db import models
from django.utils.translation import gettext_lazy as _

CACHE_KEY = "core:contact"


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
        cache.delete(CACHE_KEY)

    @classmethod
    def current(cls) -> AgencyContact | None:
        contact = cache.get(CACHE_KEY)
        if contact is None:
            contact = cls.objects.filter(pk=1).first() or False
            cache.set(CACHE_KEY, contact, 300)
        return contact or None
