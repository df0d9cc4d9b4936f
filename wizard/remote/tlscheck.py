"""The optional live check of an address's mail servers, from the server step.

For each incoming and outgoing server the sheet will show, connect on the
port the sheet will give (POP3S 995 / IMAPS 993 / submissions 465 with
implicit TLS, submission 587 with STARTTLS), complete the TLS handshake and
check that the certificate is valid for exactly that host name: a
certificate made out to another name (Sakura's own-domain hosts, お名前.com's
``smtp.<domain>``) is the classic failure a customer then meets as a warning.

Every connection goes through ``net`` (names vetted, internal addresses
refused, deadlines, caps). Each endpoint gets ``MAILNAVI_SERVER_CHECK_TIMEOUT``
seconds (5), the whole check ``MAILNAVI_REMOTE_DEADLINE`` (20); at most
``MAILNAVI_OUTBOUND_MAX_ENDPOINTS`` distinct endpoints (12) are checked, side
by side, and each counts against the director's rate limit.
``MAILNAVI_SERVER_CHECK_CA`` names a CA file to trust instead of the
system's (the tests' own CA).
"""

from __future__ import annotations

import contextlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

from ..handoff.servers import SSL, Endpoint
from . import imap, net, pop, smtp

SERVICE_NAMES = {"pop3": "POP3S", "imap": "IMAPS", "smtp": "SMTP"}
LIMITS = net.Limits(line=4096, lines=200, bytes=256 * 1024)


@dataclass
class PortCheck:
    host: str
    port: int
    security: str
    service: str
    ok: bool = False
    message: str = ""
    names: list[str] = field(default_factory=list)  # the names the certificate is valid for
    code: str = ""  # "ok" or the reason (net.describe)


def _names(cert: dict) -> list[str]:
    return [value for kind, value in cert.get("subjectAltName", ()) if kind == "DNS"]


def upgrade(conn: net.Connection, service: str, context) -> None:
    """STARTTLS in the service's own words (SMTP STARTTLS, IMAP STARTTLS, POP3 STLS)."""
    if service == "smtp":
        smtp.starttls(conn, context)
    elif service == "imap":
        imap.Session(conn).greet(starttls=context)
    else:
        pop.Session(conn).greet(starttls=context)


def certificate_names(target: net.Target, endpoint: Endpoint, deadline: net.Deadline) -> list[str]:
    """The names of the certificate the server presents, read without the name
    check, on a new connection to the same vetted address."""
    context = net.tls_context(check_hostname=False)
    with net.connect(
        target, deadline=deadline, tls=endpoint.security == SSL, context=context, limits=LIMITS
    ) as conn:
        if endpoint.security != SSL:
            upgrade(conn, endpoint.service, context)
        return _names(conn.peer_certificate())


def check_endpoint(
    endpoint: Endpoint, *, timeout: float | None = None, deadline: net.Deadline | None = None
) -> PortCheck:
    timeout = timeout or getattr(settings, "MAILNAVI_SERVER_CHECK_TIMEOUT", 5.0)
    budget = deadline.within(timeout) if deadline else net.Deadline(timeout)
    result = PortCheck(endpoint.host, endpoint.port, endpoint.security_label, SERVICE_NAMES[endpoint.service])
    target = None
    try:
        target = net.vet(endpoint.host, endpoint.port, deadline=budget)
        context = net.tls_context()
        with net.connect(
            target, deadline=budget, tls=endpoint.security == SSL, context=context, limits=LIMITS
        ) as conn:
            if endpoint.security != SSL:
                upgrade(conn, endpoint.service, context)
            result.names = _names(conn.peer_certificate())
        result.ok, result.code = True, "ok"
        result.message = _("接続でき、証明書は %(host)s に有効です。") % {"host": endpoint.host}
    except net.RemoteError as error:
        result.code = error.code
        if error.code == "cert_name" and target is not None:
            with contextlib.suppress(net.RemoteError):
                result.names = certificate_names(target, endpoint, budget)
        result.message = error.describe(host=endpoint.host, names=result.names, seconds=timeout)
    return result


def check_servers(endpoints: list[Endpoint], *, director: object = None) -> list[dict]:
    """Every distinct endpoint (up to the cap), checked side by side; results as plain dicts."""
    unique = list({(e.host, e.port): e for e in endpoints if e.host}.values())
    if not unique:
        return []
    cap = getattr(settings, "MAILNAVI_OUTBOUND_MAX_ENDPOINTS", 12)
    checked, skipped = unique[:cap], unique[cap:]

    def unchecked(endpoint: Endpoint, code: str, message: str) -> PortCheck:
        names = (endpoint.host, endpoint.port, endpoint.security_label, SERVICE_NAMES[endpoint.service])
        return PortCheck(*names, code=code, message=message)

    over = _("一度に確認できるのは %(count)d 件までです。この件は確認していません。") % {"count": cap}
    rest = [unchecked(endpoint, "too_many", over) for endpoint in skipped]
    try:
        net.take_turns(director, len(checked))
    except net.RateLimited as error:
        return [asdict(unchecked(endpoint, error.code, error.describe())) for endpoint in checked + skipped]
    deadline = net.Deadline(getattr(settings, "MAILNAVI_REMOTE_DEADLINE", 20.0))
    with ThreadPoolExecutor(max_workers=min(8, len(checked))) as pool:
        results = list(pool.map(lambda endpoint: check_endpoint(endpoint, deadline=deadline), checked))
    return [asdict(result) for result in results + rest]
