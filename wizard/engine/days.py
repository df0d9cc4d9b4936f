"""How many days an address keeps POP copies on the server: 90, 30 or 7,
from the wish to keep history on a new PC and from what fits in the quota
(DOMAIN.md, "The policy (per address)"). Pure Python, like the rest of the
engine.

Numbers are compared exactly, as the decimals they print as (what the
customer typed): a float ``8.8`` is 88/10, not the nearest binary fraction,
so a value exactly at a limit counts as fitting.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

# POP: days to keep server copies, longest first; keep this much of the quota free.
RETENTION_DAYS: tuple[int, ...] = (90, 30, 7)
PREFERRED_DAYS_KEEP_HISTORY = 90
PREFERRED_DAYS = 30
QUOTA_SHARE = Fraction(4, 5)


def exact(value: int | float | Decimal | Fraction) -> Fraction:
    """A number as an exact fraction; a float is read as the decimal it prints as."""
    if isinstance(value, float):
        return Fraction(repr(value))
    return Fraction(value)


@dataclass(frozen=True)
class DaysBasis:
    """How an address's N days of POP copies are chosen, for the sheet to show
    in numbers: the preferred days and, when the quota and the daily volume
    are known, how many days of mail fit in ``QUOTA_SHARE`` of the quota."""

    preferred: int
    days: int
    warning: str | None = None  # quota_unknown or quota_too_small
    quota_mb: Fraction | None = None
    daily_mb: Fraction | None = None
    allowed_mb: Fraction | None = None  # QUOTA_SHARE of the quota
    fitting_days: Fraction | None = None  # allowed / daily; None when daily is 0


@functools.lru_cache(maxsize=4096)
def days_basis(*, quota_mb=None, daily_mb=None, keep_history: bool = False) -> DaysBasis:
    """The largest of 90/30/7 days ≤ the preferred days that fits in the quota share.
    A pure function of a few numbers, asked for every address of every hearing
    the impact page compares: remembered (equal numbers give the same exact result)."""
    preferred = PREFERRED_DAYS_KEEP_HISTORY if keep_history else PREFERRED_DAYS
    if quota_mb is None or daily_mb is None:
        return DaysBasis(preferred=preferred, days=preferred, warning="quota_unknown")
    quota, daily = exact(quota_mb), exact(daily_mb)
    allowed = QUOTA_SHARE * quota
    fitting = allowed / daily if daily else None
    for days in RETENTION_DAYS:
        if days <= preferred and daily * days <= allowed:
            return DaysBasis(preferred, days, None, quota, daily, allowed, fitting)
    return DaysBasis(preferred, RETENTION_DAYS[-1], "quota_too_small", quota, daily, allowed, fitting)
