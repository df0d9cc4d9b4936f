"""IMAP, read-only: log in and read a mailbox's numbers without changing it.

Commands sent: CAPABILITY, STARTTLS, AUTHENTICATE PLAIN (or LOGIN),
GETQUOTAROOT (RFC 9208), EXAMINE (never SELECT: the box is opened
read-only, no flag changes, no \\Recent lost), SEARCH, FETCH of
``INTERNALDATE RFC822.SIZE`` only (no body, no header), LOGOUT. Never STORE,
EXPUNGE, COPY or APPEND.

A box of up to ``MAILNAVI_MAILBOX_FETCH_MAX`` messages (20,000) is read
whole in one FETCH; a bigger one is counted with SEARCH (SINCE for the last
30 days, BEFORE for 7/30/90 days; sizes of the old copies then unknown) and
only its recent mail is fetched, up to that cap.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import re
import ssl

from django.conf import settings
from django.views.decorators.debug import sensitive_variables

from . import facts
from .net import Connection, RemoteError

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_LITERAL = re.compile(rb"\{(\d+)\+?\}\r?\n$")
_FETCH = re.compile(r"^(\d+) FETCH \((.*)\)$", re.IGNORECASE)
_INTERNALDATE = re.compile(
    r'INTERNALDATE "\s?(\d{1,2})-(\w{3})-(\d{4}) (\d\d):(\d\d):(\d\d) ([+-])(\d\d)(\d\d)"', re.I
)
_SIZE = re.compile(r"RFC822\.SIZE (\d+)", re.IGNORECASE)
_STORAGE = re.compile(r"\bSTORAGE (\d+) (\d+)", re.IGNORECASE)


def internaldate(text: str) -> dt.datetime | None:
    match = _INTERNALDATE.search(text)
    if not match or match.group(2).title() not in MONTHS:
        return None
    day, month, year, hour, minute, second, sign, off_h, off_m = match.groups()
    offset = dt.timedelta(hours=int(off_h), minutes=int(off_m)) * (-1 if sign == "-" else 1)
    return dt.datetime(
        int(year), MONTHS.index(month.title()) + 1, int(day), int(hour), int(minute), int(second),
        tzinfo=dt.timezone(offset),
    )  # fmt: skip


def imap_date(day: dt.date) -> str:
    return f"{day.day}-{MONTHS[day.month - 1]}-{day.year}"


def sequence_set(numbers: list[int]) -> str:
    """1,2,3,7 → "1:3,7"."""
    ranges: list[list[int]] = []
    for number in sorted(numbers):
        if ranges and number == ranges[-1][1] + 1:
            ranges[-1][1] = number
        else:
            ranges.append([number, number])
    return ",".join(str(a) if a == b else f"{a}:{b}" for a, b in ranges)


class Session:
    def __init__(self, conn: Connection):
        self.conn = conn
        self.counter = 0
        self.capabilities: set[str] = set()

    # Lines and responses ----------------------------------------------------------------

    def line(self) -> str:
        """One response line; a literal inside it is read and kept as a placeholder."""
        raw = self.conn.readline()
        while match := _LITERAL.search(raw):
            self.conn.read_exact(int(match.group(1)))
            raw = raw[: match.start()] + b'""' + self.conn.readline()
        return raw.decode("utf-8", "replace").rstrip("\r\n")

    def send(self, command: bytes) -> str:
        self.counter += 1
        tag = f"m{self.counter}"
        self.conn.send(tag.encode() + b" " + command + b"\r\n")
        return tag

    def response(self, tag: str) -> tuple[str, str, list[str]]:
        """(OK/NO/BAD, the rest of the tagged line, the untagged lines)."""
        untagged: list[str] = []
        while True:
            line = self.line()
            if line.startswith(tag + " "):
                status, _sep, text = line[len(tag) + 1 :].partition(" ")
                return status.upper(), text, untagged
            if line.startswith("* "):
                untagged.append(line[2:])
            elif not line.startswith("+"):
                raise RemoteError("protocol")

    def command(self, command: bytes) -> tuple[str, str, list[str]]:
        return self.response(self.send(command))

    # Before login -----------------------------------------------------------------------

    def _capabilities_from(self, text: str) -> bool:
        match = re.search(r"\[CAPABILITY ([^\]]*)\]", text, re.IGNORECASE)
        if match:
            self.capabilities = set(match.group(1).upper().split())
        return bool(match)

    def refresh_capabilities(self) -> None:
        status, text, untagged = self.command(b"CAPABILITY")
        for line in untagged:
            if line.upper().startswith("CAPABILITY "):
                self.capabilities = set(line.upper().split()[1:])

    def greet(self, *, starttls: ssl.SSLContext | None = None) -> None:
        greeting = self.line()
        if not greeting.upper().startswith("* OK"):
            raise RemoteError("protocol")
        known = self._capabilities_from(greeting)
        if starttls is not None:
            status, _text, _untagged = self.command(b"STARTTLS")
            if status != "OK":
                raise RemoteError("no_starttls")
            self.conn.start_tls(starttls)
            known = False
        if not known:
            self.refresh_capabilities()

    @sensitive_variables("password", "token")
    def login(self, username: str, password: str) -> str:
        """An outcome code: ok, auth_failed, name_rejected, no_auth, unavailable, password_expired."""
        if "AUTH=PLAIN" in self.capabilities:
            token = base64.b64encode(b"\0" + username.encode() + b"\0" + password.encode())
            if "SASL-IR" in self.capabilities:
                status, text, _untagged = self.command(b"AUTHENTICATE PLAIN " + token)
            else:
                tag = self.send(b"AUTHENTICATE PLAIN")
                if not self.line().startswith("+"):
                    raise RemoteError("protocol")
                self.conn.send(token + b"\r\n")
                status, text, _untagged = self.response(tag)
        elif "LOGINDISABLED" in self.capabilities:
            return "no_auth"
        else:
            status, text, _untagged = self.command(b"LOGIN " + _quoted(username) + b" " + _quoted(password))
        if status == "OK":
            if not self._capabilities_from(text):
                self.refresh_capabilities()
            return "ok"
        upper = text.upper()
        if status == "BAD":
            return "name_rejected"
        if "[UNAVAILABLE]" in upper:
            return "unavailable"
        if "[EXPIRED]" in upper:
            return "password_expired"
        return "auth_failed"

    def close(self) -> None:
        """LOGOUT."""
        with contextlib.suppress(RemoteError):
            self.command(b"LOGOUT")

    # Reading ----------------------------------------------------------------------------

    def quota(self) -> tuple[int | None, int | None]:
        """(used, limit) in bytes of the INBOX's storage quota; None where not said."""
        if "QUOTA" not in self.capabilities:
            return None, None
        status, _text, untagged = self.command(b'GETQUOTAROOT "INBOX"')
        if status != "OK":
            return None, None
        for line in untagged:
            match = _STORAGE.search(line) if line.upper().startswith("QUOTA ") else None
            if match:
                return int(match.group(1)) * 1024, int(match.group(2)) * 1024
        return None, None

    def examine(self) -> int:
        status, _text, untagged = self.command(b'EXAMINE "INBOX"')
        if status != "OK":
            raise RemoteError("protocol")
        exists = [int(line.split()[0]) for line in untagged if line.upper().endswith(" EXISTS")]
        return exists[-1] if exists else 0

    def search(self, criteria: str) -> list[int]:
        status, _text, untagged = self.command(b"SEARCH " + criteria.encode())
        if status != "OK":
            raise RemoteError("protocol")
        found: list[int] = []
        for line in untagged:
            if line.upper().startswith("SEARCH"):
                found += [int(word) for word in line.split()[1:] if word.isdigit()]
        return found

    def fetch(self, numbers: str) -> list[tuple[dt.datetime, int]]:
        status, _text, untagged = self.command(b"FETCH " + numbers.encode() + b" (INTERNALDATE RFC822.SIZE)")
        if status != "OK":
            raise RemoteError("protocol")
        messages = []
        for line in untagged:
            match = _FETCH.match(line)
            if not match:
                continue
            received, size = internaldate(match.group(2)), _SIZE.search(match.group(2))
            if received is not None and size is not None:
                messages.append((received, int(size.group(1))))
        return messages


