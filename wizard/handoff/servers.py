"""A mail server's connection settings as one value.

Host, port, encryption and the username form of the incoming (POP3/IMAP)
and outgoing (SMTP submission) servers of one address, with the words the
settings sheet, the hand-off files (Apple profile, Thunderbird autoconfig),
the DNS SRV records and the guide slots use for them. The port and TLS rules
live here and nowhere else:

- POP3 over implicit TLS on 995, IMAP over implicit TLS on 993 (RFC 8314);
- submission on 465 with implicit TLS, or on 587 with STARTTLS where the
  host uses it (RFC 8314, RFC 6409).

Pure Python (no Django), like the recommendation engine beside it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

POP3S_PORT = 995
IMAPS_PORT = 993
SUBMISSIONS_PORT = 465  # implicit TLS
SUBMISSION_PORT = 587  # STARTTLS

SSL = "ssl"
STARTTLS = "starttls"

# DNS SRV service names (RFC 6186, RFC 8314), by (service, security).
_SRV = {
    ("pop3", SSL): "_pop3s._tcp",
    ("imap", SSL): "_imaps._tcp",
    ("smtp", SSL): "_submissions._tcp",
    ("smtp", STARTTLS): "_submission._tcp",
}


def to_ascii(name: str) -> str:
    """A host or domain name in its ASCII form (IDNA punycode): 名古屋精機.jp →
    xn--7orpdr10a57o3uv.jp. Files and DNS records need it; pages show Unicode."""
    name = (name or "").strip().rstrip(".")
    try:
        return name.encode("idna").decode("ascii") if name and not name.isascii() else name.lower()
    except UnicodeError:
        return name


def ascii_login(login: str) -> str:
    """A username or address as a server accepts it: an address's domain in
    its ASCII form (info@名古屋精機.jp → info@xn--7orpdr10a57o3uv.jp); an
    account name unchanged."""
    local, at, domain = (login or "").rpartition("@")
    return f"{local}@{to_ascii(domain)}" if at and not domain.isascii() else login


def typed_host(host: str) -> str:
    """A host as a person types it into a mail client's server field: its
    ASCII form when it is written in Japanese script (mail clients refuse
    Unicode host names), otherwise as written."""
    return host if host.isascii() else to_ascii(host)


@dataclass(frozen=True)
class Endpoint:
    """One server connection: what a mail client's server fields get."""

    service: Literal["pop3", "imap", "smtp"]
    host: str
    port: int
    security: Literal["ssl", "starttls"]
    username: str

    @property
    def security_label(self) -> str:
        """As mail clients and the sheet write it."""
        return "SSL/TLS" if self.security == SSL else "STARTTLS"

    @property
    def typed_host(self) -> str:
        """The host to type (``typed_host``): differs from ``host`` for a Japanese-script name."""
        return typed_host(self.host)

    @property
    def typed_username(self) -> str:
        """The username to type: an address's domain in ASCII (``ascii_login``)."""
        return ascii_login(self.username)

    @property
    def socket_type(self) -> str:
        """Thunderbird autoconfig's ``socketType``."""
        return "SSL" if self.security == SSL else "STARTTLS"

    @property
    def uses_tls(self) -> bool:
        """Apple profiles' ``…UseSSL``: true for implicit TLS and STARTTLS alike."""
        return True

    @property
    def srv_service(self) -> str:
        return _SRV[(self.service, self.security)]


@dataclass(frozen=True)
class ServerSettings:
    """The incoming and outgoing connections of one address, for one protocol."""

    protocol: Literal["pop", "imap"]
    address: str
    incoming: Endpoint
    outgoing: Endpoint

    @classmethod
    def for_address(
        cls,
        *,
        protocol: str,
        address: str,
        incoming_host: str,
        outgoing_host: str,
        smtp_starttls: bool,
        username: str = "",
    ) -> ServerSettings:
        """``username``: what the client logs in with when it is not the
        address (KAGOYA's account name); empty means the address."""
        if protocol not in ("pop", "imap"):
            raise ValueError(f"protocol: must be 'pop' or 'imap', got {protocol!r}")
        incoming = Endpoint(
            service="pop3" if protocol == "pop" else "imap",
            host=incoming_host,
            port=POP3S_PORT if protocol == "pop" else IMAPS_PORT,
            security=SSL,
            username=username or address,
        )
        outgoing = Endpoint(
            service="smtp",
            host=outgoing_host,
            port=SUBMISSION_PORT if smtp_starttls else SUBMISSIONS_PORT,
            security=STARTTLS if smtp_starttls else SSL,
            username=username or address,
        )
        return cls(protocol=protocol, address=address, incoming=incoming, outgoing=outgoing)

    @property
    def account_type(self) -> str:
        """The account type as mail clients name it: POP3 or IMAP."""
        return "POP3" if self.protocol == "pop" else "IMAP"

    @property
    def protocol_label(self) -> str:
        """As the sheet's headings and the guides say it: POP or IMAP."""
        return "POP" if self.protocol == "pop" else "IMAP"

    @property
    def domain(self) -> str:
        return self.address.rsplit("@", 1)[1]

    @property
    def typed_address(self) -> str:
        """The address to type into a mail client: its domain in ASCII."""
        return ascii_login(self.address)
