"""The recommendation engine: which protocol one mail address should use,
and what each device that reads it does with the server's copies.

Pure Python, no Django imports: frozen dataclasses in, a frozen dataclass out.
The policy is DOMAIN.md's ("The policy (per address)", "Policy v2" and
"Policy v2.1"). Bump
``RULES_VERSION`` whenever a change here or in the catalogue can change a
recommendation, and say why in ``changelog.py``; the version is stored
with every issued settings sheet.

Reason codes, in the order they are listed, and when each one *holds*:

- ``shared_address`` (points to POP): ``people >= 2``.
- ``client_pop_only`` (POP): some device's client cannot do IMAP (ending ones aside).
- ``mobile_access`` (IMAP): some device is a smartphone or a tablet.
- ``multiple_devices`` (IMAP): two or more devices, whoever reads them.
- ``single_device`` (POP): one person with exactly one device (of any kind).

The protocol is POP when ``shared_address`` or ``client_pop_only`` holds;
otherwise IMAP when ``mobile_access`` or ``multiple_devices`` holds;
otherwise (one person, one PC) POP. ``reasons`` lists every code that holds
and points to the chosen protocol, in the order above, so it is never empty.

Warning codes, always in this order (``WARNING_CODES``):

- ``shared_mobile``: ``people >= 2`` and some device is a smartphone/tablet.
- ``client_cannot_pop``: POP was chosen and some device's client lacks POP.
- ``quota_too_small`` (POP): even 7 days of copies exceed 80 % of the quota.
- ``imap_quota_fills`` (IMAP): ``quota_mb / daily_mb < 365``; never when
  ``daily_mb`` is 0.
- ``retention_shortened`` (POP): the first device to delete does so before
  the address's N days (only fixed day choices were available).
- ``nobody_deletes`` (POP): no device deletes server copies and some device
  is not ending; the box fills.
- ``old_copies_removed``, ``box_nearly_full``, ``box_fills_before_days``:
  from a mailbox reading (``measured.py``).
- ``quota_unknown``: ``quota_mb`` or ``daily_mb`` is unknown (None).
- ``client_caveat``: some device's client has a caveat in the catalogue, or
  a caveat for POP (the Gmail app) and the address is on POP.
- ``client_ending``: some device reads mail in a way that has stopped or is
  stopping (Windows の「メール」, Gmail's POP fetching).

``suggest_cloud`` is True when ``shared_mobile``, ``client_cannot_pop``,
``quota_too_small``, ``nobody_deletes`` or ``imap_quota_fills`` is raised.

Device roles (policies v2 and v2.1, ``rec.device_settings``, one per input
device in input order). On POP, N days of server copies are the address's
policy, and "delete after N days" on any one device deletes the copy for
everyone, so:

1. devices whose client accepts any number of days delete after N days;
2. if there is one, every other device keeps (never deletes);
3. if there is none, each device with fixed day choices picks the longest
   choice ≤ N (the shortest when none is), and only the devices whose pick is
   the longest of all delete after it; the others, and devices with no day
   setting, keep;
4. a device whose client cannot do POP keeps (it cannot delete anything);
5. a way of reading mail that has ended, or ends within 90 days of the
   hearing (``MailboxAnswers.as_of``; a client with ``ends`` in the
   catalogue), is ``ending``: it counts as a device of its kind and as a
   reader, but its client's abilities decide nothing (not ``client_pop_only``,
   not ``client_cannot_pop``), it neither deletes nor keeps, and an address
   read only that way gets no ``nobody_deletes``.

On IMAP every device has role ``imap`` (``ending`` for an ending one).
``rec.effective_days`` is what the address really keeps: the fewest days
after which a device deletes; None on IMAP or when no device deletes.

Numbers are compared exactly, as the decimals they print as (what the
customer typed): a float ``8.8`` is 88/10, not the nearest binary fraction,
so a value exactly at a limit counts as fitting.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from numbers import Rational
from typing import Literal

from wizard.engine.catalogue import CLIENTS, DEVICE_KINDS, MOBILE_KINDS, Client
from wizard.engine.days import DaysBasis, days_basis, exact
from wizard.engine.explanations import ALL_ARTICLE_SLUGS, CODES, SUGGEST_CLOUD, Explanation
from wizard.engine.measured import IMAP_FILL_DAYS, Measured, OldCopies, measured_warnings

__all__ = [
    "ALL_ARTICLE_SLUGS", "CODES", "DaysBasis", "Device", "DeviceSetting",
    "Explanation", "MailboxAnswers", "Measured", "OldCopies", "Recommendation", "recommend",
]  # fmt: skip

RULES_VERSION = "2026-12-06.2"


POP = "pop"
IMAP = "imap"

# Reason code -> the protocol it points to, in listing order.
REASON_POINTS: dict[str, str] = {
    "shared_address": POP,
    "client_pop_only": POP,
    "mobile_access": IMAP,
    "multiple_devices": IMAP,
    "single_device": POP,
}
REASON_CODES: tuple[str, ...] = tuple(REASON_POINTS)

WARNING_CODES: tuple[str, ...] = (
    "shared_mobile",
    "client_cannot_pop",
    "quota_too_small",
    "retention_shortened",
    "nobody_deletes",
    "old_copies_removed",
    "imap_quota_fills",
    "box_nearly_full",
    "box_fills_before_days",
    "quota_unknown",
    "client_caveat",
    "client_ending",
)
CLOUD_WARNINGS = frozenset(
    {"shared_mobile", "quota_too_small", "imap_quota_fills", "client_cannot_pop", "nobody_deletes"}
)
DELETES, KEEPS, IMAP_ROLE, ENDING = "deletes", "keeps", "imap", "ending"


def _check_amount(name: str, value: object, *, allow_zero: bool) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal, Rational)):
        raise ValueError(f"{name}: must be a number or None, got {value!r}")
    if (isinstance(value, float) and not math.isfinite(value)) or (
        isinstance(value, Decimal) and not value.is_finite()
    ):
        raise ValueError(f"{name}: must be a finite number, got {value!r}")
    if value < 0 or (value == 0 and not allow_zero):
        limit = "≥ 0" if allow_zero else "> 0"
        raise ValueError(f"{name}: must be {limit}, got {value!r}")


@dataclass(frozen=True)
class Device:
    """One device that reads the address: its kind and the client on it."""

    kind: str
    client: str

    def __post_init__(self) -> None:
        if self.kind not in DEVICE_KINDS:
            raise ValueError(f"kind: unknown device kind {self.kind!r}")
        catalogue_client = CLIENTS.get(self.client)
        if catalogue_client is None:
            raise ValueError(f"client: unknown client {self.client!r}")
        if not catalogue_client.fits(self.kind):
            raise ValueError(f"client: {self.client!r} cannot be used on a {self.kind!r} device")


@dataclass(frozen=True)
class MailboxAnswers:
    """The hearing's answers about one address. ``None`` means unknown.

    ``devices`` may be given as any sequence; it is stored as a tuple.
    """

    people: int
    devices: tuple[Device, ...]
    quota_mb: int | float | Decimal | None = None
    daily_mb: int | float | Decimal | None = None
    keep_history_on_new_device: bool = False
    # The hearing's date: a way of reading mail that has ended by then, or ends
    # within 90 days of it, is "ending" (None: today).
    as_of: date | None = None
    # What a mailbox read found (usage, old copies); None: never read.
    measured: Measured | None = None

    def __post_init__(self) -> None:
        if isinstance(self.people, bool) or not isinstance(self.people, int):
            raise ValueError(f"people: must be a whole number, got {self.people!r}")
        if self.people < 1:
            raise ValueError(f"people: must be ≥ 1, got {self.people!r}")
        devices = self.devices
        if type(devices) is not tuple:  # a tuple skips the slower Sequence check
            if isinstance(devices, (str, bytes)) or not isinstance(devices, Sequence):
                raise ValueError(f"devices: must be a sequence of Device, got {devices!r}")
            devices = tuple(devices)
        if not devices:
            raise ValueError("devices: at least one device is required")
        for device in devices:
            if not isinstance(device, Device):
                raise ValueError(f"devices: expected Device, got {device!r}")
        object.__setattr__(self, "devices", devices)
        _check_amount("quota_mb", self.quota_mb, allow_zero=False)
        _check_amount("daily_mb", self.daily_mb, allow_zero=True)
        if self.as_of is not None and not isinstance(self.as_of, date):
            raise ValueError(f"as_of: must be a date or None, got {self.as_of!r}")
        if self.measured is not None and not isinstance(self.measured, Measured):
            raise ValueError(f"measured: must be a Measured or None, got {self.measured!r}")
        if not isinstance(self.keep_history_on_new_device, bool):
            raise ValueError(
                f"keep_history_on_new_device: must be True or False, got {self.keep_history_on_new_device!r}"
            )


@dataclass(frozen=True)
class DeviceSetting:
    """What one device does with the server's copies: ``deletes`` after
    ``delete_after_days`` (N for an any-days client, else the fixed choice
    picked), ``keeps`` them (never deletes; days None), ``imap``, or
    ``ending`` (a way of reading mail that has ended: it takes no part)."""

    role: Literal["deletes", "keeps", "imap", "ending"]
    delete_after_days: int | None = None


# A setting is a frozen value: the engine hands out these few, not a new one per device.
KEEPING, ON_IMAP, ENDED = DeviceSetting(KEEPS), DeviceSetting(IMAP_ROLE), DeviceSetting(ENDING)


@functools.cache
def _deletes_after(days: int) -> DeviceSetting:
    return DeviceSetting(DELETES, days)


@dataclass(frozen=True)
class Recommendation:
    """The engine's answer for one address.

    For POP, ``leave_on_server`` is True and ``delete_after_days`` is the
    address's N (7, 30 or 90); for IMAP both are None. ``device_settings``
    has one entry per device, in the order the devices were given.
    """

    protocol: Literal["pop", "imap"]
    leave_on_server: bool | None
    delete_after_days: int | None
    suggest_cloud: bool
    reasons: tuple[str, ...]
    warnings: tuple[str, ...]
    rules_version: str = field(default=RULES_VERSION)
    device_settings: tuple[DeviceSetting, ...] = ()

    @property
    def effective_days(self) -> int | None:
        """What the address really keeps (policy v2.1): the fewest days after
        which a device deletes the server's copy; None on IMAP or when no
        device deletes."""
        days = [s.delete_after_days for s in self.device_settings if s.role == DELETES]
        return min(days) if self.protocol == POP and days else None

    @property
    def explanations(self) -> tuple[Explanation, ...]:
        """Reasons, then warnings, then the cloud suggestion, explained."""
        codes = self.reasons + self.warnings + ((SUGGEST_CLOUD,) if self.suggest_cloud else ())
        # A code an older rules version raised and this one no longer knows is left out.
        return tuple(CODES[code] for code in codes if code in CODES)


def _pop_days(answers: MailboxAnswers) -> tuple[int, str | None]:
    """Days to keep POP copies on the server, and the quota warning if any."""
    basis = days_basis(
        quota_mb=answers.quota_mb, daily_mb=answers.daily_mb, keep_history=answers.keep_history_on_new_device
    )
    return basis.days, basis.warning


def _imap_quota_warning(answers: MailboxAnswers) -> str | None:
    if answers.quota_mb is None or answers.daily_mb is None:
        return "quota_unknown"
    return "imap_quota_fills" if _imap_fills(answers.quota_mb, answers.daily_mb) else None


@functools.lru_cache(maxsize=1024, typed=True)
def _imap_fills(quota_mb, daily_mb) -> bool:
    # quota / daily < 365, written without dividing so daily 0 never fills.
    return exact(quota_mb) < IMAP_FILL_DAYS * exact(daily_mb)


def device_roles(
    clients: Sequence[Client], days: int, ending: Sequence[bool] | None = None
) -> tuple[DeviceSetting, ...]:
    """Policy v2.1's roles on a POP address whose copies are kept ``days`` days.

    Devices that accept any number of days delete after ``days``; when there
    is none, among the devices with fixed choices only those whose choice (the
    longest ≤ ``days``, else the shortest) is the longest of all delete after
    it. Every other device keeps; an ``ending`` device takes no part."""
    ending = tuple(ending) if ending is not None else (False,) * len(clients)
    return _roles(tuple(clients), days, ending)


# A hearing asks again for every address with the same devices; clients are
# frozen values, so one changed in the catalogue is another key.
@functools.lru_cache(maxsize=4096)
def _roles(clients: tuple[Client, ...], days: int, ending: tuple[bool, ...]) -> tuple[DeviceSetting, ...]:
    taking_part = [client.pop and not ended for client, ended in zip(clients, ending, strict=True)]
    if any(part and client.retention_any_days for client, part in zip(clients, taking_part, strict=True)):
        deletes = [
            part and client.retention_any_days for client, part in zip(clients, taking_part, strict=True)
        ]
        chosen = [days if delete else None for delete in deletes]
    else:
        choices = [
            client.choice_for(days) if part else None
            for client, part in zip(clients, taking_part, strict=True)
        ]
        longest = max((choice for choice in choices if choice is not None), default=None)
        chosen = [choice if choice is not None and choice == longest else None for choice in choices]
    return tuple(
        ENDED if ended else (_deletes_after(choice) if choice is not None else KEEPING)
        for choice, ended in zip(chosen, ending, strict=True)
    )


def recommend(answers: MailboxAnswers) -> Recommendation:
    """Recommend one protocol, POP's retention and each device's role, for one address."""
    clients = [CLIENTS[device.client] for device in answers.devices]
    when = answers.as_of or date.today()
    ending = [client.ending_by(when) for client in clients]
    # An ending way of reading mail still counts as a device of its kind, but
    # its client's abilities do not decide anything.
    active = [client for client, ended in zip(clients, ending, strict=True) if not ended]
    any_mobile = any(device.kind in MOBILE_KINDS for device in answers.devices)
    holds = {
        "shared_address": answers.people >= 2,
        "client_pop_only": any(not client.imap for client in active),
        "mobile_access": any_mobile,
        "multiple_devices": len(answers.devices) >= 2,
        "single_device": answers.people == 1 and len(answers.devices) == 1,
    }

    if holds["shared_address"] or holds["client_pop_only"]:
        protocol = POP
    elif holds["mobile_access"] or holds["multiple_devices"]:
        protocol = IMAP
    else:
        protocol = POP
    reasons = tuple(code for code in REASON_CODES if holds[code] and REASON_POINTS[code] == protocol)

    raised: set[str] = set()
    if answers.people >= 2 and any_mobile:
        raised.add("shared_mobile")
    if protocol == POP:
        leave_on_server: bool | None = True
        delete_after_days, quota_warning = _pop_days(answers)
        if any(not client.pop for client in active):
            raised.add("client_cannot_pop")
        device_settings = device_roles(clients, delete_after_days, ending)
        deleting = [s.delete_after_days for s in device_settings if s.role == DELETES]
        if not deleting and active:  # every device ending: its replacement decides (re-issue)
            raised.add("nobody_deletes")
        elif deleting and min(deleting) < delete_after_days:
            raised.add("retention_shortened")
    else:
        leave_on_server = None
        delete_after_days = None
        quota_warning = _imap_quota_warning(answers)
        device_settings = tuple(ENDED if ended else ON_IMAP for ended in ending)
        deleting = []
    if quota_warning:
        raised.add(quota_warning)
    if answers.measured is not None:
        raised |= measured_warnings(answers, pop=protocol == POP, deleting=deleting, raised=raised)
    if any(client.caveat or (protocol == POP and client.pop_caveat) for client in active):
        raised.add("client_caveat")
    if any(ending):
        raised.add("client_ending")
    warnings = tuple(code for code in WARNING_CODES if code in raised)

    return Recommendation(
        protocol=protocol,
        leave_on_server=leave_on_server,
        delete_after_days=delete_after_days,
        suggest_cloud=bool(raised & CLOUD_WARNINGS),
        reasons=reasons,
        warnings=warnings,
        rules_version=RULES_VERSION,
        device_settings=device_settings,
    )
