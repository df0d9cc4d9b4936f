"""A real DNS server on 127.0.0.1 (dnslib) with zones for each host preset's
pattern and for a domain no preset matches. Used by the detection tests and
by `make hearing-bench`; ``dns_server`` serves any zone (the remote checks'
tests: host names of the test mail server, names that point inside) and
records the questions it was asked."""

from __future__ import annotations

import contextlib
import socket
import textwrap
import threading
from dataclasses import dataclass

from dnslib import QTYPE, RCODE
from dnslib.server import DNSLogger, DNSServer
from dnslib.zoneresolver import ZoneResolver

ZONE = textwrap.dedent(
    """
    nagoya-seiki.co.jp.        300 IN MX  10 nagoya-seiki.co.jp.
    nagoya-seiki.co.jp.        300 IN TXT "v=spf1 +a:sv1234.xserver.jp +a:nagoya-seiki.co.jp +mx ~all"
    nagoya-seiki.co.jp.        300 IN NS  ns1.xserver.jp.
    xn--7orpdr10a57o3uv.jp.     300 IN TXT "v=spf1 +a:sv4321.xserver.jp ~all"
    ns-only.example.           300 IN NS  ns3.xserver.jp.
    xbiz.example.              300 IN TXT "v=spf1 +a:sv567.xbiz.ne.jp ~all"
    sakura.example.            300 IN MX  10 tanaka-shoji.sakura.ne.jp.
    sakura.example.            300 IN TXT "v=spf1 a mx include:_spf.sakura.ne.jp ~all"
    lolipop.example.           300 IN MX  10 mx01.lolipop.jp.
    conoha.example.            300 IN MX  10 mail1234.conoha.ne.jp.
    kagoya.example.            300 IN MX  10 mas12.kagoya.net.
    nomatch.example.           300 IN MX  10 mail.nomatch.example.
    nomatch.example.           300 IN TXT "v=spf1 include:_spf.google.com ~all"
    """
)


class RecordingResolver(ZoneResolver):
    """Answers from the zone and notes each question as "NAME TYPE"."""

    def __init__(self, zone: str):
        super().__init__(zone)
        self.queries: list[str] = []

    def resolve(self, request, handler):
        self.queries.append(f"{str(request.q.qname).rstrip('.')} {QTYPE[request.q.qtype]}")
        reply = super().resolve(request, handler)
        if reply.header.rcode == RCODE.NXDOMAIN and any(
            request.q.qname == name for name, _t, _r in self.zone
        ):
            reply.header.rcode = RCODE.NOERROR  # the name exists with other types: no data, not no name
        return reply


@dataclass
class RunningDNS:
    address: str  # "127.0.0.1:<port>", for MAILNAVI_DNS_SERVER
    queries: list[str]  # the questions asked so far


@contextlib.contextmanager
def local_dns_server(extra: str = ""):
    """Start the server on a free port with ``ZONE`` (and ``extra`` records);
    yields "127.0.0.1:<port>"."""
    with dns_server(ZONE + textwrap.dedent(extra)) as running:
        yield running.address


@contextlib.contextmanager
def dns_server(zone: str, *, address: str = "127.0.0.1"):
    """Serve ``zone`` (zone-file lines) on a free port of ``address``."""
    quiet = DNSLogger(log="-request,-reply,-truncated,-error,-recv,-send,-data", prefix=False)
    resolver = RecordingResolver(textwrap.dedent(zone))
    server = DNSServer(resolver, port=0, address=address, logger=quiet)
    # Our own thread rather than start_thread(): a short poll interval lets
    # shutdown() return at once instead of after socketserver's 0.5 s.
    thread = threading.Thread(
        target=server.server.serve_forever, kwargs={"poll_interval": 0.005}, daemon=True
    )
    thread.start()
    try:
        yield RunningDNS(f"{address}:{server.server.server_address[1]}", resolver.queries)
    finally:
        server.server.shutdown()
        server.server.server_close()
        thread.join()


@contextlib.contextmanager
def silent_dns_server(*, address: str = "127.0.0.1"):
    """A port that takes questions and never answers (a resolver that cannot be
    reached in time); yields "127.0.0.1:<port>"."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind((address, 0))
    try:
        yield f"{address}:{sock.getsockname()[1]}"
    finally:
        sock.close()


@contextlib.contextmanager
def stopped_dns_server():
    """The address of a DNS server that has stopped: nothing listens on its port."""
    with dns_server(ZONE) as running:
        address = running.address
    yield address
