"""The settings sheet: per address and per device, what to set, in which
words, and why.

A sheet is built from one ``SheetRecord`` (what was issued, or the live
answers of the review step) and the ``SheetUrls`` of the side that shows it
(staff or customer link): ``build_sheet(record, urls)``. Every part is
complete when it is built, its links included; nothing is set on it
afterwards. ``Sheet.device(id)`` builds one device's part alone (a personal
guide does not build the other addresses and devices).

Each device gets its role in a sentence (it deletes the server's copies after
N days, or it keeps them), the instructions in its client's own words with
the verb its control needs, and the option that deletes the server copy
when mail is deleted on the device, always off.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property

from django.urls import reverse
from django.utils.translation import gettext as _

from ..engine.catalogue import Client, Ending
from ..engine.explanations import Explanation
from ..engine.recommendations import (
    DELETES,
    ENDING,
    IMAP_ROLE,
    POP,
    DeviceSetting,
    Recommendation,
    days_basis,
)
from . import measured
from .files import dns_srv_records
from .labels import LabelCheck, label_checks
from .publish import FITS, DomainPlan, Fit, domain_plans
from .record import IssuedAddress, IssuedDevice, SheetRecord
from .servers import ServerSettings
from .urls import SheetUrls
from .words import address_line, choice_words, days_text, instructions, retention_note, role_text


def _typed(shown: str, typed: str) -> str:
    """A guide's value to type: a Japanese-script name with its ASCII form."""
    return (
        shown
        if shown == typed
        else _("%(shown)s（入力するときは%(typed)s）") % {"shown": shown, "typed": typed}
    )


@dataclass
class DeviceSheet:
    device: IssuedDevice
    server: ServerSettings
    client: Client
    setting: DeviceSetting
    guide_url: str  # the KB article of the client
    personal_guide_url: str  # the guide with this device's values
    report_url: str  # where the customer reports ("" for staff)
    reports: list = field(
        default_factory=list
    )  # what the customer reported (DeviceReport, per unit), for staff
    role_text: str = ""
    leave_copy: str | None = None
    delete_after: str | None = None
    local_delete: str | None = None
    retention_note: str | None = None
    caveats: list[str] = field(default_factory=list)
    manual_steps: list[str] = field(default_factory=list)  # POP retention by hand (iPhone / iPad)
    label_checks: tuple[LabelCheck, ...] = ()  # staff: what directors confirmed of the labels quoted
    urls: SheetUrls | None = field(default=None, repr=False)

    @property
    def is_apple(self) -> bool:
        return self.client.apple_profile

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

    @cached_property
    def qr(self) -> str:
        """A QR code that opens this device's guide in a customer link (drawn
        when a page shows it; none on a staff sheet without a live link)."""
        if self.urls is None:
            return ""
        title = _("%(name)s の設定手順を開く QR コード") % {"name": self.device.name}
        return self.urls.guide_qr(self.device.id, title)

    def slot_values(self) -> dict[str, str | None]:
        """This device's values for the slots of a KB guide (kb/slots.py)."""
        server = self.server
        return {
            "address": _typed(server.address, server.typed_address),
            "protocol": server.protocol_label,
            "incoming_host": _typed(server.incoming.host, server.incoming.typed_host),
            "incoming_port": str(server.incoming.port),
            "outgoing_host": _typed(server.outgoing.host, server.outgoing.typed_host),
            "outgoing_port": str(server.outgoing.port),
            "outgoing_security": server.outgoing.security_label,
            "days": str(self.retention_days) if self.retention_days else None,
            # Where the guide types the days ({{日数}}), its note repeats them in a few words only.
            "delete_after": (
                _("%(days)d日後に削除") % {"days": self.retention_days}
                if self.retention_days and self.client.retention_any_days
                else self.delete_after
            ),
        }


