"""A number every app process shares, to invalidate caches everywhere at once.

The number lives in the database (``core.Generation``), the one thing every
gunicorn worker, management command and app server shares. A cache puts it
in its keys; bumping it makes every cached entry unreachable, in every
process and on every server, whatever the cache backend. A process reads it
at most once every ``check_seconds`` (one indexed one-row query), and again
at once after bumping it itself.
"""

from __future__ import annotations

import time

from django.db import DatabaseError

from .models import Generation


class SharedGeneration:
    def __init__(self, name: str, *, check_seconds: float = 1.0):
        self.name = name
        self.check_seconds = check_seconds
        self._value: int | None = None
        self._read_at = 0.0

    def current(self) -> int:
        """The number, as read from the database at most ``check_seconds`` ago.
        While the database is unreachable the last number read is kept, so
        what is already cached can still be served."""
        now = time.monotonic()
        if self._value is None or now - self._read_at >= self.check_seconds:
            try:
                self._value = Generation.objects.value_of(self.name)
            except DatabaseError:
                if self._value is None:
                    raise
            self._read_at = now
        return self._value

    def bump(self, **_signal_kwargs) -> None:
        """Invalidate, in the caller's transaction (a signal receiver)."""
        Generation.objects.bump(self.name)
        self._read_at = 0.0  # this process reads the new number at its next request
