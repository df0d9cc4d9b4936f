"""An existing site's database upgraded as a real upgrade runs it: every app
from an older release to today's, with each era's rows written as that era
wrote them. Migrating back and forth costs about a second a time, so the
upgrade runs once for the module and each test checks its part:

- wizard: links handed out before tokens were hashed keep working, and
  directors keep their link permissions (from wizard 0002 and 0005);
- kb: the missed-search report loses its personal data (kb 0007).
"""

import hashlib
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

# wizard: tokens stored plainly on the hearing; kb: missed searches kept their words and people's data.
BEFORE = [("wizard", "0002_director_group"), ("kb", "0006_gram_search_index")]
BEFORE_CUSTOMER_LINKS = [("wizard", "0005_remove_hearing_sheet_token")]  # sheet links, hashed

MISSED = (  # (query, days since first seen)
    ("yamada@example.co.jp 届かない", 0),
    ("090-1234-5678", 30),
    ("いちにちだけ", 0),
    ("ながく探された言葉", 30),
)


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
    """The database upgraded from wizard 0002 and kb 0006 with the rows of
    those days (a hearing whose link was a plain token, missed searches with
    their words), and from wizard 0005 with directors allowed to add sheet
    links; yields the hearing's pk. Emptied afterwards, as a transactional
    test is."""
    with django_db_blocker.unblock():
        old = _migrate(BEFORE)
        Hearing = old.get_model("wizard", "Hearing")
        hearing = Hearing.objects.create(
            company="移行前の会社", status="completed", sheet_token="old-plain-token-123"
        )
        Hearing.objects.create(company="リンクなし", status="draft")
        MissedSearch, now = old.get_model("kb", "MissedSearch"), timezone.now()
        for query, days in MISSED:
            MissedSearch.objects.create(
                query=query, results=0, count=4, first_seen=now - timedelta(days=days), last_seen=now
            )
        _directors_with_sheet_link_permissions(_migrate(BEFORE_CUSTOMER_LINKS))
        # Every app's newest: going back in kb also took back what depends on it (wizard's field labels).
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
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


def test_the_upgrade_drops_personal_queries_and_hides_the_words_of_one_day_queries(upgraded, db):
    from kb.missed import digest
    from kb.models import MissedSearch

    rows = {row.digest: (row.query, row.days) for row in MissedSearch.objects.all()}
    assert rows == {digest("いちにちだけ"): ("", 1), digest("ながく探された言葉"): ("", 2)}
