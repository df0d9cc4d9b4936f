"""Writes that a read can do without (a search's missed-search count): made if
the database lets them through at once, given up otherwise.

While another process holds SQLite's write lock (a long save, a backup), a
plain write waits up to the connection's timeout (20 s) and then fails: a
page that only wanted to read would answer 503 after 20 s. A best-effort
write waits ``WAIT_MS`` at most (SQLite's busy timeout, PostgreSQL's
``lock_timeout``), in a transaction (a savepoint inside one) of its own, and a
database error is logged (``write-skipped``) instead of raised.
"""

from __future__ import annotations

import logging

from django.db import DatabaseError, connections, transaction

log = logging.getLogger("mailnavi.db")

WAIT_MS = 100


def best_effort_write(what: str, write, *, using: str = "default") -> bool:
    """``write()`` if it can be made without waiting; True when it was."""
    connection = connections[using]
    sqlite = connection.vendor == "sqlite"
    try:
        if sqlite:
            _busy_timeout(connection, WAIT_MS)
        with transaction.atomic(using=using):
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL lock_timeout = %s", [f"{WAIT_MS}ms"])
            write()
        return True
    except DatabaseError as error:
        log.warning("write-skipped what=%s error=%s", what, type(error).__name__)
        return False
    finally:
        if sqlite:
            _busy_timeout(connection, int(connection.settings_dict["OPTIONS"].get("timeout", 5) * 1000))


def _busy_timeout(connection, milliseconds: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA busy_timeout = {int(milliseconds)}")
