"""The settings sheet: per address and per device, what to set, in which
words, and why.

A sheet is built from one address, its devices and the advice for them:
either an issued sheet (``issued_sheets``: what the customer was told, see
issues.py) or the live answers (``live_sheets``: the review step's preview).
Each device gets its role in a sentence (it deletes the server's copies after
N days, or it keeps them), the instructions in its client's own words with
the verb its control needs, and the option that deletes the server copy
when mail is deleted on the device, always off.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from django.urls import reverse
from django.utils.translation import gettext as _

from .engine.catalogue import CHOICE, DAYS_PLACEHOLDER, Client, Ending
from .engine.explanations import CODES, Explanation
from .engine.recommendations import (
    DELETES,
    IMAP_ROLE,
    QUOTA_SHARE,
    DaysBasis,
    DeviceSetting,
    Recommendation,
    days_basis,
)
from .issues import advise, read_issue
from .models import Device, Mailbox
from .servers import ServerSettings

APPLE_CLIENTS = {"ios_mail", "apple_mail"}


def _choice_words(client: Client, days: int) -> str:
    return next((words for d, words in client.delete_after.day_choices if d == days), f"{days}日")


def instructions(client: Client, setting: DeviceSetting) -> dict[str, str | None]:
    """What to do with each POP control of ``client``, with the verb its kind
    needs: a checkbox is turned on or off, a number typed, a choice picked."""
    result: dict[str, str | None] = {"leave_copy": None, "delete_after": None, "local_delete": None}
    if setting.role == IMAP_ROLE or not client.pop:
        return result
    if client.leave_copy:
        result["leave_copy"] = _("「%(label)s」をオンにする") % {"label": client.leave_copy.label}
    control, days = client.delete_after, setting.delete_after_days
    deletes = setting.role == DELETES and days is not None
    if control is None:
        result["delete_after"] = _("日数で削除する設定はありません (サーバーのメールを削除しません)")
    elif control.typed_days and deletes:
        result["delete_after"] = _("「%(label)s」をオンにし、日数に %(days)d と入力する") % {
            "label": control.label.replace(DAYS_PLACEHOLDER, str(days)),
            "days": days,
        }
    elif control.kind == CHOICE:
        words = _choice_words(client, days) if deletes else control.never
        result["delete_after"] = _("「%(label)s」で「%(choice)s」を選ぶ") % {
            "label": control.label,
            "choice": words,
        }
    elif deletes:
        result["delete_after"] = _("「%(label)s」をオンにし、「%(choice)s」を選ぶ") % {
            "label": control.label,
            "choice": _choice_words(client, days),
        }
    else:
        result["delete_after"] = _("「%(label)s」をオフにする") % {"label": control.label}
    local = client.delete_on_local_delete
    if local is None:
        pass
    elif local.kind != CHOICE:
        result["local_delete"] = _("「%(label)s」をオフにする") % {"label": local.label}
    elif local.never:  # its own list: pick the option that never deletes
        result["local_delete"] = _("「%(label)s」で「%(choice)s」を選ぶ") % {
            "label": local.label,
            "choice": local.never,
        }
    elif deletes or (control and control.kind == CHOICE):  # an option of the delete list
        result["local_delete"] = _("「%(label)s」は選ばない") % {"label": local.label}
    return result


@dataclass
class DeviceSheet:
    device: Device
    server: ServerSettings
    client: Client
    setting: DeviceSetting
    role_text: str = ""
    leave_copy: str | None = None
    delete_after: str | None = None
    local_delete: str | None = None
    retention_note: str | None = None
    caveats: list[str] = field(default_factory=list)
    guide_url: str = ""
    manual_steps: list[str] = field(default_factory=list)  # POP retention by hand (iPhone / iPad)
    personal_guide_url: str = ""  # set by the view: the guide with this device's values
    qr: str = ""  # set by the view behind a customer link: a QR code that opens that guide
    report: object = None  # set by the view for staff: what the customer reported (DeviceReport)

    @property
    def is_apple(self) -> bool:
        return self.device.client in APPLE_CLIENTS

    @property
    def unknown(self) -> bool:
        return self.client.key == "unknown"

    @property
    def ending(self) -> Ending | None:
        return self.client.ends

    @property
    def labels_unverified(self) -> bool:
        return self.setting.role != IMAP_ROLE and not self.client.labels.verified

    @property
    def retention_days(self) -> int | None:
        return self.setting.delete_after_days if self.setting.role == DELETES else None

    def slot_values(self) -> dict[str, str | None]:
        """This device's values for the slots of a KB guide (kb/slots.py)."""
        server = self.server
        return {
            "address": server.address,
            "protocol": server.protocol_short,
            "incoming_host": server.incoming.host,
            "incoming_port": str(server.incoming.port),
            "outgoing_host": server.outgoing.host,
            "outgoing_port": str(server.outgoing.port),
            "outgoing_security": server.outgoing.security_label,
            "days": str(self.retention_days) if self.retention_days else None,
            "delete_after": self.delete_after,
        }


