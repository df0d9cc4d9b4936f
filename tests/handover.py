"""Every way a hearing's settings reach the customer, read the way a person or
a mail client reads it, and a real login with each value on the test mail
server (tests/mailserver.py). Used by tests/wizard/handoff/test_handover_logins.py
and by ``make mailserver-check`` (scripts/mailserver_check.py).

- the settings sheet and each device's personal guide, behind the customer's
  link: the values as printed, and where a Japanese-script name is shown, the
  ASCII form the page says to type (「入力するときは…」);
- the Apple profile of each address (its plist keys);
- the domain's Thunderbird autoconfig file, read as Thunderbird reads it: the
  first incoming server of the protocol the sheet says to pick, the first
  outgoing server, the username template filled in as Thunderbird's
  ``_replaceVariable`` does, host names through its sanitiser's pattern;
- the domain's SRV records, served by a real DNS server and looked up as an
  RFC 6186 client does (the lowest priority across IMAP and POP; the lowest
  of the submission services, implicit TLS first on a tie; the address as
  the username).

A login uses the standard library's IMAP, POP3 and SMTP clients, resolving
through the test DNS and checking the certificate against the test CA: a
Unicode host name is refused (mail clients refuse it) and a Unicode login
cannot be sent, as in a real client. Paths the staff sheet says do not fit an
address (「手で設定します」) are not handed over, so not logged in with.
"""

from __future__ import annotations

import imaplib
import plistlib
import poplib
import re
import smtplib
import socket
import ssl
from dataclasses import dataclass
from html.parser import HTMLParser
from xml.etree import ElementTree as ET

import dns.rdatatype
import dns.resolver

from tests.mailserver import MailServer, zone
from tests.wizard.dnsfixture import dns_server

# Thunderbird's Sanitizer.hostname: letters, digits, "-" and "." only (no IDN).
HOST_NAME = re.compile(r"(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]*[a-z0-9]", re.I)
TYPE_THIS = re.compile(r"（入力するときは(?P<typed>[^）]+)）")


@dataclass(frozen=True)
class Handed:
    """One set of values a path hands over for one protocol of one address."""

    address: str
    path: str  # "sheet", "guide: 受付PC", "profile", "autoconfig", "srv"
    service: str  # "imap", "pop3" or "smtp"
    host: str
    port: int
    security: str  # "ssl" or "starttls"
    username: str

    def __str__(self) -> str:
        return f"{self.address} {self.path} {self.service} {self.username}@{self.host}:{self.port}/{self.security}"


# A small tree of the page --------------------------------------------------------------

VOID = {"br", "hr", "img", "input", "meta", "link", "wbr", "source", "col", "area", "base", "embed"}


@dataclass
class Node:
    tag: str
    attrs: dict
    children: list

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def all(self, tag: str, cls: str = "", **attrs) -> list[Node]:
        found = []
        for child in self.children:
            if isinstance(child, Node):
                classes = (child.attrs.get("class") or "").split()
                if (
                    child.tag == tag
                    and (not cls or cls in classes)
                    and all(child.attrs.get(k.replace("_", "-")) == v for k, v in attrs.items())
                ):
                    found.append(child)
                found += child.all(tag, cls, **attrs)
        return found

    def first(self, tag: str, cls: str = "", **attrs) -> Node | None:
        found = self.all(tag, cls, **attrs)
        return found[0] if found else None


