"""What a customer tells the director from a device's personal guide:
「設定できました」 or 「うまくいかない」 (at which step, and what happened),
and the mail that tells the director (an outbox row per report, sent and
retried by wizard/notices.py).

Nothing about the person is kept: no name, no address, no IP. One report per
device, or per device of a ×N row (``unit``: which of the N), updated in
place when the customer taps again. The customer's text is for the director
alone and never shown on a customer page.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

TEXT_LIMIT = 500


class DeviceReportQuerySet(models.QuerySet):
    def with_unsent_notice(self):
        """Each report with ``unsent_notice``: a mail about it is still waiting
        after a failed attempt (staff see it; the worker retries)."""
        failed = ReportNotice.objects.filter(report=OuterRef("pk"), sent_at__isnull=True, attempts__gt=0)
        return self.annotate(unsent_notice=Exists(failed))


class DeviceReport(models.Model):
    class State(models.TextChoices):
        DONE = "done", _("設定できました")
        TROUBLE = "trouble", _("うまくいかない")

    hearing = models.ForeignKey(
        "wizard.Hearing",
        verbose_name=_("ヒアリング"),
        on_delete=models.CASCADE,
        related_name="device_reports",
    )
    device_id = models.PositiveBigIntegerField(_("端末"))  # the device's id in the issued sheet
    # Which device of a ×N row (1…N); 0 for a row of one device.
    unit = models.PositiveSmallIntegerField(_("何台目"), default=0)
    # How the sheet names the device ("社長のiPhone" or its client), kept so the
    # hearing list can say which device without reading the issued sheet.
    device_name = models.CharField(_("端末の呼び名"), max_length=100, blank=True)
    state = models.CharField(_("状態"), max_length=10, choices=State.choices)
    step = models.PositiveSmallIntegerField(_("うまくいかない手順"), null=True, blank=True)
    # The step's words as the guide showed them, so the director reads where
    # the customer is without opening the guide.
    step_text = models.CharField(_("手順の内容"), max_length=300, blank=True)
    text = models.TextField(_("お客さまのメモ"), max_length=TEXT_LIMIT, blank=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    objects = DeviceReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("お客さまからの報告")
        verbose_name_plural = _("お客さまからの報告")
        constraints = [
            models.UniqueConstraint(
                fields=["hearing", "device_id", "unit"], name="one_report_per_device_unit"
            )
        ]

    def __str__(self) -> str:
        return f"{self.hearing_id} / {self.device_id}.{self.unit}: {self.state}"

    @property
    def device_label(self) -> str:
        """The device as staff read it: 「事務所のPC（2台目）」."""
        name = self.device_name or str(_("端末"))
        return _("%(name)s（%(unit)d台目）") % {"name": name, "unit": self.unit} if self.unit else name


class ReportNotice(models.Model):
    """A mail to send about a report: the outbox. The report is saved first;
    the mail is written from it when it is sent (the newest words of the
    report, to whoever wants notices then). A send that fails stays here,
    visible to staff, and is tried again later."""

    report = models.ForeignKey(
        DeviceReport, verbose_name=_("報告"), on_delete=models.CASCADE, related_name="notices"
    )
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)
    sent_at = models.DateTimeField(_("送信日時"), null=True, blank=True)
    recipients = models.CharField(_("送信先"), max_length=500, blank=True)
    attempts = models.PositiveSmallIntegerField(_("試行回数"), default=0)
    last_error = models.CharField(_("最後のエラー"), max_length=300, blank=True)
    next_attempt_at = models.DateTimeField(_("次に送る日時"), db_index=True)
    # A sender owns the row until then (the request's own attempt and the worker never both send it).
    claimed_until = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("報告の通知メール")
        verbose_name_plural = _("報告の通知メール")

    def __str__(self) -> str:
        return f"{self.report} — {'sent' if self.sent_at else f'pending ({self.attempts})'}"


class NoticeSetting(models.Model):
    """Which customer reports one staff member hears of by mail (at their
    account's address). Without a row: 「うまくいかない」 only."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("スタッフ"),
        on_delete=models.CASCADE,
        related_name="notice_setting",
    )
    on_trouble = models.BooleanField(_("「うまくいかない」の報告をメールで受け取る"), default=True)
    on_done = models.BooleanField(_("「設定できました」の報告もメールで受け取る"), default=False)

    class Meta:
        verbose_name = _("通知の設定")
        verbose_name_plural = _("通知の設定")

    def __str__(self) -> str:
        return str(self.user)

    @classmethod
    def wants(cls, user, state: str) -> bool:
        setting = cls.objects.filter(user=user).first() or cls(user=user)
        return setting.on_done if state == DeviceReport.State.DONE else setting.on_trouble
