"""The recommendation engine: which protocol one mail address should use.

Pure Python, no Django imports: frozen dataclasses in, a frozen dataclass out.
The policy is the one in DOMAIN.md ("The policy (per address)"). Bump
``RULES_VERSION`` whenever a change here can change a recommendation; it is
stored with every saved recommendation.

Reason codes, in the order they are listed, and when each one *holds*:

- ``shared_address`` (points to POP): ``people >= 2``.
- ``client_pop_only`` (POP): some device's client cannot do IMAP.
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
- ``quota_unknown``: ``quota_mb`` or ``daily_mb`` is unknown (None).
- ``client_caveat``: some device's client has a caveat in the catalogue.

``suggest_cloud`` is True when any of the first four warnings is raised.

Numbers are compared exactly, as the decimals they print as (what the
customer typed): a float ``8.8`` is 88/10, not the nearest binary fraction,
so a value exactly at a limit counts as fitting.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from numbers import Rational
from typing import Literal

from wizard.catalogue import CLIENTS, DEVICE_KINDS, MOBILE_KINDS
from wizard.explanations import ALL_ARTICLE_SLUGS, CODES, SUGGEST_CLOUD, Explanation

__all__ = [
    "ALL_ARTICLE_SLUGS",
    "CODES",
    "Device",
    "Explanation",
    "MailboxAnswers",
    "Recommendation",
    "recommend",
]

RULES_VERSION = "2026-11-27.1"


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
    "imap_quota_fills",
    "quota_unknown",
    "client_caveat",
)
CLOUD_WARNINGS = frozenset({"shared_mobile", "quota_too_small", "imap_quota_fills", "client_cannot_pop"})

# POP: days to keep server copies, longest first; keep this much of the quota free.
RETENTION_DAYS: tuple[int, ...] = (90, 30, 7)
PREFERRED_DAYS_KEEP_HISTORY = 90
PREFERRED_DAYS = 30
QUOTA_SHARE = Fraction(4, 5)
# IMAP: warn when the box fills in less than this many days.
IMAP_FILL_DAYS = 365


def _exact(value: int | float | Decimal | Fraction) -> Fraction:
    """A number as an exact fraction; a float is read as the decimal it prints as."""
    if isinstance(value, float):
        return Fraction(repr(value))
    return Fraction(value)


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
        if self.kind not in catalogue_client.kinds:
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

    def __post_init__(self) -> None:
        if isinstance(self.people, bool) or not isinstance(self.people, int):
            raise ValueError(f"people: must be a whole number, got {self.people!r}")
        if self.people < 1:
            raise ValueError(f"people: must be ≥ 1, got {self.people!r}")
        if isinstance(self.devices, (str, bytes)) or not isinstance(self.devices, Sequence):
            raise ValueError(f"devices: must be a sequence of Device, got {self.devices!r}")
        devices = tuple(self.devices)
        if not devices:
            raise ValueError("devices: at least one device is required")
        for device in devices:
            if not isinstance(device, Device):
                raise ValueError(f"devices: expected Device, got {device!r}")
        object.__setattr__(self, "devices", devices)
        _check_amount("quota_mb", self.quota_mb, allow_zero=False)
        _check_amount("daily_mb", self.daily_mb, allow_zero=True)
        if not isinstance(self.keep_history_on_new_device, bool):
            raise ValueError(
                f"keep_history_on_new_device: must be True or False, got {self.keep_history_on_new_device!r}"
            )


@dataclass(frozen=True)
class Recommendation:
    """The engine's answer for one address.

    For POP, ``leave_on_server`` is True and ``delete_after_days`` is 7, 30
    or 90; for IMAP both are None.
    """

    protocol: Literal["pop", "imap"]
    leave_on_server: bool | None
    delete_after_days: int | None
    suggest_cloud: bool
    reasons: tuple[str, ...]
    warnings: tuple[str, ...]
    rules_version: str = field(default=RULES_VERSION)

    @property
    def explanations(self) -> tuple[Explanation, ...]:
        """Reasons, then warnings, then the cloud suggestion, explained."""
        codes = self.reasons + self.warnings + ((SUGGEST_CLOUD,) if self.suggest_cloud else ())
        return tuple(CODES[code] for code in codes)


def _pop_days(answers: MailboxAnswers) -> tuple[int, str | None]:
    """Days to keep POP copies on the server, and the quota warning if any."""
    preferred = PREFERRED_DAYS_KEEP_HISTORY if answers.keep_history_on_new_device else PREFERRED_DAYS
    if answers.quota_mb is None or answers.daily_mb is None:
        return preferred, "quota_unknown"
    allowed = QUOTA_SHARE * _exact(answers.quota_mb)
    daily = _exact(answers.daily_mb)
    for days in RETENTION_DAYS:
        if days <= preferred and daily * days <= allowed:
            return days, None
    return RETENTION_DAYS[-1], "quota_too_small"


def _imap_quota_warning(answers: MailboxAnswers) -> str | None:
    if answers.quota_mb is None or answers.daily_mb is None:
        return "quota_unknown"
    # quota / daily < 365, written without dividing so daily 0 never fills.
    if _exact(answers.quota_mb) < IMAP_FILL_DAYS * _exact(answers.daily_mb):
        return "imap_quota_fills"
    return None


def recommend(answers: MailboxAnswers) -> Recommendation:
    """Recommend one protocol, and POP's retention, for one address."""
    clients = [CLIENTS[device.client] for device in answers.devices]
    any_mobile = any(device.kind in MOBILE_KINDS for device in answers.devices)
    holds = {
        "shared_address": answers.people >= 2,
        "client_pop_only": any(not client.imap for client in clients),
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
        if any(not client.pop for client in clients):
            raised.add("client_cannot_pop")
    else:
        leave_on_server = None
        delete_after_days = None
        quota_warning = _imap_quota_warning(answers)
    if quota_warning:
        raised.add(quota_warning)
    if any(client.caveat for client in clients):
        raised.add("client_caveat")
    warnings = tuple(code for code in WARNING_CODES if code in raised)

    return Recommendation(
        protocol=protocol,
        leave_on_server=leave_on_server,
        delete_after_days=delete_after_days,
        suggest_cloud=bool(raised & CLOUD_WARNINGS),
        reasons=reasons,
        warnings=warnings,
        rules_version=RULES_VERSION,
    )
