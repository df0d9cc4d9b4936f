"""Hearings, their addresses and the devices that read them."""

from __future__ import annotations

import uuid
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..engine.catalogue import DEVICE_KINDS
from ..handoff.address import AddressAnswers, DeviceRow
from ..kana import company_key, spellings
from .reports import DeviceReport

# Catalogue labels are marked with gettext_noop there; translated here when shown.
KIND_CHOICES = [(key, _(label)) for key, label in DEVICE_KINDS.items()]


class HearingQuerySet(models.QuerySet):
    def for_list(self):
        # A correlated subquery, not a GROUP BY: only the rows of the page
        # being shown are counted, however many hearings there are.
        mailbox_count = (
            Mailbox.objects.filter(hearing=OuterRef("pk"))
            .order_by()
            .values("hearing")
            .annotate(total=Count("pk"))
            .values("total")
        )
        # Newest first by the indexed column alone: SQLite then reads the
        # page's rows straight from the index (a second sort key would make it
        # sort, counting addresses for every row before the page).
        return (
            self.select_related("director")
            .only("company", "contact_name", "status", "updated_at", "director__username")
            .annotate(mailbox_count=Coalesce(Subquery(mailbox_count), 0))
            .prefetch_related(
                # Only for the page shown: trouble first, then the latest.
                Prefetch("device_reports", queryset=DeviceReport.objects.order_by("-state", "-updated_at"))
            )
            .order_by("-updated_at")
        )

    def search(self, query: str):
        """Company, contact or address containing ``query``, in any kana spelling
        (とうかい, トウカイ and ﾄｳｶｲ find each other: wizard/kana.py)."""
        query = (query or "").strip()
        if not query:
            return self
        found = Q()
        for spelling in spellings(query):
            found |= (
                Q(company__icontains=spelling)
                | Q(contact_name__icontains=spelling)
                | Q(mailboxes__address__icontains=spelling)
            )
        return self.filter(pk__in=Hearing.objects.filter(found).values("pk"))

    def same_company(self, name: str):
        """Hearings of the company ``name`` names, however it is written (kana,
        spaces, 株式会社 or (株)): the duplicate warning of a new hearing."""
        key = company_key(name)
        if not key:
            return self.none()
        found = Q()
        for spelling in spellings(key):
            found |= Q(company__icontains=spelling)
        same = [
            pk
            for pk, company in self.filter(found).values_list("pk", "company")
            if company_key(company) == key
        ]
        return self.filter(pk__in=same)

    def abandoned_drafts(self, updated_before):
        """Drafts never issued (so with no sheet and no customer link) last saved before ``updated_before``."""
        return self.filter(status=Hearing.Status.DRAFT, updated_at__lt=updated_before, issues__isnull=True)

    def with_status(self, status: str):
        return self.filter(status=status) if status else self

    def assigned_to(self, user):
        return self.filter(director=user) if user else self

    def matching(self, *, query: str = "", status: str = "", director=None):
        """The hearing list's search box and filters, all at once."""
        return self.search(query).with_status(status).assigned_to(director)