@dataclass
class MailboxSheet:
    mailbox: IssuedAddress
    rec: Recommendation
    server: ServerSettings
    explanations: list[Explanation]
    profile_url: str  # Apple configuration profile
    address_line: str = ""  # what really happens to the server's copies
    days_text: str = ""
    devices: list[DeviceSheet] = field(default_factory=list)
    current: Recommendation | None = None  # today's rules, when they differ from the issued advice
    repeated: frozenset[str] = frozenset()  # explanation codes an earlier address already gave
    measured_text: str = ""  # what a mailbox read found (handoff.measured)
    measured_use: str = ""  # which values the advice used
    autoconfig_fit: Fit | None = None  # how the domain's shared files serve it (publish.py)
    srv_fit: Fit | None = None

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
    def deleters(self) -> list[DeviceSheet]:
        return [d for d in self.devices if d.setting.role == DELETES]


def _explanations(address: IssuedAddress) -> list[Explanation]:
    """The advice's reasons and warnings, explained; a warning about some
    clients links to those clients' own guides."""
    rec = address.advice
    concerned = {"client_caveat": [], "client_ending": []}
    for index, device in enumerate(address.devices):
        client, setting = device.catalogue_client, address.setting(index)
        if setting is not None and setting.role == ENDING:
            concerned["client_ending"].append(client.guide_slug)
        elif client.caveat or (rec.protocol == POP and client.pop_caveat):
            concerned["client_caveat"].append(client.guide_slug)
    shown, numbers = [], measured.details(address, rec)
    for explanation in rec.explanations:
        slugs = list(dict.fromkeys(concerned.get(explanation.code, ())))
        if slugs:
            explanation = replace(explanation, article_slug=slugs[0], also=tuple(slugs[1:]))
        if explanation.code in numbers:
            explanation = replace(explanation, detail=numbers[explanation.code])
        shown.append(explanation)
    return shown


