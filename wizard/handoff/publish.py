"""What one mail domain publishes for all its addresses, and which addresses it fits.

The Thunderbird autoconfig file and the DNS SRV records are one per domain,
but the addresses of a domain may differ: POP for the shared info@ and IMAP
for the president, a login with an account name (KAGOYA's ``kir123456.sales``),
an address with servers or an SMTP port of its own. A file holds one
incoming server per protocol (Thunderbird takes the first server of each
type and offers the types it finds, the first recommended: comm-central's
``readFromXML.sys.mjs`` keeps the first valid ``incomingServer`` and the rest
as ``incomingAlternatives``; checked 2026-12-06), one outgoing server and one
username per server; SRV records one target per service.

So, per domain: the domain's own servers (those most of its readers use: the
server step's block for the domain; an address with servers of its own is
not published beside them), one incoming server for each protocol someone on
the domain was advised, in the order of how many people read them (the
majority first; IMAP first on a tie), its outgoing server, and the username
that is true for the most of the readers on those servers: ``%EMAILADDRESS%``,
``%EMAILLOCALPART%``, ``%EMAILLOCALPART%@<ASCII domain>`` on a
Japanese-script domain (true whichever form of the address is typed), a
pattern such as ``kir123456.%EMAILLOCALPART%``, or a literal account name.
Then, per address, whether each shared path fits it as it is (``FITS``),
fits once the customer picks its protocol (``CHOOSE``: Thunderbird lists
both), or must be set by hand (``BY_HAND``), with the items that differ.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.utils.translation import gettext as _

from ..engine.recommendations import POP
from .record import IssuedAddress
from .servers import Endpoint, ascii_login, to_ascii

FITS, CHOOSE, BY_HAND = "fits", "choose", "by_hand"
ADDRESS, LOCALPART, DOMAIN = "%EMAILADDRESS%", "%EMAILLOCALPART%", "%EMAILDOMAIN%"


def resolve(template: str, typed_address: str) -> str:
    """A username template as Thunderbird fills it in (AccountConfig's
    ``_replaceVariable``: the first occurrence of each variable, in the order
    EMAILADDRESS, EMAILLOCALPART, EMAILDOMAIN) for the address the customer typed."""
    local, _at, domain = typed_address.rpartition("@")
    for variable, value in ((ADDRESS, typed_address), (LOCALPART, local), (DOMAIN, domain)):
        template = template.replace(variable, value, 1)
    return template


def typed_forms(address: str) -> tuple[str, ...]:
    """The ways a customer may type the address: as shown, and in ASCII."""
    return tuple(dict.fromkeys((address, ascii_login(address))))


def _key(endpoint: Endpoint) -> tuple:
    return (endpoint.service, to_ascii(endpoint.host), endpoint.port, endpoint.security)


def _true_for(template: str, address: IssuedAddress, endpoint: Endpoint) -> bool:
    login = ascii_login(endpoint.username)
    return all(resolve(template, typed) == login for typed in typed_forms(address.address))


def _candidates(address: IssuedAddress, endpoint: Endpoint) -> list[tuple[int, str]]:
    """Username templates with their preference (lower first on equal reach)."""
    login = ascii_login(endpoint.username)
    local = address.address.rpartition("@")[0]
    found = [(0, ADDRESS), (1, f"{LOCALPART}@{address.ascii_domain}"), (2, LOCALPART), (3, login)]
    if login.endswith(local) and len(login) > len(local) and "%" not in login:
        found.append((4, login[: -len(local)] + LOCALPART))  # kir123456.%EMAILLOCALPART%
    return [(rank, template) for rank, template in found if _true_for(template, address, endpoint)]


def _username(members: list[tuple[IssuedAddress, Endpoint]]) -> str:
    """The template true for the most readers of one server."""
    reach: Counter = Counter()
    rank: dict[str, tuple[int, int]] = {}
    for order, (address, endpoint) in enumerate(members):
        for preference, template in _candidates(address, endpoint):
            reach[template] += address.people
            rank.setdefault(template, (preference, order))
    return max(reach, key=lambda template: (reach[template], -rank[template][0], -rank[template][1]))


@dataclass(frozen=True)
class SharedServer:
    """One server as the domain's file and records publish it."""

    endpoint: Endpoint  # host as stored; files write its ASCII form
    username: str  # the template written in the autoconfig file
    days: int | None = None  # POP: days to leave copies on the server

    def fits(self, address: IssuedAddress, endpoint: Endpoint) -> bool:
        return _key(self.endpoint) == _key(endpoint) and _true_for(self.username, address, endpoint)


@dataclass(frozen=True)
class Fit:
    """How one shared path serves one address."""

    state: str  # FITS, CHOOSE or BY_HAND
    differs: tuple[str, ...] = ()  # what differs, as the sheet names it
    protocol: str = ""  # CHOOSE: the protocol to pick

    @property
    def protocol_label(self) -> str:
        return "POP" if self.protocol == POP else "IMAP"


