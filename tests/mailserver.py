"""A real mail server for the tests, CI and ``make mailserver-check``.

Debian's Dovecot 2.3 with a configuration of our own: IMAPS 993 and POP3S 995
(the quota plugin on, ``imap_quota`` for ``GETQUOTAROOT``) and Dovecot's
submission service on 465 (implicit TLS) and 587 (STARTTLS) with SMTP AUTH,
relaying to a sink that accepts and discards (nothing is ever delivered
anywhere). Dovecot rather than Postfix: one package family already needed for
IMAP and POP, the same passwd-file for every protocol, one process to start
and stop, and no system-wide configuration or queue to clean up.

It listens on a 127.0.0.x address of the test worker's own (the real ports,
so what the sheet says is what is dialled), with certificates from a CA made
at run time for ``mail.example-test.jp``, ``mail.xn--7orpdr10a57o3uv.jp``
(名古屋精機.jp) and ``mail2.example-test.jp`` (the servers of an address that
has servers of its own), and is stopped by its PID. Users come from a
passwd-file:

- ``info@example-test.jp``: a plain address login with a seeded INBOX of
  known dates and sizes (some older than 7, 30 and 90 days, some read);
- ``kir123456.sales``: KAGOYA-style, logs in with an account name, not with
  its address ``sales@example-test.jp``;
- ``info@xn--7orpdr10a57o3uv.jp``: the address on a Japanese-script domain,
  which logs in only in its punycode form;
- ``empty@example-test.jp``: an empty mailbox;
- ``shacho@example-test.jp``: the president's box (IMAP on a domain whose
  shared address is on POP);
- ``support@example-test.jp``: an address whose own servers are
  ``mail2.example-test.jp`` (sending on 587).

Host names resolve through ``zone()`` served by ``tests/wizard/dnsfixture.py``.
Import ``mailserver`` (a session fixture) into a ``conftest.py`` to use it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.remote.loopback import loopback_address
from tests.remote.tlsfixture import TestCA
from tests.wizard.dnsfixture import dns_server

DOMAIN = "example-test.jp"
IDN_DOMAIN = "名古屋精機.jp"
IDN_ASCII = "xn--7orpdr10a57o3uv.jp"
HOST = f"mail.{DOMAIN}"
IDN_HOST = f"mail.{IDN_ASCII}"
OWN_HOST = f"mail2.{DOMAIN}"  # an address's servers of its own (same Dovecot, another name)
HOSTS = (HOST, IDN_HOST, OWN_HOST)
PORTS = {"imap": 993, "pop3": 995, "submissions": 465, "submission": 587}
TOKYO = ZoneInfo("Asia/Tokyo")
QUOTA_MB = 10


@dataclass(frozen=True)
class Seed:
    """One message: received at noon (Tokyo) ``age`` days before the server
    started, exactly ``size`` bytes (CRLF line ends), read or not."""

    age: int
    size: int
    seen: bool = False


# Ages stay clear of the 7/30/90-day lines (noon-based dates shift by at most half a day).
STANDARD_INBOX = (
    Seed(120, 300_000, seen=True), Seed(100, 5_000, seen=True), Seed(60, 20_000, seen=True),
    Seed(45, 8_000, seen=True), Seed(35, 150_000), Seed(25, 4_000, seen=True), Seed(20, 12_000),
    Seed(10, 3_000, seen=True), Seed(5, 60_000), Seed(3, 2_500), Seed(3, 2_500, seen=True),
    Seed(2, 2_500), Seed(1, 7_000),
)  # fmt: skip
SMALL_INBOX = (Seed(40, 4_000, seen=True), Seed(4, 6_000))


@dataclass(frozen=True)
class MailUser:
    login: str  # what the server accepts as the username
    address: str  # the mail address, as the customer writes it
    password: str  # a throw-away password of the test server, nobody's real one
    inbox: tuple[Seed, ...] = ()
    quota_mb: int = QUOTA_MB


USERS = (
    MailUser("info@example-test.jp", "info@example-test.jp", "test-info-Pw1", STANDARD_INBOX),
    MailUser("kir123456.sales", "sales@example-test.jp", "test-sales-Pw2", SMALL_INBOX),
    MailUser(f"info@{IDN_ASCII}", f"info@{IDN_DOMAIN}", "test-nagoya-Pw3", SMALL_INBOX, quota_mb=5),
    MailUser("empty@example-test.jp", "empty@example-test.jp", "test-empty-Pw4"),
    MailUser("shacho@example-test.jp", "shacho@example-test.jp", "test-shacho-Pw5", SMALL_INBOX),
    MailUser("support@example-test.jp", "support@example-test.jp", "test-support-Pw6", SMALL_INBOX),
)


def user(login: str) -> MailUser:
    return next(u for u in USERS if u.login == login)


def zone(address: str) -> str:
    """DNS records for the server's names (``dns_server`` / ``local_dns_server``)."""
    return "".join(f"{name}. 60 IN A {address}\n" for name in HOSTS)


