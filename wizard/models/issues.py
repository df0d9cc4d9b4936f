"""Issued settings sheets (``wizard/handoff/record.py`` reads and writes what they record)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.times import staff_time

from ..engine import recommendations as engine
from ..handoff.record import SheetRecord


class SheetIssueQuerySet(models.QuerySet):
    def latest_per_hearing(self):
        """The newest issue of every hearing."""
        newest = SheetIssue.objects.filter(hearing=OuterRef("hearing")).order_by("-pk").values("pk")[:1]
        return self.filter(pk=Subquery(newest))

    def on_older_rules(self):
        return self.exclude(rules_version=engine.RULES_VERSION)


class SheetIssue(models.Model):
    """A settings sheet as issued to the customer: the answers and the advice
    at that moment (``read()``: a ``handoff.record.SheetRecord``). The newest one is what the
    customer link and the staff sheet show."""

    class Kind(models.TextChoices):
        COMPLETED = "completed", _("ヒアリングの完了")
        REISSUED = "reissued", _("ルール変更による再発行")

    hearing = models.ForeignKey(
        "wizard.Hearing", verbose_name=_("ヒアリング"), on_delete=models.CASCADE, related_name="issues"
    )
    kind = models.CharField(_("発行の理由"), max_length=10, choices=Kind.choices, default=Kind.COMPLETED)
    issued_at = models.DateTimeField(_("発行日時"), default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("発行した人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    rules_version = models.CharField(_("ルールの版"), max_length=20)
    data = models.JSONField(_("内容"), default=dict)

    objects = SheetIssueQuerySet.as_manager()

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("発行した設定シート")
        verbose_name_plural = _("発行した設定シート")

    def __str__(self) -> str:
        return f"{self.hearing} — {staff_time(self.issued_at)}（{self.rules_version}）"

    def read(self) -> SheetRecord:
        """What this issue records, as a typed value (the only reader of ``data``)."""
        return SheetRecord.from_issue(self)
