"""The wizard's writes, called as a command-line tool or another view would."""

from datetime import timedelta

import pytest
from django.utils import timezone

from wizard import services
from wizard.engine.recommendations import RULES_VERSION
from wizard.models import CustomerLink, Device, Hearing, Mailbox

from .conftest import issued_advice


def test_a_save_with_an_old_version_is_refused_and_changes_nothing(make_hearing, director):
    hearing = make_hearing()
    services.hearing_save_customer(hearing=hearing, version=1, data={"company": "新しい社名"}, user=director)
    with pytest.raises(services.StaleHearing) as refused:
        services.hearing_save_customer(
            hearing=hearing, version=1, data={"company": "古い画面から"}, user=director
        )
    assert refused.value.current.company == "新しい社名"
    assert Hearing.objects.get().company == "新しい社名" and Hearing.objects.get().version == 2


def test_a_save_without_a_version_is_refused(make_hearing, director):
    hearing = make_hearing()
    with pytest.raises(services.StaleHearing):
        services.hearing_save_customer(hearing=hearing, version=None, data={"company": "x"}, user=director)


def test_saving_addresses_keeps_listed_rows_in_order_and_deletes_the_rest(make_hearing, director):
    hearing = make_hearing(mailboxes=2)
    first, second = hearing.mailboxes.all()
    rows = [
        {"id": None, "address": "new@example.com", "people": 3},
        {"id": second.pk, "address": second.address, "people": 1},
    ]
    services.hearing_save_addresses(hearing=hearing, version=1, rows=rows, user=director)
    assert list(Mailbox.objects.values_list("address", "people")) == [
        ("new@example.com", 3),
        (second.address, 1),
    ]
    assert not Device.objects.filter(mailbox_id=first.pk).exists()


def test_changing_a_completed_hearing_reopens_it(complete, director):
    hearing = complete()
    services.hearing_save_customer(
        hearing=hearing, version=hearing.version, data={"notes": "追記"}, user=director
    )
    assert Hearing.objects.get().status == Hearing.Status.DRAFT


def test_completing_stores_each_addresses_advice_with_the_rules_version(make_hearing, director):
    hearing = make_hearing(mailboxes=2, devices=(("pc", "thunderbird"), ("smartphone", "ios_mail")))
    completed = services.hearing_complete(hearing=hearing, version=hearing.version, user=director)
    assert completed.is_completed and completed.completed_at is not None
    assert completed.latest_issue().rules_version == RULES_VERSION
    for mailbox in Mailbox.objects.all():
        assert issued_advice(completed, mailbox) == mailbox.todays_advice()


def test_a_draft_is_kept_per_step_and_dropped_when_that_step_is_saved(make_hearing, director):
    hearing = make_hearing()
    services.hearing_save_draft(hearing=hearing, step="customer", raw={"c-company": ["途中"]})
    assert Hearing.objects.get().drafts == {"customer": {"c-company": ["途中"]}}
    services.hearing_save_customer(hearing=hearing, version=1, data={"company": "完成"}, user=director)
    assert Hearing.objects.get().drafts == {}


def test_customer_links_are_made_only_for_completed_hearings_with_an_allowed_expiry(
    make_hearing, complete, director
):
    with pytest.raises(ValueError, match="hearing"):
        services.customer_link_create(hearing=make_hearing(), user=director)
    with pytest.raises(ValueError, match="days"):
        services.customer_link_create(hearing=complete(), user=director, days=365)


@pytest.mark.parametrize(
    ("change", "reason", "gone"),
    [
        ({"expires_at": timezone.now() - timedelta(seconds=1)}, "expired", True),
        ({"revoked_at": timezone.now()}, "revoked", True),
    ],
)
def test_an_expired_or_revoked_link_cannot_be_opened(complete, director, change, reason, gone):
    link, token = services.customer_link_create(hearing=complete(), user=director)
    CustomerLink.objects.filter(pk=link.pk).update(**change)
    with pytest.raises(services.LinkUnavailable) as refused:
        services.customer_link_open(token)
    assert (refused.value.reason, refused.value.gone) == (reason, gone)


def test_opening_a_link_records_when_and_finds_its_hearing(complete, director):
    hearing = complete()
    _link, token = services.customer_link_create(hearing=hearing, user=director)
    assert services.customer_link_open(token).hearing == hearing
    assert CustomerLink.objects.get().last_opened_at is not None
    with pytest.raises(services.LinkUnavailable):
        services.customer_link_open(token + "x")


def test_revoking_twice_reports_the_second_time(complete, director):
    link, _token = services.customer_link_create(hearing=complete(), user=director)
    assert services.customer_link_revoke(link=link, user=director) is True
    assert services.customer_link_revoke(link=link, user=director) is False


def test_saving_the_devices_again_as_they_were_writes_no_device_row(make_hearing, director):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    hearing = make_hearing(mailboxes=2, devices=(("pc", "thunderbird"), ("smartphone", "ios_mail")))
    rows = {
        mailbox.pk: [
            {"id": d.pk, "kind": d.kind, "client": d.client, "label": d.label} for d in mailbox.devices.all()
        ]
        for mailbox in hearing.mailboxes.all()
    }
    with CaptureQueriesContext(connection) as same:
        hearing = services.hearing_save_devices(
            hearing=hearing, version=hearing.version, rows_by_mailbox=rows, user=director
        )
    assert not [q for q in same.captured_queries if "wizard_device" in q["sql"] and "UPDATE" in q["sql"]]

    first = next(iter(rows))
    rows[first][1]["label"] = "社長のiPhone"
    rows[first].reverse()  # moved up as well
    services.hearing_save_devices(
        hearing=hearing, version=hearing.version, rows_by_mailbox=rows, user=director
    )
    moved = Device.objects.filter(mailbox_id=first).order_by("position")
    assert [(d.label, d.client) for d in moved][0] == ("社長のiPhone", "ios_mail")
    assert Device.objects.count() == 4  # the same rows, kept (their ids too)
    assert {d.pk for d in Device.objects.all()} == {row["id"] for group in rows.values() for row in group}