def received_at(seed: Seed, started: dt.datetime) -> dt.datetime:
    day = started.astimezone(TOKYO).date() - dt.timedelta(days=seed.age)
    return dt.datetime.combine(day, dt.time(12, 0), tzinfo=TOKYO)


def message_bytes(seed: Seed, number: int, when: dt.datetime, to: str) -> bytes:
    stamp = when.strftime("%a, %d %b %Y %H:%M:%S %z")
    head = (
        f"Received: from sender.example by {HOST}; {stamp}\r\n"
        f"Date: {stamp}\r\nFrom: sender@sender.example\r\nTo: {to}\r\n"
        f"Subject: test message {number}\r\nMessage-ID: <{number}.{when.timestamp():.0f}@{HOST}>\r\n"
        "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n"
    ).encode()
    body = bytearray()
    while len(head) + len(body) + 80 <= seed.size:
        body += b"x" * 78 + b"\r\n"
    rest = seed.size - len(head) - len(body)
    if rest < 2:
        raise ValueError(f"message {number}: {seed.size} bytes is too small")
    body += b"y" * (rest - 2) + b"\r\n"
    return head + bytes(body)


def seed_maildir(home: Path, mail_user: MailUser, started: dt.datetime) -> None:
    maildir = home / "Maildir"
    for sub in ("cur", "new", "tmp"):
        (maildir / sub).mkdir(parents=True, exist_ok=True)
    for number, seed in enumerate(mail_user.inbox, start=1):
        when = received_at(seed, started)
        data = message_bytes(seed, number, when, mail_user.address)
        # Dovecot gives UIDs in the order of the time in the name; S= and W= are the sizes.
        name = f"{int(when.timestamp())}.M{number:06d}P1.mailnavi,S={len(data)},W={len(data)}:2,{'S' if seed.seen else ''}"
        path = maildir / "cur" / name
        path.write_bytes(data)
        os.utime(path, (when.timestamp(), when.timestamp()))  # Dovecot's received date (INTERNALDATE)


CONFIG = """\
# Written by tests/mailserver.py for one test run; nothing outside {run} is used.
base_dir = {run}/run
state_dir = {run}/state
instance_name = mailnavi-test-{tag}
listen = {address}
protocols = imap pop3 submission
hostname = {host}
log_path = {run}/dovecot.log
ssl = required
ssl_cert = <{cert}
ssl_key = <{key}
disable_plaintext_auth = yes
auth_mechanisms = plain login
auth_failure_delay = 0
first_valid_uid = {uid}
mail_location = maildir:~/Maildir
mail_plugins = quota
# Dovecot 2.3 answers a refused login only at its next half-second tick, even with
# auth_failure_delay = 0 (auth-request-handler.c; 2.4 answers at once). This first
# passdb decides nothing (noauthenticate: the file below still checks every
# password) but leaves the field "nodelay" on the request, which a refusal keeps:
# Dovecot then refuses at once, and a test of a wrong login waits no half second.
# A user name with characters outside auth_username_chars (an address typed with
# its Japanese-script domain) was refused before any passdb, at the tick: with
# no list every name reaches the passdbs, and one not in the file is refused
# there, at once, as before (the same NO [AUTHENTICATIONFAILED]).
auth_username_chars =
passdb {{
  driver = static
  args = nopassword=y noauthenticate=y nodelay=y
}}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN {run}/passwd
}}
userdb {{
  driver = passwd-file
  args = {run}/passwd
  default_fields = uid={uid} gid={gid}
}}
protocol imap {{
  mail_plugins = $mail_plugins imap_quota
}}
plugin {{
  quota = maildir:User quota
  quota_rule = *:storage={quota}M
}}
# No auth penalty (a growing delay after failed logins from one address): the
# tests fail logins on purpose, all from loopback. Without this listener the
# auth process finds no penalty service and skips it.
service anvil {{
  unix_listener anvil-auth-penalty {{
    mode = 0
  }}
}}
# Dovecot's "high-performance" login mode: one login process serves every
# connection instead of one forked per connection, and a mail process is
# started before a login needs it. The same logins, TLS and all, in about a
# third of the time (a login and SELECT 22 → 7 ms, a refusal 14 → 2 ms).
service imap {{
  process_min_avail = 1
}}
service pop3 {{
  process_min_avail = 1
}}
service imap-login {{
  service_count = 0
  inet_listener imap {{
    port = 0
  }}
  inet_listener imaps {{
    port = 993
    ssl = yes
  }}
}}
service pop3-login {{
  service_count = 0
  inet_listener pop3 {{
    port = 0
  }}
  inet_listener pop3s {{
    port = 995
    ssl = yes
  }}
}}
service submission-login {{
  service_count = 0
  inet_listener submission {{
    port = 587
  }}
  inet_listener submissions {{
    port = 465
    ssl = yes
  }}
}}
submission_relay_host = {address}
submission_relay_port = {sink_port}
"""


