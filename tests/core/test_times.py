"""Staff read every time in Japan time as 「12月6日 10:42」 (core.times), the
year in front only when it is not this year."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from core.times import staff_time

NOW = datetime(2026, 12, 6, 3, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    "value, shown",
    [
        (datetime(2026, 12, 6, 1, 42, tzinfo=UTC), "12月6日 10:42"),
        ("2026-12-06T01:42:05.123456+00:00", "12月6日 10:42"),  # as the server check stores it
        (datetime(2026, 12, 6, 1, 42), "12月6日 10:42"),  # naive: UTC, as the database keeps it
        (datetime(2026, 1, 1, 15, 5, tzinfo=UTC), "1月2日 00:05"),
        (datetime(2025, 12, 31, 14, 59, tzinfo=UTC), "2025年12月31日 23:59"),
        (None, ""),
        ("not a time", ""),
    ],
)
def test_a_time_reads_in_japan_time_with_the_year_only_when_it_is_another(value, shown):
    assert staff_time(value, now=NOW) == shown


def this_year_at(month, day, hour, minute) -> datetime:
    """A moment this year (in Japan), in UTC, so the page leaves the year out."""
    local = datetime(
        timezone.localdate().year, month, day, hour, minute, tzinfo=timezone.get_current_timezone()
    )
    return local.astimezone(UTC)


def test_the_server_check_says_when_it_ran_in_japan_time(client, admin_user, db):
    from wizard.models import Device, Hearing, Mailbox

    hearing = Hearing.objects.create(
        company="株式会社テスト", contact_name="山田", director=admin_user, consulted_on="2026-12-06"
    )
    mailbox = Mailbox.objects.create(hearing=hearing, address="info@example.jp")
    Device.objects.create(mailbox=mailbox, kind="pc", client="thunderbird")
    result = {"ok": True, "host": "mail.example.jp", "port": 995, "service": "POP3", "security": "SSL/TLS",
              "message": "接続できました。"}  # fmt: skip
    checked = this_year_at(12, 6, 10, 42).isoformat()
    Hearing.objects.filter(pk=hearing.pk).update(server_check={"checked_at": checked, "results": [result]})
    client.force_login(admin_user)
    content = client.get(reverse("wizard:step", kwargs={"pk": hearing.pk, "step": "server"})).content.decode()
    assert '<span class="muted">12月6日 10:42</span>' in content


def test_the_hearing_list_shows_when_each_hearing_was_saved_in_japan_time(client, admin_user, db):
    from wizard.models import Hearing

    hearing = Hearing.objects.create(company="株式会社テスト", contact_name="山田", director=admin_user)
    Hearing.objects.filter(pk=hearing.pk).update(updated_at=this_year_at(12, 6, 10, 42))
    client.force_login(admin_user)
    content = client.get(reverse("wizard:hearing_list")).content.decode()
    assert ">12月6日 10:42</time>" in content


def test_the_admin_lists_times_in_japan_time_with_the_date_in_words(client, admin_user, db):
    from wizard.models import Hearing

    hearing = Hearing.objects.create(company="株式会社テスト", contact_name="山田", director=admin_user)
    Hearing.objects.filter(pk=hearing.pk).update(updated_at=datetime(2026, 12, 6, 1, 42, tzinfo=UTC))
    client.force_login(admin_user)
    content = client.get(reverse("admin:wizard_hearing_changelist")).content.decode()
    assert "2026年12月6日 10:42" in content
