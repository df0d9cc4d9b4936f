"""The one way out: every connection a remote check makes is opened here.

A director types a host name; the site then connects to it. So that this can
never be aimed at the site's own network (SSRF), ``vet`` and ``connect``:

- refuse a name that is not a plain DNS name before anything is looked up:
  IP literals in any spelling (``0x7f.0x1``, ``0xa9.0xfe.0xa9.0xfe``,
  ``2130706433``, ``0177.0.0.1``, ``[::1]``, full-width digits), single
  labels (``localhost``) and any name whose last label is not letters or an
  IDNA ``xn--`` label;
- resolve the name once, through the configured resolver
  (``MAILNAVI_DNS_SERVER`` via dnspython; the system's otherwise, on a small
  bounded pool so that a hanging lookup still ends by the deadline);
- refuse the name when any of its addresses is not global (loopback, RFC
  1918, CGNAT, link-local with 169.254.169.254, ``::1``, ULA, multicast,
  reserved; IPv4 inside IPv6 is judged as IPv4), unless it lies in a range
  the operator allowed with ``MAILNAVI_OUTBOUND_ALLOW`` (an agency whose mail
  server sits in its own network; off by default);
- connect to the vetted address itself (never resolving again, so a
  rebinding DNS answer changes nothing), with SNI and certificate checks on
  the name.

Every read and write gets what is left of a ``Deadline`` (one for the whole
check, one per endpoint inside it), checked again in every read loop, so a
server that trickles a byte at a time or floods lines ends by the deadline.
Lines are read from a buffer with caps on line length, line count and bytes
(``Limits``). ``take_turns`` is the per-director rate limit; callers cap the
endpoints of one check.

A refused name gets one neutral message, decided before any connection, so
a result never tells what listens at an address inside. Every message is
Japanese (``RemoteError.describe``).
"""

from __future__ import annotations

import ipaddress
import re
import socket
import ssl
import time
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as LookupTimeout

import dns.exception
import dns.resolver
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured

from . import dns as remote_dns
from .connection import Connection, Deadline, Limits, Target, tls_context
from .errors import Blocked, CertificateProblem, CheckTimeout, RateLimited, RemoteError, describe

__all__ = [
    "Blocked", "CertificateProblem", "CheckTimeout", "Connection", "Deadline", "Limits", "RateLimited",
    "RemoteError", "Target", "address_allowed", "allowed_ranges", "ascii_host", "connect", "describe",
    "resolve", "take_turns", "tls_context", "vet",
]  # fmt: skip


# Names and addresses -------------------------------------------------------------------

_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
_TOP_LABEL = re.compile(r"^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$")


def ascii_host(host: str) -> str:
    """The name as looked up, sent in SNI and checked on the certificate:
    IDNA ASCII, lower case, no final dot. ``Blocked`` for anything that is
    not a plain DNS name ending in a real top-level label."""
    name = (host or "").strip()
    name = name[:-1] if name.endswith(".") else name
    try:
        name = (name if name.isascii() else name.encode("idna").decode("ascii")).lower()
    except UnicodeError as error:
        raise Blocked() from error
    labels = name.split(".")
    if len(name) > 253 or len(labels) < 2 or not all(_LABEL.match(label) for label in labels):
        raise Blocked()
    if not _TOP_LABEL.match(labels[-1]):
        raise Blocked()
    return name


def allowed_ranges() -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    """``MAILNAVI_OUTBOUND_ALLOW``: a list, or a string of ranges separated by commas."""
    value = getattr(settings, "MAILNAVI_OUTBOUND_ALLOW", "") or ()
    items = value.split(",") if isinstance(value, str) else value
    try:
        return tuple(ipaddress.ip_network(item.strip(), strict=False) for item in items if item.strip())
    except ValueError as error:
        raise ImproperlyConfigured(f"MAILNAVI_OUTBOUND_ALLOW: {error}") from error


