"""The optional live check of an address's mail servers, from the server step.

For each incoming and outgoing server the sheet will show, connect on the
port the sheet will give (POP3S 995 / IMAPS 993 / submissions 465 with
implicit TLS, submission 587 with STARTTLS), complete the TLS handshake and
check that the certificate is valid for exactly that host name: a
certificate made out to another name (Sakura's own-domain hosts, お名前.com's
``smtp.<domain>``) is the classic failure a customer then meets as a warning.
Each port gets ``MAILNAVI_SERVER_CHECK_TIMEOUT`` seconds (5); the ports are
tried side by side, so a whole check takes about that long at most.

``MAILNAVI_SERVER_CHECK_CA`` names a CA file to trust instead of the
system's, and ``MAILNAVI_SERVER_CHECK_ADDRESSES`` maps ``host:port`` to the
address actually dialled: both for the tests' local TLS server only.
"""

from __future__ import annotations

import contextlib
import socket
import ssl
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

from .handoff.servers import SSL, Endpoint

SERVICE_NAMES = {"pop3": "POP3S", "imap": "IMAPS", "smtp": "SMTP"}


@dataclass
class PortCheck:
    host: str
    port: int
    security: str
    service: str
    ok: bool = False
    message: str = ""
    names: list[str] = field(default_factory=list)  # the names the certificate is valid for


def _context(*, check_hostname: bool = True) -> ssl.SSLContext:
    context = ssl.create_default_context(cafile=getattr(settings, "MAILNAVI_SERVER_CHECK_CA", None) or None)
    context.check_hostname = check_hostname
    return context


def _dial(host: str, port: int) -> tuple[str, int]:
    target = getattr(settings, "MAILNAVI_SERVER_CHECK_ADDRESSES", {}).get(f"{host}:{port}")
    if not target:
        return host, port
    address, _sep, dialled = target.rpartition(":")
    return address, int(dialled)


def _read_line(sock, limit: int = 4096) -> str:
    data = b""
    while not data.endswith(b"\n") and len(data) < limit:
        chunk = sock.recv(1)
        if not chunk:
            break
        data += chunk
    return data.decode("ascii", "replace")


def _starttls(sock) -> None:
    """SMTP on 587: greeting, EHLO, STARTTLS (RFC 3207)."""
    if not _read_line(sock).startswith("220"):
        raise ConnectionError("greeting")
    sock.sendall(b"EHLO mail-navi.check\r\n")
    capabilities = []
    while True:
        line = _read_line(sock)
        capabilities.append(line[4:].strip().upper())
        if not line.startswith("250") or line[3:4] != "-":
            break
    if "STARTTLS" not in capabilities:
        raise ConnectionError("no-starttls")
    sock.sendall(b"STARTTLS\r\n")
    if not _read_line(sock).startswith("220"):
        raise ConnectionError("starttls-refused")


def _handshake(endpoint: Endpoint, timeout: float, context: ssl.SSLContext) -> dict:
    with socket.create_connection(_dial(endpoint.host, endpoint.port), timeout=timeout) as raw:
        raw.settimeout(timeout)
        if endpoint.security != SSL:
            _starttls(raw)
        with context.wrap_socket(raw, server_hostname=endpoint.host) as tls:
            return tls.getpeercert() or {}


def _names(cert: dict) -> list[str]:
    return [value for kind, value in cert.get("subjectAltName", ()) if kind == "DNS"]


def check_endpoint(endpoint: Endpoint, *, timeout: float | None = None) -> PortCheck:
    timeout = timeout or getattr(settings, "MAILNAVI_SERVER_CHECK_TIMEOUT", 5.0)
    result = PortCheck(endpoint.host, endpoint.port, endpoint.security_label, SERVICE_NAMES[endpoint.service])
    try:
        result.names = _names(_handshake(endpoint, timeout, _context()))
        result.ok = True
        result.message = _("接続でき、証明書は %(host)s に有効です。") % {"host": endpoint.host}
    except ssl.SSLCertVerificationError as error:
        if error.verify_code == 62:  # hostname mismatch: say for which names the certificate is
            with contextlib.suppress(OSError, ssl.SSLError):
                result.names = _names(_handshake(endpoint, timeout, _context(check_hostname=False)))
            result.message = _(
                "証明書が %(host)s 用ではありません (%(names)s 用)。メールソフトで証明書の警告が出ます。"
                "サーバー会社が案内するサーバー名を確かめてください。"
            ) % {"host": endpoint.host, "names": "、".join(result.names) or _("不明")}
        else:
            result.message = _("証明書を確認できません (%(reason)s)。") % {"reason": error.verify_message}
    except TimeoutError:
        result.message = _("%(seconds)d 秒以内に応答がありません。") % {"seconds": timeout}
    except socket.gaierror:
        result.message = _("サーバー名が見つかりません。")
    except ConnectionRefusedError:
        result.message = _("このポートへの接続を拒否されました。")
    except ConnectionError as error:
        words = {
            "no-starttls": _("STARTTLS に対応していません。"),
            "greeting": _("SMTP の応答がありません。"),
        }
        result.message = words.get(str(error), _("接続が途中で切れました。"))
    except (OSError, ssl.SSLError) as error:
        result.message = _("接続できません (%(reason)s)。") % {"reason": type(error).__name__}
    return result


def check_servers(endpoints: list[Endpoint]) -> list[dict]:
    """Every distinct endpoint, checked side by side; results as plain dicts."""
    unique = list({(e.host, e.port): e for e in endpoints if e.host}.values())
    if not unique:
        return []
    with ThreadPoolExecutor(max_workers=min(8, len(unique))) as pool:
        return [asdict(result) for result in pool.map(check_endpoint, unique)]
