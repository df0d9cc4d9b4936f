"""Send the mail about customers' reports that is still waiting (wizard/notices.py).

Once by default; ``--loop`` keeps doing it every ``--interval`` seconds until
stopped (SIGTERM or Ctrl+C): the worker ``make run``, ``make serve`` and the
cluster check start beside the app servers.
"""

import signal
import time

from django.core.management.base import BaseCommand
from django.db import DatabaseError, close_old_connections

from wizard.notices import send_pending


class Command(BaseCommand):
    help = "Send waiting report notices once, or keep sending them with --loop."

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="keep running, one pass every --interval")
        parser.add_argument("--interval", type=float, default=5.0, help="seconds between passes (--loop)")

    def handle(self, *args, loop=False, interval=5.0, **options):
        stopping = []
        if loop:
            signal.signal(signal.SIGTERM, lambda *_args: stopping.append(True))
        while True:
            try:
                sent, failed = send_pending()
            except DatabaseError as error:  # the database is away: the worker waits for it
                if not loop:
                    raise
                self.stderr.write(f"report notices: database unavailable ({type(error).__name__})")
                sent = failed = 0
            if sent or failed or not loop:
                self.stdout.write(f"report notices: {sent} sent, {failed} failed")
            if not loop:
                return
            close_old_connections()  # a restarted database is found again on the next pass
            deadline = time.monotonic() + interval
            try:
                while not stopping and time.monotonic() < deadline:
                    time.sleep(min(0.2, interval))
            except KeyboardInterrupt:
                return
            if stopping:
                return
