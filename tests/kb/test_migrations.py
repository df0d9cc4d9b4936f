"""The missed-search report of an existing site loses its personal data on upgrade (kb 0007)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("kb", "0006_gram_search_index")]


@pytest.mark.django_db(transaction=True)
def test_the_upgrade_drops_personal_queries_and_hides_the_words_of_one_day_queries():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    MissedSearch = executor.loader.project_state(BEFORE).apps.get_model("kb", "MissedSearch")
    now = timezone.now()
    for query, first_seen in (
        ("yamada@example.co.jp 届かない", now),
        ("090-1234-5678", now - timedelta(days=30)),
        ("いちにちだけ", now),
        ("ながく探された言葉", now - timedelta(days=30)),
    ):
        MissedSearch.objects.create(query=query, results=0, count=4, first_seen=first_seen, last_seen=now)

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    # Every app's newest: going back in kb also took back what depends on it (wizard's field labels).
    executor.migrate(executor.loader.graph.leaf_nodes())

    from kb.missed import digest
    from kb.models import MissedSearch as Upgraded

    rows = {row.digest: (row.query, row.days) for row in Upgraded.objects.all()}
    assert rows == {digest("いちにちだけ"): ("", 1), digest("ながく探された言葉"): ("", 2)}
