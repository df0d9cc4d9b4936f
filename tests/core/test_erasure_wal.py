"""After a hearing is erased, no copy of it is left in SQLite's write-ahead
log: the -wal file keeps old versions of every page until it is checkpointed
and truncated (core/erasure.py)."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from wizard.models import Device, Hearing, Mailbox
from wizard.services import hearing_delete, hearings_purge

MARKER = "erase-me.yamada@example.co.jp"


def copies_in_wal() -> int:
    """Copies of the marker in the -wal file, read by another process: closing a
    descriptor of the database's files here could drop this process's SQLite locks."""
    wal = Path(str(connection.settings_dict["NAME"]) + "-wal")
    if not wal.exists():
        return 0
    found = subprocess.run(
        [sys.executable, "-c", "import sys; print(open(sys.argv[1], 'rb').read().count(sys.argv[2].encode()))",
         str(wal), MARKER],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    return int(found)


def make_hearing(**values) -> Hearing:
    hearing = Hearing.objects.create(company="山田商店", **values)
    mailbox = Mailbox.objects.create(hearing=hearing, address=MARKER)
    Device.objects.create(mailbox=mailbox, kind="pc", client="thunderbird", label=MARKER[:40])
    for people in range(2, 6):  # every save writes the page again: several frames hold the address
        Mailbox.objects.filter(pk=mailbox.pk).update(people=people)
    return hearing


@pytest.fixture
def sqlite_file(transactional_db):
    if connection.vendor != "sqlite":
        pytest.skip("about SQLite's write-ahead log file")


def test_erasing_a_hearing_leaves_no_copy_of_it_in_the_write_ahead_log(sqlite_file):
    hearing = make_hearing()
    assert copies_in_wal() > 0  # what the erasure has to remove
    hearing_delete(hearing=hearing)
    assert copies_in_wal() == 0


def test_the_retention_purge_leaves_no_copy_in_the_write_ahead_log(sqlite_file):
    from django.utils import timezone

    make_hearing(status=Hearing.Status.COMPLETED, completed_at=timezone.now().replace(year=2000))
    assert copies_in_wal() > 0
    assert hearings_purge(months=24) == 1
    assert copies_in_wal() == 0
