"""After a hearing is deleted nothing of it remains: not in the admin's log, not in
the database file's free pages (backups: tests/core/test_backup.py)."""

import sqlite3
import subprocess
import sys

import pytest
from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils import timezone

from wizard.models import Device, Hearing, Mailbox
from wizard.services import hearing_delete, hearings_purge

ADDRESS = "yamada.hanako@example.co.jp"


@pytest.fixture
def hearing(db, django_user_model):
    user = django_user_model.objects.create_superuser(username="boss", password="x" * 16)
    hearing = Hearing.objects.create(company="山田商店", director=user)
    mailbox = Mailbox.objects.create(hearing=hearing, address=ADDRESS)
    device = Device.objects.create(mailbox=mailbox, kind="pc", client="thunderbird", label="山田さんのPC")
    # What the admin wrote when it could still change hearings: entries naming them.
    for obj in (hearing, mailbox, device):
        LogEntry.objects.create(
            user=user,
            content_type=ContentType.objects.get_for_model(obj),
            object_id=str(obj.pk),
            object_repr=str(obj),
            action_flag=CHANGE,
            change_message="[]",
        )
    return hearing


def names_left() -> list[str]:
    return list(LogEntry.objects.values_list("object_repr", flat=True))


def test_deleting_a_hearing_leaves_nothing_of_it_in_the_admin_log(hearing, django_user_model):
    other = Hearing.objects.create(company="残る会社")
    LogEntry.objects.create(
        user=django_user_model.objects.get(),
        content_type=ContentType.objects.get_for_model(other),
        object_id=str(other.pk),
        object_repr=str(other),
        action_flag=CHANGE,
    )
    hearing_delete(hearing=hearing)
    assert names_left() == ["残る会社"]


def test_the_retention_purge_leaves_nothing_in_the_admin_log(hearing):
    Hearing.objects.filter(pk=hearing.pk).update(
        status=Hearing.Status.COMPLETED, completed_at=timezone.now().replace(year=2000)
    )
    assert hearings_purge(months=24) == 1
    assert names_left() == []


def test_sqlite_overwrites_deleted_rows_whatever_its_build_default():
    options = settings.DATABASES["default"].get("OPTIONS", {})
    if "init_command" not in options:
        pytest.skip("PostgreSQL keeps deleted rows until VACUUM; this is about the SQLite file")
    raw = sqlite3.connect(":memory:")
    raw.execute("PRAGMA secure_delete=OFF")  # as an SQLite built without SQLITE_SECURE_DELETE starts
    raw.executescript(options["init_command"])
    assert raw.execute("PRAGMA secure_delete").fetchone()[0] == 1


@pytest.mark.django_db(transaction=True)
def test_a_deleted_address_is_gone_from_the_sqlite_file(hearing):
    if connection.vendor != "sqlite":
        pytest.skip("about the SQLite file")
    hearing_delete(hearing=hearing)
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(FULL)")  # every page written back to the file
    # Read in another process: closing a descriptor of the file here would drop
    # this process's SQLite locks on it (POSIX locks are per process).
    found = subprocess.run(
        [sys.executable, "-c", "import sys; print(open(sys.argv[1], 'rb').read().count(sys.argv[2].encode()))",
         str(connection.settings_dict["NAME"]), ADDRESS],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    assert found == "0"
