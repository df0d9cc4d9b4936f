"""Links handed out before tokens were hashed keep working after the upgrade."""

import hashlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("wizard", "0002_director_group")]
AFTER = [("wizard", "0005_remove_hearing_sheet_token")]


@pytest.mark.django_db(transaction=True)
def test_old_plain_tokens_become_hashed_links():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Hearing = old.get_model("wizard", "Hearing")
    hearing = Hearing.objects.create(
        company="移行前の会社", status="completed", sheet_token="old-plain-token-123"
    )
    Hearing.objects.create(company="リンクなし", status="draft")

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)

    from wizard.models import Hearing as NewHearing
    from wizard.models import SheetLink
    from wizard.services import sheet_link_open

    link = SheetLink.objects.get()
    assert link.hearing_id == hearing.pk
    assert link.token_hash == hashlib.sha256(b"old-plain-token-123").hexdigest()
    assert link.is_active
    assert sheet_link_open("old-plain-token-123").hearing.company == "移行前の会社"
    assert not hasattr(NewHearing(), "sheet_token")
    with connection.cursor() as cursor:
        columns = [c.name for c in connection.introspection.get_table_description(cursor, "wizard_hearing")]
    assert "sheet_token" not in columns
