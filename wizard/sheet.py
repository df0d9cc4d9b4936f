"""The settings sheet: per address and per device, what to set in which words."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext as _

from .catalogue import DAYS_PLACEHOLDER, retention_choice
from .models import Device, Mailbox
from .recommendations import CODES, Explanation, Recommendation, recommend

POP_PORT = 995
IMAP_PORT = 993
APPLE_CLIENTS = {"ios_mail", "apple_mail"}


@dataclass
class DeviceSheet:
    device: Device
    protocol_label: str
    incoming_port: int
    incoming_security: str
    outgoing_port: int
    outgoing_security: str
    leave_copy: str | None = None
    delete_after: str | None = None
    retention_note: str | None = None
    unverified: bool = False
    caveat: str | None = None
    guide_url: str = ""
    # POP retention by hand, where a configuration profile cannot set it (iPhone / iPad).
    manual_steps: list[str] = field(default_factory=list)
    retention_days: int | None = None
    personal_guide_url: str = ""  # set by the view: the guide with this device's values

    @property
    def is_apple(self) -> bool:
        return self.device.client in APPLE_CLIENTS

    def slot_values(self, mailbox: Mailbox) -> dict[str, str | None]:
        """This device's values for the slots of a KB guide (kb/slots.py)."""
        return {
            "address": mailbox.address,
            "protocol": "POP" if self.protocol_label == "POP3" else self.protocol_label,
            "incoming_host": mailbox.incoming_host,
            "incoming_port": str(self.incoming_port),
            "outgoing_host": mailbox.outgoing_host,
            "outgoing_port": str(self.outgoing_port),
            "outgoing_security": self.outgoing_security,
            "days": str(self.retention_days) if self.retention_days else None,
            "delete_after": self.delete_after,
        }


@dataclass
class MailboxSheet:
    mailbox: Mailbox
    rec: Recommendation
    explanations: list[Explanation]
    devices: list[DeviceSheet] = field(default_factory=list)
    current: Recommendation | None = None  # today's rules, when they differ from the saved advice
    profile_url: str = ""  # Apple configuration profile, when an Apple device reads the address
    autoconfig_url: str = ""  # Thunderbird autoconfig (staff only: published on the customer's domain)

    @property
    def has_apple_device(self) -> bool:
        return any(d.device.client in APPLE_CLIENTS for d in self.devices)

    @property
    def protocol_label(self) -> str:
        return "POP" if self.rec.protocol == "pop" else "IMAP"

    @property
    def domain(self) -> str:
        return self.mailbox.address.rsplit("@", 1)[1]


def _explanations(rec: Recommendation) -> list[Explanation]:
    codes = [*rec.reasons, *rec.warnings]
    if rec.suggest_cloud:
        codes.append("suggest_cloud")
    return [CODES[code] for code in codes if code in CODES]


def _device_sheet(mailbox: Mailbox, device: Device, rec: Recommendation) -> DeviceSheet:
    client = device.catalogue_client
    starttls = mailbox.smtp_port == Mailbox.SmtpSecurity.STARTTLS
    sheet = DeviceSheet(
        device=device,
        protocol_label="POP3" if rec.protocol == "pop" else "IMAP",
        incoming_port=POP_PORT if rec.protocol == "pop" else IMAP_PORT,
        incoming_security="SSL/TLS",
        outgoing_port=587 if starttls else 465,
        outgoing_security="STARTTLS" if starttls else "SSL/TLS",
        caveat=_(client.caveat) if client.caveat else None,
        guide_url=reverse("kb:article", kwargs={"slug": client.guide_slug}),
        unverified=not client.retention_verified,
    )
    if rec.protocol == "pop" and rec.delete_after_days and client.pop:
        days = rec.delete_after_days
        choice = retention_choice(client.key, days)
        if client.leave_copy_label:
            sheet.leave_copy = _("「%(label)s」をオンにする") % {"label": _(client.leave_copy_label)}
        if choice.days is None:
            sheet.delete_after = _(choice.label)
        elif client.retention_any_days:
            label = _(client.delete_after_label or "").replace(DAYS_PLACEHOLDER, str(choice.days))
            sheet.delete_after = _("「%(label)s」をオンにする") % {"label": label}
        else:
            sheet.delete_after = _("「%(setting)s」で「%(choice)s」を選ぶ") % {
                "setting": _(client.delete_after_label),
                "choice": _(choice.label),
            }
        sheet.retention_days = choice.days
        if choice.days is not None and client.pop_retention_steps:
            sheet.manual_steps = [
                _(step).format(address=mailbox.address, choice=_(choice.label))
                for step in client.pop_retention_steps
            ]
        if choice.days is not None and choice.differs:
            sheet.retention_note = _(
                "おすすめは %(days)d 日ですが、このメールソフトでは選べないため、"
                "最も近い「%(choice)s」を選んでください。"
            ) % {"days": days, "choice": _(choice.label)}
        elif choice.days is None:
            sheet.retention_note = _(
                "おすすめは %(days)d 日ですが、このメールソフトには日数の設定がありません。"
            ) % {"days": days}
    return sheet


def build_mailbox_sheet(mailbox: Mailbox, *, saved: bool) -> MailboxSheet | None:
    """saved=True: the advice stored at completion, plus today's if it differs."""
    devices = list(mailbox.devices.all())
    if not devices:
        return None
    current = recommend(mailbox.answers(devices))
    rec = mailbox.saved_recommendation() if saved else current
    if rec is None:
        rec = current
    sheet = MailboxSheet(
        mailbox=mailbox,
        rec=rec,
        explanations=_explanations(rec),
        devices=[_device_sheet(mailbox, device, rec) for device in devices],
    )
    if saved and (current.protocol, current.delete_after_days, current.warnings, current.suggest_cloud) != (
        rec.protocol,
        rec.delete_after_days,
        rec.warnings,
        rec.suggest_cloud,
    ):
        sheet.current = current
    return sheet
