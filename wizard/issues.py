"""An issued settings sheet, read back: the answers and the advice as they
were when the sheet was issued (``SheetIssue.data``), the differences between
two issues, and what today's rules would advise instead.

The customer link and the staff sheet always show the newest issue, never the
live answers: editing a completed hearing again does not change what the
customer sees until it is completed (issued) again.

``data`` (JSON)::

    {"company": "...", "consulted_on": "2026-11-20",
     "mailboxes": [{"id": 12, "address": "info@...", "people": 3, "quota_mb": 1000,
                    "daily_mb": "40.00", "keep_history": false, "incoming_host": "...",
                    "outgoing_host": "...", "smtp_port": "465",
                    "devices": [{"id": 5, "kind": "pc", "client": "outlook_classic", "label": "受付PC"}],
                    "advice": {"protocol": "pop", "leave_on_server": true, "delete_after_days": 30,
                               "suggest_cloud": false, "reasons": [...], "warnings": [...],
                               "devices": [{"role": "deletes", "delete_after_days": 30}, ...]}}]}
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from .engine.recommendations import DeviceSetting, MailboxAnswers, Recommendation, recommend
from .models import Device, Hearing, Mailbox

MAILBOX_FIELDS = (
    "address", "people", "quota_mb", "keep_history", "incoming_host", "imap_host", "outgoing_host", "smtp_port",
    "username", "host_preset", "display_name",
)  # fmt: skip
DEVICE_FIELDS = ("kind", "client", "label", "quantity")


def per_row(rec: Recommendation, devices: list[Device]) -> Recommendation:
    """The engine counts a row of N identical devices as N devices; identical
    devices get identical roles, so each row takes its first device's."""
    settings, index = [], 0
    for device in devices:
        if index < len(rec.device_settings):
            settings.append(rec.device_settings[index])
        index += device.quantity or 1
    return replace(rec, device_settings=tuple(settings))


def advise(mailbox: Mailbox, devices: list[Device]) -> Recommendation:
    """Today's advice for an address, one device setting per row."""
    return per_row(recommend(mailbox.answers(devices)), devices)


def advice_data(rec: Recommendation) -> dict:
    return {
        "protocol": rec.protocol,
        "leave_on_server": rec.leave_on_server,
        "delete_after_days": rec.delete_after_days,
        "suggest_cloud": rec.suggest_cloud,
        "reasons": list(rec.reasons),
        "warnings": list(rec.warnings),
        "devices": [{"role": s.role, "delete_after_days": s.delete_after_days} for s in rec.device_settings],
    }


def advice_from(data: dict, rules_version: str) -> Recommendation:
    return Recommendation(
        protocol=data["protocol"],
        leave_on_server=data.get("leave_on_server"),
        delete_after_days=data.get("delete_after_days"),
        suggest_cloud=bool(data.get("suggest_cloud")),
        reasons=tuple(data.get("reasons", ())),
        warnings=tuple(data.get("warnings", ())),
        rules_version=rules_version,
        device_settings=tuple(
            DeviceSetting(d["role"], d.get("delete_after_days")) for d in data.get("devices", ())
        ),
    )


def snapshot(hearing: Hearing, entries: list[tuple[Mailbox, list[Device], Recommendation]]) -> dict:
    """The data of a new issue: each address with its devices and advice."""
    mailboxes = []
    for mailbox, devices, rec in entries:
        entry = {"id": mailbox.pk, **{name: getattr(mailbox, name) for name in MAILBOX_FIELDS}}
        entry["daily_mb"] = None if mailbox.daily_mb is None else str(mailbox.daily_mb)
        entry["devices"] = [
            {"id": d.pk, **{name: getattr(d, name) for name in DEVICE_FIELDS}} for d in devices
        ]
        entry["advice"] = advice_data(rec)
        mailboxes.append(entry)
    return {
        "company": hearing.company,
        "consulted_on": hearing.consulted_on.isoformat() if hearing.consulted_on else None,
        "mailboxes": mailboxes,
    }


