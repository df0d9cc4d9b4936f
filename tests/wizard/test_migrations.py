"""Links handed out before tokens were hashed keep working after the upgrade."""

import hashlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("wizard", "0002_director_group")]


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
    executor.migrate(executor.loader.graph.leaf_nodes("wizard"))

    from wizard.models import CustomerLink
    from wizard.models import Hearing as NewHearing
    from wizard.services import customer_link_open

    link = CustomerLink.objects.get()
    assert link.hearing_id == hearing.pk
    assert link.token_hash == hashlib.sha256(b"old-plain-token-123").hexdigest()
    assert link.is_active
    assert customer_link_open("old-plain-token-123").hearing.company == "移行前の会社"
    assert not hasattr(NewHearing(), "sheet_token")
    with connection.cursor() as cursor:
        columns = [c.name for c in connection.introspection.get_table_description(cursor, "wizard_hearing")]
    assert "sheet_token" not in columns


@pytest.mark.django_db(transaction=True)
def test_directors_keep_the_link_permissions_when_sheet_links_become_customer_links():
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group

    before = [("wizard", "0005_remove_hearing_sheet_token")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    for app_config in old.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=old, verbosity=0)
        app_config.models_module = None
    OldGroup, OldPermission = old.get_model("auth", "Group"), old.get_model("auth", "Permission")
    group, _created = OldGroup.objects.get_or_create(name="ディレクター")
    group.permissions.set(OldPermission.objects.filter(codename__in=["add_sheetlink", "change_sheetlink"]))

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes("wizard"))

    codenames = set(Group.objects.get(name="ディレクター").permissions.values_list("codename", flat=True))
    assert {"add_customerlink", "change_customerlink"} <= codenames
    assert not any(codename.endswith("sheetlink") for codename in codenames)