def _device_sheet(
    address: IssuedAddress, index: int, server: ServerSettings, urls: SheetUrls, reports=(), seen=None
) -> DeviceSheet:
    device, rec = address.devices[index], address.advice
    setting = address.setting(index) or DeviceSetting("keeps")
    client = device.catalogue_client
    sheet = DeviceSheet(
        device=device,
        server=server,
        client=client,
        setting=setting,
        guide_url=reverse("kb:article", kwargs={"slug": client.guide_slug}),
        personal_guide_url=urls.guide(device.id),
        report_url=urls.report(device.id),
        reports=list(reports),
        role_text=role_text(address, index),
        urls=urls if urls.has_qr else None,
        label_checks=label_checks(client, setting, seen) if seen is not None else (),
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
    if rec.protocol == POP and client.pop_caveat:
        sheet.caveats.append(_(client.pop_caveat))
    days = sheet.retention_days
    if days and rec.delete_after_days and days != rec.delete_after_days and client.retention_choices:
        sheet.retention_note = retention_note(client, days, rec.delete_after_days)
    if rec.protocol == POP and client.pop_retention_steps and client.delete_after:
        choice = choice_words(client, days) if days else client.delete_after.never
        sheet.manual_steps = [
            _(step).format(address=server.address, choice=choice) for step in client.pop_retention_steps
        ]
    return sheet


def _chooser(address: IssuedAddress) -> Client | None:
    """The client whose fixed day choices set when this address's copies are
    deleted (None when a client that takes any number of days deletes)."""
    for index, device in enumerate(address.devices):
        setting = address.setting(index)
        client = device.catalogue_client
        if setting is not None and setting.role == DELETES:
            if client.retention_any_days:
                return None
            if client.retention_choices:
                return client
    return None


def _differs(a: Recommendation, b: Recommendation) -> bool:
    fields_ = ("protocol", "delete_after_days", "warnings", "suggest_cloud", "device_settings")
    return any(getattr(a, name) != getattr(b, name) for name in fields_)


def _mailbox_sheet(
    address: IssuedAddress,
    urls: SheetUrls,
    *,
    reports: dict,
    compare_today: bool,
    only_device: int | None = None,
    seen=None,
    plan: DomainPlan | None = None,
) -> MailboxSheet:
    rec = address.advice
    server = address.server_settings(rec.protocol)
    sheet = MailboxSheet(
        mailbox=address,
        rec=rec,
        server=server,
        explanations=_explanations(address),
        profile_url=urls.profile(address.id),
        address_line=address_line(address),
        measured_text=measured.summary(address),
        measured_use=measured.used_for_advice(address),
        autoconfig_fit=plan.autoconfig_fit(address) if plan else None,
        srv_fit=plan.srv_fit(address) if plan else None,
    )
    if rec.effective_days is not None:  # some device deletes: the days are applied
        sheet.days_text = days_text(
            days_basis(
                quota_mb=address.quota_for_advice,
                daily_mb=address.daily_for_advice,
                keep_history=address.keep_history,
            ),
            effective=rec.effective_days,
            chooser=_chooser(address),
        )
    sheet.devices = [
        _device_sheet(address, index, server, urls, reports.get(device.id, ()), seen)
        for index, device in enumerate(address.devices)
        if only_device is None or device.id == only_device
    ]
    if compare_today:
        current = address.current()
        if current is not None and _differs(rec, current):
            sheet.current = current
    return sheet


class Sheet:
    """One hearing's settings sheet as one side shows it.

    ``reports``: device id → the customer's reports, one per unit (staff side).
    ``compare_today``: note where today's rules would advise otherwise (an
    issued sheet; the live preview is today's advice already).
    ``seen``: the directors' field confirmations of vendor labels, by
    (client, label key, words) (staff side; ``handoff.labels``).
    """

    def __init__(
        self, record: SheetRecord, urls: SheetUrls, *, reports=None, compare_today: bool = True, seen=None
    ):
        self.record, self.urls = record, urls
        self.reports = reports or {}
        self.compare_today = compare_today
        self.seen = seen

    @cached_property
    def plans(self) -> dict[str, DomainPlan]:
        """What each mail domain's shared files publish (by ASCII domain)."""
        return {plan.ascii_domain: plan for plan in domain_plans(self.record.addresses)}

    @cached_property
    def mailboxes(self) -> list[MailboxSheet]:
        sheets = [
            _mailbox_sheet(
                address,
                self.urls,
                reports=self.reports,
                compare_today=self.compare_today,
                seen=self.seen,
                plan=self.plans.get(address.ascii_domain),
            )
            for address in self.record.addresses
        ]
        seen: set[str] = set()  # reasons an earlier address already explained (paper prints them once)
        for sheet in sheets:
            codes = {explanation.code for explanation in sheet.explanations}
            sheet.repeated = frozenset(codes & seen)
            seen |= codes
        return sheets

    def device(self, device_id: int) -> tuple[MailboxSheet, DeviceSheet] | None:
        """One device's part and its address's (with that device alone), built
        without the others."""
        found = self.record.device(device_id)
        if found is None:
            return None
        address, _device = found
        sheet = _mailbox_sheet(
            address,
            self.urls,
            reports=self.reports,
            compare_today=False,
            only_device=device_id,
            seen=self.seen,
        )
        return sheet, sheet.devices[0]

    @property
    def guides(self) -> list[tuple[MailboxSheet, DeviceSheet]]:
        """Every device of every address, in the sheet's order."""
        return [(sheet, device) for sheet in self.mailboxes for device in sheet.devices]

    @cached_property
    def autoconfig_urls(self) -> list[tuple[str, str, str]]:
        """(domain, file URL, ASCII domain) per mail domain, in order."""
        domains: dict[str, tuple[str, str, str]] = {}
        for address in self.record.addresses:
            domains.setdefault(
                address.ascii_domain,
                (address.domain, self.urls.autoconfig(address.domain), address.ascii_domain),
            )
        return list(domains.values())

    @cached_property
    def set_by_hand(self) -> list[tuple[str, list[MailboxSheet]]]:
        """Per domain, the addresses its autoconfig file or SRV records do not
        serve as they are (the domain's administrator and the director are told)."""
        found: dict[str, list[MailboxSheet]] = {}
        for sheet in self.mailboxes:
            if sheet.autoconfig_fit.state != FITS or sheet.srv_fit.state != FITS:
                found.setdefault(sheet.mailbox.domain, []).append(sheet)
        return list(found.items())

    @cached_property
    def dns_records(self) -> str:
        return dns_srv_records(self.record.addresses)


def build_sheet(record: SheetRecord, urls: SheetUrls, **options) -> Sheet:
    return Sheet(record, urls, **options)
