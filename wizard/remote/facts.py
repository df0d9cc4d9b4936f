"""What a mailbox read found, as frozen values: the logins per protocol and
the numbers of the box (quota, usage, count, oldest mail, mail per day over
the last 30 days, copies older than 7/30/90 days). No password anywhere.

``MailboxReading.as_json``/``from_json`` are the one way it is stored and
read back (with a version number), e.g. in a check's progress record.

Sizes are bytes; MB on the sheet means 1,048,576 bytes, as IMAP quotas count
in units of 1,024 bytes. Days are calendar days in the site's time zone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

WINDOW_DAYS = 30
OLDER_THAN = (7, 30, 90)
MB = 1024 * 1024
VERSION = 1


@dataclass(frozen=True)
class Login:
    """One protocol's login with the given values (never the password)."""

    service: str  # "imap", "pop3" or "smtp"
    host: str
    port: int
    security: str  # "ssl" or "starttls"
    username: str
    ok: bool
    code: str  # "ok" or the reason (errors.describe)
    message: str  # Japanese, for the director


@dataclass(frozen=True)
class DayVolume:
    day: dt.date
    count: int
    bytes: int


@dataclass(frozen=True)
class OlderCopies:
    """Copies on the server received more than ``days`` days before the reading."""

    days: int
    count: int
    bytes: int | None  # None when the sizes could not all be read

    @property
    def mb(self) -> float | None:
        return None if self.bytes is None else round(self.bytes / MB, 1)


@dataclass(frozen=True)
class MailboxFacts:
    source: str  # "imap" or "pop3": which protocol read them
    message_count: int
    used_bytes: int | None
    quota_bytes: int | None  # the limit; None where the server does not say (POP never does)
    oldest: dt.datetime | None
    per_day: tuple[DayVolume, ...]  # the last 30 days, oldest first, today last
    per_day_complete: bool  # False when only part of the recent mail could be read in time
    older: tuple[OlderCopies, ...]  # for 7, 30 and 90 days

    @property
    def used_ratio(self) -> float | None:
        if not self.quota_bytes or self.used_bytes is None:
            return None
        return self.used_bytes / self.quota_bytes

    @property
    def daily_mb(self) -> float:
        """Mail received per day, averaged over the window."""
        return round(sum(day.bytes for day in self.per_day) / WINDOW_DAYS / MB, 2)

    def older_than(self, days: int) -> OlderCopies:
        return next(item for item in self.older if item.days == days)


@dataclass(frozen=True)
class MailboxReading:
    measured_at: dt.datetime
    logins: tuple[Login, ...]
    facts: MailboxFacts | None
    version: int = VERSION

    def login(self, service: str) -> Login | None:
        return next((login for login in self.logins if login.service == service), None)

    def measured_fields(self, tz: dt.tzinfo) -> dict:
        """The numbers as an address keeps them (``Mailbox.measured_*``, MB to
        two decimals, the oldest mail's date in ``tz``); empty when no protocol
        could read them."""
        facts = self.facts
        if facts is None:
            return {}

        def mb(size: int | None) -> Decimal | None:
            return None if size is None else (Decimal(size) / MB).quantize(Decimal("0.01"))

        fields = {
            "measured_at": self.measured_at,
            "measured_quota_mb": mb(facts.quota_bytes),
            "measured_used_mb": mb(facts.used_bytes),
            "measured_daily_mb": Decimal(str(facts.daily_mb)),
            "measured_count": facts.message_count,
            "measured_oldest": facts.oldest.astimezone(tz).date() if facts.oldest else None,
        }
        for item in facts.older:
            fields[f"measured_old_{item.days}_count"] = item.count
            fields[f"measured_old_{item.days}_mb"] = mb(item.bytes)
        return fields

    def as_json(self) -> dict:
        facts = self.facts
        return {
            "version": self.version,
            "measured_at": self.measured_at.isoformat(),
            "logins": [login.__dict__ for login in self.logins],
            "facts": None
            if facts is None
            else {
                **{
                    key: getattr(facts, key)
                    for key in ("source", "message_count", "used_bytes", "quota_bytes")
                },
                "oldest": facts.oldest.isoformat() if facts.oldest else None,
                "per_day": [[day.day.isoformat(), day.count, day.bytes] for day in facts.per_day],
                "per_day_complete": facts.per_day_complete,
                "older": [[item.days, item.count, item.bytes] for item in facts.older],
            },
        }

    @classmethod
    def from_json(cls, data: dict) -> MailboxReading:
        if data.get("version") != VERSION:
            raise ValueError(f"version: unknown mailbox reading version {data.get('version')!r}")
        raw = data["facts"]
        facts = None
        if raw is not None:
            facts = MailboxFacts(
                source=raw["source"],
                message_count=raw["message_count"],
                used_bytes=raw["used_bytes"],
                quota_bytes=raw["quota_bytes"],
                oldest=dt.datetime.fromisoformat(raw["oldest"]) if raw["oldest"] else None,
                per_day=tuple(DayVolume(dt.date.fromisoformat(d), c, b) for d, c, b in raw["per_day"]),
                per_day_complete=raw["per_day_complete"],
                older=tuple(OlderCopies(*item) for item in raw["older"]),
            )
        return cls(
            measured_at=dt.datetime.fromisoformat(data["measured_at"]),
            logins=tuple(Login(**login) for login in data["logins"]),
            facts=facts,
        )


def window(now: dt.datetime, tz: dt.tzinfo) -> tuple[dt.date, ...]:
    """The 30 calendar days that end today, oldest first."""
    today = now.astimezone(tz).date()
    return tuple(today - dt.timedelta(days=back) for back in range(WINDOW_DAYS - 1, -1, -1))


def window_start(now: dt.datetime, tz: dt.tzinfo) -> dt.datetime:
    return dt.datetime.combine(window(now, tz)[0], dt.time(0, 0), tzinfo=tz)


def per_day(
    messages: Iterable[tuple[dt.datetime, int]], now: dt.datetime, tz: dt.tzinfo
) -> tuple[DayVolume, ...]:
    days = window(now, tz)
    counts = {day: [0, 0] for day in days}
    for received, size in messages:
        slot = counts.get(received.astimezone(tz).date())
        if slot is not None:
            slot[0] += 1
            slot[1] += size
    return tuple(DayVolume(day, *counts[day]) for day in days)


def older(messages: list[tuple[dt.datetime, int]], now: dt.datetime) -> tuple[OlderCopies, ...]:
    result = []
    for days in OLDER_THAN:
        line = now - dt.timedelta(days=days)
        sizes = [size for received, size in messages if received < line]
        result.append(OlderCopies(days, len(sizes), sum(sizes)))
    return tuple(result)


def summarise(
    source: str,
    messages: list[tuple[dt.datetime, int]],
    *,
    now: dt.datetime,
    tz: dt.tzinfo,
    used_bytes: int | None,
    quota_bytes: int | None,
) -> MailboxFacts:
    """Facts from every message's received time and size."""
    return MailboxFacts(
        source=source,
        message_count=len(messages),
        used_bytes=used_bytes,
        quota_bytes=quota_bytes,
        oldest=min((received for received, _size in messages), default=None),
        per_day=per_day(messages, now, tz),
        per_day_complete=True,
        older=older(messages, now),
    )
