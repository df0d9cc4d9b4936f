"""DNS lookups: the resolver the site is configured to ask, and a domain's
mail-related records (MX, TXT, NS) read within one time limit.

The resolver is the one named by ``MAILNAVI_DNS_SERVER`` (``host:port``)
when set, the system's otherwise. Every lookup this site makes for a
customer's domain or host goes through here (preset detection) or through
``net.py`` (the addresses a check connects to).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import dns.exception
import dns.resolver
from django.conf import settings


def configured_server() -> tuple[str, int] | None:
    """``MAILNAVI_DNS_SERVER`` as (address, port); None for the system's resolver."""
    server = getattr(settings, "MAILNAVI_DNS_SERVER", "")
    if not server:
        return None
    host, _sep, port = server.rpartition(":") if server.count(":") == 1 else (server, "", "")
    return host, int(port) if port else 53


def resolver() -> dns.resolver.Resolver:
    server = configured_server()
    if server is None:
        return dns.resolver.Resolver()
    configured = dns.resolver.Resolver(configure=False)
    configured.nameservers = [server[0]]
    configured.port = server[1]
    return configured


@dataclass(frozen=True)
class DomainRecords:
    """What DNS said about one domain: the values of each record type, and the
    types it gave no answer for (no reply in time, or the resolver failed).
    "No such name" and "no such records" are answers: the values are empty."""

    values: dict[str, list[str]] = field(default_factory=dict)
    unanswered: tuple[str, ...] = ()

    def get(self, kind: str) -> list[str]:
        return self.values.get(kind, [])

    @property
    def answered(self) -> bool:
        return not self.unanswered


def dns_records(domain: str, *, timeout: float | None = None) -> DomainRecords:
    """The domain's MX hosts, TXT strings and NS hosts, within ``timeout``
    seconds in all; a type that got no answer in time is named in ``unanswered``."""
    timeout = timeout if timeout is not None else getattr(settings, "MAILNAVI_DNS_TIMEOUT", 3.0)
    deadline = time.monotonic() + timeout
    try:
        name = domain.encode("idna").decode("ascii")
        asker = resolver()
    except (UnicodeError, ValueError, dns.exception.DNSException):
        return DomainRecords()  # not a name DNS could be asked about: nothing to find
    values: dict[str, list[str]] = {}
    unanswered: list[str] = []
    for kind in ("MX", "TXT", "NS"):
        remaining = deadline - time.monotonic()
        values[kind] = []
        if remaining <= 0:
            unanswered.append(kind)
            continue
        try:
            answer = asker.resolve(name, kind, lifetime=remaining, raise_on_no_answer=False)
        except (dns.resolver.NXDOMAIN, dns.resolver.YXDOMAIN):
            continue  # DNS answered: the name does not exist
        except (dns.exception.DNSException, OSError):
            unanswered.append(kind)  # timed out, unreachable, or every server failed
            continue
        for rdata in answer.rrset or ():
            if kind == "MX":
                values[kind].append(rdata.exchange.to_text().lower())
            elif kind == "TXT":
                values[kind].append(b"".join(rdata.strings).decode("utf-8", "replace"))
            else:
                values[kind].append(rdata.target.to_text().lower())
    return DomainRecords(values, tuple(unanswered))