@contextlib.contextmanager
def smtp_sink(address: str):
    """An SMTP server that says yes to everything and keeps nothing (the
    submission service's relay); yields its port."""
    listener = socket.socket()
    listener.bind((address, 0))
    listener.listen()
    listener.settimeout(0.1)
    stop = threading.Event()

    def talk(conn: socket.socket) -> None:
        with contextlib.suppress(OSError), conn, conn.makefile("rb") as lines:
            conn.settimeout(30)
            conn.sendall(b"220 sink.test ESMTP\r\n")
            for line in lines:
                verb = line[:4].upper()
                if verb == b"EHLO":
                    conn.sendall(b"250-sink.test\r\n250 8BITMIME\r\n")
                elif verb == b"DATA":
                    conn.sendall(b"354 go on\r\n")
                    for body_line in lines:
                        if body_line in (b".\r\n", b".\n"):
                            break
                    conn.sendall(b"250 discarded\r\n")
                elif verb == b"QUIT":
                    conn.sendall(b"221 bye\r\n")
                    return
                else:
                    conn.sendall(b"250 ok\r\n")

    def serve() -> None:
        while not stop.is_set():
            with contextlib.suppress(TimeoutError, OSError):
                conn, _peer = listener.accept()
                threading.Thread(target=talk, args=(conn,), daemon=True).start()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1]
    finally:
        stop.set()
        thread.join(2)
        listener.close()


@dataclass
class MailServer:
    address: str  # the 127.0.0.x it listens on
    dns: str  # "127.0.0.1:<port>" of a DNS server that knows HOST and IDN_HOST
    ca: Path  # the CA file that signed its certificate
    started: dt.datetime  # the seeds' ages count from here
    run: Path
    config: Path
    pid: int
    users: tuple[MailUser, ...] = field(default=USERS)

    def doveadm(self, *args: str) -> str:
        """Ask the running server (``doveadm fetch``, ``doveadm quota get``…)."""
        done = subprocess.run(
            ["doveadm", "-c", str(self.config), *args], capture_output=True, text=True, check=True
        )
        return done.stdout

    def maildir(self, login: str) -> Path:
        return self.run / "home" / login / "Maildir"


def dovecot_missing() -> str:
    missing = [path for path in ("/usr/sbin/dovecot", "/usr/lib/dovecot/imap", "/usr/lib/dovecot/pop3",
                                 "/usr/lib/dovecot/submission") if not Path(path).exists()]  # fmt: skip
    return ", ".join(missing)


def _wait_until_listening(address: str, process: subprocess.Popen, run: Path, seconds: float = 15) -> None:
    """Until this Dovecot says it started (its listeners are made by then) and
    every port answers; its log line, not the ports alone, proves the
    listener is ours and not another process's on the same address."""
    end = time.monotonic() + seconds
    waiting = set(PORTS.values())
    log = run / "dovecot.log"
    while time.monotonic() < end:
        if process.poll() is not None:
            logs = [path.read_text() for path in (run / "stderr.log", log) if path.exists()]
            raise RuntimeError(f"dovecot exited with {process.returncode}: {' '.join(logs)}")
        started = log.exists() and "starting up" in log.read_text()
        for port in list(waiting) if started else ():
            with socket.socket() as probe, contextlib.suppress(OSError):
                probe.settimeout(0.2)
                probe.connect((address, port))
                waiting.discard(port)
        if started and not waiting:
            return
        time.sleep(0.05)
    raise RuntimeError(f"dovecot did not listen on {sorted(waiting)} within {seconds} s")


