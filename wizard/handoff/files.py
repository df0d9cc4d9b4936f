"""Hand-off files built from a hearing's issued sheet.

- Thunderbird autoconfig (``config-v1.1.xml``), one per mail domain: for the
  domain's administrator to publish at
  ``https://autoconfig.<domain>/mail/config-v1.1.xml`` or
  ``https://<domain>/.well-known/autoconfig/mail/config-v1.1.xml`` (served as
  ``text/xml``), so Thunderbird fills in the servers by itself. It lists the
  incoming servers in the order advised for that domain.
- Apple configuration profile (``.mobileconfig``), per address: the customer
  opens it on an iPhone, iPad or Mac. Signed (CMS) when the agency configures
  ``MAILNAVI_PROFILE_SIGNING_CERT`` and ``MAILNAVI_PROFILE_SIGNING_KEY``;
  unsigned otherwise. It has no key for POP retention: the sheet gives those
  steps by hand.
- DNS SRV records (RFC 6186, RFC 8314) for the customer's domain
  administrator: which services to use, on which host and port.

Every host and domain name in a file is in its ASCII (punycode) form; pages
show the Unicode form. None contains a password.
"""

from __future__ import annotations

import plistlib
import uuid
from collections import Counter
from xml.etree import ElementTree as ET

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.hostnames import validate_hostname

from ..engine.recommendations import POP
from .record import IssuedAddress
from .servers import Endpoint, ServerSettings, to_ascii
from .signing import sign_profile

NAMESPACE = uuid.UUID("6f1c3f0e-5c1b-4a8e-9b7a-2f0d7c1e4a10")
AUTOCONFIG_CONTENT_TYPE = "text/xml"


class UnusableServerName(ValueError):
    """A stored host that is not a host name (kept from before host names were
    checked): no file is built with it."""


def _file_host(host: str) -> str:
    """A host for a file, in its ASCII form; an empty host stays empty."""
    if not host:
        return ""
    try:
        return to_ascii(validate_hostname(host))
    except ValidationError as error:
        raise UnusableServerName(host) from error


def ascii_address(address: str) -> str:
    local, _sep, domain = address.rpartition("@")
    return f"{local}@{to_ascii(domain)}"


def _ranked(servers: list[ServerSettings], people: dict[str, int]) -> list[str]:
    """Protocols of one domain, the one read by more people first (then POP)."""
    counts = Counter()
    for server in servers:
        counts[server.protocol] += people.get(server.address, 1)
    return sorted(counts, key=lambda protocol: (-counts[protocol], protocol))


def _username(endpoint: Endpoint, address: str) -> str:
    """Thunderbird's placeholder for the login: one file serves every address of
    the domain, so a login that is only the local part says so, and any other
    login (unusual, asked per address in the wizard) falls back to the address."""
    local = address.rpartition("@")[0]
    return "%EMAILLOCALPART%" if endpoint.username == local else "%EMAILADDRESS%"


def _autoconfig_server(
    parent: ET.Element, tag: str, kind: str, endpoint: Endpoint, address: str
) -> ET.Element:
    server = ET.SubElement(parent, tag, type=kind)
    for name, value in (
        ("hostname", _file_host(endpoint.host)),
        ("port", str(endpoint.port)),
        ("socketType", endpoint.socket_type),
        ("username", _username(endpoint, address)),
        ("authentication", "password-cleartext"),
    ):
        ET.SubElement(server, name).text = value
    return server


def thunderbird_autoconfig(domain: str, addresses: list[IssuedAddress], display_name: str) -> bytes:
    """One domain's file: its incoming servers in the advised order, then the outgoing ones."""
    servers = [(address.server, address.advice) for address in addresses]
    people = {address.address: address.people for address in addresses}
    name = to_ascii(domain)
    root = ET.Element("clientConfig", version="1.1")
    provider = ET.SubElement(root, "emailProvider", id=name)
    ET.SubElement(provider, "domain").text = name
    ET.SubElement(provider, "displayName").text = display_name
    ET.SubElement(provider, "displayShortName").text = display_name
    seen: set[tuple] = set()
    for protocol in _ranked([server for server, _rec in servers], people):
        for server, rec in servers:
            login = _username(server.incoming, server.address)
            key = (server.incoming.host, server.incoming.port, login)
            if server.protocol != protocol or key in seen or not server.incoming.host:
                continue
            seen.add(key)
            kind = "pop3" if protocol == POP else "imap"
            incoming = _autoconfig_server(provider, "incomingServer", kind, server.incoming, server.address)
            if protocol == POP:
                pop3 = ET.SubElement(incoming, "pop3")
                ET.SubElement(pop3, "leaveMessagesOnServer").text = "true"
                ET.SubElement(pop3, "daysToLeaveMessagesOnServer").text = str(rec.delete_after_days)
    for server, _rec in servers:
        key = (server.outgoing.host, server.outgoing.port, _username(server.outgoing, server.address))
        if key not in seen and server.outgoing.host:
            seen.add(key)
            _autoconfig_server(provider, "outgoingServer", "smtp", server.outgoing, server.address)
    ET.indent(root)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8") + b"\n"


