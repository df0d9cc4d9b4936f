"""Shared by the backup and restore commands."""

import os


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
