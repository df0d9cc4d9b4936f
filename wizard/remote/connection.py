"""A connection to a vetted address: lines read from a buffer within a
deadline and limits, TLS with SNI and certificate checks on the name.

Every read and write gets what is left of its ``Deadline``, checked again in
every read loop, so a server that trickles a byte at a time, floods lines or
stays silent ends by the deadline; ``Limits`` caps line length, line count
and bytes. Opened only by ``net.connect``, after the name was vetted.
"""

from __future__ import annotations

import socket
import ssl
import time
from dataclasses import dataclass

from django.conf import settings

from .errors import CERT_CODES, CertificateProblem, CheckTimeout, RemoteError


class Deadline:
    """A point in time; ``within`` makes a shorter one inside it."""

    def __init__(self, seconds: float, *, end: float | None = None):
        self.seconds = seconds
        self.end = time.monotonic() + seconds if end is None else end

    def within(self, seconds: float) -> Deadline:
        return Deadline(seconds, end=min(self.end, time.monotonic() + seconds))

    def remaining(self) -> float:
        left = self.end - time.monotonic()
        if left <= 0:
            raise CheckTimeout(seconds=self.seconds)
        return left


@dataclass(frozen=True)
class Limits:
    """The most one connection may send us."""

    line: int = 8192  # bytes in one line
    lines: int = 1000  # lines in the whole connection
    bytes: int = 1 << 20  # bytes in the whole connection


@dataclass(frozen=True)
class Target:
    """A name and port whose addresses were looked up once and found allowed."""

    host: str  # ASCII form
    port: int
    addresses: tuple[str, ...]


def tls_context(*, check_hostname: bool = True) -> ssl.SSLContext:
    """The system's trusted CAs (or ``MAILNAVI_SERVER_CHECK_CA``, the tests' own CA)."""
    context = ssl.create_default_context(cafile=getattr(settings, "MAILNAVI_SERVER_CHECK_CA", None) or None)
    context.check_hostname = check_hostname
    return context


class Connection:
    """A connected socket read line by line within a deadline and limits."""

    def __init__(self, sock: socket.socket, target: Target, deadline: Deadline, limits: Limits):
        self.sock, self.target, self.deadline, self.limits = sock, target, deadline, limits
        self._buffer = bytearray()
        self._lines = 0
        self._received = 0

    def __enter__(self) -> Connection:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.sock.close()

    def _fill(self) -> None:
        self.sock.settimeout(self.deadline.remaining())
        try:
            chunk = self.sock.recv(65536)
        except TimeoutError as error:
            raise CheckTimeout(seconds=self.deadline.seconds) from error
        except (ssl.SSLError, OSError) as error:
            raise RemoteError("closed") from error
        if not chunk:
            raise RemoteError("closed")
        self._received += len(chunk)
        if self._received > self.limits.bytes:
            raise RemoteError("too_much")
        self._buffer += chunk

    def readline(self) -> bytes:
        """One line with its line ending."""
        while True:
            end = self._buffer.find(b"\n", 0, self.limits.line)
            if end >= 0:
                line = bytes(self._buffer[: end + 1])
                del self._buffer[: end + 1]
                self._lines += 1
                if self._lines > self.limits.lines:
                    raise RemoteError("too_much")
                return line
            if len(self._buffer) >= self.limits.line:
                raise RemoteError("too_much")
            self._fill()

    def read_exact(self, size: int) -> bytes:
        """``size`` bytes (an IMAP literal)."""
        if size > self.limits.bytes:
            raise RemoteError("too_much")
        while len(self._buffer) < size:
            self._fill()
        data = bytes(self._buffer[:size])
        del self._buffer[:size]
        return data

    def send(self, data: bytes) -> None:
        self.sock.settimeout(self.deadline.remaining())
        try:
            self.sock.sendall(data)
        except TimeoutError as error:
            raise CheckTimeout(seconds=self.deadline.seconds) from error
        except (ssl.SSLError, OSError) as error:
            raise RemoteError("closed") from error

    def start_tls(self, context: ssl.SSLContext) -> None:
        """Upgrade after STARTTLS/STLS. Anything the server sent beyond its
        answer would be read as if it came over TLS: refused (RFC 3207 §4.2)."""
        if self._buffer:
            raise RemoteError("protocol")
        self.sock = _handshake(self.sock, self.target, context, self.deadline)

    def peer_certificate(self) -> dict:
        if not isinstance(self.sock, ssl.SSLSocket):
            return {}
        return self.sock.getpeercert() or {}


def _handshake(sock: socket.socket, target: Target, context: ssl.SSLContext, deadline: Deadline):
    tls = context.wrap_socket(sock, server_hostname=target.host, do_handshake_on_connect=False)
    try:
        tls.settimeout(deadline.remaining())  # CPython's handshake keeps one deadline for all its reads
        tls.do_handshake()
    except ssl.SSLCertVerificationError as error:
        tls.close()
        raise CertificateProblem(
            CERT_CODES.get(error.verify_code, "cert_invalid"), host=target.host
        ) from error
    except TimeoutError as error:
        tls.close()
        raise CheckTimeout(seconds=deadline.seconds) from error
    except ssl.SSLError as error:
        tls.close()
        raise RemoteError("tls_failed") from error
    except OSError as error:
        tls.close()
        raise RemoteError("closed") from error
    return tls
