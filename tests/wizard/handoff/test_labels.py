"""Which vendor labels a device's sheet quotes, and how staff read what
directors confirmed of them (wizard/handoff/labels.py)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from wizard.engine.catalogue import CLIENTS
from wizard.engine.recommendations import DeviceSetting
from wizard.handoff.labels import label_checks, quoting_clients, search_words, sheet_quotes, vendor_labels
from wizard.label_services import Answer, label_confirmations_record
from wizard.models import LabelConfirmation

OUTLOOK, IPHONE = CLIENTS["outlook_classic"], CLIENTS["ios_mail"]
DELETES_30 = DeviceSetting("deletes", 30)
KEEPS = DeviceSetting("keeps")


def keys(labels) -> list[str]:
    return [label.key for label in labels]


def confirmation(label_key: str, **fields) -> LabelConfirmation:
    values = {
        "client": "outlook_classic",
        "label_key": label_key,
        "quoted": "サーバーにメッセージのコピーを置く",
        "outcome": "same",
        "client_version": "Outlook バージョン 2511",
        "seen_on": timezone.localdate(),
    }
    values.update(fields)
    return LabelConfirmation(**values)


def test_an_outlook_that_deletes_quotes_its_three_controls():
    assert keys(sheet_quotes(OUTLOOK, DELETES_30)) == ["leave_copy", "delete_after", "delete_on_local_delete"]


def test_an_iphone_that_keeps_quotes_the_never_choice_and_not_the_seven_days():
    assert keys(sheet_quotes(IPHONE, KEEPS)) == [
        "delete_after",
        "delete_after:never",
        "delete_on_local_delete",
    ]


def test_an_imap_device_quotes_no_label():
    assert sheet_quotes(OUTLOOK, DeviceSetting("imap")) == ()


def test_clients_we_cannot_name_have_no_vendor_labels():
    assert vendor_labels(CLIENTS["other"]) == ()


def test_a_label_confirmed_in_the_field_reads_with_its_date_and_version():
    today = timezone.localdate()
    seen = {
        ("outlook_classic", "leave_copy", "サーバーにメッセージのコピーを置く"): confirmation("leave_copy")
    }
    check = label_checks(OUTLOOK, DELETES_30, seen)[0]
    assert check.status == f"確認済み（現場、{today.month}月{today.day}日、Outlook バージョン 2511）"


def test_a_confirmation_from_an_earlier_year_names_the_year():
    last_year = timezone.localdate().replace(month=3, day=1) - timedelta(days=365)
    record = confirmation("leave_copy", seen_on=last_year)
    seen = {("outlook_classic", "leave_copy", "サーバーにメッセージのコピーを置く"): record}
    status = label_checks(OUTLOOK, DELETES_30, seen)[0].status
    assert status.startswith(f"確認済み（現場、{last_year.year}年")


def test_nobody_having_confirmed_a_quoted_label_leaves_the_clients_sentence_alone():
    other = {
        ("thunderbird", "leave_copy", "ダウンロード後もサーバーにメッセージを残す"): confirmation(
            "leave_copy"
        )
    }
    assert label_checks(OUTLOOK, DELETES_30, other) == ()


def test_a_record_of_words_the_catalogue_no_longer_quotes_is_not_applied():
    old = confirmation("leave_copy", quoted="サーバーにメッセージのコピーを置く(L)")
    assert label_checks(OUTLOOK, DELETES_30, {("outlook_classic", "leave_copy", old.quoted): old}) == ()


def test_a_guide_is_searched_for_the_longest_part_around_the_typed_days():
    assert search_words("サーバーから削除する ○ 日後") == "サーバーから削除する"
    assert search_words("受信ボックスから削除したとき") == "受信ボックスから削除したとき"


def test_words_that_several_clients_quote_name_each_catalogue_entry():
    entries = quoting_clients("受信トレイから削除したとき")
    assert [(label.client, label.key) for label in entries] == [
        ("gmail_android", "delete_on_local_delete"),
        ("android_mail", "delete_on_local_delete"),
    ]


@pytest.mark.django_db
def test_the_newest_major_version_decides_what_the_sheet_says(director, complete):
    hearing = complete(devices=(("pc", "outlook_classic"),))
    label = vendor_labels(OUTLOOK)[0]
    today = timezone.localdate()

    def record(version, outcome, days_ago):
        label_confirmations_record(
            hearing=hearing, client=OUTLOOK, answers=[Answer(label, outcome, "別の表示")], client_version=version, os_version="",
            seen_on=today - timedelta(days=days_ago), user=director,
        )  # fmt: skip

    record("Outlook バージョン 2511", "same", days_ago=5)
    record("Outlook バージョン 2408", "different", days_ago=1)  # an older Outlook, seen later
    record("Outlook バージョン 2511.19426", "same", days_ago=2)  # the same major, newer
    current = LabelConfirmation.objects.current()[("outlook_classic", "leave_copy", label.words)]
    assert (current.client_version, current.outcome) == ("Outlook バージョン 2511.19426", "same")
    per_version = LabelConfirmation.objects.newest_per_version()
    assert sorted(row.major for row in per_version) == [2408, 2511]
