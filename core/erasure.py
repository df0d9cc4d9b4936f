"""What an erasure must also clear below the rows it deletes.

SQLite runs in WAL mode: a change is appended to the ``-wal`` file and copied
into the database file by a checkpoint later; the ``-wal`` file keeps the old
versions of every page it holds (an erased customer's address among them)
until it is rewound, and ``secure_delete`` only zeroes the database file.
``forget_erased_pages`` checkpoints every page now and truncates the log to
zero bytes (``PRAGMA wal_checkpoint(TRUNCATE)``). Call it after the erasing
transaction has committed (``transaction.on_commit``). PostgreSQL needs
nothing here: its WAL is the server's, recycled by it, and kept out of reach.
"""

from __future__ import annotations

import logging

from django.db import connections

log = logging.getLogger("mailnavi.erasure")


def forget_erased_pages(using: str = "default") -> bool:
    """Checkpoint and truncate SQLite's write-ahead log. False (and a warning
    in the log) when a reader kept it from finishing within the busy timeout."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return True
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        busy, _frames, _done = cursor.fetchone()
    if busy:
        log.warning(
            "erasure: a busy reader kept the write-ahead log from being truncated; the next erasure does it"
        )
        return False
    return True
