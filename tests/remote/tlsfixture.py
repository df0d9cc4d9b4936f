"""Certificates from a throw-away CA made at run time (``cryptography``; P-256
keys, quick to make), and a small TLS server on loopback presenting one."""

from __future__ import annotations

import contextlib
import datetime as dt
import socket
import ssl
import threading
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID


class TestCA:
    """A CA in ``directory``; ``issue`` writes a certificate and key for some names."""

    __test__ = False  # not a test class

    def __init__(self, directory: Path, name: str = "Mail Navi Test CA"):
        self.directory = directory
        self.key = ec.generate_private_key(ec.SECP256R1())
        subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
        now = dt.datetime.now(dt.UTC)
        self.cert = (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(subject)
            .public_key(self.key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=30))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(
                x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True
            )
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(self.key.public_key()), critical=False)
            .sign(self.key, hashes.SHA256())
        )
        self.path = directory / f"{name.replace(' ', '-').lower()}.pem"
        self.path.write_bytes(self.cert.public_bytes(serialization.Encoding.PEM))

    def issue(self, *names: str, valid_days: tuple[int, int] = (-1, 30), stem: str = "") -> tuple[Path, Path]:
        """(certificate, key) valid for exactly ``names``, from ``valid_days[0]``
        to ``valid_days[1]`` days from now (both negative: expired)."""
        key = ec.generate_private_key(ec.SECP256R1())
        now = dt.datetime.now(dt.UTC)
        cert = (
            x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, names[0])]))
            .issuer_name(self.cert.subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now + dt.timedelta(days=valid_days[0]))
            .not_valid_after(now + dt.timedelta(days=valid_days[1]))
            .add_extension(
                x509.SubjectAlternativeName([x509.DNSName(name) for name in names]), critical=False
            )
            .add_extension(x509.ExtendedKeyUsage([x509.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            # As a public CA's are (RFC 5280 4.2.1.1): Python 3.13's default context
            # (VERIFY_X509_STRICT) refuses a certificate without it.
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(self.key.public_key()), critical=False
            )
            .sign(self.key, hashes.SHA256())
        )
        stem = stem or names[0]
        cert_path, key_path = self.directory / f"{stem}.pem", self.directory / f"{stem}.key"
        cert_path.write_bytes(
            cert.public_bytes(serialization.Encoding.PEM) + self.cert.public_bytes(serialization.Encoding.PEM)
        )
        key_path.write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        )
        key_path.chmod(0o600)
        return cert_path, key_path


def make_ca(directory: Path, *names: str) -> dict:
    """A CA and one certificate per name (each valid only for that name)."""
    ca = TestCA(directory)
    return {"ca": ca.path, **{name: ca.issue(name) for name in names}}


def _serve(listener: socket.socket, context: ssl.SSLContext, starttls: bool, stop: threading.Event):
    listener.settimeout(0.1)
    while not stop.is_set():
        try:
            conn, _address = listener.accept()
        except (TimeoutError, OSError):
            continue
        with contextlib.suppress(OSError, ssl.SSLError), conn:
            conn.settimeout(5)
            if starttls:
                conn.sendall(b"220 mail.test ESMTP\r\n")
                conn.recv(1024)  # EHLO
                conn.sendall(b"250-mail.test\r\n250 STARTTLS\r\n")
                conn.recv(1024)  # STARTTLS
                conn.sendall(b"220 Go ahead\r\n")
            with context.wrap_socket(conn, server_side=True) as tls:
                tls.sendall(b"+OK ready\r\n")


@contextlib.contextmanager
def tls_server(cert: tuple[Path, Path], *, starttls: bool = False, address: str = "127.0.0.1", port: int = 0):
    """Yields "<address>:<port>" of a server presenting ``cert``."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(*map(str, cert))
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((address, port))
    listener.listen()
    stop = threading.Event()
    thread = threading.Thread(target=_serve, args=(listener, context, starttls, stop), daemon=True)
    thread.start()
    try:
        yield f"{address}:{listener.getsockname()[1]}"
    finally:
        stop.set()
        # Wakes the accept() waiting on its timeout at once (Linux): the thread sees stop.
        with contextlib.suppress(OSError):
            listener.shutdown(socket.SHUT_RDWR)
        thread.join(2)
        listener.close()
