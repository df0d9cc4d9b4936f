"""make restore FILE=…: bring a snapshot from ``manage.py backup`` back.

Replaces the whole database. Stop the site (or at least the writers) first.
Then every cache generation moves beyond any value it has had
(``core.generation.generations_move_on``): pages cached after the backup was
taken, in Redis or in a worker's memory, are never served again, also once
new edits count the restored numbers up.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, connections

from core.backup import run_pg_tool
from core.generation import generations_move_on


class Command(BaseCommand):
    help = "Restore the database from a snapshot written by `manage.py backup` (replaces all data)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    def handle(self, *args, file: str, yes: bool = False, **options):
        source = Path(file)
        if not source.is_file():
            raise CommandError(f"{source} does not exist.")
        if (
            not yes
            and input(f"Replace ALL data in the database with {source}? [y/N] ").strip().lower() != "y"
        ):
            raise CommandError("Cancelled.")
        vendor = connection.vendor
        settings_dict = connection.settings_dict
        connections.close_all()
        if vendor == "sqlite":
            snapshot = sqlite3.connect(source)
            live = sqlite3.connect(settings_dict["NAME"])
            with live:
                snapshot.backup(live)
            live.close()
            snapshot.close()
        elif vendor == "postgresql":
            run_pg_tool(
                ["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
                 "--dbname", "{database}", str(source)],
                settings_dict,
            )  # fmt: skip
        else:
            raise CommandError(f"No restore method for {vendor}.")
        generations_move_on()
        self.stdout.write(f"Restored {source}.")
