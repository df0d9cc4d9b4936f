"""What an issued settings sheet records, as one typed, frozen value.

``SheetIssue.data`` (JSON) is written by ``SheetRecord.to_data`` and read by
``SheetRecord.from_issue`` (through ``SheetIssue.read()``): nothing else
reads or writes that column. The live preview of the review step is a
``SheetRecord`` too (``SheetRecord.live``), so a sheet is always built from
one kind of value (``handoff.sheet.build_sheet``).

Stored format (``version`` 2; version 1 is the same without ``version``)::

    {"version": 2, "company": "...", "consulted_on": "2026-11-20",
     "mailboxes": [{"id": 12, "address": "info@...", "people": 3, "quota_mb": 1000,
                    "daily_mb": "40.00", "keep_history": false, "incoming_host": "...",
                    "imap_host": "", "outgoing_host": "...", "smtp_port": "465",
                    "username": "", "host_preset": "", "display_name": "",
                    "devices": [{"id": 5, "kind": "pc", "client": "outlook_classic",
                                 "label": "受付PC", "quantity": 1}],
                    "advice": {"protocol": "pop", "leave_on_server": true, "delete_after_days": 30,
                               "suggest_cloud": false, "reasons": [...], "warnings": [...],
                               "devices": [{"role": "deletes", "delete_after_days": 30}, ...]}}]}

Fields added after an issue was written read as their defaults.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime
from decimal import Decimal

from ..engine import recommendations as engine
from ..engine.recommendations import DeviceSetting, Recommendation
from .address import AddressAnswers, DeviceRow
from .servers import to_ascii

FORMAT_VERSION = 2


@dataclass(frozen=True)
class IssuedDevice(DeviceRow):
    """One row of devices as issued (``quantity`` identical devices)."""

    id: int
    kind: str
    client: str
    label: str = ""
    quantity: int = 1

    @property
    def pk(self) -> int:
        return self.id


@dataclass(frozen=True)
class IssuedAddress(AddressAnswers):
    """One address as issued: its answers, its rows of devices and the advice."""

    id: int
    address: str
    advice: Recommendation
    devices: tuple[IssuedDevice, ...] = ()
    people: int = 1
    quota_mb: int | None = None
    daily_mb: Decimal | None = None
    keep_history: bool = False
    incoming_host: str = ""
    imap_host: str = ""
    outgoing_host: str = ""
    smtp_port: str = "465"
    username: str = ""
    host_preset: str = ""
    display_name: str = ""
    measured_at: datetime | None = None  # a mailbox read (handoff.measured)
    measured_quota_mb: Decimal | None = None
    measured_used_mb: Decimal | None = None
    measured_daily_mb: Decimal | None = None
    measured_count: int | None = None
    measured_oldest: date | None = None
    measured_old_7_count: int | None = None
    measured_old_7_mb: Decimal | None = None
    measured_old_30_count: int | None = None
    measured_old_30_mb: Decimal | None = None
    measured_old_90_count: int | None = None
    measured_old_90_mb: Decimal | None = None
    as_of: date | None = None  # the hearing's date (not stored: the record's consulted_on)

    @property
    def pk(self) -> int:
        return self.id

    def device_rows(self) -> tuple[IssuedDevice, ...]:
        return self.devices

    def consulted_on(self) -> date | None:
        return self.as_of

    @property
    def server(self):
        """The servers for the advised protocol."""
        return self.server_settings(self.advice.protocol)

    def current(self) -> Recommendation | None:
        """What today's rules advise for the same answers (None: a client the
        catalogue no longer has, the engine cannot judge it)."""
        try:
            return self.todays_advice()
        except ValueError:
            return None

    def setting(self, index: int) -> DeviceSetting | None:
        settings = self.advice.device_settings
        return settings[index] if index < len(settings) else None


_ANSWER_FIELDS = tuple(
    f.name for f in fields(IssuedAddress) if f.name not in {"id", "address", "advice", "devices", "as_of"}
)


@dataclass(frozen=True)
class SheetRecord:
    """A settings sheet as issued (or, ``live``, as the answers stand now)."""

    hearing_id: object
    company: str
    consulted_on: date | None
    rules_version: str
    addresses: tuple[IssuedAddress, ...]
    issued_at: datetime | None = None
    issue_id: int | None = None
    version: int = FORMAT_VERSION
    _devices: dict = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        index = {d.id: (address, d) for address in self.addresses for d in address.devices}
        object.__setattr__(self, "_devices", index)

    def address(self, address_id: int) -> IssuedAddress | None:
        return next((a for a in self.addresses if a.id == address_id), None)

    def device(self, device_id: int) -> tuple[IssuedAddress, IssuedDevice] | None:
        """The device row with this id and its address (None: not on this sheet)."""
        return self._devices.get(device_id)

    def in_domain(self, domain: str) -> list[IssuedAddress]:
        """The addresses of one mail domain (either form of the name)."""
        return [a for a in self.addresses if a.ascii_domain == to_ascii(domain)]

    # Reading and writing the stored JSON ---------------------------------------------

    @classmethod
    def from_issue(cls, issue) -> SheetRecord:
        """The record of a ``SheetIssue`` (its JSON and its own columns)."""
        data = issue.data or {}
        consulted = data.get("consulted_on")
        consulted_on = date.fromisoformat(consulted) if consulted else None
        return cls(
            hearing_id=issue.hearing_id,
            company=data.get("company") or "",
            consulted_on=consulted_on,
            rules_version=issue.rules_version,
            addresses=tuple(
                _read_address(entry, issue.rules_version, as_of=consulted_on)
                for entry in data.get("mailboxes", [])
            ),
            issued_at=issue.issued_at,
            issue_id=issue.pk,
            version=data.get("version", 1),
        )

    def to_data(self) -> dict:
        """The JSON stored in ``SheetIssue.data`` (always the current format)."""
        return {
            "version": FORMAT_VERSION,
            "company": self.company,
            "consulted_on": self.consulted_on.isoformat() if self.consulted_on else None,
            "mailboxes": [_write_address(address) for address in self.addresses],
        }

    @classmethod
    def live(cls, hearing, mailboxes) -> SheetRecord:
        """The answers as they stand, each address with today's advice (an
        address without devices is left out). ValueError: a client the
        catalogue no longer has."""
        consulted = hearing.consulted_on
        consulted = date.fromisoformat(consulted) if isinstance(consulted, str) else consulted
        addresses = []
        for mailbox in mailboxes:
            rows = list(mailbox.devices.all())
            if not rows or mailbox.people < 1:
                continue
            addresses.append(
                IssuedAddress(
                    id=mailbox.pk,
                    address=mailbox.address,
                    advice=mailbox.todays_advice(rows),
                    devices=tuple(
                        IssuedDevice(d.pk, d.kind, d.client, d.label, d.quantity or 1) for d in rows
                    ),
                    **{name: getattr(mailbox, name) for name in _ANSWER_FIELDS},
                    as_of=consulted,
                )
            )
        return cls(
            hearing_id=hearing.pk,
            company=hearing.company,
            consulted_on=consulted,
            rules_version=engine.RULES_VERSION,
            addresses=tuple(addresses),
        )

    def under_todays_rules(self) -> SheetRecord:
        """The same answers with today's advice (ValueError as ``live``)."""
        return replace(
            self,
            rules_version=engine.RULES_VERSION,
            addresses=tuple(replace(a, advice=a.todays_advice()) for a in self.addresses),
            issued_at=None,
            issue_id=None,
        )