def _quoted(value: str) -> bytes:
    if not value.isascii() or any(char in value for char in "\r\n\0"):
        raise RemoteError("unusable_value")
    return b'"' + value.replace("\\", "\\\\").replace('"', '\\"').encode() + b'"'


def _day(now: dt.datetime, days_back: int, tz: dt.tzinfo) -> dt.date:
    return (now - dt.timedelta(days=days_back)).astimezone(tz).date()


def read(session: Session, *, now: dt.datetime, tz: dt.tzinfo) -> facts.MailboxFacts:
    """The box's numbers, read without changing anything (after ``login``)."""
    cap = getattr(settings, "MAILNAVI_MAILBOX_FETCH_MAX", 20_000)
    used, limit = session.quota()
    exists = session.examine()
    if exists <= cap:
        messages = session.fetch("1:*") if exists else []
        return facts.summarise("imap", messages, now=now, tz=tz, used_bytes=used, quota_bytes=limit)
    recent = session.search("SINCE " + imap_date(facts.window(now, tz)[0]))
    complete = len(recent) <= cap
    fetched = session.fetch(sequence_set(recent[-cap:])) if recent else []
    older = tuple(
        facts.OlderCopies(days, len(session.search("BEFORE " + imap_date(_day(now, days, tz)))), None)
        for days in facts.OLDER_THAN
    )
    first = session.fetch("1")
    return facts.MailboxFacts(
        source="imap",
        message_count=exists,
        used_bytes=used,
        quota_bytes=limit,
        oldest=first[0][0] if first else None,
        per_day=facts.per_day(fetched, now, tz),
        per_day_complete=complete,
        older=older,
    )