def _public(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    return ip.is_global and not (
        ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_private
        or getattr(ip, "is_site_local", False)
    )


def address_allowed(address: str, ranges=None) -> bool:
    """May a check connect to this address?"""
    ranges = allowed_ranges() if ranges is None else ranges
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False  # scoped (fe80::1%eth0) or garbage
    inner = (ip.ipv4_mapped or ip.sixtofour) if ip.version == 6 else None
    candidates = [ip] if inner is None else [ip, inner]
    if any(candidate in network for candidate in candidates for network in ranges):
        return True
    return all(_public(candidate) for candidate in candidates)


# A lookup on the system's resolver cannot be interrupted: it runs here and the
# caller stops waiting at its deadline. Four threads at most, whatever hangs.
_SYSTEM_LOOKUPS = ThreadPoolExecutor(max_workers=4, thread_name_prefix="mailnavi-lookup")


def _system_addresses(name: str, deadline: Deadline) -> list[str]:
    future = _SYSTEM_LOOKUPS.submit(socket.getaddrinfo, name, None, type=socket.SOCK_STREAM)
    try:
        found = future.result(timeout=deadline.remaining())
    except LookupTimeout as error:
        raise CheckTimeout(seconds=deadline.seconds) from error
    except (socket.gaierror, UnicodeError) as error:
        raise RemoteError("not_found") from error
    return [str(info[4][0]) for info in found]


def _configured_addresses(name: str, deadline: Deadline) -> list[str]:
    resolver = remote_dns.resolver()
    found: list[str] = []
    for kind in ("A", "AAAA"):
        try:
            answer = resolver.resolve(
                name + ".", kind, lifetime=deadline.remaining(), raise_on_no_answer=False
            )
        except dns.resolver.NXDOMAIN:
            continue  # some servers say so for a name that only has the other type
        except dns.resolver.LifetimeTimeout as error:
            raise CheckTimeout(seconds=deadline.seconds) from error
        except (dns.exception.DNSException, OSError) as error:
            raise RemoteError("not_found") from error
        found += [rdata.address for rdata in answer.rrset or ()]
    return found


def resolve(name: str, deadline: Deadline) -> list[str]:
    """The addresses of an already vetted ASCII name, IPv4 first, each once."""
    if remote_dns.configured_server() is None:
        found = _system_addresses(name, deadline)
    else:
        found = _configured_addresses(name, deadline)
    unique = list(dict.fromkeys(found))
    return sorted(unique, key=lambda address: ":" in address)


def vet(host: str, port: int, *, deadline: Deadline) -> Target:
    name = ascii_host(host)
    if not 0 < int(port) < 65536:
        raise Blocked()
    addresses = resolve(name, deadline)
    if not addresses:
        raise RemoteError("not_found")
    ranges = allowed_ranges()
    if not all(address_allowed(address, ranges) for address in addresses):
        raise Blocked()
    return Target(name, int(port), tuple(addresses))


# Connections ---------------------------------------------------------------------------


def connect(
    target: Target,
    *,
    deadline: Deadline,
    tls: bool,
    context: ssl.SSLContext | None = None,
    limits: Limits = Limits(),  # noqa: B008 (frozen)
) -> Connection:
    """Connect to the target's vetted addresses in turn; with ``tls``, the
    handshake too (implicit TLS). Use ``Connection.start_tls`` for STARTTLS."""
    failure = RemoteError("unreachable")
    for address in target.addresses:
        family = socket.AF_INET6 if ":" in address else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        try:
            sock.settimeout(deadline.remaining())
            sock.connect((address, target.port))
        except TimeoutError as error:
            sock.close()
            raise CheckTimeout(seconds=deadline.seconds) from error
        except ConnectionRefusedError:
            sock.close()
            failure = RemoteError("refused")
            continue
        except OSError:
            sock.close()
            continue
        except CheckTimeout:
            sock.close()
            raise
        connection = Connection(sock, target, deadline, limits)
        if tls:
            try:
                connection.start_tls(context or tls_context())
            except RemoteError:
                connection.close()
                raise
        return connection
    raise failure


def take_turns(director: object, count: int = 1) -> None:
    """Count ``count`` connections against the director's budget
    (``MAILNAVI_OUTBOUND_RATE``: connections per window of seconds, in the
    shared cache); ``RateLimited`` when it is spent."""
    limit, window = getattr(settings, "MAILNAVI_OUTBOUND_RATE", (120, 600))
    key = f"mailnavi:outbound:{director or 'anyone'}:{int(time.time() // window)}"
    cache.add(key, 0, timeout=window)
    try:
        used = cache.incr(key, count)
    except ValueError:  # expired between add and incr
        cache.set(key, count, timeout=window)
        used = count
    if used > limit:
        raise RateLimited()
