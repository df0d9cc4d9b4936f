"""Writes that a read makes on the side, which must never cost the reader.

Opening a customer link records when it was last opened; nothing the visitor
asked for needs that row. While another transaction holds the write lock
(SQLite: any writer; PostgreSQL: one holding that row), the write would
queue for SQLite's 20 s busy timeout, or without end on PostgreSQL, and then
fail the whole page with a 503. ``best_effort_write`` waits at most
``WAIT_MS`` for the lock, and on failure logs one line and lets the read go on.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextlib import contextmanager

from django.db import DatabaseError, connection, transaction

log = logging.getLogger("mailnavi.writes")

WAIT_MS = 250


@contextmanager
def _short_lock_wait():
    """SQLite: the connection's busy timeout, shortened for the block (BEGIN
    IMMEDIATE already waits for the lock). PostgreSQL: ``lock_timeout`` for
    the transaction (the savepoint) the block runs in."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA busy_timeout")
            usual = cursor.fetchone()[0]
            cursor.execute(f"PRAGMA busy_timeout = {WAIT_MS}")
        try:
            with transaction.atomic():
                yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute(f"PRAGMA busy_timeout = {int(usual)}")
    else:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute(f"SET LOCAL lock_timeout = {WAIT_MS}")
            yield


def best_effort_write(write: Callable[[], object], *, what: str) -> bool:
    """Run ``write`` in its own transaction (or savepoint); True when it was
    saved, False when the database was busy or refused it (logged, not raised)."""
    try:
        with _short_lock_wait():
            write()
    except DatabaseError as error:
        log.warning("best-effort write skipped: what=%s error=%s", what, type(error).__name__)
        return False
    return True
