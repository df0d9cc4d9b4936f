"""The hearing list as CSV, for spreadsheets (Excel opens it as UTF-8)."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import TextIO

from django.utils.translation import gettext as _

from ..engine.recommendations import Recommendation
from ..models import Mailbox, SheetIssue

HEADER = (
    "会社名", "ご担当者名", "担当ディレクター", "ヒアリング日", "状態",
    "メールアドレス", "利用人数", "端末", "容量 (MB)", "1日の受信量 (MB)",
    "受信サーバー", "送信サーバー", "送信ポート",
    "推奨方式", "サーバーに残す日数", "クラウドを提案", "理由", "注意", "ルールの版",
)  # fmt: skip


def csv_safe(value: str) -> str:
    """Stop spreadsheet formula injection from customer-typed text."""
    value = value or ""
    return "'" + value if value[:1] in {"=", "+", "-", "@", "\t", "\r"} else value


def _row(m: Mailbox, issued: dict[int, tuple[Recommendation, str]]) -> list:
    """One address: its answers now, and the advice last issued for it (or,
    never issued, what today's rules would advise)."""
    h = m.hearing
    rec, rules_version = issued.get(m.pk, (None, ""))
    if rec is None and m.devices.all() and m.people >= 1:
        try:
            rec = m.todays_advice()
        except ValueError:  # a client the catalogue no longer has
            rec = None
    devices = " / ".join(f"{d.label or d.get_kind_display()}: {d.client_label}" for d in m.devices.all())
    return [
        csv_safe(h.company), csv_safe(h.contact_name),
        h.director.get_username() if h.director else "",
        h.consulted_on.isoformat() if h.consulted_on else "", h.get_status_display(),
        csv_safe(m.address), m.people, csv_safe(devices),
        m.quota_mb or "", m.daily_mb if m.daily_mb is not None else "",
        csv_safe(m.incoming_host), csv_safe(m.outgoing_host), m.smtp_port,
        rec.protocol.upper() if rec else "",
        rec.delete_after_days or "" if rec else "",
        (_("はい") if rec.suggest_cloud else _("いいえ")) if rec else "",
        " ".join(rec.reasons) if rec else "", " ".join(rec.warnings) if rec else "",
        rules_version,
    ]  # fmt: skip


def _issued_advice(hearing_ids) -> dict[int, tuple[Recommendation, str]]:
    """Mailbox id → (issued advice, rules version), from each hearing's newest issue."""
    result = {}
    for issue in SheetIssue.objects.latest_per_hearing().filter(hearing_id__in=hearing_ids):
        for address in issue.read().addresses:
            result[address.id] = (address.advice, issue.rules_version)
    return result


def write_hearings_csv(out: TextIO, mailboxes: Iterable[Mailbox]) -> None:
    """One row per address, with its hearing, devices and advice. ``mailboxes``
    should come with their hearing, director and devices already loaded."""
    mailboxes = list(mailboxes)
    issued = _issued_advice({m.hearing_id for m in mailboxes})
    out.write("\ufeff")  # BOM: Excel opens UTF-8 correctly
    writer = csv.writer(out)
    writer.writerow([_(title) for title in HEADER])
    for mailbox in mailboxes:
        writer.writerow(_row(mailbox, issued))
