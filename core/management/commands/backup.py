"""make backup: a consistent snapshot of the database, while the site runs.

SQLite: the online backup API (a consistent copy even during writes).
PostgreSQL: pg_dump in custom format. Restore with ``manage.py restore FILE``.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from core.backup import owner_only, run_pg_tool


class Command(BaseCommand):
    help = "Write a consistent snapshot of the database to backups/ (or --output FILE)."

    def add_arguments(self, parser):
        parser.add_argument("--output", help="file to write (default: backups/mailnavi-<time>.<ext>)")

    def handle(self, *args, output=None, **options):
        vendor = connection.vendor
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        suffix = "sqlite3" if vendor == "sqlite" else "dump"
        folder = None if output else settings.BASE_DIR / "backups"
        target = Path(output) if output else folder / f"mailnavi-{stamp}.{suffix}"
        target.parent.mkdir(parents=True, exist_ok=True)
        if vendor not in ("sqlite", "postgresql"):
            raise CommandError(f"No backup method for {vendor}.")
        with owner_only(target, folder=folder):  # a backup holds every customer's data
            if vendor == "sqlite":
                source = sqlite3.connect(connection.settings_dict["NAME"])
                destination = sqlite3.connect(target)
                with destination:
                    source.backup(destination)
                destination.close()
                source.close()
            else:
                run_pg_tool(
                    ["pg_dump", "--format=custom", "--no-owner", "--file", str(target), "{database}"],
                    connection.settings_dict,
                )
        self.stdout.write(str(target))