def _servers(address: IssuedAddress) -> tuple:
    """The servers an address was given, whatever its protocol (the server step's block)."""
    return (to_ascii(address.incoming_host), to_ascii(address.imap_host), to_ascii(address.outgoing_host),
            address.smtp_port)  # fmt: skip


def _domains_own(served: list[IssuedAddress]) -> list[IssuedAddress]:
    """The addresses on the servers most of the domain's readers use (the
    domain's block in the server step; the first on a tie)."""
    people: Counter = Counter()
    for address in served:
        people[_servers(address)] += address.people
    order = [_servers(address) for address in served]
    best = max(people, key=lambda key: (people[key], -order.index(key)))
    return [address for address in served if _servers(address) == best]


def _days(addresses: list[IssuedAddress]) -> int | None:
    """The POP days most of these readers were advised."""
    votes: Counter = Counter()
    for address in addresses:
        votes[address.advice.delete_after_days] += address.people
    return votes.most_common(1)[0][0] if votes else None


@dataclass(frozen=True)
class DomainPlan:
    """What one domain's autoconfig file and SRV records publish, and for whom."""

    domain: str  # as the addresses write it
    addresses: tuple[IssuedAddress, ...]
    incoming: tuple[tuple[str, SharedServer], ...]  # (protocol, server), most readers first
    outgoing: SharedServer | None

    @property
    def ascii_domain(self) -> str:
        return to_ascii(self.domain)

    @property
    def first_protocol(self) -> str:
        return self.incoming[0][0] if self.incoming else ""

    def server_for(self, protocol: str) -> SharedServer | None:
        return dict(self.incoming).get(protocol)

    def _differences(self, address: IssuedAddress, *, srv: bool) -> list[str]:
        server = address.server
        differs = []
        published = self.server_for(server.protocol)
        if published is None or _key(published.endpoint) != _key(server.incoming):
            differs.append(_("受信サーバー"))
        elif not srv and not published.fits(address, server.incoming):
            differs.append(_("ユーザー名"))
        pop = published is not None and server.protocol == POP
        if not srv and pop and published.days != address.advice.delete_after_days:
            differs.append(_("サーバーに残す日数"))
        out = self.outgoing
        if out is None or to_ascii(out.endpoint.host) != to_ascii(server.outgoing.host):
            differs.append(_("送信サーバー"))
        elif _key(out.endpoint) != _key(server.outgoing):
            differs.append(_("送信ポート"))
        elif not srv and not out.fits(address, server.outgoing):
            differs.append(_("ユーザー名"))
        if srv and ascii_login(server.incoming.username) != ascii_login(address.address):
            differs.append(_("ユーザー名"))  # SRV records carry no username: the client tries the address
        return list(dict.fromkeys(differs))

    def autoconfig_fit(self, address: IssuedAddress) -> Fit:
        differs = self._differences(address, srv=False)
        if differs:
            return Fit(BY_HAND, tuple(differs))
        protocol = address.advice.protocol
        return Fit(FITS) if protocol == self.first_protocol else Fit(CHOOSE, protocol=protocol)

    def srv_fit(self, address: IssuedAddress) -> Fit:
        """RFC 6186: a client compares the priorities of both incoming services,
        so an address on the protocol published second is set by hand."""
        differs = self._differences(address, srv=True)
        if address.advice.protocol != self.first_protocol:
            differs.insert(0, _("受信方式"))
        return Fit(BY_HAND, tuple(differs)) if differs else Fit(FITS)


def domain_plan(domain: str, addresses: list[IssuedAddress]) -> DomainPlan:
    """The plan of one domain from its addresses as issued: the domain's own
    servers (those most of its readers use) for each protocol someone on the
    domain was advised, the protocol with more readers first."""
    served = [a for a in addresses if a.server.incoming.host and a.server.outgoing.host]
    if not served:
        return DomainPlan(domain, tuple(addresses), (), None)
    own = _domains_own(served)
    readers: Counter = Counter()
    for address in served:
        readers[address.advice.protocol] += address.people
    username = _username([(a, a.server.incoming) for a in own])
    incoming = []
    for protocol in sorted(readers, key=lambda protocol: (-readers[protocol], protocol)):
        endpoint = own[0].server_settings(protocol).incoming
        pop = [a for a in own if a.advice.protocol == POP] or [a for a in served if a.advice.protocol == POP]
        incoming.append((protocol, SharedServer(endpoint, username, _days(pop) if protocol == POP else None)))
    outgoing = SharedServer(own[0].server.outgoing, username)
    return DomainPlan(domain, tuple(addresses), tuple(incoming), outgoing)


def domain_plans(addresses) -> list[DomainPlan]:
    """One plan per mail domain, in the order the domains first appear."""
    domains: dict[str, list[IssuedAddress]] = {}
    for address in addresses:
        domains.setdefault(address.ascii_domain, []).append(address)
    return [domain_plan(members[0].domain, members) for members in domains.values()]