@dataclass
class MailboxSheet:
    mailbox: Mailbox
    rec: Recommendation
    server: ServerSettings
    explanations: list[Explanation]
    days_text: str = ""
    devices: list[DeviceSheet] = field(default_factory=list)
    current: Recommendation | None = None  # today's rules, when they differ from the issued advice
    profile_url: str = ""  # Apple configuration profile, when an Apple device reads the address
    autoconfig_url: str = ""  # Thunderbird autoconfig (published on the customer's domain)
    repeated: frozenset[str] = frozenset()  # explanation codes an earlier address already gave

    @property
    def has_apple_device(self) -> bool:
        return any(d.is_apple for d in self.devices)

    @property
    def keeps_on_local_delete(self) -> bool:
        """A device here must not delete the server's copy when mail is deleted on it."""
        return any(d.local_delete for d in self.devices)

    @property
    def labels_unverified(self) -> bool:
        return any(d.labels_unverified for d in self.devices)

    @property
    def protocol_label(self) -> str:
        return self.server.protocol_short

    @property
    def deleters(self) -> list[DeviceSheet]:
        return [d for d in self.devices if d.setting.role == DELETES]


def _explanations(rec: Recommendation) -> list[Explanation]:
    codes = [*rec.reasons, *rec.warnings]
    if rec.suggest_cloud:
        codes.append("suggest_cloud")
    return [CODES[code] for code in codes if code in CODES]


def _mb(value: Fraction) -> str:
    return f"{int(value):,}" if value.denominator == 1 else f"{float(value):,.2f}".rstrip("0").rstrip(".")


def days_text(basis: DaysBasis) -> str:
    """How the days were chosen, in plain Japanese with the arithmetic."""
    wish = (
        _("過去のメールを新しい PC でも受け取れるよう %(days)d 日が希望です。")
        if basis.preferred == 90
        else _("おすすめは %(days)d 日です。")
    ) % {"days": basis.preferred}
    if basis.quota_mb is None:
        return wish + _(
            "容量か1日の受信量がわからないため、%(days)d日にしました (容量に収まるかは確かめていません)。"
        ) % {"days": basis.days}
    if basis.fitting_days is None:
        fits = _("1日の受信量が 0 MB なので容量は足ります")
    else:
        fits = _("容量 %(quota)s MB の %(share)s 割 ÷ 1日 %(daily)s MB = %(fit)s 日分") % {
            "quota": _mb(basis.quota_mb),
            "share": _mb(QUOTA_SHARE * 10),
            "daily": _mb(basis.daily_mb),
            "fit": f"{int(basis.fitting_days):,}",
        }
    return wish + _("%(fits)s → %(days)d日") % {"fits": fits, "days": basis.days}


def _subject(device: Device) -> str:
    """The device as the subject of its own sentence: 「受付PC」 or この端末."""
    return f"「{device.label}」" if device.label else _("この%(kind)s") % {"kind": device.get_kind_display()}


def _other(device: Device) -> str:
    """Another device, named so the customer can tell which one it is."""
    return device.label or f"{device.get_kind_display()} ({device.client_label})"


def _role_text(sheet: DeviceSheet, mailbox_sheet: MailboxSheet) -> str:
    setting, device = sheet.setting, sheet.device
    if setting.role == IMAP_ROLE:
        return ""
    if setting.role == DELETES:
        return _("%(subject)sが、受信から %(days)d 日たったメールをサーバーから削除します。") % {
            "subject": _subject(device),
            "days": setting.delete_after_days,
        }
    deleters = mailbox_sheet.deleters
    if not deleters:
        return _(
            "%(subject)sではサーバーから削除しません。このアドレスには、サーバーのメールを削除する端末がありません。"
        ) % {"subject": _subject(device)}
    days = {d.setting.delete_after_days for d in deleters}
    if len(days) == 1:
        by = _("%(names)s が %(days)d 日後に") % {
            "names": "、".join(_other(d.device) for d in deleters),
            "days": days.pop(),
        }
    else:
        by = "、".join(
            _("%(name)s (%(days)d日後)") % {"name": _other(d.device), "days": d.setting.delete_after_days}
            for d in deleters
        ) + _(" が")
    return _("%(subject)sではサーバーから削除しません。削除は %(by)s行います。") % {
        "subject": _subject(device),
        "by": by,
    }


