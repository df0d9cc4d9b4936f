"""A real TLS mail server on 127.0.0.1 with certificates from a throw-away CA
(made with the openssl command; P-256 keys, quick to make), for the live server check's tests."""

from __future__ import annotations

import contextlib
import socket
import ssl
import subprocess
import threading
from pathlib import Path


def make_ca(directory: Path, *names: str) -> dict[str, Path]:
    """A CA and one certificate per name (each valid only for that name)."""

    def run(*args):
        subprocess.run(["openssl", *args], check=True, capture_output=True)

    ca_key, ca_cert = directory / "ca.key", directory / "ca.pem"
    run("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2", "-subj", "/CN=Mail Navi Test CA",
        "-keyout", str(ca_key), "-out", str(ca_cert))  # fmt: skip
    files = {"ca": ca_cert}
    for name in names:
        key, csr, cert, ext = (directory / f"{name}.{suffix}" for suffix in ("key", "csr", "pem", "ext"))
        ext.write_text(f"subjectAltName=DNS:{name}\n")
        run(
            "req",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-subj",
            f"/CN={name}",
            "-keyout",
            str(key),
            "-out",
            str(csr),
        )
        run("x509", "-req", "-in", str(csr), "-CA", str(ca_cert), "-CAkey", str(ca_key), "-CAcreateserial",
            "-days", "2", "-extfile", str(ext), "-out", str(cert))  # fmt: skip
        files[name] = (cert, key)
    return files


def _serve(listener: socket.socket, context: ssl.SSLContext, starttls: bool, stop: threading.Event):
    listener.settimeout(0.2)
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
def tls_server(cert: tuple[Path, Path], *, starttls: bool = False):
    """Yields "127.0.0.1:<port>" of a server presenting ``cert``."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(*map(str, cert))
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    stop = threading.Event()
    thread = threading.Thread(target=_serve, args=(listener, context, starttls, stop), daemon=True)
    thread.start()
    try:
        yield f"127.0.0.1:{listener.getsockname()[1]}"
    finally:
        stop.set()
        thread.join(2)
        listener.close()
