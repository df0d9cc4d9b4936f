"""The form a director fills in front of a customer's screen (wizard/label_forms.py)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from wizard.engine.catalogue import CLIENTS
from wizard.label_forms import LabelCheckForm

OUTLOOK, BECKY = CLIENTS["outlook_classic"], CLIENTS["becky"]


def bound(client=OUTLOOK, **answers) -> LabelCheckForm:
    data = {
        "client_version": "Outlook バージョン 2511",
        "seen_on": timezone.localdate().isoformat(),
        **answers,
    }
    return LabelCheckForm(data, client=client)


def test_brackets_typed_around_the_words_shown_are_dropped():
    form = bound(**{"seen-leave_copy": "different", "shown-leave_copy": "「サーバーにコピーを置く」"})
    assert form.is_valid(), form.errors
    assert form.answers()[0].shown == "サーバーにコピーを置く"


def test_brackets_that_are_part_of_the_label_stay():
    shown = "「削除済みアイテム」を空にしたら、サーバーから削除"
    form = bound(**{"seen-delete_on_local_delete": "different", "shown-delete_on_local_delete": shown})
    assert form.is_valid(), form.errors
    assert form.answers()[0].shown == shown


def test_words_shown_that_equal_the_catalogues_are_refused_as_different():
    form = bound(**{"seen-leave_copy": "different", "shown-leave_copy": "サーバーにメッセージのコピーを置く"})
    assert form.errors["seen-leave_copy"] == [
        "「サーバーにメッセージのコピーを置く」は、画面の表示名がカタログと同じです。「このとおり表示されていた」を選んでください。"
    ]


def test_words_shown_without_choosing_different_are_refused():
    form = bound(**{"seen-leave_copy": "same", "shown-leave_copy": "別の表示"})
    assert form.errors["seen-leave_copy"] == [
        "「サーバーにメッセージのコピーを置く」の表示名を入力したときは、「違う表示だった」を選んでください。"
    ]


def test_a_date_after_today_is_refused():
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    form = bound(seen_on=tomorrow, **{"seen-leave_copy": "same"})
    assert form.errors["seen_on"] == ["「確認した日」に先の日付は入力できません。"]


def test_a_control_we_describe_in_our_own_words_can_only_be_recorded_with_the_words_shown():
    choices = [value for value, _label in LabelCheckForm(client=BECKY).fields["seen-leave_copy"].choices]
    assert choices == ["", "different"]
