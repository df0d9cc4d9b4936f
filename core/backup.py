"""Shared by the backup and restore commands."""

import os
import subprocess

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