class Hearing(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("下書き")
        COMPLETED = "completed", _("完了")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    company = models.CharField(_("会社名"), max_length=100, blank=True)
    contact_name = models.CharField(_("ご担当者名"), max_length=50, blank=True)
    contact_email = models.EmailField(_("ご担当者のメールアドレス"), max_length=254, blank=True)
    contact_phone = models.CharField(_("電話番号"), max_length=20, blank=True)
    director = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("担当ディレクター"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hearings",
    )
    consulted_on = models.DateField(_("ヒアリング日"), null=True, blank=True)
    notes = models.TextField(_("社内メモ"), max_length=2000, blank=True)
    show_director_name = models.BooleanField(
        _("お客さま用の設定シートに担当ディレクターの名前を載せる"), default=False
    )
    status = models.CharField(
        _("状態"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    completed_at = models.DateTimeField(_("完了日時"), null=True, blank=True)
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True, db_index=True)
    # Optimistic lock: every saved step increments it; a save carrying an
    # older number is refused (services._lock).
    version = models.PositiveIntegerField(_("版"), default=1, editable=False)
    last_saved_step = models.CharField(max_length=20, blank=True, editable=False)
    last_saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    # Unsaved input kept when the director goes Back from an invalid step.
    drafts = models.JSONField(default=dict, blank=True, editable=False)
    # The optional live check of the mail servers (wizard/servercheck.py).
    server_check = models.JSONField(_("サーバーの接続確認"), default=dict, blank=True, editable=False)
    server_checked_at = models.DateTimeField(_("接続確認の日時"), null=True, blank=True, editable=False)

    objects = HearingQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("ヒアリング")
        verbose_name_plural = _("ヒアリング")

    def __str__(self) -> str:
        return self.company or str(_("(会社名未入力)"))

    def get_absolute_url(self) -> str:
        return reverse("wizard:resume", kwargs={"pk": self.pk})

    @property
    def is_completed(self) -> bool:
        return self.status == self.Status.COMPLETED

    def latest_issue(self):
        """The settings sheet the customer has now (None until first completed)."""
        return self.issues.order_by("-pk").first()


class MailboxQuerySet(models.QuerySet):
    def with_devices(self):
        """Addresses in order with their devices, in two queries."""
        return self.prefetch_related("devices")


class Mailbox(AddressAnswers, models.Model):
    class SmtpSecurity(models.TextChoices):
        SSL = "465", _("465 (SSL/TLS)")
        STARTTLS = "587", _("587 (STARTTLS)")

    hearing = models.ForeignKey(Hearing, on_delete=models.CASCADE, related_name="mailboxes")
    position = models.PositiveSmallIntegerField(default=0)
    address = models.EmailField(_("メールアドレス"), max_length=254)
    display_name = models.CharField(
        _("表示名 (差出人名)"), max_length=100, blank=True, help_text=_("例: 株式会社なごや精機 営業部")
    )
    people = models.PositiveSmallIntegerField(_("利用人数"), default=1)
    quota_mb = models.PositiveIntegerField(_("サーバー容量 (MB)"), null=True, blank=True)
    daily_mb = models.DecimalField(
        _("1日に届くメールの量 (MB)"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    keep_history = models.BooleanField(_("PCを買い替えても過去のメールを残したい"), default=False)
    incoming_host = models.CharField(_("受信サーバー"), max_length=253, blank=True)
    imap_host = models.CharField(_("受信サーバー (IMAP が別の場合)"), max_length=253, blank=True)
    outgoing_host = models.CharField(_("送信サーバー"), max_length=253, blank=True)
    username = models.CharField(_("ユーザー名 (アカウント名)"), max_length=100, blank=True)
    host_preset = models.CharField(_("サーバー会社"), max_length=40, blank=True)
    smtp_port = models.CharField(
        _("送信ポート・暗号化"), max_length=3, choices=SmtpSecurity.choices, default=SmtpSecurity.SSL
    )

    # What a mailbox read found (wizard/remote/, the server step): used for the
    # advice wherever the director typed no value; never a password.
    measured_at = models.DateTimeField(_("実測した日時"), null=True, blank=True, editable=False)
    measured_quota_mb = models.DecimalField(
        _("実測した容量 (MB)"), max_digits=12, decimal_places=2, null=True, blank=True, editable=False
    )
    measured_used_mb = models.DecimalField(
        _("実測した使用量 (MB)"), max_digits=12, decimal_places=2, null=True, blank=True, editable=False
    )
    measured_daily_mb = models.DecimalField(
        _("実測した1日の受信量 (MB)"), max_digits=9, decimal_places=2, null=True, blank=True, editable=False
    )
    measured_count = models.PositiveIntegerField(
        _("実測したメールの数"), null=True, blank=True, editable=False
    )
    measured_oldest = models.DateField(_("いちばん古いメールの日付"), null=True, blank=True, editable=False)
    measured_old_7_count = models.PositiveIntegerField(_("7日より古いコピーの数"), null=True, editable=False)
    measured_old_7_mb = models.DecimalField(
        _("7日より古いコピー (MB)"), max_digits=12, decimal_places=2, null=True, editable=False
    )
    measured_old_30_count = models.PositiveIntegerField(
        _("30日より古いコピーの数"), null=True, editable=False
    )
    measured_old_30_mb = models.DecimalField(
        _("30日より古いコピー (MB)"), max_digits=12, decimal_places=2, null=True, editable=False
    )
    measured_old_90_count = models.PositiveIntegerField(
        _("90日より古いコピーの数"), null=True, editable=False
    )
    measured_old_90_mb = models.DecimalField(
        _("90日より古いコピー (MB)"), max_digits=12, decimal_places=2, null=True, editable=False
    )

    objects = MailboxQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("メールアドレス")
        verbose_name_plural = _("メールアドレス")

    def __str__(self) -> str:
        return self.address

    def device_rows(self):
        return self.devices.all()

    def consulted_on(self):
        value = self.hearing.consulted_on
        # A date assigned as text (a form's raw value) reads as the date it names.
        return date.fromisoformat(value) if isinstance(value, str) else value


class Device(DeviceRow, models.Model):
    mailbox = models.ForeignKey(Mailbox, on_delete=models.CASCADE, related_name="devices")
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(_("端末の種類"), max_length=10, choices=KIND_CHOICES)
    # A catalogue key (wizard/engine/catalogue.py); no choices here, so the catalogue
    # can change without a migration and an old key still loads.
    client = models.CharField(_("メールソフト"), max_length=20)
    label = models.CharField(_("呼び名"), max_length=50, blank=True)
    quantity = models.PositiveSmallIntegerField(_("台数"), default=1)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("端末")
        verbose_name_plural = _("端末")

    def __str__(self) -> str:
        return self.label or str(self.client_label)  # a lazy translation is not a str
