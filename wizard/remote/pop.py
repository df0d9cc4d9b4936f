"""POP3, read-only: log in and read a mailbox's numbers without changing it.

Commands sent: CAPA, STLS, USER, PASS, STAT, LIST, ``TOP n 0`` (the headers
only, for the date a message arrived), QUIT. Never RETR (no body) and never
DELE: the QUIT that ends the session has nothing to delete.

POP has no quota and no dates: STAT gives the count and the bytes, LIST the
sizes, and the first ``Received:`` header (or ``Date:``) of ``TOP n 0`` the
arrival time. Messages are numbered in arrival order, so the lines of 7, 30
and 90 days and the start of the 30-day window are found by binary search
(a few dozen TOPs even for 100,000 messages); then at most
``MAILNAVI_MAILBOX_TOP_MAX`` (300) recent messages are dated one by one,
pipelined where the server allows (RFC 2449), for the mail per day.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import email.utils
import ssl
from email.parser import BytesHeaderParser

from django.conf import settings
from django.views.decorators.debug import sensitive_variables

from . import facts
from .net import Connection, RemoteError

BATCH = 50  # TOP commands sent at once when the server pipelines


class Session:
    def __init__(self, conn: Connection):
        self.conn = conn
        self.capabilities: set[str] = set()
        self._dates: dict[int, dt.datetime | None] = {}

    def status(self) -> tuple[bool, str]:
        line = self.conn.readline().decode("utf-8", "replace").rstrip("\r\n")
        if line.startswith("+OK"):
            return True, line[3:].strip()
        if line.startswith("-ERR"):
            return False, line[4:].strip()
        raise RemoteError("protocol")

    def command(self, command: bytes) -> tuple[bool, str]:
        self.conn.send(command + b"\r\n")
        return self.status()

    def lines(self) -> list[bytes]:
        """The rest of a multi-line answer, dot-unstuffed, without the final dot."""
        found = []
        while (line := self.conn.readline()) not in (b".\r\n", b".\n"):
            found.append(line[1:] if line.startswith(b"..") else line)
        return found

    def greet(self, *, starttls: ssl.SSLContext | None = None) -> None:
        ok, _text = self.status()
        if not ok:
            raise RemoteError("protocol")
        self.read_capabilities()
        if starttls is not None:
            if "STLS" not in self.capabilities or not self.command(b"STLS")[0]:
                raise RemoteError("no_starttls")
            self.conn.start_tls(starttls)
            self.read_capabilities()

    def read_capabilities(self) -> None:
        ok, _text = self.command(b"CAPA")
        self.capabilities = (
            {line.split()[0].decode("ascii", "replace").upper() for line in self.lines() if line.split()}
            if ok
            else set()
        )

    @sensitive_variables("password")
    def login(self, username: str, password: str) -> str:
        """An outcome code: ok, auth_failed, name_rejected, in_use, unavailable."""
        if any(char in value for value in (username, password) for char in "\r\n\0"):
            return "unusable_value"
        ok, _text = self.command(b"USER " + username.encode())
        if not ok:
            return "name_rejected"
        ok, text = self.command(b"PASS " + password.encode())
        if ok:
            return "ok"
        upper = text.upper()
        if upper.startswith("[IN-USE]"):
            return "in_use"
        if upper.startswith("[SYS/TEMP]"):
            return "unavailable"
        return "auth_failed"

    def close(self) -> None:
        """QUIT (nothing was marked for deletion, so nothing is deleted)."""
        with contextlib.suppress(RemoteError):
            self.command(b"QUIT")

    # Reading ----------------------------------------------------------------------------

    def stat(self) -> tuple[int, int]:
        ok, text = self.command(b"STAT")
        words = text.split()
        if not ok or len(words) < 2 or not (words[0].isdigit() and words[1].isdigit()):
            raise RemoteError("protocol")
        return int(words[0]), int(words[1])

    def sizes(self) -> dict[int, int]:
        ok, _text = self.command(b"LIST")
        if not ok:
            raise RemoteError("protocol")
        found = {}
        for line in self.lines():
            words = line.split()
            if len(words) >= 2 and words[0].isdigit() and words[1].isdigit():
                found[int(words[0])] = int(words[1])
        return found

    def dates(self, numbers: list[int]) -> None:
        """Date the messages (TOP n 0), a batch at a time where pipelining is offered."""
        wanted = [number for number in numbers if number not in self._dates]
        step = BATCH if "PIPELINING" in self.capabilities else 1
        for start in range(0, len(wanted), step):
            batch = wanted[start : start + step]
            self.conn.send(b"".join(b"TOP %d 0\r\n" % number for number in batch))
            for number in batch:
                ok, _text = self.status()
                self._dates[number] = arrival(b"".join(self.lines())) if ok else None

    def date(self, number: int) -> dt.datetime | None:
        self.dates([number])
        return self._dates[number]

    def first_since(self, moment: dt.datetime, count: int) -> int:
        """The number of the first message that arrived at ``moment`` or later
        (``count + 1`` when none did); undated messages count as older."""
        low, high = 1, count + 1
        while low < high:
            middle = (low + high) // 2
            received = self.date(middle)
            if received is not None and received >= moment:
                high = middle
            else:
                low = middle + 1
        return low


def arrival(headers: bytes) -> dt.datetime | None:
    """When a message arrived: the time of its newest ``Received:`` header, else its ``Date:``."""
    message = BytesHeaderParser().parsebytes(headers)
    for value in [*(message.get_all("Received") or [])[:1], message.get("Date")]:
        if not value:
            continue
        try:
            moment = email.utils.parsedate_to_datetime(str(value).rpartition(";")[2].strip())
        except (TypeError, ValueError, IndexError):
            continue
        if moment is not None and moment.tzinfo is not None:
            return moment
    return None


def read(session: Session, *, now: dt.datetime, tz: dt.tzinfo) -> facts.MailboxFacts:
    """The box's numbers, read without changing anything (after ``login``)."""
    count, octets = session.stat()
    if count == 0:
        return facts.summarise("pop3", [], now=now, tz=tz, used_bytes=octets, quota_bytes=None)
    cap = getattr(settings, "MAILNAVI_MAILBOX_TOP_MAX", 300)
    sizes = session.sizes() if count <= getattr(settings, "MAILNAVI_MAILBOX_FETCH_MAX", 20_000) else None
    older = []
    for days in facts.OLDER_THAN:
        before = session.first_since(now - dt.timedelta(days=days), count) - 1
        total = sum(sizes.get(number, 0) for number in range(1, before + 1)) if sizes is not None else None
        older.append(facts.OlderCopies(days, before, total))
    start = session.first_since(facts.window_start(now, tz), count)
    recent = list(range(max(start, count - cap + 1), count + 1))
    session.dates(recent)
    dated = [(session.date(n), (sizes or {}).get(n, 0)) for n in recent]
    return facts.MailboxFacts(
        source="pop3",
        message_count=count,
        used_bytes=octets,
        quota_bytes=None,
        oldest=session.date(1),
        per_day=facts.per_day([(when, size) for when, size in dated if when is not None], now, tz),
        per_day_complete=count - start + 1 <= cap and sizes is not None,
        older=tuple(older),
    )
