"""Host presets: what Japanese hosting firms fix about their mail servers, so a
director picks the firm instead of typing server names for every address.

Loaded from ``wizard/presets.toml`` by ``manage.py load_presets`` (like the
starter articles: new presets are created, unchanged ones refreshed, and a
preset an admin has edited is never overwritten). Admins edit them in the
admin. Every preset carries where its facts come from, when they were
checked, and which of them could not be verified.
"""

from __future__ import annotations

import re

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..handoff.servers import SUBMISSION_PORT, SUBMISSIONS_PORT


class HostPresetQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)


class HostPreset(models.Model):
    class Username(models.TextChoices):
        ADDRESS = "address", _("メールアドレス全体")
        ACCOUNT = "account", _("アカウント名 (メールアドレスとは別)")

    key = models.SlugField(_("キー"), max_length=40, unique=True)
    name = models.CharField(_("名前"), max_length=80)
    order = models.IntegerField(_("表示順"), default=0)
    active = models.BooleanField(_("一覧に表示する"), default=True)
    # Host patterns: {server} is the per-contract host (found by detection or
    # typed by the director), {domain} the customer's domain.
    pop_host = models.CharField(_("受信サーバー (POP)"), max_length=200, blank=True)
    imap_host = models.CharField(_("受信サーバー (IMAP)"), max_length=200, blank=True)
    smtp_host = models.CharField(_("送信サーバー"), max_length=200, blank=True)
    smtp_port = models.CharField(
        _("送信ポート"),
        max_length=3,
        choices=[(str(SUBMISSIONS_PORT), "465 (SSL/TLS)"), (str(SUBMISSION_PORT), "587 (STARTTLS)")],
        default=str(SUBMISSIONS_PORT),
    )
    username = models.CharField(
        _("ユーザー名"), max_length=10, choices=Username.choices, default=Username.ADDRESS
    )
    server_hint = models.CharField(
        _("{server} の説明"),
        max_length=200,
        blank=True,
        help_text=_("例: 設定完了メールの「メールサーバー名」"),
    )
    server_example = models.CharField(_("{server} の例"), max_length=100, blank=True)
    username_hint = models.CharField(_("アカウント名の説明"), max_length=200, blank=True)
    # Detection: regular expressions on the domain's DNS records; a group
    # named "server" captures the per-contract host.
    detect_mx = models.CharField(_("判定: MX"), max_length=200, blank=True)
    detect_spf = models.CharField(_("判定: SPF (TXT)"), max_length=200, blank=True)
    detect_ns = models.CharField(_("判定: NS"), max_length=200, blank=True)
    notes = models.TextField(_("注意"), blank=True)
    source = models.TextField(_("出典"), blank=True)
    checked_on = models.DateField(_("確認日"), null=True, blank=True)
    unverified = models.CharField(
        _("未確認の項目"),
        max_length=200,
        blank=True,
        help_text=_("公式の情報で確かめられなかった項目。例: 送信ポート、判定"),
    )
    source_hash = models.CharField(max_length=64, editable=False, blank=True, default="")

    objects = HostPresetQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("サーバー会社のプリセット")
        verbose_name_plural = _("サーバー会社のプリセット")

    def __str__(self) -> str:
        return self.name

    @property
    def needs_server(self) -> bool:
        return bool(self.server_parts())

    def patterns(self, *, domain: str) -> dict[str, str]:
        """Each host's pattern for one domain (``{server}`` still to fill):
        ``pop``, ``imap`` (the POP host unless it differs) and ``smtp``."""
        raw = {"pop": self.pop_host, "imap": self.imap_host or self.pop_host, "smtp": self.smtp_host}
        return {part: pattern.replace("{domain}", domain) for part, pattern in raw.items()}

    def server_parts(self) -> tuple[str, ...]:
        """The hosts the per-contract server name fills (``pop``, ``imap``, ``smtp``)."""
        return tuple(part for part, pattern in self.patterns(domain="").items() if "{server}" in pattern)

    def hosts(self, *, domain: str, server: str = "") -> dict[str, str]:
        """The host names for one domain; a pattern that needs an unknown
        ``{server}`` gives an empty host (the director types the name)."""

        def fill(pattern: str) -> str:
            if not pattern or ("{server}" in pattern and not server):
                return ""
            return pattern.replace("{server}", server)

        return {part: fill(pattern) for part, pattern in self.patterns(domain=domain).items()}

    def server_from(self, *, domain: str, hosts: dict[str, str]) -> str:
        """The per-contract server name that ``hosts`` were filled from, or ""
        when none of them has this preset's form."""
        for part, pattern in self.patterns(domain=domain).items():
            host = hosts.get(part, "")
            if "{server}" not in pattern or not host:
                continue
            first, *rest = (re.escape(piece) for piece in pattern.split("{server}"))
            regex = first + r"(?P<server>[^.\s]\S*)" + "(?P=server)".join(rest)
            match = re.fullmatch(regex, host, re.IGNORECASE)
            if match:
                return match["server"].lower()
        return ""

    def rules(self) -> list[tuple[str, re.Pattern]]:
        """(record type, pattern) to try on a domain's DNS records, in order."""
        pairs = (("MX", self.detect_mx), ("TXT", self.detect_spf), ("NS", self.detect_ns))
        return [(kind, re.compile(pattern, re.IGNORECASE)) for kind, pattern in pairs if pattern]
