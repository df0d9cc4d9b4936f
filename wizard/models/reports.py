"""What a customer tells the director from a device's personal guide:
「設定できました」 or 「うまくいかない」 (and at which step). Nothing else is
kept: no person's name, no address, no IP; one row per device, updated in place."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


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
    # How the sheet names the device ("社長のiPhone" or its client), kept so the
    # hearing list can say which device without reading the issued sheet.
    device_name = models.CharField(_("端末の呼び名"), max_length=100, blank=True)
    state = models.CharField(_("状態"), max_length=10, choices=State.choices)
    step = models.PositiveSmallIntegerField(_("うまくいかない手順"), null=True, blank=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    class Meta:
        verbose_name = _("お客さまからの報告")
        verbose_name_plural = _("お客さまからの報告")
        constraints = [models.UniqueConstraint(fields=["hearing", "device_id"], name="one_report_per_device")]

    def __str__(self) -> str:
        return f"{self.hearing_id} / {self.device_id}: {self.state}"
