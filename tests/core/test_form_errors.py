"""An error names its field and uses the verb its input needs (core.form_errors):
text is typed, a list chosen, a box ticked, a file picked."""

import pytest
from django import forms
from django.utils import translation

from core.form_errors import NamedErrorsMixin


class Everything(NamedErrorsMixin, forms.Form):
    company = forms.CharField(label="会社名", max_length=5)
    client = forms.ChoiceField(label="メールソフト", choices=[("a", "A")])
    agree = forms.BooleanField(label="同意する")
    picture = forms.FileField(label="画像")
    people = forms.IntegerField(label="人数", min_value=1)
    email = forms.EmailField(label="メールアドレス")
    when = forms.SplitDateTimeField(label="公開日時")
    token = forms.CharField(widget=forms.HiddenInput)
    note = forms.CharField(label="メモ", error_messages={"required": "メモを書いてください。"})


@pytest.fixture(autouse=True)
def _japanese():
    with translation.override("ja"):
        yield


def errors(data) -> dict[str, list[str]]:
    return {name: list(messages) for name, messages in Everything(data).errors.items()}


def test_each_kind_of_input_is_named_with_the_verb_it_needs_when_left_empty():
    assert errors({}) == {
        "company": ["「会社名」を入力してください。"],
        "client": ["「メールソフト」を選んでください。"],
        "agree": ["「同意する」にチェックを入れてください。"],
        "picture": ["「画像」のファイルを選んでください。"],
        "people": ["「人数」を入力してください。"],
        "email": ["「メールアドレス」を入力してください。"],
        "when": ["「公開日時」を入力してください。"],
        "token": ["送信された内容を読み取れませんでした。ページを読み込み直して、もう一度お試しください。"],
        "note": ["メモを書いてください。"],  # a form's own message stays
    }


def test_wrong_values_are_named_and_say_what_to_do():
    found = errors(
        {
            "company": "株式会社なごや精機",
            "client": "zz",
            "people": "0",
            "email": "info@",
            "when_0": "x",
            "when_1": "10:42",
            "token": "t",
            "note": "n",
        }  # fmt: skip
    )
    assert found["company"] == ["「会社名」は5文字以内で入力してください（いまは9文字です）。"]
    assert found["client"] == ["「メールソフト」は一覧から選んでください。"]
    assert found["people"] == ["「人数」は1以上で入力してください。"]
    assert found["email"] == ["「メールアドレス」の形が正しくありません。「@」の前と後ろを確かめてください。"]
    assert found["when"] == ["「公開日時」は日付で入力してください。"]
