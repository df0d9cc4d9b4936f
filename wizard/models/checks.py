"""A remote check run away from the request (wizard/remote/runner.py) and
what a page polls while it runs: its kind, state, times and result. Never a
password: the password lives only in the memory of the thread that uses it.

Rows belong to a director (staff only) and, where given, to a hearing and a
mailbox, and go with them when those are erased; the runner deletes rows
older than a week.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.times import staff_time

from ..remote.facts import MailboxReading


class RemoteCheckQuerySet(models.QuerySet):
    def for_director(self, user) -> RemoteCheckQuerySet:
        return self.filter(director=user)

    def expired(self, *, now: dt.datetime | None = None) -> RemoteCheckQuerySet:
        return self.filter(created_at__lt=(now or timezone.now()) - dt.timedelta(days=7))


class RemoteCheck(models.Model):
    class Kind(models.TextChoices):
        SERVERS = "servers", _("サーバーの接続確認")
        MAILBOX = "mailbox", _("メールボックスの確認")

    class State(models.TextChoices):
        QUEUED = "queued", _("順番待ち")
        RUNNING = "running", _("確認中")
        DONE = "done", _("完了")
        FAILED = "failed", _("失敗")

    id = models.UUIDField(
        primary_key=True, default=uuid.uuid4, editable=False
    )  # unguessable, for polling URLs
    kind = models.CharField(_("種類"), max_length=10, choices=Kind.choices)
    state = models.CharField(_("状態"), max_length=10, choices=State.choices, default=State.QUEUED)
    director = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("ディレクター"), on_delete=models.CASCADE, related_name="+"
    )
    hearing = models.ForeignKey(
        "wizard.Hearing",
        verbose_name=_("ヒアリング"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="remote_checks",
    )
    mailbox = models.ForeignKey(
        "wizard.Mailbox",
        verbose_name=_("アドレス"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="remote_checks",
    )
    created_at = models.DateTimeField(_("受付日時"), default=timezone.now, db_index=True)
    started_at = models.DateTimeField(_("開始日時"), null=True, blank=True)
    finished_at = models.DateTimeField(_("終了日時"), null=True, blank=True)
    result = models.JSONField(_("結果"), null=True, blank=True)
    message = models.CharField(_("メッセージ"), max_length=200, blank=True)  # Japanese, when it failed

    objects = RemoteCheckQuerySet.as_manager()

    class Meta:
        verbose_name = _("リモート確認")
        verbose_name_plural = _("リモート確認")

    def __str__(self) -> str:
        return f"{self.kind} {self.state} {staff_time(self.created_at)}"

    @property
    def finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED) or self.interrupted

    @property
    def interrupted(self) -> bool:
        """Still queued or running long after any check could have ended (the
        process that ran it stopped): the page should stop polling."""
        if self.state not in (self.State.QUEUED, self.State.RUNNING):
            return False
        longest = getattr(settings, "MAILNAVI_REMOTE_DEADLINE", 20.0) + getattr(
            settings, "MAILNAVI_MAILBOX_DEADLINE", 25.0
        )
        return timezone.now() - self.created_at > dt.timedelta(seconds=2 * longest)

    def reading(self) -> MailboxReading | None:
        """A mailbox check's result, read back into its frozen value."""
        if self.kind != self.Kind.MAILBOX or self.state != self.State.DONE or not self.result:
            return None
        return MailboxReading.from_json(self.result)
