"""Hand-off files built from a completed hearing's saved recommendation.

- Thunderbird autoconfig (``config-v1.1.xml``): for the agency to publish at
  ``https://autoconfig.<domain>/mail/config-v1.1.xml`` so Thunderbird fills in
  the servers by itself.
- Apple configuration profile (``.mobileconfig``): the customer opens it on an
  iPhone, iPad or Mac. It has no key for POP retention, so the settings sheet
  gives those steps by hand.

Neither contains a password: the customer types it when the app asks.
"""

from __future__ import annotations

import plistlib
import uuid
from xml.etree import ElementTree as ET

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
        "PayloadDisplayName": mailbox.address,
        "EmailAccountDescription": mailbox.address,
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
