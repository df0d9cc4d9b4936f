"""Retention: delete completed hearings older than N months (default 24).

Idempotent; prints how many it removed. Run daily from cron, for example:
    15 3 * * *  cd /srv/mail-navi && .venv/bin/python manage.py purge_hearings
"""

from django.core.management.base import BaseCommand

from wizard.services import hearings_purge


class Command(BaseCommand):
    help = "Delete completed hearings (with their addresses and devices) older than --months months."

    def add_arguments(self, parser):
        parser.add_argument("--months", type=int, default=24)

    def handle(self, *args, months: int, **options):
        removed = hearings_purge(months=months)
        self.stdout.write(f"Removed {removed} completed hearing(s) older than {months} months.")