def apple_mobileconfig(mailbox: IssuedAddress, *, hearing_id, organisation: str, account_name: str) -> bytes:
    rec = mailbox.advice
    server = mailbox.server
    identifier = f"jp.mail-navi.{hearing_id}.{mailbox.pk}"
    address = ascii_address(mailbox.address)
    account = {
        "PayloadType": "com.apple.mail.managed",
        "PayloadVersion": 1,
        "PayloadIdentifier": f"{identifier}.mail",
        "PayloadUUID": str(uuid.uuid5(NAMESPACE, f"{identifier}.mail")).upper(),
        "PayloadDisplayName": _("メールアカウント (%(address)s)") % {"address": mailbox.address},
        "EmailAccountDescription": mailbox.address,  # the name in the Mail app's account list
        "EmailAccountName": mailbox.display_name or account_name,  # the sender's name
        "EmailAccountType": "EmailTypePOP" if rec.protocol == POP else "EmailTypeIMAP",
        "EmailAddress": address,
        "IncomingMailServerAuthentication": "EmailAuthPassword",
        "IncomingMailServerHostName": _file_host(server.incoming.host),
        "IncomingMailServerPortNumber": server.incoming.port,
        "IncomingMailServerUseSSL": server.incoming.uses_tls,
        "IncomingMailServerUsername": ascii_address(server.incoming.username)
        if "@" in server.incoming.username
        else server.incoming.username,
        "OutgoingMailServerAuthentication": "EmailAuthPassword",
        "OutgoingMailServerHostName": _file_host(server.outgoing.host),
        "OutgoingMailServerPortNumber": server.outgoing.port,
        "OutgoingMailServerUseSSL": server.outgoing.uses_tls,  # 465: SSL/TLS; 587: STARTTLS
        "OutgoingMailServerUsername": ascii_address(server.outgoing.username)
        if "@" in server.outgoing.username
        else server.outgoing.username,
        "OutgoingPasswordSameAsIncomingPassword": True,
    }
    profile = {
        "PayloadType": "Configuration",
        "PayloadVersion": 1,
        "PayloadIdentifier": identifier,
        "PayloadUUID": str(uuid.uuid5(NAMESPACE, identifier)).upper(),
        "PayloadDisplayName": _("%(address)s のメール設定") % {"address": mailbox.address},
        "PayloadDescription": _(
            "メールの受信・送信サーバーを設定します。パスワードは含まれていません。"
            "インストールの途中で、お客さまご自身で入力してください。"
        ),
        "PayloadOrganization": organisation,
        "PayloadRemovalDisallowed": False,
        "PayloadContent": [account],
    }
    return sign_profile(plistlib.dumps(profile, fmt=plistlib.FMT_XML))


SRV_TTL = 3600
# 110 and 143 (plaintext or STARTTLS): published as "not offered" so that
# clients use the implicit-TLS services (RFC 6186 target ".", RFC 8314).
NOT_OFFERED_SRV = ("_pop3._tcp", "_imap._tcp")


def _fqdn(host: str) -> str:
    return to_ascii(host.rstrip(".")) + "."


def _target(host: str) -> str | None:
    """A stored host as an SRV target (IDNA, absolute), or None when it is not
    a host name: no stored value can add a line or a record to the zone file."""
    try:
        return _fqdn(validate_hostname(host))
    except ValidationError:
        return None


def dns_srv_records(addresses: list[IssuedAddress]) -> str:
    """Zone-file lines, one block per mail domain of the hearing.

    The incoming service read by more *people* gets priority 0 and the other
    10 (when one domain mixes POP and IMAP addresses, both are published; each
    person still follows their own settings sheet). Each outgoing server is
    published once, as ``_submissions`` (465) or ``_submission`` (587).
    """
    domains: dict[str, list[IssuedAddress]] = {}
    for address in addresses:
        domains.setdefault(address.domain.lower(), []).append(address)
    blocks = []
    for domain, entries in domains.items():
        owner = _fqdn(domain)
        servers = [address.server for address in entries]
        people = {address.address: address.people for address in entries}
        lines = ["; " + _("%(domain)s のメール (推奨する受信方式と読む人数)") % {"domain": domain}]
        lines += [f";   {s.address}: {s.protocol.upper()} ({people[s.address]})" for s in servers]
        records: list[tuple[str, int, int, int, str]] = []
        for priority, protocol in enumerate(_ranked(servers, people)):
            for endpoint in [
                s.incoming for s in servers if s.protocol == protocol and _target(s.incoming.host)
            ]:
                record = (endpoint.srv_service, priority * 10, 1, endpoint.port, _target(endpoint.host))
                if record not in records:
                    records.append(record)
        for endpoint in [s.outgoing for s in servers if _target(s.outgoing.host)]:
            record = (endpoint.srv_service, 0, 1, endpoint.port, _target(endpoint.host))
            if record not in records:
                records.append(record)
        records += [(service, 0, 0, 0, ".") for service in NOT_OFFERED_SRV]
        width = max(len(f"{service}.{owner}") for service, *_rest in records)
        for service, priority, weight, port, target in records:
            lines.append(
                f"{service}.{owner}".ljust(width) + f" {SRV_TTL} IN SRV {priority} {weight} {port} {target}"
            )
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n" if blocks else ""
