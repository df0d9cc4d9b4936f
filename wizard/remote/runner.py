"""Checks never hold up the site: a TLS check or a mailbox read runs on a
thread of this web process, away from the request, and a ``RemoteCheck``
row says how far it got (queued, running, done or failed, with the result)
for a page to poll.

Why threads here and not django-tasks' database backend: a mailbox read
needs the password the director typed, and a task row is exactly the place
a password must never be (nor a queue, the session or a cache). A thread of
the same process receives it in memory, in a closure, and drops it when the
check ends. The work is network waiting, not computing, so threads cost
little; at most ``MAILNAVI_REMOTE_MAX_CONCURRENT`` checks (4) run per
process at once and another is refused at once (``Busy``) rather than
queued behind them, each check is bounded by its own deadlines (``net``), so
a server that never answers ties up one check thread for that long and no
request thread at all. A row still "running" after a restart shows as
interrupted (``RemoteCheck.interrupted``).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings
from django.db import close_old_connections, connections
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables

from ..handoff.servers import Endpoint
from ..models import RemoteCheck
from .facts import MailboxReading
from .mailbox import read_mailbox
from .tlscheck import check_servers

logger = logging.getLogger("mailnavi.remote")

POOL_THREADS = 16  # an upper bound; admission is capped by the setting below
_lock = threading.Lock()
_running = 0
_pool: ThreadPoolExecutor | None = None


class Busy(Exception):
    """As many checks as allowed already run in this process."""

    def describe(self) -> str:
        return _("ただいま確認が混み合っています。少し待ってからもう一度お試しください。")


def _admit() -> bool:
    global _running
    with _lock:
        if _running >= getattr(settings, "MAILNAVI_REMOTE_MAX_CONCURRENT", 4):
            return False
        _running += 1
        return True


def _leave() -> None:
    global _running
    with _lock:
        _running -= 1


def running() -> int:
    """Checks running in this process now."""
    return _running


def _executor() -> ThreadPoolExecutor:
    global _pool
    with _lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(max_workers=POOL_THREADS, thread_name_prefix="mailnavi-check")
        return _pool


def start_check(*, kind: str, director, work: Callable[[], dict], hearing=None, mailbox=None) -> RemoteCheck:
    """Record a check and run ``work`` (which returns the result as JSON) on a
    check thread; returns the row at once. ``Busy`` when the process runs as
    many checks as it may (then no row is made)."""
    if not _admit():
        raise Busy()
    try:
        RemoteCheck.objects.expired().delete()
        check = RemoteCheck.objects.create(kind=kind, director=director, hearing=hearing, mailbox=mailbox)
        _executor().submit(_run, check.pk, work)
    except BaseException:
        _leave()
        raise
    return check


def _run(pk, work: Callable[[], dict]) -> None:
    try:
        close_old_connections()
        RemoteCheck.objects.filter(pk=pk).update(state=RemoteCheck.State.RUNNING, started_at=timezone.now())
        try:
            result = work()
        except Exception:
            logger.exception("remote check %s failed", pk)
            RemoteCheck.objects.filter(pk=pk).update(
                state=RemoteCheck.State.FAILED,
                finished_at=timezone.now(),
                message=_("確認の途中で問題が起きました。もう一度お試しください。"),
            )
            return
        RemoteCheck.objects.filter(pk=pk).update(
            state=RemoteCheck.State.DONE, finished_at=timezone.now(), result=result
        )
    except Exception:
        logger.exception("remote check %s could not be recorded", pk)
    finally:
        connections.close_all()  # this thread's own connections
        _leave()


def start_server_check(
    *, director, endpoints: Sequence[Endpoint], hearing=None, on_result: Callable[[list], None] | None = None
) -> RemoteCheck:
    """The TLS check of the servers a sheet names (``tlscheck.check_servers``),
    counted against ``director``'s rate limit; ``on_result`` gets the results
    on the check's thread (to keep them where a page shows them)."""
    endpoints = list(endpoints)

    def work() -> dict:
        results = check_servers(endpoints, director=director.pk)
        if on_result is not None:
            on_result(results)
        return {"version": 1, "results": results}

    return start_check(kind=RemoteCheck.Kind.SERVERS, director=director, hearing=hearing, work=work)


@sensitive_variables("password")
def start_mailbox_read(
    *,
    director,
    endpoints: Sequence[Endpoint],
    password: str,
    hearing=None,
    mailbox=None,
    on_reading: Callable[[MailboxReading], None] | None = None,
) -> RemoteCheck:
    """Log in and read the box (``mailbox.read_mailbox``); the password stays
    in this closure's memory until the check ends, and nowhere else.
    ``on_reading`` gets the reading on the check's thread (never the password)."""
    endpoints = list(endpoints)

    @sensitive_variables("password")
    def work() -> dict:
        reading = read_mailbox(endpoints, password, director=director.pk)
        if on_reading is not None:
            on_reading(reading)
        return reading.as_json()

    return start_check(
        kind=RemoteCheck.Kind.MAILBOX, director=director, hearing=hearing, mailbox=mailbox, work=work
    )
