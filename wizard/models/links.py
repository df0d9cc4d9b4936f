"""Customer links: private, expiring links to a hearing's issued settings sheet."""

from __future__ import annotations

import base64
import hashlib
import secrets
from datetime import timedelta

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.times import staff_time


def new_link_token() -> str:
    """A customer link's secret: 256 random bits, shown once and never stored."""
    return secrets.token_urlsafe(32)


def hash_link_token(token: str) -> str:
    """What is stored instead of the token. The token is random and long, so a
    plain SHA-256 is enough: nobody can search 2**256 tokens for a match."""
    return hashlib.sha256(token.encode()).hexdigest()


def _print_key() -> Fernet:
    """The key that seals a link's token for printing its QR codes: derived
    from SECRET_KEY (HKDF), so a copy of the database alone cannot open it."""
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"mailnavi customer link print").derive(
        settings.SECRET_KEY.encode()
    )
    return Fernet(base64.urlsafe_b64encode(key))


def seal_link_token(token: str) -> str:
    return _print_key().encrypt(token.encode()).decode()


def unseal_link_token(sealed: str) -> str | None:
    """The token again (None: nothing sealed, or sealed under another SECRET_KEY)."""
    if not sealed:
        return None
    try:
        return _print_key().decrypt(sealed.encode()).decode()
    except InvalidToken:
        return None


class CustomerLinkQuerySet(models.QuerySet):
    def active(self, now=None):
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True, expires_at__gt=now)


class CustomerLink(models.Model):
    """A customer link: a private link to a completed hearing's settings sheet.

    Only the SHA-256 of the token is stored: the link itself is shown to the
    director once, when it is created. It expires and can be revoked. So that
    the staff sheet can print each device's QR code while the link lives, the
    token is also kept sealed (Fernet, a key derived from SECRET_KEY): never
    in clear, unreadable from a database copy or backup without the key, and
    unreadable after the key changes (the sheet then prints no QR codes).
    """

    DEFAULT_DAYS = 30
    DAY_CHOICES = (7, 14, 30, 60, 90)

    class State(models.TextChoices):
        ACTIVE = "active", _("有効")
        EXPIRED = "expired", _("期限切れ")
        REVOKED = "revoked", _("無効化済み")

    hearing = models.ForeignKey(
        "wizard.Hearing",
        verbose_name=_("ヒアリング"),
        on_delete=models.CASCADE,
        related_name="customer_links",
    )
    token_hash = models.CharField(_("キーのハッシュ"), max_length=64, unique=True, editable=False)
    sealed_token = models.TextField(_("印刷用に封をしたキー"), blank=True, editable=False)
    note = models.CharField(_("送付先メモ"), max_length=50, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("作成者"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)
    expires_at = models.DateTimeField(_("有効期限"))
    revoked_at = models.DateTimeField(_("無効化日時"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("無効化した人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    last_opened_at = models.DateTimeField(_("最終閲覧日時"), null=True, blank=True)

    objects = CustomerLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("お客さま用リンク")
        verbose_name_plural = _("お客さま用リンク")

    def __str__(self) -> str:
        return f"{self.hearing} — {staff_time(self.created_at)}"

    def printable_token(self) -> str | None:
        """The token for printing QR codes, while the link is active."""
        return unseal_link_token(self.sealed_token) if self.is_active else None

    def state(self, now=None) -> str:
        if self.revoked_at is not None:
            return self.State.REVOKED
        if self.expires_at <= (now or timezone.now()):
            return self.State.EXPIRED
        return self.State.ACTIVE

    @property
    def is_active(self) -> bool:
        return self.state() == self.State.ACTIVE

    def get_state_display(self) -> str:
        return self.State(self.state()).label

    @staticmethod
    def expiry_from(now, days: int):
        return now + timedelta(days=days)