def _advice_data(rec: Recommendation) -> dict:
    return {
        "protocol": rec.protocol,
        "leave_on_server": rec.leave_on_server,
        "delete_after_days": rec.delete_after_days,
        "suggest_cloud": rec.suggest_cloud,
        "reasons": list(rec.reasons),
        "warnings": list(rec.warnings),
        "devices": [{"role": s.role, "delete_after_days": s.delete_after_days} for s in rec.device_settings],
    }


def _read_advice(data: dict, rules_version: str) -> Recommendation:
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


def _write_address(address: IssuedAddress) -> dict:
    entry = {"id": address.id, "address": address.address}
    entry.update({name: getattr(address, name) for name in _ANSWER_FIELDS})
    entry["daily_mb"] = None if address.daily_mb is None else str(address.daily_mb)
    for name in _MEASURED:
        value = entry[name]
        entry[name] = (
            value.isoformat() if isinstance(value, date) else str(value) if value is not None else None
        )
    entry["devices"] = [
        {"id": d.id, "kind": d.kind, "client": d.client, "label": d.label, "quantity": d.quantity}
        for d in address.devices
    ]
    entry["advice"] = _advice_data(address.advice)
    return entry


# Measured values, written as text and read back as what they are.
_MEASURED = {
    "measured_at": datetime.fromisoformat, "measured_oldest": date.fromisoformat,
    **{f"measured_{name}_mb": Decimal for name in ("quota", "used", "daily", "old_7", "old_30", "old_90")},
    **{f"measured_{name}": int for name in ("count", "old_7_count", "old_30_count", "old_90_count")},
}  # fmt: skip
_DEFAULTS = {f.name: f.default for f in fields(IssuedAddress) if f.name in _ANSWER_FIELDS}


def _read_address(entry: dict, rules_version: str, *, as_of: date | None) -> IssuedAddress:
    answers = {name: entry.get(name) for name in _ANSWER_FIELDS}
    answers = {name: _DEFAULTS[name] if value is None else value for name, value in answers.items()}
    answers["daily_mb"] = None if entry.get("daily_mb") is None else Decimal(entry["daily_mb"])
    answers["quota_mb"] = entry.get("quota_mb")
    answers["keep_history"] = bool(entry.get("keep_history"))
    for name, read in _MEASURED.items():
        answers[name] = None if entry.get(name) is None else read(entry[name])
    devices = tuple(
        IssuedDevice(
            id=d["id"],
            kind=d.get("kind") or "",
            client=d.get("client") or "",
            label=d.get("label") or "",
            quantity=d.get("quantity") or 1,
        )
        for d in entry.get("devices", [])
    )
    return IssuedAddress(
        id=entry["id"],
        address=entry["address"],
        advice=_read_advice(entry["advice"], rules_version),
        devices=devices,
        as_of=as_of,
        **answers,
    )
