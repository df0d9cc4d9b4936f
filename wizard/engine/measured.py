"""What a mailbox read measured, as the engine takes it: how much of the box
is used, and the copies already on the server older than 7, 30 and 90 days
(wizard/remote/ reads them; the address keeps them with the date measured).

The quota and the mail per day a read measured feed the policy as
``MailboxAnswers.quota_mb``/``daily_mb`` whenever the director typed none
(``handoff.address``); what only a reading knows is here. Pure Python.

Warnings it makes possible (``recommendations.recommend``):

- ``box_nearly_full``: the box already uses 80 % of its quota or more.
- ``box_fills_before_days``: nothing deletes the server's mail (IMAP, or POP
  with no deleting device) and, from what is used now at the measured rate,
  the box is full within the year the rules look ahead (``IMAP_FILL_DAYS``),
  although the quota alone would last a year (else ``imap_quota_fills`` says
  so already). A POP address whose devices delete after N days holds about N
  days of mail once they run; whether that fits is the days rule's own
  question (``quota_too_small``), so it is not asked twice.
- ``old_copies_removed`` (POP): copies older than the days the address keeps
  are on the server now; a device that has already downloaded them and is
  set to delete after those days removes them at its next check, for everyone.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from wizard.engine.days import QUOTA_SHARE, exact

FULL_SHARE = QUOTA_SHARE  # "nearly full": this much of the quota used
IMAP_FILL_DAYS = 365  # the rules look this far ahead for a box nothing empties


@dataclass(frozen=True)
class OldCopies:
    """Copies on the server received more than ``days`` days before the reading."""

    days: int
    count: int
    mb: Decimal | None = None  # None when the sizes could not all be read


@dataclass(frozen=True)
class Measured:
    used_mb: int | float | Decimal | None = None
    older: tuple[OldCopies, ...] = ()

    def __post_init__(self) -> None:
        used = self.used_mb
        if used is not None and (
            isinstance(used, bool) or not isinstance(used, (int, float, Decimal)) or used < 0
        ):
            raise ValueError(f"measured.used_mb: must be a number ≥ 0 or None, got {used!r}")

    def older_than(self, days: int | None) -> OldCopies | None:
        return next((item for item in self.older if item.days == days), None)


def nearly_full(measured: Measured | None, quota_mb) -> bool:
    if measured is None or measured.used_mb is None or quota_mb is None:
        return False
    return _nearly_full(measured.used_mb, quota_mb)


def days_until_full(measured: Measured | None, quota_mb, daily_mb) -> Fraction | None:
    """Days until the box is full at ``daily_mb`` from what is used now (None:
    not known, or no mail arrives); 0 when it is full already."""
    if measured is None or measured.used_mb is None or quota_mb is None or not daily_mb:
        return None
    return _days_until_full(measured.used_mb, quota_mb, daily_mb)


# Pure functions of a few numbers, remembered by type and value (typed: a float
# and the Decimal of its binary value are equal but not the same decimal).
@functools.lru_cache(maxsize=1024, typed=True)
def _nearly_full(used_mb, quota_mb) -> bool:
    return exact(used_mb) >= FULL_SHARE * exact(quota_mb)


@functools.lru_cache(maxsize=1024, typed=True)
def _days_until_full(used_mb, quota_mb, daily_mb) -> Fraction:
    return max(Fraction(0), (exact(quota_mb) - exact(used_mb)) / exact(daily_mb))


def measured_warnings(answers, *, pop: bool, deleting: list[int], raised: set[str]) -> set[str]:
    """What a reading adds to the warnings already ``raised`` for ``answers``
    (a ``MailboxAnswers``); ``deleting``: the days after which devices delete."""
    measured, found = answers.measured, set()
    if measured is None:
        return found
    if nearly_full(measured, answers.quota_mb):
        found.add("box_nearly_full")
    left = days_until_full(measured, answers.quota_mb, answers.daily_mb)
    if not deleting and "imap_quota_fills" not in raised and left is not None and left < IMAP_FILL_DAYS:
        found.add("box_fills_before_days")
    old = measured.older_than(min(deleting)) if pop and deleting else None
    if old is not None and old.count > 0:
        found.add("old_copies_removed")
    return found
