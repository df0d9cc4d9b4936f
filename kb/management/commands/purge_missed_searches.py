"""Retention of the missed-search report: queries nobody searched for 12 months go.

Idempotent; prints how many it removed. Run daily from cron, for example:
    20 3 * * *  cd /srv/mail-navi && .venv/bin/python manage.py purge_missed_searches
"""

from django.core.management.base import BaseCommand

from kb.services import RETENTION_MONTHS, missed_searches_purge


class Command(BaseCommand):
    help = "Delete missed-search rows (kb.MissedSearch) not seen for --months months (default 12)."

    def add_arguments(self, parser):
        parser.add_argument("--months", type=int, default=RETENTION_MONTHS)

    def handle(self, *args, months: int, **options):
        removed = missed_searches_purge(months=months)
        self.stdout.write(f"Removed {removed} missed search(es) not seen for {months} months.")
