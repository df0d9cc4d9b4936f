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
from django.utils.translation import gettext as _

from .models import Mailbox
from .recommendations import Recommendation
from .sheet import IMAP_PORT, POP_PORT

NAMESPACE = uuid.UUID("6f1c3f0e-5c1b-4a8e-9b7a-2f0d7c1e4a10")


def _ports(mailbox: Mailbox, rec: Recommendation) -> tuple[int, int, bool]:
    incoming = POP_PORT if rec.protocol == "pop" else IMAP_PORT
    starttls = mailbox.smtp_port == Mailbox.SmtpSecurity.STARTTLS
    return incoming, 587 if starttls else 465, starttls


def thunderbird_autoconfig(mailbox: Mailbox, rec: Recommendation, display_name: str) -> bytes:
    incoming_port, outgoing_port, starttls = _ports(mailbox, rec)
    domain = mailbox.address.rsplit("@", 1)[1]
    root = ET.Element("clientConfig", version="1.1")
    provider = ET.SubElement(root, "emailProvider", id=domain)
    ET.SubElement(provider, "domain").text = domain
    ET.SubElement(provider, "displayName").text = display_name
    ET.SubElement(provider, "displayShortName").text = display_name
    incoming = ET.SubElement(provider, "incomingServer", type="pop3" if rec.protocol == "pop" else "imap")
    for tag, value in (
        ("hostname", mailbox.incoming_host),
        ("port", str(incoming_port)),
        ("socketType", "SSL"),
        ("username", "%EMAILADDRESS%"),
        ("authentication", "password-cleartext"),
    ):
        ET.SubElement(incoming, tag).text = value
    if rec.protocol == "pop":
        pop3 = ET.SubElement(incoming, "pop3")
        ET.SubElement(pop3, "leaveMessagesOnServer").text = "true"
        ET.SubElement(pop3, "daysToLeaveMessagesOnServer").text = str(rec.delete_after_days)
    outgoing = ET.SubElement(provider, "outgoingServer", type="smtp")
    for tag, value in (
        ("hostname", mailbox.outgoing_host),
        ("port", str(outgoing_port)),
        ("socketType", "STARTTLS" if starttls else "SSL"),
        ("username", "%EMAILADDRESS%"),
        ("authentication", "password-cleartext"),
    ):
        ET.SubElement(outgoing, tag).text = value
    ET.indent(root)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8") + b"\n"


def apple_mobileconfig(mailbox: Mailbox, rec: Recommendation, organisation: str) -> bytes:
    incoming_port, outgoing_port, _starttls = _ports(mailbox, rec)
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
        "IncomingMailServerHostName": mailbox.incoming_host,
        "IncomingMailServerPortNumber": incoming_port,
        "IncomingMailServerUseSSL": True,
        "IncomingMailServerUsername": mailbox.address,
        "OutgoingMailServerAuthentication": "EmailAuthPassword",
        "OutgoingMailServerHostName": mailbox.outgoing_host,
        "OutgoingMailServerPortNumber": outgoing_port,
        "OutgoingMailServerUseSSL": True,  # 465: SSL/TLS; 587: STARTTLS
        "OutgoingMailServerUsername": mailbox.address,
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
INCOMING_SRV = {"pop": ("_pop3s._tcp", POP_PORT), "imap": ("_imaps._tcp", IMAP_PORT)}
# 110 and 143 (plaintext or STARTTLS): published as "not offered" so that
# clients use the implicit-TLS services above (RFC 6186 target ".", RFC 8314).
NOT_OFFERED_SRV = ("_pop3._tcp", "_imap._tcp")


def _fqdn(host: str) -> str:
    return host.rstrip(".") + "."


def dns_srv_records(pairs: list[tuple[Mailbox, Recommendation]]) -> str:
    """Zone-file lines, one block per mail domain of the hearing.

    The recommended incoming service gets priority 0. When addresses of one
    domain are advised differently (say info@ on POP, taro@ on IMAP), both
    are published and the protocol advised for more addresses comes first;
    each person still follows their own settings sheet.
    """
    domains: dict[str, list[tuple[Mailbox, Recommendation]]] = {}
    for mailbox, rec in pairs:
        domains.setdefault(mailbox.address.rsplit("@", 1)[1].lower(), []).append((mailbox, rec))
    blocks = []
    for domain, entries in domains.items():
        owner = _fqdn(domain)
        counts = Counter(rec.protocol for _mailbox, rec in entries)
        ranked = sorted(counts, key=lambda protocol: (-counts[protocol], protocol))
        lines = ["; " + _("%(domain)s のメール (推奨する受信方式)") % {"domain": domain}]
        lines += [f";   {mailbox.address}: {rec.protocol.upper()}" for mailbox, rec in entries]
        records: list[tuple[str, int, int, int, str]] = []
        for priority, protocol in enumerate(ranked):
            service, port = INCOMING_SRV[protocol]
            for host in dict.fromkeys(
                m.incoming_host for m, r in entries if r.protocol == protocol and m.incoming_host
            ):
                records.append((service, priority * 10, 1, port, _fqdn(host)))
        for mailbox, _rec in entries:
            if not mailbox.outgoing_host:
                continue
            starttls = mailbox.smtp_port == Mailbox.SmtpSecurity.STARTTLS
            service, port = ("_submission._tcp", 587) if starttls else ("_submissions._tcp", 465)
            record = (service, 0, 1, port, _fqdn(mailbox.outgoing_host))
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
