"""A real DNS server on 127.0.0.1 (dnslib) with zones for each host preset's
pattern and for a domain no preset matches. Used by the detection tests and
by `make hearing-bench`."""

from __future__ import annotations

import contextlib
import textwrap
import threading

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


@contextlib.contextmanager
def local_dns_server():
    """Start the server on a free port; yields "127.0.0.1:<port>"."""
    quiet = DNSLogger(log="-request,-reply,-truncated,-error,-recv,-send,-data", prefix=False)
    server = DNSServer(ZoneResolver(ZONE), port=0, address="127.0.0.1", logger=quiet)
    # Our own thread rather than start_thread(): a short poll interval lets
    # shutdown() return at once instead of after socketserver's 0.5 s.
    thread = threading.Thread(target=server.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    try:
        yield f"127.0.0.1:{server.server.server_address[1]}"
    finally:
        server.server.shutdown()
        server.server.server_close()
        thread.join()
