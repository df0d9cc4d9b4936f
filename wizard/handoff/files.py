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
from xml.etree import ElementTree as ET

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.hostnames import validate_hostname

from ..engine.recommendations import POP
from .publish import BY_HAND, Fit, SharedServer, domain_plan, domain_plans
from .record import IssuedAddress
from .servers import ascii_login, to_ascii
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


def _autoconfig_server(parent: ET.Element, tag: str, kind: str, server: SharedServer) -> ET.Element:
    element = ET.SubElement(parent, tag, type=kind)
    for name, value in (
        ("hostname", _file_host(server.endpoint.host)),
        ("port", str(server.endpoint.port)),
        ("socketType", server.endpoint.socket_type),
        ("username", server.username),
        ("authentication", "password-cleartext"),
    ):
        ET.SubElement(element, name).text = value
    return element


def thunderbird_autoconfig(domain: str, addresses: list[IssuedAddress], display_name: str) -> bytes:
    """One domain's file (``publish.domain_plan``): one incoming server per
    protocol, the protocol most of the domain's readers were advised first,
    then the outgoing server most of them use; each with the username that is
    true for them (a placeholder, a pattern or a literal account name)."""
    plan = domain_plan(domain, addresses)
    name = plan.ascii_domain
    root = ET.Element("clientConfig", version="1.1")
    provider = ET.SubElement(root, "emailProvider", id=name)
    ET.SubElement(provider, "domain").text = name
    ET.SubElement(provider, "displayName").text = display_name
    ET.SubElement(provider, "displayShortName").text = display_name
    for protocol, server in plan.incoming:
        incoming = _autoconfig_server(
            provider, "incomingServer", "pop3" if protocol == POP else "imap", server
        )
        if protocol == POP:
            pop3 = ET.SubElement(incoming, "pop3")
            ET.SubElement(pop3, "leaveMessagesOnServer").text = "true"
            ET.SubElement(pop3, "daysToLeaveMessagesOnServer").text = str(server.days)
    if plan.outgoing is not None:
        _autoconfig_server(provider, "outgoingServer", "smtp", plan.outgoing)
    ET.indent(root)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8") + b"\n"


def apple_mobileconfig(mailbox: IssuedAddress, *, hearing_id, organisation: str, account_name: str) -> bytes:
    rec = mailbox.advice
    server = mailbox.server
    identifier = f"jp.mail-navi.{hearing_id}.{mailbox.pk}"
    address = ascii_login(mailbox.address)
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
        "IncomingMailServerUsername": server.incoming.typed_username,
        "OutgoingMailServerAuthentication": "EmailAuthPassword",
        "OutgoingMailServerHostName": _file_host(server.outgoing.host),
        "OutgoingMailServerPortNumber": server.outgoing.port,
        "OutgoingMailServerUseSSL": server.outgoing.uses_tls,  # 465: SSL/TLS; 587: STARTTLS
        "OutgoingMailServerUsername": server.outgoing.typed_username,
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


def _by_hand(fit: Fit) -> str:
    return (
        _("（手で設定：%(items)sが違います）") % {"items": "・".join(fit.differs)}
        if fit.state == BY_HAND
        else ""
    )


def dns_srv_records(addresses: list[IssuedAddress]) -> str:
    """Zone-file lines, one block per mail domain of the hearing (``publish``).

    One target per service, never two servers at equal priority: the incoming
    service read by more *people* gets priority 0 and the other 10 (each with
    the server most of its readers use), and the outgoing server most readers
    use is published once, as ``_submissions`` (465) or ``_submission`` (587).
    An address these records do not fit is named in a comment: it is set by hand.
    """
    blocks = []
    for plan in domain_plans(addresses):
        owner = _fqdn(plan.domain)
        lines = ["; " + _("%(domain)s のメール (推奨する受信方式と読む人数)") % {"domain": plan.domain}]
        lines += [
            f";   {a.address}: {a.advice.protocol.upper()} ({a.people}){_by_hand(plan.srv_fit(a))}"
            for a in plan.addresses
        ]
        published = [(server.endpoint, priority * 10) for priority, (_p, server) in enumerate(plan.incoming)]
        if plan.outgoing is not None:
            published.append((plan.outgoing.endpoint, 0))
        records = [
            (endpoint.srv_service, priority, 1, endpoint.port, _target(endpoint.host))
            for endpoint, priority in published
            if _target(endpoint.host)
        ]
        records += [(service, 0, 0, 0, ".") for service in NOT_OFFERED_SRV]
        width = max(len(f"{service}.{owner}") for service, *_rest in records)
        for service, priority, weight, port, target in records:
            lines.append(
                f"{service}.{owner}".ljust(width) + f" {SRV_TTL} IN SRV {priority} {weight} {port} {target}"
            )
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n" if blocks else ""
