"""Links handed out before tokens were hashed keep working after the upgrade,
and directors keep their link permissions: one upgrade from before the links
(wizard 0002), with each era's rows written as that era wrote them, then
checked by each test (migrating back and forth costs seconds a time)."""

import hashlib

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE_LINKS = [("wizard", "0002_director_group")]  # tokens stored plainly on the hearing
BEFORE_CUSTOMER_LINKS = [("wizard", "0005_remove_hearing_sheet_token")]  # sheet links, hashed


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _directors_with_sheet_link_permissions(old):
    from django.contrib.auth.management import create_permissions

    for app_config in old.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=old, verbosity=0)
        app_config.models_module = None
    OldGroup, OldPermission = old.get_model("auth", "Group"), old.get_model("auth", "Permission")
    group, _created = OldGroup.objects.get_or_create(name="ディレクター")
    group.permissions.set(OldPermission.objects.filter(codename__in=["add_sheetlink", "change_sheetlink"]))


@pytest.fixture(scope="module")
def upgraded(django_db_setup, django_db_blocker):
    """The database upgraded from wizard 0002 with a hearing whose link was a
    plain token, and from 0005 with directors allowed to add sheet links;
    yields the hearing's pk. Emptied afterwards, as a transactional test is."""
    with django_db_blocker.unblock():
        Hearing = _migrate(BEFORE_LINKS).get_model("wizard", "Hearing")
        hearing = Hearing.objects.create(
            company="移行前の会社", status="completed", sheet_token="old-plain-token-123"
        )
        Hearing.objects.create(company="リンクなし", status="draft")
        _directors_with_sheet_link_permissions(_migrate(BEFORE_CUSTOMER_LINKS))
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes("wizard"))
    try:
        yield hearing.pk
    finally:
        with django_db_blocker.unblock():
            call_command("flush", verbosity=0, interactive=False)


def test_old_plain_tokens_become_hashed_links(upgraded, db):
    from wizard.models import CustomerLink
    from wizard.models import Hearing as NewHearing
    from wizard.services import customer_link_open

    link = CustomerLink.objects.get()
    assert link.hearing_id == upgraded
    assert link.token_hash == hashlib.sha256(b"old-plain-token-123").hexdigest()
    assert link.is_active
    assert customer_link_open("old-plain-token-123").hearing.company == "移行前の会社"
    assert not hasattr(NewHearing(), "sheet_token")
    with connection.cursor() as cursor:
        columns = [c.name for c in connection.introspection.get_table_description(cursor, "wizard_hearing")]
    assert "sheet_token" not in columns


def test_directors_keep_the_link_permissions_when_sheet_links_become_customer_links(upgraded, db):
    from django.contrib.auth.models import Group

    codenames = set(Group.objects.get(name="ディレクター").permissions.values_list("codename", flat=True))
    assert {"add_customerlink", "change_customerlink"} <= codenames
    assert not any(codename.endswith("sheetlink") for codename in codenames)