@dataclass
class IssuedMailbox:
    """One address of an issue: unsaved model instances (with their original
    ids) so the sheet, the files and the guides read it like live rows."""

    mailbox: Mailbox
    devices: list[Device]
    advice: Recommendation

    def answers(self) -> MailboxAnswers | None:
        """The answers as issued, or None when a device's client is no longer
        in the catalogue (the engine cannot judge it)."""
        try:
            return self.mailbox.answers(self.devices)
        except ValueError:
            return None

    def current(self) -> Recommendation | None:
        """What today's rules advise for the same answers (None: cannot judge)."""
        answers = self.answers()
        return per_row(recommend(answers), self.devices) if answers is not None else None


def read_issue(issue) -> list[IssuedMailbox]:
    hearing = issue.hearing
    result = []
    for entry in issue.data.get("mailboxes", []):
        # Fields added after an issue was written read as their defaults.
        mailbox = Mailbox(
            pk=entry["id"], hearing=hearing, **{name: entry.get(name) or "" for name in MAILBOX_FIELDS}
        )
        mailbox.quota_mb, mailbox.keep_history = entry.get("quota_mb"), bool(entry.get("keep_history"))
        mailbox.daily_mb = None if entry.get("daily_mb") is None else Decimal(entry["daily_mb"])
        devices = [
            Device(
                pk=d["id"],
                mailbox=mailbox,
                position=i,
                **{name: d.get(name) or "" for name in DEVICE_FIELDS[:3]},
                quantity=d.get("quantity") or 1,
            )  # fmt: skip
            for i, d in enumerate(entry.get("devices", []))
        ]
        result.append(IssuedMailbox(mailbox, devices, advice_from(entry["advice"], issue.rules_version)))
    return result


# What changed ---------------------------------------------------------------------


@dataclass(frozen=True)
class DeviceChange:
    """One device whose settings differ between two pieces of advice."""

    address: str
    device: Device
    before: DeviceSetting | None  # None: the device is new
    after: DeviceSetting
    protocol_before: str | None
    protocol_after: str


def _setting(advice: Recommendation, index: int) -> DeviceSetting | None:
    return advice.device_settings[index] if index < len(advice.device_settings) else None


def advice_changes(
    address: str, devices: list[Device], before: Recommendation | None, after: Recommendation
) -> list[DeviceChange]:
    """Per device, what ``after`` asks differently from ``before`` (same devices)."""
    changes = []
    for index, device in enumerate(devices):
        old = _setting(before, index) if before else None
        new = _setting(after, index)
        if new is None:
            continue
        protocol_before = before.protocol if before else None
        if old != new or protocol_before != after.protocol:
            changes.append(DeviceChange(address, device, old, new, protocol_before, after.protocol))
    return changes


def issue_changes(previous, latest) -> list[DeviceChange]:
    """What to change on which device between two issues of one hearing:
    devices are matched by their ids; new devices count as changed."""
    old = {}
    for entry in read_issue(previous):
        for index, device in enumerate(entry.devices):
            old[device.pk] = (entry.advice.protocol, _setting(entry.advice, index))
    changes = []
    for entry in read_issue(latest):
        for index, device in enumerate(entry.devices):
            new = _setting(entry.advice, index)
            protocol_before, before = old.get(device.pk, (None, None))
            if new is not None and (before != new or protocol_before != entry.advice.protocol):
                changes.append(
                    DeviceChange(
                        entry.mailbox.address, device, before, new, protocol_before, entry.advice.protocol
                    )
                )
    return changes


@dataclass(frozen=True)
class AddressDiff:
    """How today's rules would change one address's issued advice."""

    address: str
    devices: list[DeviceChange]
    warnings_added: tuple[str, ...]
    warnings_removed: tuple[str, ...]


def impact(issue) -> list[AddressDiff] | None:
    """The addresses whose issued advice today's rules would change (empty
    when none would), or None when some address cannot be judged any more."""
    diffs = []
    for entry in read_issue(issue):
        current = entry.current()
        if current is None:
            return None
        devices = advice_changes(entry.mailbox.address, entry.devices, entry.advice, current)
        added = tuple(code for code in current.warnings if code not in entry.advice.warnings)
        removed = tuple(code for code in entry.advice.warnings if code not in current.warnings)
        if devices or added or removed or current.suggest_cloud != entry.advice.suggest_cloud:
            diffs.append(AddressDiff(entry.mailbox.address, devices, added, removed))
    return diffs