class _Tree(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("root", {}, [])
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        node = Node(tag, dict(attrs), [])
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, 0, -1):
            if self.stack[index].tag == tag:
                del self.stack[index:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def page(html: str) -> Node:
    tree = _Tree()
    tree.feed(html)
    tree.close()
    return tree.root


# What each path hands over ----------------------------------------------------------------


def _typed(cell: Node) -> str:
    """A value as a person types it: the ASCII form the page gives, else the value shown."""
    form = cell.first("span", "typed-form")
    return (form.first("code") if form else cell.first("code")).text().strip()


def _port(text: str) -> tuple[int, str]:
    found = re.search(r"ポート(\d+)・(SSL/TLS|STARTTLS)", text)
    return int(found[1]), "ssl" if found[2] == "SSL/TLS" else "starttls"


def _block(html: str, address: str) -> Node:
    return next(
        article
        for article in page(html).all("article", "sheet-mailbox")
        if article.first("h3").text().strip().startswith(address)
    )


def typed_address_on(html: str, address: str) -> str:
    """The address as the sheet says to type it (its ASCII form when the page gives one)."""
    typed = _block(html, address).first("p", "sheet-mailbox__typed")
    return typed.first("code").text().strip() if typed else address


def sheet_values(html: str, address: str) -> list[Handed]:
    """The common settings of one address on a settings sheet."""
    block = _block(html, address)
    rows = {row.first("th").text().strip(): row.first("td") for row in block.all("tr")}
    service = "pop3" if rows["アカウントの種類"].text().strip() == "POP3" else "imap"
    username = _typed(rows["ユーザー名"])
    handed = []
    for label, kind in (("受信サーバー", service), ("送信サーバー（SMTP）", "smtp")):
        cell = rows[label]
        port, security = _port(cell.text())
        handed.append(Handed(address, "sheet", kind, _typed(cell), port, security, username))
    return handed


def _slot(root: Node, name: str) -> str | None:
    found = root.first("strong", "slot", data_slot=name)
    if found is None:
        return None
    text = found.text().strip()
    typed = TYPE_THIS.search(text)
    return typed["typed"] if typed else text


def guide_values(html: str, address: str, name: str) -> list[Handed]:
    """A personal guide's values: its slots, and the account name its header
    asks for instead of the address; where a guide gives no incoming port or
    security, the protocol's own (its text or the client supplies it)."""
    root = page(html)
    protocol = _slot(root, "protocol")
    service = "pop3" if protocol == "POP" else "imap"
    notice = next((n for n in root.all("p", "notice") if "ユーザー名（アカウント名）" in n.text()), None)
    username = notice.first("strong").text().strip() if notice else _slot(root, "address")
    out_port = int(_slot(root, "outgoing_port"))
    security = _slot(root, "outgoing_security") or ("SSL/TLS" if out_port == 465 else "STARTTLS")
    incoming_port = int(_slot(root, "incoming_port") or (995 if service == "pop3" else 993))
    return [
        Handed(address, f"guide: {name}", service, _slot(root, "incoming_host"), incoming_port, "ssl", username),
        Handed(address, f"guide: {name}", "smtp", _slot(root, "outgoing_host"), out_port,
               "ssl" if security == "SSL/TLS" else "starttls", username),
    ]  # fmt: skip


def profile_values(content: bytes, address: str) -> list[Handed]:
    """An Apple profile's account payload (unsigned)."""
    (account,) = plistlib.loads(content)["PayloadContent"]
    service = "pop3" if account["EmailAccountType"] == "EmailTypePOP" else "imap"
    out_port = account["OutgoingMailServerPortNumber"]
    return [
        Handed(address, "profile", service, account["IncomingMailServerHostName"],
               account["IncomingMailServerPortNumber"], "ssl" if account["IncomingMailServerUseSSL"] else "none",
               account["IncomingMailServerUsername"]),
        Handed(address, "profile", "smtp", account["OutgoingMailServerHostName"], out_port,
               "ssl" if out_port == 465 else "starttls", account["OutgoingMailServerUsername"]),
    ]  # fmt: skip


def thunderbird_fills(template: str, typed_address: str) -> str:
    """AccountConfig's _replaceVariable: each variable's first occurrence."""
    local, _at, domain = typed_address.partition("@")
    for name, value in (("EMAILADDRESS", typed_address), ("EMAILLOCALPART", local), ("EMAILDOMAIN", domain)):
        template = template.replace(f"%{name}%", value, 1)
    return template


def autoconfig_values(content: bytes, address: str, typed_address: str, protocol: str) -> list[Handed]:
    """What Thunderbird sets up from the domain's file when the customer types
    ``typed_address`` and picks ``protocol``."""
    provider = ET.fromstring(content).find("emailProvider")
    kind = "pop3" if protocol == "pop" else "imap"
    incoming = next(s for s in provider.findall("incomingServer") if s.get("type") == kind)
    outgoing = provider.find("outgoingServer")
    handed = []
    for element, service in ((incoming, kind), (outgoing, "smtp")):
        handed.append(
            Handed(address, "autoconfig", service, element.findtext("hostname"), int(element.findtext("port")),
                   "ssl" if element.findtext("socketType") == "SSL" else "starttls",
                   thunderbird_fills(element.findtext("username"), typed_address))
        )  # fmt: skip
    return handed


def srv_values(
    records: str, server: MailServer, domain: str, address: str, typed_address: str
) -> list[Handed]:
    """The domain's SRV records served by a real DNS server and looked up as an RFC 6186 client does."""
    lines = "".join(line + "\n" for line in records.splitlines() if line and not line.startswith(";"))
    with dns_server(zone(server.address) + lines) as running:
        host, port = running.address.rsplit(":", 1)
        resolver = dns.resolver.Resolver(configure=False)
        resolver.nameservers, resolver.port = [host], int(port)

        def lookup(service: str) -> list[tuple[int, int, str, str]]:
            try:
                answer = resolver.resolve(f"{service}.{domain}.", dns.rdatatype.SRV)
            except (dns.resolver.NXDOMAIN, dns.resolver.NoAnswer):
                return []
            return [
                (r.priority, r.port, r.target.to_text().rstrip("."), service)
                for r in answer
                if r.target.to_text() != "."
            ]

        incoming = sorted(lookup("_imaps._tcp") + lookup("_pop3s._tcp"))
        outgoing = sorted(
            lookup("_submissions._tcp") + lookup("_submission._tcp"),
            key=lambda r: (r[0], r[3] != "_submissions._tcp"),
        )
    handed = []
    for found, service in ((incoming[:1], None), (outgoing[:1], "smtp")):
        for _priority, port, target, name in found:
            kind = service or ("imap" if name == "_imaps._tcp" else "pop3")
            security = "starttls" if name == "_submission._tcp" else "ssl"
            handed.append(Handed(address, "srv", kind, target, port, security, typed_address))
    return handed


# Logging in -----------------------------------------------------------------------------


def _resolve(server: MailServer, host: str) -> str:
    ip, port = server.dns.rsplit(":", 1)
    resolver = dns.resolver.Resolver(configure=False)
    resolver.nameservers, resolver.port, resolver.lifetime = [ip], int(port), 3
    return resolver.resolve(host, "A")[0].to_text()


def _context(server: MailServer) -> ssl.SSLContext:
    return ssl.create_default_context(cafile=str(server.ca))


class _Dial:
    """The standard library's clients, dialling the address the test DNS gave
    for the name (they would ask the system's resolver otherwise); TLS still
    checks the certificate for the name."""

    def __init__(self, ip: str, *args, **kwargs):
        self._ip = ip
        super().__init__(*args, **kwargs)


class _IMAP(_Dial, imaplib.IMAP4_SSL):
    def _create_socket(self, timeout):
        sock = socket.create_connection((self._ip, self.port), timeout)
        return self.ssl_context.wrap_socket(sock, server_hostname=self.host)


class _POP(_Dial, poplib.POP3_SSL):
    def _create_socket(self, timeout):
        sock = socket.create_connection((self._ip, self.port), timeout)
        return self.context.wrap_socket(sock, server_hostname=self.host)


class _SMTP(_Dial, smtplib.SMTP):
    def _get_socket(self, host, port, timeout):
        return socket.create_connection((self._ip, port), timeout)


class _SMTPS(_Dial, smtplib.SMTP_SSL):
    def _get_socket(self, host, port, timeout):
        sock = socket.create_connection((self._ip, port), timeout)
        return self.context.wrap_socket(sock, server_hostname=self._host)


def login(server: MailServer, handed: Handed, password: str, *, timeout: float = 10) -> str:
    """Log in with exactly these values; "" when it worked, else why not."""
    if not HOST_NAME.fullmatch(handed.host or ""):
        return f"{handed.host!r} is not a host name a mail client accepts"
    try:
        ip = _resolve(server, handed.host)
    except Exception as error:  # noqa: BLE001 (any lookup failure is a failed hand-over)
        return f"{handed.host} does not resolve: {error}"
    context, host, port = _context(server), handed.host, handed.port
    try:
        if handed.service == "imap":
            client = _IMAP(ip, host, port, ssl_context=context, timeout=timeout)
            client.login(handed.username, password)
            client.logout()
        elif handed.service == "pop3":
            client = _POP(ip, host, port, context=context, timeout=timeout)
            client.user(handed.username)
            client.pass_(password)
            client.quit()
        elif handed.security == "ssl":
            with _SMTPS(ip, host, port, context=context, timeout=timeout) as client:
                client.login(handed.username, password)
        else:
            with _SMTP(ip, host, port, timeout=timeout) as client:
                client.starttls(context=context)
                client.login(handed.username, password)
    except (OSError, imaplib.IMAP4.error, poplib.error_proto, smtplib.SMTPException, UnicodeError) as error:
        return f"{type(error).__name__}: {error}"
    return ""
