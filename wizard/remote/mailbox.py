"""The mailbox reader: log in over IMAP, POP3 and SMTP AUTH with the values
the sheet gives (host, port, security, username) and a password typed once,
say per protocol whether it worked and why not, and read the box's numbers
without changing anything (``imap.py``, ``pop.py``).

The password lives in this call's arguments only: it is in no result, no
exception and no log line, and Django's error reports hide it
(``sensitive_variables``). Every connection goes through ``net`` (vetted
names, public addresses only unless the operator allowed a range, deadlines,
caps, the per-director rate limit). The whole read ends within
``MAILNAVI_MAILBOX_DEADLINE`` seconds (25), each protocol within
``MAILNAVI_MAILBOX_TIMEOUT`` (15); the protocols are tried side by side.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables

from ..handoff.servers import SSL, Endpoint, to_ascii
from . import imap, net, pop, smtp
from .facts import Login, MailboxFacts, MailboxReading
from .tlscheck import certificate_names

SERVICES = ("imap", "pop3", "smtp")
LIMITS = net.Limits(line=8192, lines=100_000, bytes=16 * 1024 * 1024)


def _ascii_username(username: str) -> str:
    local, at, domain = username.rpartition("@")
    return f"{local}{at}{to_ascii(domain)}" if at else username


def _outcome(endpoint: Endpoint, code: str, **values) -> Login:
    if code == "auth_failed" and not endpoint.username.isascii() and "@" in endpoint.username:
        code, values["ascii"] = "name_not_ascii", _ascii_username(endpoint.username)
    values = {**values, "host": endpoint.host, "username": endpoint.username}
    return Login(
        service=endpoint.service,
        host=endpoint.host,
        port=endpoint.port,
        security=endpoint.security,
        username=endpoint.username,
        ok=code in ("ok", "ok_unread"),
        code=code,
        message=net.describe(code, **values),
    )


@sensitive_variables("password")
def _session(
    conn: net.Connection, endpoint: Endpoint, password: str, now: dt.datetime
) -> tuple[str, MailboxFacts | None]:
    """Log in on an open connection and, for IMAP and POP, read the box."""
    starttls = net.tls_context() if endpoint.security != SSL else None
    tz = timezone.get_default_timezone()
    if endpoint.service == "smtp":
        if starttls is not None:
            smtp.starttls(conn, starttls)
        return smtp.login(conn, endpoint.username, password, greeted=starttls is not None), None
    session = imap.Session(conn) if endpoint.service == "imap" else pop.Session(conn)
    session.greet(starttls=starttls)
    code = session.login(endpoint.username, password)
    if code != "ok":
        return code, None
    reader = imap.read if endpoint.service == "imap" else pop.read
    try:
        return code, reader(session, now=now, tz=tz)
    except net.RemoteError:
        return "ok_unread", None  # logged in; the numbers could not be read in time or made no sense
    finally:
        session.close()


@sensitive_variables("password")
def attempt(
    endpoint: Endpoint, password: str, *, deadline: net.Deadline, now: dt.datetime
) -> tuple[Login, MailboxFacts | None]:
    """One protocol: its login outcome and, when it read them, the box's numbers."""
    timeout = getattr(settings, "MAILNAVI_MAILBOX_TIMEOUT", 15.0)
    budget = deadline.within(timeout)
    target = None
    try:
        target = net.vet(endpoint.host, endpoint.port, deadline=budget)
        with net.connect(target, deadline=budget, tls=endpoint.security == SSL, limits=LIMITS) as conn:
            code, found = _session(conn, endpoint, password, now)
        return _outcome(endpoint, code), found
    except net.RemoteError as error:
        names: list[str] = []
        if error.code == "cert_name" and target is not None:
            with contextlib.suppress(net.RemoteError):
                names = certificate_names(target, endpoint, budget)
        return _outcome(endpoint, error.code, seconds=timeout, names=names), None


@sensitive_variables("password")
def read_mailbox(
    endpoints: Sequence[Endpoint], password: str, *, director: object = None, now: dt.datetime | None = None
) -> MailboxReading:
    """Log in with each endpoint (at most one per service: IMAP, POP3, SMTP)
    and read the box: IMAP's numbers when it logged in, POP's otherwise."""
    chosen = list({endpoint.service: endpoint for endpoint in endpoints if endpoint.host}.values())
    now = now or timezone.now()
    if not chosen:
        return MailboxReading(now, (), None)
    try:
        net.take_turns(director, len(chosen))
    except net.RateLimited:
        return MailboxReading(now, tuple(_outcome(endpoint, "rate_limited") for endpoint in chosen), None)
    deadline = net.Deadline(getattr(settings, "MAILNAVI_MAILBOX_DEADLINE", 25.0))
    with ThreadPoolExecutor(max_workers=len(chosen), thread_name_prefix="mailnavi-mailbox") as pool:
        results = list(
            pool.map(lambda endpoint: attempt(endpoint, password, deadline=deadline, now=now), chosen)
        )
    results.sort(key=lambda result: SERVICES.index(result[0].service))
    read = {login.service: found for login, found in results if found is not None}
    return MailboxReading(
        measured_at=now,
        logins=tuple(login for login, _found in results),
        facts=read.get("imap") or read.get("pop3"),
    )
