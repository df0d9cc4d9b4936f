#!/usr/bin/env python
"""make mailserver-check: every value we hand over logs in on a real mail server.

Starts the tests' real Dovecot (IMAPS 993, POP3S 995, submission 465/587 with
SMTP AUTH, a CA made at run time, its names served by a DNS server of its own:
tests/mailserver.py), and the site in this process on a throw-away SQLite
file. For hearings of every shape (a plain ASCII domain, a Japanese-script
domain, an account-name login, POP and IMAP on one domain, an address with
servers and an SMTP port of its own: tests/hearing_shapes.py) it goes through
the wizard's real views as a director does (Django's test client): at the
server step it reads each mailbox with its password (「読み取る」, the check
runner, the page's poll), completes the hearing and makes a customer link.
Then it logs in over IMAP/POP and SMTP AUTH with every value handed over
(the sheet and each personal guide as typed from them, the Apple profile, the
domain's autoconfig as Thunderbird fills it in, the SRV records as an RFC 6186
client looks them up: tests/handover.py), checks each read's numbers against
the mailboxes' known contents, and that no password is in the database file.

Its last line is exactly
``mailserver-check: logins N/M with handed-over values, mailbox facts K/L``;
it exits non-zero on any failure.
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


@dataclass
class Report:
    logins: int = 0
    logins_ok: int = 0
    facts: int = 0
    facts_ok: int = 0
    failures: list[str] = field(default_factory=list)

    def fail(self, line: str) -> None:
        self.failures.append(line)

    @property
    def summary(self) -> str:
        return (
            f"mailserver-check: logins {self.logins_ok}/{self.logins} with handed-over values, "
            f"mailbox facts {self.facts_ok}/{self.facts}"
        )

    @property
    def passed(self) -> bool:
        return not self.failures and self.logins_ok == self.logins and self.facts_ok == self.facts


def check_facts(report: Report, hearing, box, polled: str) -> None:
    """A read's logins (every protocol) and the numbers it kept on the address."""
    from tests.hearing_shapes import expected_facts

    report.facts += 1
    mailbox = hearing.mailboxes.get(address=box.address.lower())
    logins = polled.count('server-check__item--ok"')
    kept = {name: getattr(mailbox, name) for name in expected_facts(box)}
    if logins != 3 or kept != expected_facts(box) or mailbox.measured_at is None:
        report.fail(
            f"FAIL mailbox facts {box.address}: {logins}/3 logins, kept {kept}, expected {expected_facts(box)}"
        )
        return
    report.facts_ok += 1


def run_check(client, director, server, shapes, *, report: Report | None = None, out=print) -> Report:
    """Every shape through the views, every mailbox read, every handed-over value logged in with."""
    from tests.handover import login
    from tests.hearing_shapes import build, read_handover, read_mailbox
    from tests.mailserver import user

    report = report or Report()
    for shape in shapes:

        def at_server_step(hearing, shape=shape):
            for box in shape.boxes:
                polled = read_mailbox(client, hearing, shape, box, user(box.login).password)
                check_facts(report, hearing, box, polled)

        hearing, token = build(client, director, shape, at_server_step=at_server_step)
        handover = read_handover(client, server, hearing, token, shape)
        for handed in handover.handed:
            report.logins += 1
            why = login(server, handed, user(handover.logins[handed.address]).password)
            if why:
                report.fail(f"FAIL login {shape.name}: {handed}: {why}")
            else:
                report.logins_ok += 1
        out(f"{shape.name}: {len(handover.handed)} handed-over logins, {len(shape.boxes)} mailboxes read")
    return report


def _passwords_in(path: Path) -> list[str]:
    from tests.mailserver import USERS

    data = b"".join(p.read_bytes() for p in (path, Path(f"{path}-wal")) if p.exists())
    return [u.login for u in USERS if u.password.encode() in data]


def main() -> int:
    from tests.mailserver import dovecot_missing, running_mailserver

    missing = dovecot_missing()
    if missing:
        print(f"Dovecot is not installed ({missing}): apt-get install dovecot-core dovecot-imapd "
              "dovecot-pop3d dovecot-submissiond")  # fmt: skip
        return 2
    work = Path(tempfile.mkdtemp(prefix="mailnavi-mailserver-check-"))
    database = work / "check.sqlite3"
    os.environ.update({"DJANGO_SETTINGS_MODULE": "config.settings", "DJANGO_TESTING": "1",
                       "DJANGO_SQLITE_PATH": str(database)})  # fmt: skip
    os.environ.pop("DATABASE_URL", None)
    os.environ.pop("DJANGO_DEBUG", None)
    try:
        import django

        django.setup()
        from django.conf import settings
        from django.core.management import call_command
        from django.db import connections
        from django.test import Client

        from kb.services import starter_articles_load
        from tests.hearing_shapes import SHAPES
        from wizard.roles import ensure_director_group

        logging.getLogger("mailnavi.security").setLevel(logging.WARNING)  # logins and links, one per shape
        call_command("migrate", verbosity=0)
        starter_articles_load()
        director = ensure_director_group().user_set.model.objects.create_user(
            "check-director", password=os.urandom(16).hex(), is_staff=True
        )
        director.groups.add(ensure_director_group())
        client = Client()
        client.force_login(director)
        with running_mailserver() as server:
            settings.MAILNAVI_DNS_SERVER = server.dns
            settings.MAILNAVI_OUTBOUND_ALLOW = f"{server.address}/32"
            settings.MAILNAVI_SERVER_CHECK_CA = str(server.ca)
            report = run_check(client, director, server, SHAPES)
        connections.close_all()
        for login_name in _passwords_in(database):
            report.fail(f"FAIL the password of {login_name} is in the database file")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for line in report.failures:
        print(line)
    print(report.summary)
    return 0 if report.passed else 1


if __name__ == "__main__":
    sys.exit(main())
