"""The ready-to-send message that hands a new customer link over: a subject
and a body in Japanese for the director to paste into their own mail (or
open in their mail program), with the link, its expiry and how to reach the
agency. Built in the response that shows the link: never stored."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class HandoverMessage:
    to: str
    subject: str
    body: str

    @property
    def mailto(self) -> str:
        """The message in the director's own mail program (RFC 6068)."""
        return f"mailto:{quote(self.to, safe='@')}?subject={quote(self.subject)}&body={quote(self.body)}"


def handover_message(*, hearing, url: str, expires_at, sender: str = "", agency=None) -> HandoverMessage:
    """``sender``: who signs (the director's name); ``agency``: core.AgencyContact or None."""
    company = hearing.company or ""
    expires = date_format(timezone.localtime(expires_at), "Y年n月j日 H:i")
    lines = []
    if company:
        lines.append(company)
    lines += [
        _("%(name)s 様") % {"name": hearing.contact_name} if hearing.contact_name else _("ご担当者様"),
        "",
        _("いつもお世話になっております。")
        + (
            _("%(agency)sの%(sender)sです。") % {"agency": agency.name, "sender": sender}
            if agency and sender
            else ""
        ),
        "",
        _("メールの設定内容をまとめた「メール設定シート」をお送りします。"),
        _("次のリンクから、端末ごとの設定手順をご覧いただけます。"),
        "",
        url,
        "",
        _("・リンクの有効期限：%(expires)sまで") % {"expires": expires},
        _("・このリンクは貴社専用です。ほかの方には転送しないでください。"),
        _("・パスワードはお知らせしていません。設定の途中で、お客さまご自身で入力してください。"),
        _("・うまくいかないときは、手順の横の「ここでうまくいかない」からお知らせください。"),
    ]
    if agency:
        lines += ["", _("ご不明な点は、次の窓口までお問い合わせください。"), agency.name]
        if agency.phone:
            hours = f"（{agency.hours}）" if agency.hours else ""
            lines.append(_("電話：%(phone)s") % {"phone": agency.phone} + hours)
        if agency.email:
            lines.append(_("メール：%(email)s") % {"email": agency.email})
    elif sender:
        lines += ["", sender]
    subject = (
        _("メール設定シートのご案内（%(company)s様）") % {"company": company}
        if company
        else _("メール設定シートのご案内")
    )
    return HandoverMessage(to=hearing.contact_email or "", subject=subject, body="\n".join(lines) + "\n")
