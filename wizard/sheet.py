"""The settings sheet: per address and per device, what to set in which words."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext as _

from .catalogue import DAYS_PLACEHOLDER, retention_choice
from .models import Device, Mailbox
from .recommendations import CODES, Explanation, Recommendation, recommend
from .servers import ServerSettings

APPLE_CLIENTS = {"ios_mail", "apple_mail"}


@dataclass
class DeviceSheet:
    device: Device
    server: ServerSettings
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
    devices: list[DeviceSheet] = field(default_factory=list)
    current: Recommendation | None = None  # today's rules, when they differ from the saved advice
    profile_url: str = ""  # Apple configuration profile, when an Apple device reads the address
    autoconfig_url: str = ""  # Thunderbird autoconfig (staff only: published on the customer's domain)

    @property
    def has_apple_device(self) -> bool:
        return any(d.device.client in APPLE_CLIENTS for d in self.devices)

    @property
    def protocol_label(self) -> str:
        return self.server.protocol_short


def _explanations(rec: Recommendation) -> list[Explanation]:
    codes = [*rec.reasons, *rec.warnings]
    if rec.suggest_cloud:
        codes.append("suggest_cloud")
    return [CODES[code] for code in codes if code in CODES]


def _device_sheet(
    mailbox: Mailbox, device: Device, rec: Recommendation, server: ServerSettings
) -> DeviceSheet:
    client = device.catalogue_client
    sheet = DeviceSheet(
        device=device,
        server=server,
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
    server = mailbox.server_settings(rec.protocol)
    sheet = MailboxSheet(
        mailbox=mailbox,
        rec=rec,
        server=server,
        explanations=_explanations(rec),
        devices=[_device_sheet(mailbox, device, rec, server) for device in devices],
    )
    if saved and (current.protocol, current.delete_after_days, current.warnings, current.suggest_cloud) != (
        rec.protocol,
        rec.delete_after_days,
        rec.warnings,
        rec.suggest_cloud,
    ):
        sheet.current = current
    return sheet
