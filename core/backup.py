"""Shared by the backup and restore commands."""

import os
import subprocess
from contextlib import contextmanager
from pathlib import Path

from django.core.management.base import CommandError


def pg_environment(settings_dict: dict) -> tuple[dict, str]:
    """libpq environment for pg_dump/pg_restore; the password never goes on a command line."""
    env = dict(os.environ)
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
    ):
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    return env, settings_dict["NAME"]


def run_pg_tool(args: list[str], settings_dict: dict) -> None:
    """Run pg_dump or pg_restore against the configured database (its name is
    appended to ``args`` where ``{database}`` stands); fail with its message."""
    env, database = pg_environment(settings_dict)
    command = [database if arg == "{database}" else arg for arg in args]
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode:
        raise CommandError(f"{command[0]} failed: {result.stderr.strip()}")


@contextmanager
def owner_only(target: Path, *, folder: Path | None = None):
    """Write ``target`` readable by its owner only (0600 from its first byte:
    the umask is 077 while it is written), in ``folder`` (made 0700) if given.
    A folder the operator chose with --output is left as it is."""
    if folder is not None:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        folder.chmod(0o700)
    previous = os.umask(0o077)
    try:
        yield target
    finally:
        os.umask(previous)
    if target.exists():
        target.chmod(0o600)
