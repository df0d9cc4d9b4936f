"""The kept copy of the migrated test database is used only for the same
migrations over the same code (tests/migrated_copy.py)."""

from pathlib import Path

import pytest
from django.conf import settings
from django.contrib import auth

from tests import migrated_copy

BASE = Path(settings.BASE_DIR)


@pytest.mark.parametrize(
    "changed",
    [
        BASE / "wizard/migrations/0001_initial.py",  # a migration
        BASE / "kb/search_index.py",  # the search index's own tables, made by kb 0003 and 0006
        BASE / "core/models.py",  # a model
        Path(auth.__file__).parent / "migrations/0001_initial.py",  # an installed app's migration
    ],
    ids=["migration", "search-index", "model", "installed-app-migration"],
)
def test_a_change_to_a_migration_or_the_code_gives_another_copy(monkeypatch, changed):
    before = migrated_copy.key()
    read_bytes = Path.read_bytes

    def edited(path):
        content = read_bytes(path)
        return content + b"\n# edited\n" if path == changed else content

    monkeypatch.setattr(Path, "read_bytes", edited)
    assert migrated_copy.key() != before


def test_the_same_code_gives_the_same_copy():
    assert migrated_copy.key() == migrated_copy.key()
