"""Reading a mailbox changes nothing in it: the same messages, flags and
read state afterwards, and only reading commands on the wire (EXAMINE, never
SELECT; no STORE, EXPUNGE, DELE, RETR or message body)."""

import re

from tests.mailserver import HOST, user
from wizard.handoff.servers import Endpoint
from wizard.remote import connection
from wizard.remote.mailbox import read_mailbox

INFO = user("info@example-test.jp")


def every_protocol():
    return [
        Endpoint(service="imap", host=HOST, port=993, security="ssl", username=INFO.login),
        Endpoint(service="pop3", host=HOST, port=995, security="ssl", username=INFO.login),
        Endpoint(service="smtp", host=HOST, port=587, security="starttls", username=INFO.login),
    ]


def snapshot(server):
    """What a mail client could see change: each message's UID and flags
    (\\Recent is per-session state, not the box's), and the message files."""
    fetched = server.doveadm("fetch", "-u", INFO.login, "uid flags", "mailbox", "INBOX")
    flags = [
        line.replace("\\Recent", "").split()
        for line in fetched.splitlines()
        if line.startswith(("uid:", "flags:"))
    ]
    maildir = server.maildir(INFO.login)
    files = sorted(
        f"{path.parent.name}/{path.name}" for sub in ("cur", "new") for path in (maildir / sub).iterdir()
    )
    return flags, files


def test_a_full_read_over_imap_pop_and_smtp_leaves_the_box_as_it_was(on_mailserver):
    before = snapshot(on_mailserver)
    reading = read_mailbox(every_protocol(), INFO.password)
    after = snapshot(on_mailserver)
    assert [login.code for login in reading.logins] == ["ok", "ok", "ok"]
    assert reading.facts.message_count == 13
    assert after == before
    assert sum("\\Seen" in line for line in sum(after[0], [])) == 7  # the seeded read state, unchanged


def test_the_reader_sends_only_reading_commands(on_mailserver, monkeypatch):
    sent: list[bytes] = []
    original = connection.Connection.send

    def recording(self, data):
        sent.append(data)
        return original(self, data)

    monkeypatch.setattr(connection.Connection, "send", recording)
    read_mailbox(every_protocol(), INFO.password)
    commands = [line for data in sent for line in data.split(b"\r\n") if line]
    verbs = {
        re.sub(rb"^m\d+ ", b"", line).split(b" ")[0].upper().decode()
        for line in commands
        if not line.startswith(b"AG")
    }
    assert verbs <= {
        "CAPABILITY", "AUTHENTICATE", "GETQUOTAROOT", "EXAMINE", "SEARCH", "FETCH", "LOGOUT",
        "CAPA", "USER", "PASS", "STAT", "LIST", "TOP", "QUIT", "EHLO", "STARTTLS", "AUTH",
    }  # fmt: skip
    assert {"EXAMINE", "FETCH", "TOP", "AUTH"} <= verbs
    fetches = [line for line in commands if b" FETCH " in line]
    assert fetches and all(line.endswith(b"(INTERNALDATE RFC822.SIZE)") for line in fetches)
    assert all(line.split(b" ")[-1] == b"0" for line in commands if line.startswith(b"TOP "))  # headers only
