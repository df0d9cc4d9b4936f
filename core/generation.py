"""Numbers every app process shares, to invalidate caches everywhere at once.

The numbers live in the database (``core.Generation``, one row per name),
the one thing every gunicorn worker, management command and app server
shares. A cache puts the numbers it depends on in its keys; bumping one makes
every entry keyed on it unreachable, in every process and on every server,
whatever the cache backend.

A process reads all of them in one query at most once every
``CHECK_SECONDS`` (``BOARD``), and again at once after bumping one itself.
While the database is unreachable it keeps the numbers it last read, so what
is already cached can still be served.

``RESTORED`` is part of every cache key (``core.cache``): a restore moves
every number beyond any value it has had (``generations_move_on``), so no
entry cached before the restore, under numbers the restored database may
reach again, is ever served after it.
"""

from __future__ import annotations

import threading
import time

from django.db import DatabaseError
from django.db.models import F, Value
from django.db.models.functions import Greatest

from .models import Generation

CHECK_SECONDS = 1.0
RESTORED = "restored"


class GenerationBoard:
    """This process's copy of every shared number."""

    def __init__(self, check_seconds: float = CHECK_SECONDS):
        self.check_seconds = check_seconds
        self._values: dict[str, int] | None = None
        self._read_at = 0.0
        self._lock = threading.Lock()

    def values(self) -> dict[str, int]:
        now = time.monotonic()
        with self._lock:
            if self._values is None or now - self._read_at >= self.check_seconds:
                try:
                    self._values = dict(Generation.objects.values_list("name", "value"))
                except DatabaseError:
                    if self._values is None:
                        raise
                self._read_at = now
            return self._values

    def value(self, name: str) -> int:
        """The number now (0 before its first bump)."""
        return self.values().get(name, 0)

    def bump(self, name: str) -> None:
        """Add one, in the caller's transaction: a reader that sees the new
        number also sees the change that bumped it. This process reads the
        numbers again at its next look."""
        Generation.objects.bump(name)
        self._read_at = 0.0

    def forget(self) -> None:
        """Read everything again at the next look (tests: each one's rollback
        resets the numbers)."""
        with self._lock:
            self._values = None


BOARD = GenerationBoard()


class SharedGeneration:
    """One named number of the board, for a cache that is not about models
    (the staff permissions, ``core.permissions``)."""

    def __init__(self, name: str):
        self.name = name

    @property
    def check_seconds(self) -> float:
        return BOARD.check_seconds

    def current(self) -> int:
        return BOARD.value(self.name)

    def bump(self, **_signal_kwargs) -> None:
        """Invalidate, in the caller's transaction (a signal receiver)."""
        BOARD.bump(self.name)


def generations_move_on() -> None:
    """After a restore: every number beyond any value it has had.

    The restored database holds the numbers of the moment of the backup;
    edits after that moment had counted past them, and entries cached under
    those later numbers may still be in Redis or in a worker's memory. Each
    number becomes larger than the time in microseconds (a bump adds one, so
    no number ever counts up to the clock) and ``RESTORED`` moves with them,
    also past numbers whose rows the backup does not have."""
    Generation.objects.get_or_create(name=RESTORED)
    now = time.time_ns() // 1000
    Generation.objects.update(value=Greatest(F("value"), Value(now)) + 1)
    BOARD.forget()
