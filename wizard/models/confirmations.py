"""Vendor labels confirmed in the field: a director in front of a customer's
screen records that the catalogue's words for a control (or one of its
choices) are what the screen shows, or what it shows instead.

``LabelConfirmation`` holds no customer data: the catalogue's client key,
the label (its key and the words the catalogue quoted then), what was seen,
the client and OS version, the date and the staff member. It outlives the
hearing it was made at. A report of a different label is an editor's task
(``LabelTask``, the same rows seen from the admin) until an editor closes it.

``FieldScreenshot`` is the picture a director may add: re-encoded from its
pixels (kb/image_processing.py: no EXIF, no GPS), staff-only, and tied to
the hearing, because a customer's screen may show their address: deleting
the hearing deletes it. It reaches customers only when an editor publishes
it as an article picture (wizard/label_services.py).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..engine.catalogue import client_for


class FieldScreenshot(models.Model):
    hearing = models.ForeignKey(
        "wizard.Hearing",
        verbose_name=_("ヒアリング"),
        on_delete=models.CASCADE,
        related_name="field_screenshots",
    )
    data = models.BinaryField(_("画像（WebP）"), editable=False)
    width = models.PositiveIntegerField(_("幅"), editable=False)
    height = models.PositiveIntegerField(_("高さ"), editable=False)
    source_format = models.CharField(_("元の形式"), max_length=10, editable=False)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("撮った人"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("登録日時"), auto_now_add=True)
    published_as = models.ForeignKey(
        "kb.ArticleImage",
        verbose_name=_("公開した記事の画像"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("現場の画面写真")
        verbose_name_plural = _("現場の画面写真")

    def __str__(self) -> str:
        return str(_("画面写真 %(number)d")) % {"number": self.pk}

    def url(self) -> str:
        return reverse("wizard:field_screenshot", kwargs={"pk": self.pk})


class LabelConfirmationQuerySet(models.QuerySet):
    def open_tasks(self):
        return self.filter(outcome=LabelConfirmation.Outcome.DIFFERENT, task_closed_at__isnull=True)

    def newest_per_version(self) -> list[LabelConfirmation]:
        """The newest record per client, label (in the words quoted) and major
        version; the newest major version of each label first."""
        rows = self.select_related("confirmed_by").order_by(
            "client", "label_key", "quoted", F("major").desc(nulls_last=True), "-seen_on", "-pk"
        )
        newest: dict[tuple, LabelConfirmation] = {}
        for row in rows:
            newest.setdefault((row.client, row.label_key, row.quoted, row.major), row)
        return list(newest.values())

    def current(self) -> dict[tuple[str, str, str], LabelConfirmation]:
        """What the staff sheet says per (client, label key, the catalogue's
        words): the newest record of the newest major version seen. A record
        of words the catalogue no longer quotes is left out by its key."""
        current: dict[tuple[str, str, str], LabelConfirmation] = {}
        for row in self.newest_per_version():
            current.setdefault((row.client, row.label_key, row.quoted), row)
        return current


class LabelConfirmation(models.Model):
    class Outcome(models.TextChoices):
        SAME = "same", _("表示どおり")
        DIFFERENT = "different", _("違う表示")

    client = models.CharField(_("メールソフト"), max_length=40)  # the catalogue's key
    label_key = models.CharField(_("項目"), max_length=60)  # wizard/handoff/labels.py
    quoted = models.CharField(_("カタログの表示名"), max_length=200)
    outcome = models.CharField(_("結果"), max_length=10, choices=Outcome.choices)
    shown = models.CharField(_("画面の表示名"), max_length=200, blank=True)
    client_version = models.CharField(_("メールソフトの版"), max_length=80)
    os_version = models.CharField(_("OSの版"), max_length=80, blank=True)
    # The first number of client_version (「Outlook バージョン 2511」→ 2511: kb.screenshots.major_of).
    major = models.PositiveIntegerField(_("メジャーバージョン"), null=True, editable=False)
    seen_on = models.DateField(_("確認した日"))
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("確認した人"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    screenshot = models.ForeignKey(
        FieldScreenshot,
        verbose_name=_("画面写真"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="confirmations",
    )
    created_at = models.DateTimeField(_("記録日時"), auto_now_add=True)
    task_closed_at = models.DateTimeField(_("修正の完了日時"), null=True, blank=True)
    task_closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("修正した人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = LabelConfirmationQuerySet.as_manager()

    class Meta:
        ordering = ["-seen_on", "-pk"]
        verbose_name = _("現場での表示名の確認")
        verbose_name_plural = _("現場での表示名の確認")
        indexes = [models.Index(fields=["client", "label_key"], name="label_confirmation_label")]

    def __str__(self) -> str:
        return f"{_(client_for(self.client).label)}「{self.quoted}」：{self.get_outcome_display()}"

    @property
    def different(self) -> bool:
        return self.outcome == self.Outcome.DIFFERENT

    @property
    def task_open(self) -> bool:
        return self.different and self.task_closed_at is None

    @property
    def seen_with(self) -> str:
        """The versions as the director wrote them: 「Outlook バージョン 2511（Windows 11）」."""
        return f"{self.client_version}（{self.os_version}）" if self.os_version else self.client_version

    @property
    def confirmed_by_name(self) -> str:
        """Who, as a record for editors: the staff user name, or the role when the account is gone."""
        return self.confirmed_by.get_username() if self.confirmed_by else str(_("ディレクター"))


class LabelTaskManager(models.Manager):
    def get_queryset(self):
        return super().get_queryset().filter(outcome=LabelConfirmation.Outcome.DIFFERENT)


class LabelTask(LabelConfirmation):
    """A label reported different: an editor's task in the admin until closed."""

    objects = LabelTaskManager.from_queryset(LabelConfirmationQuerySet)()

    class Meta:
        proxy = True
        ordering = ["-created_at"]
        verbose_name = _("表示名の修正依頼")
        verbose_name_plural = _("表示名の修正依頼")
