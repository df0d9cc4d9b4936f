"""The hearing list as CSV, for directors (Excel opens it as UTF-8).

One row per address, in words a director reads without the code: the
servers per protocol (the POP host and the IMAP host, which may differ), the
name the mail program logs in with, each device's role, the reasons and
warnings by their titles, and the days the address really keeps. An address
of an issued sheet is shown as the customer was given it; one never issued,
as today's rules would advise it.

Every cell is text a spreadsheet will not run: a cell that starts like a
formula (=, +, -, @, a tab or a line break, or their 全角 forms) gets a
leading apostrophe (OWASP's CSV injection advice).
"""

from __future__ import annotations

import csv
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TextIO

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ..engine.explanations import CODES
from ..engine.recommendations import DELETES, ENDING, IMAP_ROLE, KEEPS, POP, Recommendation
from ..models import Mailbox, SheetIssue
from .address import AddressAnswers

HEADER = (
    "会社名", "ご担当者名", "担当ディレクター", "ヒアリング日", "状態",
    "メールアドレス", "利用人数", "端末と役割", "容量（MB）", "1日の受信量（MB）",
    "受信サーバー（POP）", "受信サーバー（IMAP）", "送信サーバー", "送信ポート・暗号化", "ユーザー名",
    "推奨方式", "サーバーに残す日数", "クラウドを提案", "理由", "注意", "設定シート", "ルールの版",
)  # fmt: skip

ROLE_WORDS = {
    DELETES: gettext_noop("%(days)d日後にサーバーから削除"),
    KEEPS: gettext_noop("サーバーから削除しない"),
    IMAP_ROLE: gettext_noop("IMAP"),
    ENDING: gettext_noop("終了する受け取り方（新しいメールソフトに置き換え）"),
}

# What starts a formula in a spreadsheet (LibreOffice and Excel), after NFKC:
# 全角 ＝＋－＠ become = + - @.
FORMULA_STARTS = frozenset("=+-@\t\r\n")


def csv_safe(value) -> str:
    """``value`` as a cell a spreadsheet shows as text, never runs."""
    text = "" if value is None else str(value)
    first = text.lstrip(" \u3000")[:1]
    if text[:1] in FORMULA_STARTS or unicodedata.normalize("NFKC", first)[:1] in FORMULA_STARTS:
        return "'" + text
    return text


@dataclass(frozen=True)
class _Address:
    """One address as the row shows it: its answers and devices, and the advice."""

    answers: AddressAnswers
    devices: tuple
    advice: Recommendation | None
    rules_version: str = ""
    issued_at: object = None


def _person(user) -> str:
    if user is None:
        return ""
    return f"{user.last_name} {user.first_name}".strip() or user.get_username()


def _device(device, advice: Recommendation | None, index: int) -> str:
    words = f"{device.name}（{device.client_label}）"
    if device.quantity > 1:
        words += _("×%(n)d台") % {"n": device.quantity}
    settings = advice.device_settings if advice else ()
    if index < len(settings):
        setting = settings[index]
        words += "：" + _(ROLE_WORDS[setting.role]) % {"days": setting.delete_after_days or 0}
    return words


def _titles(codes) -> str:
    return "・".join(_(CODES[code].title) if code in CODES else code for code in codes)


def _days(advice: Recommendation) -> object:
    """What the address keeps: the fewest days a device deletes after; an
    advice issued before device roles existed gives the address's days."""
    if advice.protocol != POP:
        return ""
    days = advice.effective_days if advice.device_settings else advice.delete_after_days
    return days if days else _("削除しない")


def _row(m: Mailbox, shown: _Address) -> list:
    h, a, advice = m.hearing, shown.answers, shown.advice
    pop, imap = a.server_settings("pop"), a.server_settings("imap")
    outgoing = pop.outgoing
    if shown.issued_at:
        sheet = _("%(date)s発行") % {"date": date_format(timezone.localtime(shown.issued_at), "Y年n月j日")}
    else:
        sheet = _("未発行（いまのルールで計算）")
    cells = [
        h.company, h.contact_name, _person(h.director),
        date_format(h.consulted_on, "Y年n月j日") if h.consulted_on else "", h.get_status_display(),
        a.address, a.people,
        " / ".join(_device(device, advice, index) for index, device in enumerate(shown.devices)),
        a.quota_mb or "", "" if a.daily_mb is None else f"{a.daily_mb.normalize():f}",
        pop.incoming.host, imap.incoming.host, outgoing.host,
        f"{outgoing.port}（{outgoing.security_label}）", pop.incoming.username,
        advice.protocol.upper() if advice else "",
        _days(advice) if advice else "",
        (_("はい") if advice.suggest_cloud else _("いいえ")) if advice else "",
        _titles(advice.reasons) if advice else "", _titles(advice.warnings) if advice else "",
        sheet, shown.rules_version,
    ]  # fmt: skip
    return [csv_safe(cell) for cell in cells]


def _issued(hearing_ids) -> dict[int, _Address]:
    """Mailbox id → the address as each hearing's newest sheet gave it."""
    result = {}
    for issue in SheetIssue.objects.latest_per_hearing().filter(hearing_id__in=hearing_ids):
        for address in issue.read().addresses:
            result[address.id] = _Address(
                address, address.devices, address.advice, issue.rules_version, issue.issued_at
            )
    return result


def _live(m: Mailbox) -> _Address:
    """An address never issued, with what today's rules would advise."""
    devices = tuple(m.devices.all())
    advice = None
    if devices and m.people >= 1:
        try:
            advice = m.todays_advice(devices)
        except ValueError:  # a client the catalogue no longer has
            advice = None
    return _Address(m, devices, advice, advice.rules_version if advice else "")


def write_hearings_csv(out: TextIO, mailboxes: Iterable[Mailbox]) -> None:
    """One row per address, with its hearing, devices and advice. ``mailboxes``
    should come with their hearing, director and devices already loaded."""
    mailboxes = list(mailboxes)
    issued = _issued({m.hearing_id for m in mailboxes})
    out.write("\ufeff")  # BOM: Excel opens UTF-8 correctly
    writer = csv.writer(out)
    writer.writerow([_(title) for title in HEADER])
    for mailbox in mailboxes:
        writer.writerow(_row(mailbox, issued.get(mailbox.pk) or _live(mailbox)))
