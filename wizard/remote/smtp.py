"""SMTP submission, as far as a check goes: greeting, EHLO, STARTTLS (RFC
3207) and SMTP AUTH (RFC 4954). Never MAIL, RCPT or DATA: nothing is sent."""

from __future__ import annotations

import base64
import ssl

from django.views.decorators.debug import sensitive_variables

from .net import Connection, RemoteError

HELLO = b"EHLO mail-navi.check\r\n"


def reply(conn: Connection) -> tuple[int, list[str]]:
    """One reply, all its lines (``250-…`` up to ``250 …``)."""
    lines: list[str] = []
    code = 0
    while True:
        line = conn.readline().decode("utf-8", "replace").rstrip("\r\n")
        if len(line) < 3 or not line[:3].isdigit() or line[3:4] not in ("", " ", "-"):
            raise RemoteError("protocol")
        if lines and int(line[:3]) != code:
            raise RemoteError("protocol")
        code = int(line[:3])
        lines.append(line[4:])
        if line[3:4] != "-":
            return code, lines


def hello(conn: Connection) -> set[str]:
    """EHLO; the capabilities in upper case (``AUTH PLAIN LOGIN`` → ``AUTH``,
    ``AUTH=PLAIN``, ``AUTH=LOGIN``)."""
    conn.send(HELLO)
    code, lines = reply(conn)
    if code != 250:
        raise RemoteError("protocol")
    capabilities = set()
    for line in lines[1:]:
        words = line.upper().split()
        if words:
            capabilities.add(words[0])
            if words[0] == "AUTH":
                capabilities.update(f"AUTH={word}" for word in words[1:])
    return capabilities


def greeting(conn: Connection) -> None:
    code, _lines = reply(conn)
    if code != 220:
        raise RemoteError("protocol")


def starttls(conn: Connection, context: ssl.SSLContext) -> None:
    """Greeting, EHLO, STARTTLS and the handshake."""
    greeting(conn)
    if "STARTTLS" not in hello(conn):
        raise RemoteError("no_starttls")
    conn.send(b"STARTTLS\r\n")
    code, _lines = reply(conn)
    if code != 220:
        raise RemoteError("no_starttls")
    conn.start_tls(context)


def _auth_outcome(code: int) -> str:
    if code == 235:
        return "ok"
    if code in (454, 421):
        return "unavailable"
    if code == 534:
        return "no_auth"  # a stronger mechanism is required
    return "auth_failed"


@sensitive_variables("password", "token")
def login(conn: Connection, username: str, password: str, *, greeted: bool = False) -> str:
    """An outcome code: ``ok``, ``auth_failed``, ``no_auth`` or ``unavailable``.
    With ``greeted`` the greeting and STARTTLS are done already (EHLO again, RFC 3207)."""
    if not greeted:
        greeting(conn)
    capabilities = hello(conn)
    if "AUTH=PLAIN" in capabilities:
        token = base64.b64encode(b"\0" + username.encode() + b"\0" + password.encode())
        conn.send(b"AUTH PLAIN " + token + b"\r\n")
        code, _lines = reply(conn)
    elif "AUTH=LOGIN" in capabilities:
        conn.send(b"AUTH LOGIN\r\n")
        code, _lines = reply(conn)
        for value in (username, password):
            if code != 334:
                break
            conn.send(base64.b64encode(value.encode()) + b"\r\n")
            code, _lines = reply(conn)
    else:
        return "no_auth"
    outcome = _auth_outcome(code)
    quit_politely(conn)
    return outcome


def quit_politely(conn: Connection) -> None:
    try:
        conn.send(b"QUIT\r\n")
        reply(conn)
    except RemoteError:
        pass
