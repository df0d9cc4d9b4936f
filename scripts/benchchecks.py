"""make bench, part of it: checks never hold up the site (not imported by the app).

A mail server that never answers (it accepts on 993, 995, 465 and 587 of a
loopback address of its own and never sends a byte; its name resolved by a
DNS server of its own, its address allowed with ``MAILNAVI_OUTBOUND_ALLOW`` as
an operator would); one director starts mailbox reads of it on the server step
until every app server process runs as many checks as it may (each waits on
its deadlines on a check thread), then, while they wait, the public article
page and the bare view are loaded with wrk and another director saves a step
again and again. The same measurements without checks, in the same
run, give the ratios.
"""

from __future__ import annotations

import contextlib
import re
import socket
import statistics
import sys
import threading
import time
from dataclasses import dataclass, field

from benchlib import ROOT, Session, percentile, sequential_timings, wrk

sys.path.insert(0, str(ROOT))

from tests.remote.loopback import loopback_address  # noqa: E402 (after the path is set)
from tests.wizard.dnsfixture import dns_server  # noqa: E402

SILENT_HOST = "mail.silent-bench.example"
PORTS = (993, 995, 465, 587)


@dataclass
class Silent:
    address: str
    env: dict[str, str]
    held: list = field(default_factory=list)  # connections accepted and never answered


@contextlib.contextmanager
def silent_mail_server():
    """Listeners that accept and never answer, and a DNS server naming them."""
    address = loopback_address(PORTS, first=200)
    listeners, stop = [], threading.Event()
    silent = None

    def hold(listener: socket.socket) -> None:
        while not stop.is_set():
            with contextlib.suppress(OSError):
                conn, _peer = listener.accept()
                silent.held.append(conn)

    try:
        for port in PORTS:
            listener = socket.socket()
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            listener.bind((address, port))
            listener.listen(128)
            listener.settimeout(0.2)
            listeners.append(listener)
        with dns_server(f"{SILENT_HOST}. 60 IN A {address}\n") as dns:
            silent = Silent(
                address, {"MAILNAVI_DNS_SERVER": dns.address, "MAILNAVI_OUTBOUND_ALLOW": f"{address}/32"}
            )
            threads = [threading.Thread(target=hold, args=(listener,), daemon=True) for listener in listeners]
            for thread in threads:
                thread.start()
            yield silent
            stop.set()
            for thread in threads:
                thread.join(1)
    finally:
        for sock in [*listeners, *(silent.held if silent else [])]:
            sock.close()


@dataclass
class Checker:
    """A director who keeps checks of the silent server running from the server step."""

    session: Session
    hearing: str  # the server step's path
    mailbox: str
    version: str
    started: int = 0
    busy: int = 0

    @classmethod
    def of(cls, session: Session) -> Checker:
        listed = session.get("/wizard/?q=info0%40bench.example")  # a seeded hearing, with an address
        hearing = re.search(r'href="(/wizard/[0-9a-f-]{36}/)"', listed).group(1)
        path = f"{hearing}server/"
        html = session.get(path)
        mailbox = re.search(r'name="srv(\d+)-quota_mb"', html).group(1)
        version = re.search(r'name="version" value="(\d+)"', html).group(1)
        return cls(session, path, mailbox, version)

    def start(self, action: str) -> None:
        data = {
            "dom0-incoming_host": SILENT_HOST, "dom0-outgoing_host": SILENT_HOST, "dom0-smtp_port": "465",
            f"srv{self.mailbox}-quota_mb": "", f"srv{self.mailbox}-daily_mb": "", f"srv{self.mailbox}-username": "",
            "mailbox_password_for": self.mailbox, "mailbox_password": "never-sent-anywhere",
            "version": self.version, "action": action,
        }  # fmt: skip
        html = self.session.post(self.hearing, data, headers={"HX-Request": "true"})
        if "混み合っています" in html:
            self.busy += 1
        else:
            self.started += 1

    def top_up(self) -> None:
        """Start mailbox reads until both workers refuse one as busy: every
        worker then has as many checks as it may, waiting on the silent server
        (a read gives up after 15 s), and no more requests of this director
        are sent while the others are measured."""
        refused = 0
        for _attempt in range(16):
            before = self.busy
            self.start(f"read:{self.mailbox}")
            refused += self.busy - before
            if refused >= 2:
                break
        time.sleep(0.5)  # the last ones are connecting


def measure(base: str, saver: Session, *, seconds: int, saves: int, before=lambda: None) -> dict:
    """The article page and the bare view under wrk, then a director's step
    saves one at a time (each followed by the bare view); ``before`` runs
    before each of the three."""
    before()
    article = wrk(f"{base}/articles/shared-address-pop/", seconds=seconds)
    before()
    bare = wrk(f"{base}/livez", seconds=seconds)
    before()
    save_ms, bare_ms = saver.step_saves(saves)
    return {
        "article": article["rps"],
        "bare": bare["rps"],
        "article/bare": article["rps"] / bare["rps"],
        "save p50": percentile(save_ms, 50),
        "save p95": percentile(save_ms, 95),
        "bare one": statistics.median(bare_ms),
        "save/bare": percentile(save_ms, 50) / statistics.median(bare_ms),
    }


ROWS = (
    ("article page, req/s", "article", "{:.0f}"),
    ("bare view, req/s", "bare", "{:.0f}"),
    ("article page ÷ bare view", "article/bare", "{:.2f}"),
    ("step save (another director), p50 ms", "save p50", "{:.1f}"),
    ("step save, p95 ms", "save p95", "{:.1f}"),
    ("bare view one at a time, median ms", "bare one", "{:.1f}"),
    ("step save ÷ bare view (p50 ÷ median)", "save/bare", "{:.2f}"),
)


def side_by_side(
    base: str, checker: Checker, saver: Session, *, seconds: int, saves: int, rounds: int = 3
) -> list[list[str]]:
    """The same measurements without and with checks waiting on the silent
    server, ``rounds`` times in turn (this machine is shared and noisy: the
    medians count, and each figure beside the bare view of its own moment);
    rows for ``benchlib.table``."""
    sequential_timings([f"{base}/articles/shared-address-pop/"] * 4)
    quiet, loaded = [], []
    for _round in range(rounds):
        quiet.append(measure(base, saver, seconds=seconds, saves=saves))
        loaded.append(measure(base, saver, seconds=seconds, saves=saves, before=checker.top_up))
        time.sleep(16)  # the reads give up after 15 s: the next quiet round has none
    rows = []
    for label, key, form in ROWS:
        before = statistics.median(r[key] for r in quiet)
        during = statistics.median(r[key] for r in loaded)
        rows.append([label, form.format(before), form.format(during), f"{during / before:.2f}×"])
    return rows
