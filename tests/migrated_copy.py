"""The SQLite test database as the migrations leave it, kept between runs.

Making a test process's database runs every migration: about a second per
test process, most of it Django building the models of each migration's
state in Python, not SQLite. The same migrations over the same code always
leave the same database. So the first test process to migrate keeps a copy
of the result, named by a hash of everything that decides it (``key()``);
a test process that finds the copy of its key writes it into its test
database with SQLite's backup and runs no migration. A change to any
migration, to the project's code (models, the search index's own tables,
the helpers data migrations call), to an installed app's migrations, or to
the versions of Python, SQLite or Django gives another key, and the next
run migrates again.

Only SQLite, and only the migrate that makes the test database
(``create_test_db``); on PostgreSQL the test database is made as usual.
The copies live in .pytest_cache/d/migrated-db/ (``make clean`` and
``pytest --cache-clear`` remove them); only the newest key's copy is kept.
"""

from __future__ import annotations

import hashlib
import importlib
import os
import sqlite3
import sys
import tempfile
from pathlib import Path

import django
from django.apps import apps
from django.conf import settings
from django.core.management.commands import migrate
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.loader import MigrationLoader

PROJECT_PACKAGES = ("config", "core", "kb", "wizard")


def directory() -> Path:
    """Where pytest keeps the directories it caches (``config.cache.mkdir()``),
    which ``pytest --cache-clear`` empties; written here even where the cache
    plugin is off (``-p no:cacheprovider``)."""
    return Path(settings.BASE_DIR) / ".pytest_cache" / "d" / "migrated-db"


def key() -> str:
    """A hash of what decides the migrated database: the versions, every
    installed app's migration files and the project's own code."""
    digest = hashlib.sha256()
    for part in (sys.version, sqlite3.sqlite_version, django.__version__):
        digest.update(part.encode() + b"\0")
    files: set[Path] = set()
    for app_config in apps.get_app_configs():
        module_name, _explicit = MigrationLoader.migrations_module(app_config.label)
        try:
            module = importlib.import_module(module_name) if module_name else None
        except ImportError:  # an app without migrations
            module = None
        for folder in getattr(module, "__path__", ()):
            files.update(Path(folder).glob("*.py"))
    base = Path(settings.BASE_DIR)
    for package in PROJECT_PACKAGES:
        files.update(path for path in (base / package).rglob("*.py") if "__pycache__" not in path.parts)
    for path in sorted(files):
        digest.update(str(path.relative_to(path.anchor)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:24]


def _is_the_test_database_migrate(options) -> bool:
    connection = connections[options.get("database") or DEFAULT_DB_ALIAS]
    return (
        connection.vendor == "sqlite"
        and not options.get("app_label")
        and not options.get("migration_name")
        and options.get("run_syncdb")
        and not connection.is_in_memory_db()
    )


def install() -> None:
    """From now on, the next migrate of an SQLite test database (the one
    ``create_test_db`` runs) reads the kept copy if there is one, and keeps
    one if there is not; later migrates run as they are."""
    original = migrate.Command.handle

    def handle(self, *args, **options):
        migrate.Command.handle = original  # once: the test database's
        if not _is_the_test_database_migrate(options):
            return original(self, *args, **options)
        connection = connections[options.get("database") or DEFAULT_DB_ALIAS]
        kept = directory() / f"{key()}.sqlite3"
        if kept.exists():
            connection.ensure_connection()
            with sqlite3.connect(kept) as source:
                source.backup(connection.connection)
            source.close()
            return None
        result = original(self, *args, **options)
        _keep(connection, kept)
        return result

    migrate.Command.handle = handle


def _keep(connection, kept: Path) -> None:
    """A copy of the database just migrated, written whole under another name
    and then renamed (two test processes may finish together); older keys' copies go."""
    kept.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=kept.parent, suffix=".partial")
    os.close(handle)
    try:
        connection.ensure_connection()
        with sqlite3.connect(temporary) as target:
            connection.connection.backup(target)
            target.execute("PRAGMA journal_mode=DELETE")
        target.close()
        os.replace(temporary, kept)
    finally:
        Path(temporary).unlink(missing_ok=True)
    for other in kept.parent.glob("*.sqlite3"):
        if other != kept:
            other.unlink(missing_ok=True)
