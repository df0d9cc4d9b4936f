"""Loopback addresses of a test worker's own (the whole 127.0.0.0/8 is
loopback, so each pytest-xdist worker binds the real mail ports on an address
no other worker uses) and a fresh network namespace for addresses that must
not exist on the machine itself (10.x, 169.254.169.254, fd00::…)."""

from __future__ import annotations

import contextlib
import ctypes
import os
import socket
import subprocess
import threading
import time
from dataclasses import dataclass

import pytest

CLONE_NEWNET = 0x40000000
WORKER_STRIDE = 16  # more pytest-xdist workers than this would share candidates


def worker_number() -> int:
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    return int(worker[2:]) if worker[2:].isdigit() else 0


def _free(address: str, port: int) -> bool:
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((address, port))
        except OSError:
            return False
    return True


def loopback_address(ports: tuple[int, ...], *, first: int = 20) -> str:
    """A 127.0.0.x of this worker's where every port in ``ports`` is free."""
    for last in range(first + worker_number() % WORKER_STRIDE, 255, WORKER_STRIDE):
        address = f"127.0.0.{last}"
        if all(_free(address, port) for port in ports):
            return address
    raise RuntimeError(f"no loopback address with ports {ports} free")


def _wait_until_usable(address: str, seconds: float = 3.0) -> None:
    """An address just added (IPv6 especially) may take a moment before a
    connection to it goes through: wait until one does."""
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    end = time.monotonic() + seconds
    while True:
        try:
            with socket.socket(family) as server, socket.socket(family) as client:
                server.bind((address, 0))
                server.listen()
                client.settimeout(0.5)
                client.connect(server.getsockname()[:2])
                return
        except OSError:
            if time.monotonic() > end:
                raise
            time.sleep(0.02)


def run_in_private_network(function, addresses: tuple[str, ...]):
    """Call ``function()`` on a thread of its own in a new network namespace
    whose loopback interface also carries ``addresses`` (the machine's own
    network is untouched); threads it starts share that namespace. Skipped
    where namespaces cannot be made, failed instead under CI."""
    outcome: dict = {}

    def inside():
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            if libc.unshare(CLONE_NEWNET) != 0:
                outcome["skip"] = f"unshare(CLONE_NEWNET): errno {ctypes.get_errno()}"
                return
            subprocess.run(["ip", "link", "set", "lo", "up"], check=True, capture_output=True)
            for address in addresses:
                extra = ["nodad"] if ":" in address else []
                prefix = "/128" if ":" in address else "/32"
                subprocess.run(
                    ["ip", "addr", "add", address + prefix, "dev", "lo", *extra],
                    check=True,
                    capture_output=True,
                )
            for address in addresses:
                _wait_until_usable(address)
            outcome["value"] = function()
        except BaseException as error:  # handed to the test's thread
            outcome["error"] = error

    thread = threading.Thread(target=inside)
    thread.start()
    thread.join()
    if "skip" in outcome:
        if os.environ.get("CI") == "true":
            pytest.fail(outcome["skip"])
        pytest.skip(outcome["skip"])
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")


@dataclass
class Listener:
    port: int
    accepted: int = 0  # connections accepted so far


@contextlib.contextmanager
def listening(address: str, handler=None, *, port: int = 0):
    """A TCP listener; ``handler(conn)`` runs for each connection on a thread.
    Yields the listener's state: ``port`` and ``accepted`` (a count)."""
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    listener = socket.socket(family)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((address, port))
    listener.listen()
    listener.settimeout(0.05)
    state = Listener(listener.getsockname()[1])
    stop = threading.Event()

    def serve():
        while not stop.is_set():
            try:
                conn, _peer = listener.accept()
            except (TimeoutError, OSError):
                continue
            state.accepted += 1
            threading.Thread(target=_handle, args=(conn, handler, stop), daemon=True).start()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        stop.set()
        # Wakes the accept() waiting on its timeout at once (Linux): the thread sees stop.
        with contextlib.suppress(OSError):
            listener.shutdown(socket.SHUT_RDWR)
        thread.join(2)
        listener.close()


def _handle(conn: socket.socket, handler, stop: threading.Event) -> None:
    with contextlib.suppress(OSError), conn:
        if handler is not None:
            handler(conn, stop)
        else:
            stop.wait(10)