def _children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (from /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, IndexError, ValueError):
            fields = stat.read_text().rpartition(")")[2].split()
            if int(fields[1]) == pid:
                found.append(int(stat.parent.name))
    return found


def _stop(process: subprocess.Popen) -> None:
    """Stop Dovecot by its PID, and wait until its children are gone.

    Killed, not asked: a SIGTERM makes Dovecot 2.3's master wait about a
    second before it exits, at the end of every test process; the state it
    leaves is a throw-away directory, and its children (logins, auth, log)
    end as soon as their master is gone (about 20 ms)."""
    children = _children(process.pid)
    if process.poll() is None:
        os.kill(process.pid, 9)
        process.wait(5)
    end = time.monotonic() + 5
    while time.monotonic() < end and any(_alive(child) for child in children):
        time.sleep(0.01)


def _alive(pid: int) -> bool:
    """Running still (a zombie waiting for init to reap it is not)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0] != "Z"
    except (OSError, IndexError):
        return False


def _seed(run: Path, started: dt.datetime, uid: int, gid: int) -> None:
    lines = []
    for mail_user in USERS:
        home = run / "home" / mail_user.login
        seed_maildir(home, mail_user, started)
        lines.append(f"{mail_user.login}:{{PLAIN}}{mail_user.password}:{uid}:{gid}::{home}::"
                     f"userdb_quota_rule=*:storage={mail_user.quota_mb}M\n")  # fmt: skip
    (run / "passwd").write_text("".join(lines))
    (run / "passwd").chmod(0o640)
    shutil.chown(run / "passwd", group="dovecot")  # read by Dovecot's auth process only
    subprocess.run(["chown", "-R", f"{uid}:{gid}", str(run / "home")], check=True)


@contextlib.contextmanager
def running_mailserver():
    """Start Dovecot (and its relay sink and a DNS server for its names);
    yields a ``MailServer``; stops them all, Dovecot by its PID. Should
    another process take the chosen address between the probe and Dovecot's
    start, the next free address is tried (three in all)."""
    run = Path(tempfile.mkdtemp(prefix="mailnavi-dovecot-"))
    run.chmod(0o755)  # the mail user (nobody) reaches its home below
    process = None
    try:
        ca = TestCA(run)
        cert, key = ca.issue(*HOSTS, stem="mail")
        uid, gid = 65534, 65534  # nobody / nogroup
        started = dt.datetime.now(TOKYO)
        _seed(run, started, uid, gid)
        config = run / "dovecot.conf"
        with contextlib.ExitStack() as stack:
            for attempt in range(3):
                address = loopback_address(tuple(PORTS.values()))
                sink_port = stack.enter_context(smtp_sink(address))
                config.write_text(CONFIG.format(run=run, tag=address.rpartition(".")[2], address=address, host=HOST,
                                                cert=cert, key=key, uid=uid, gid=gid, quota=QUOTA_MB,
                                                sink_port=sink_port))  # fmt: skip
                (run / "dovecot.log").unlink(missing_ok=True)  # this attempt's log only
                with open(run / "stderr.log", "wb") as errors:  # Dovecot's own start-up errors
                    process = subprocess.Popen(
                        ["dovecot", "-F", "-c", str(config)], stdout=subprocess.DEVNULL, stderr=errors
                    )
                try:
                    _wait_until_listening(address, process, run)
                    break
                except RuntimeError:
                    _stop(process)
                    if attempt == 2:
                        raise
            dns = stack.enter_context(dns_server(zone(address)))
            yield MailServer(address, dns.address, ca.path, started, run, config, process.pid)
    finally:
        if process is not None:
            _stop(process)
        shutil.rmtree(run, ignore_errors=True)


@pytest.fixture(scope="session")
def mailserver():
    """The running test mail server; skipped where Dovecot is not installed,
    except under CI (``CI=true``), where that fails."""
    missing = dovecot_missing()
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(f"Dovecot is not installed ({missing}): .ci/run installs it")
        pytest.skip(f"Dovecot is not installed ({missing})")
    with running_mailserver() as server:
        yield server


@pytest.fixture
def on_mailserver(settings, request):
    """The site's settings for the test mail server: its DNS, its address
    allowed (the operator setting), its CA trusted."""
    server = request.getfixturevalue("mailserver")
    settings.MAILNAVI_DNS_SERVER = server.dns
    settings.MAILNAVI_OUTBOUND_ALLOW = f"{server.address}/32"
    settings.MAILNAVI_SERVER_CHECK_CA = str(server.ca)
    return server