def _device_sheet(
    device: Device, setting: DeviceSetting, rec: Recommendation, server: ServerSettings
) -> DeviceSheet:
    client = device.catalogue_client
    sheet = DeviceSheet(
        device=device,
        server=server,
        client=client,
        setting=setting,
        guide_url=reverse("kb:article", kwargs={"slug": client.guide_slug}),
        **instructions(client, setting),
    )
    if sheet.unknown:
        sheet.caveats.append(
            _(
                "このメールソフト (%(key)s) は、現在の一覧にありません。担当ディレクターに設定内容をご確認ください。"
            )
            % {"key": device.client}
        )
    if client.caveat:
        sheet.caveats.append(_(client.caveat))
    if rec.protocol == "pop" and client.pop_caveat:
        sheet.caveats.append(_(client.pop_caveat))
    days = sheet.retention_days
    if days and rec.delete_after_days and days < rec.delete_after_days:
        sheet.retention_note = _(
            "このアドレスのおすすめは %(n)d 日ですが、このメールソフトで選べる日数のうち最も近い %(days)d 日にしています。"
        ) % {"n": rec.delete_after_days, "days": days}
    if rec.protocol == "pop" and client.pop_retention_steps and client.delete_after:
        choice = _choice_words(client, days) if days else client.delete_after.never
        sheet.manual_steps = [
            _(step).format(address=server.address, choice=choice) for step in client.pop_retention_steps
        ]
    return sheet


def build_mailbox_sheet(
    mailbox: Mailbox, devices: list[Device], rec: Recommendation, *, current: Recommendation | None = None
) -> MailboxSheet:
    server = mailbox.server_settings(rec.protocol)
    sheet = MailboxSheet(mailbox=mailbox, rec=rec, server=server, explanations=_explanations(rec))
    if rec.protocol == "pop":
        sheet.days_text = days_text(
            days_basis(
                quota_mb=mailbox.quota_mb, daily_mb=mailbox.daily_mb, keep_history=mailbox.keep_history
            )
        )
    settings = list(rec.device_settings) + [DeviceSetting("keeps")] * (
        len(devices) - len(rec.device_settings)
    )
    sheet.devices = [_device_sheet(d, s, rec, server) for d, s in zip(devices, settings, strict=False)]
    for device_sheet in sheet.devices:
        device_sheet.role_text = _role_text(device_sheet, sheet)
    if current is not None and _differs(rec, current):
        sheet.current = current
    return sheet


def _differs(a: Recommendation, b: Recommendation) -> bool:
    fields = ("protocol", "delete_after_days", "warnings", "suggest_cloud", "device_settings")
    return any(getattr(a, name) != getattr(b, name) for name in fields)


def _mark_repeats(sheets: list[MailboxSheet]) -> list[MailboxSheet]:
    """Note which reasons an earlier address already explained (paper prints them once)."""
    seen: set[str] = set()
    for sheet in sheets:
        codes = {explanation.code for explanation in sheet.explanations}
        sheet.repeated = frozenset(codes & seen)
        seen |= codes
    return sheets


def live_sheets(mailboxes: list[Mailbox]) -> list[MailboxSheet]:
    """Sheets from the answers as they are now (the review step's preview)."""
    sheets = []
    for mailbox in mailboxes:
        devices = list(mailbox.devices.all())
        if devices and mailbox.people >= 1:
            sheets.append(build_mailbox_sheet(mailbox, devices, advise(mailbox, devices)))
    return _mark_repeats(sheets)


def issued_sheets(issue) -> list[MailboxSheet]:
    """Sheets as issued, each with today's advice where it would differ."""
    return _mark_repeats(
        [
            build_mailbox_sheet(entry.mailbox, entry.devices, entry.advice, current=entry.current())
            for entry in read_issue(issue)
        ]
    )


def setting_words(client: Client, setting: DeviceSetting | None, protocol: str | None) -> str:
    """A device's setting in a few words, as the change list shows it."""
    if setting is None or protocol is None:
        return _("(新しく追加した端末)")
    if setting.role == IMAP_ROLE:
        return "IMAP"
    control = client.delete_after
    if setting.role == DELETES and setting.delete_after_days:
        words = (
            _choice_words(client, setting.delete_after_days)
            if control and not control.typed_days
            else _("%(days)d日後に削除") % {"days": setting.delete_after_days}
        )
    else:
        words = (control.never if control and control.never else None) or _("削除しない")
    return f"POP: {words}"


@dataclass(frozen=True)
class ChangeLine:
    address: str
    device: str
    client: str
    before: str
    after: str
    todo: str


def describe_changes(changes) -> list[ChangeLine]:
    """Issue or impact changes (issues.DeviceChange) as lines for people."""
    lines = []
    for change in changes:
        client = change.device.catalogue_client
        todo = instructions(client, change.after)
        lines.append(
            ChangeLine(
                address=change.address,
                device=change.device.name,
                client=_(client.label),
                before=setting_words(client, change.before, change.protocol_before),
                after=setting_words(client, change.after, change.protocol_after),
                todo=todo["delete_after"]
                or (_("IMAP で設定し直す") if change.after.role == IMAP_ROLE else ""),
            )
        )
    return lines
