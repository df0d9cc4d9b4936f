"""Hand-off files built from a completed hearing's saved recommendation.

- Thunderbird autoconfig (``config-v1.1.xml``): for the agency to publish at
  ``https://autoconfig.<domain>/mail/config-v1.1.xml`` so Thunderbird fills in
  the servers by itself.
- Apple configuration profile (``.mobileconfig``): the customer opens it on an
  iPhone, iPad or Mac. It has no key for POP retention, so the settings sheet
  gives those steps by hand.

- DNS SRV records (RFC 6186, RFC 8314) for the customer's domain
  administrator: which services to use, on which host and port.

None contains a password: the customer types it when the app asks.
"""

from __future__ import annotations

import plistlib
import uuid
from collections import Counter
from xml.etree import ElementTree as ET

import segno
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .fields import validate_hostname
from .models import Mailbox
from .recommendations import Recommendation
from .servers import Endpoint

NAMESPACE = uuid.UUID("6f1c3f0e-5c1b-4a8e-9b7a-2f0d7c1e4a10")


def _autoconfig_server(parent: ET.Element, tag: str, kind: str, endpoint: Endpoint) -> ET.Element:
    server = ET.SubElement(parent, tag, type=kind)
    for name, value in (
        ("hostname", endpoint.host),
        ("port", str(endpoint.port)),
        ("socketType", endpoint.socket_type),
        ("username", "%EMAILADDRESS%"),
        ("authentication", "password-cleartext"),
    ):
        ET.SubElement(server, name).text = value
    return server


def thunderbird_autoconfig(mailbox: Mailbox, rec: Recommendation, display_name: str) -> bytes:
    server = mailbox.server_settings(rec.protocol)
    domain = server.domain
    root = ET.Element("clientConfig", version="1.1")
    provider = ET.SubElement(root, "emailProvider", id=domain)
    ET.SubElement(provider, "domain").text = domain
    ET.SubElement(provider, "displayName").text = display_name
    ET.SubElement(provider, "displayShortName").text = display_name
    incoming = _autoconfig_server(
        provider, "incomingServer", "pop3" if rec.protocol == "pop" else "imap", server.incoming
    )
    if rec.protocol == "pop":
        pop3 = ET.SubElement(incoming, "pop3")
        ET.SubElement(pop3, "leaveMessagesOnServer").text = "true"
        ET.SubElement(pop3, "daysToLeaveMessagesOnServer").text = str(rec.delete_after_days)
    _autoconfig_server(provider, "outgoingServer", "smtp", server.outgoing)
    ET.indent(root)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8") + b"\n"


def apple_mobileconfig(mailbox: Mailbox, rec: Recommendation, organisation: str) -> bytes:
    server = mailbox.server_settings(rec.protocol)
    identifier = f"jp.mail-navi.{mailbox.hearing_id}.{mailbox.pk}"
    account = {
        "PayloadType": "com.apple.mail.managed",
        "PayloadVersion": 1,
        "PayloadIdentifier": f"{identifier}.mail",
        "PayloadUUID": str(uuid.uuid5(NAMESPACE, f"{identifier}.mail")).upper(),
        "PayloadDisplayName": _("メールアカウント (%(address)s)") % {"address": mailbox.address},
        "EmailAccountDescription": mailbox.address,  # the name in the Mail app's account list
        "EmailAccountType": "EmailTypePOP" if rec.protocol == "pop" else "EmailTypeIMAP",
        "EmailAddress": mailbox.address,
        "IncomingMailServerAuthentication": "EmailAuthPassword",
        "IncomingMailServerHostName": server.incoming.host,
        "IncomingMailServerPortNumber": server.incoming.port,
        "IncomingMailServerUseSSL": server.incoming.uses_tls,
        "IncomingMailServerUsername": server.incoming.username,
        "OutgoingMailServerAuthentication": "EmailAuthPassword",
        "OutgoingMailServerHostName": server.outgoing.host,
        "OutgoingMailServerPortNumber": server.outgoing.port,
        "OutgoingMailServerUseSSL": server.outgoing.uses_tls,  # 465: SSL/TLS; 587: STARTTLS
        "OutgoingMailServerUsername": server.outgoing.username,
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
    return plistlib.dumps(profile, fmt=plistlib.FMT_XML)


SRV_TTL = 3600
# 110 and 143 (plaintext or STARTTLS): published as "not offered" so that
# clients use the implicit-TLS services (RFC 6186 target ".", RFC 8314).
NOT_OFFERED_SRV = ("_pop3._tcp", "_imap._tcp")


def _fqdn(host: str) -> str:
    return host.rstrip(".") + "."


def _target(host: str) -> str | None:
    """A stored host as an SRV target (IDNA, absolute), or None when it is not
    a host name: no stored value can add a line or a record to the zone file."""
    try:
        return _fqdn(validate_hostname(host).encode("idna").decode("ascii"))
    except (ValidationError, UnicodeError):
        return None


def dns_srv_records(pairs: list[tuple[Mailbox, Recommendation]]) -> str:
    """Zone-file lines, one block per mail domain of the hearing.

    The recommended incoming service gets priority 0. When addresses of one
    domain are advised differently (say info@ on POP, taro@ on IMAP), both
    are published and the protocol advised for more addresses comes first;
    each person still follows their own settings sheet.
    """
    domains: dict[str, list[tuple[Mailbox, Recommendation]]] = {}
    for mailbox, rec in pairs:
        domains.setdefault(mailbox.domain.lower(), []).append((mailbox, rec))
    blocks = []
    for domain, entries in domains.items():
        owner = _fqdn(domain)
        servers = [mailbox.server_settings(rec.protocol) for mailbox, rec in entries]
        counts = Counter(server.protocol for server in servers)
        ranked = sorted(counts, key=lambda protocol: (-counts[protocol], protocol))
        lines = ["; " + _("%(domain)s のメール (推奨する受信方式)") % {"domain": domain}]
        lines += [f";   {server.address}: {server.protocol.upper()}" for server in servers]
        records: list[tuple[str, int, int, int, str]] = []
        for priority, protocol in enumerate(ranked):
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


def qr_svg(url: str) -> str:
    """The link as an inline SVG QR code (no external request, no inline style)."""
    code = segno.make(url, error="m", micro=False)
    return code.svg_inline(
        scale=4, border=2, svgclass="qr", lineclass="qr__modules", title=_("お客さま用リンクの QR コード")
    )
