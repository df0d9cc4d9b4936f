"""Site tables: how customers reach the agency (an admin keeps it up to date)
and the generation counters every app process reads."""

from __future__ import annotations

from django.db import connections, models, router
from django.utils.translation import gettext_lazy as _

from .phones import tel_href


class AgencyContact(models.Model):
    """The agency's contact details, shown wherever a customer may need help:
    the customer's sheet and guides, the pages of a closed customer link,
    after a 「いいえ」 vote and when a search finds nothing. One row.

    ``seed_demo`` writes a sample (``placeholder``) so a new site shows where
    the contact goes; customers never see it: until an admin saves the real
    contact, their pages show no contact block (only 「ご不明な点は、担当
    ディレクターまでお問い合わせください。」) and every staff page warns."""

    SAMPLE_NAME = "見本の窓口（管理画面の「お問い合わせ先」で変更してください）"

    name = models.CharField(_("会社名・窓口名"), max_length=100)
    phone = models.CharField(_("電話番号"), max_length=30, blank=True)
    email = models.EmailField(_("メールアドレス"), blank=True)
    hours = models.CharField(_("受付時間"), max_length=100, blank=True, help_text=_("例: 平日 9:00〜18:00"))
    form_url = models.URLField(_("お問い合わせフォームの URL"), blank=True)
    placeholder = models.BooleanField(_("見本のまま"), default=False, editable=False)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    class Meta:
        verbose_name = _("お問い合わせ先")
        verbose_name_plural = _("お問い合わせ先")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.pk = 1  # one row: the agency's
        super().save(*args, **kwargs)

    @property
    def tel(self) -> str:
        """The phone number as a link a phone can dial (「０５２－…」 → tel:052…)."""
        return tel_href(self.phone)

    @classmethod
    def row(cls) -> AgencyContact | None:
        """The row as stored, sample or not (one primary-key query): no copy in a
        process cache, so every worker shows an edit at once."""
        return cls.objects.filter(pk=1).first()

    @classmethod
    def current(cls) -> AgencyContact | None:
        """The contact customers may see: None until an admin has set it."""
        row = cls.row()
        return None if row is None or row.placeholder else row


class GenerationQuerySet(models.QuerySet):
    def bump(self, name: str) -> None:
        """Add one, in the caller's transaction: a reader that sees the new
        number also sees the change that bumped it. Every write to a cached
        model runs this, so it is one statement, the first bump of a name
        making its row (an upsert both SQLite ≥ 3.24 and PostgreSQL read)."""
        connection = connections[self._db or router.db_for_write(self.model)]
        meta = self.model._meta
        table, name_column, value_column = map(
            connection.ops.quote_name,
            (meta.db_table, meta.get_field("name").column, meta.get_field("value").column),
        )
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} ({name_column}, {value_column}) VALUES (%s, 1) "
                f"ON CONFLICT ({name_column}) DO UPDATE SET {value_column} = {table}.{value_column} + 1",
                [name],
            )


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
