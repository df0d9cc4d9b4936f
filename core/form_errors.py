"""Error messages that name the field, in the house style (docs/writing-guide.md),
instead of Django's stock ones: 「このフィールドは必須です。」 does not say which
field, and 「この値は 1 以上でなければなりません。」 is not how we write.

``name_the_field_in_errors(form)`` gives every field of a form its messages by
error code, from the field's kind (a list is chosen, a box is ticked, a text
is typed). Django uses a field's ``error_messages`` for its own errors, for
its validators' errors and for the model's errors that come back through a
ModelForm (``unique`` included), all by code. A message a form wrote itself is
left alone. Every form a customer or director sees goes through it: the
wizard's forms (``wizard.fields.NormalizingMixin``), the others through
``NamedErrorsMixin``, the admin's through ``core.admin_forms``.
"""

from __future__ import annotations

import functools

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

# A hidden field is never typed: its error means the page was old or altered.
RELOAD = _("送信された内容を読み取れませんでした。ページを読み込み直して、もう一度お試しください。")

# By error code; {label} is the field's label. Codes Django gives with
# parameters keep them (%(limit_value)d and so on).
MESSAGES = {
    "required": _("「{label}」を入力してください。"),
    "blank": _("「{label}」を入力してください。"),
    "null": _("「{label}」を入力してください。"),
    "invalid": _("「{label}」の形式が正しくありません。"),
    "invalid_choice": _("「{label}」は一覧から選んでください。"),
    "invalid_list": _("「{label}」は一覧から選んでください。"),
    "invalid_pk_value": _("「{label}」は一覧から選んでください。"),
    "max_length": _(
        "「{label}」は%(limit_value)d文字以内で入力してください（いまは%(show_value)d文字です）。"
    ),
    "min_length": _(
        "「{label}」は%(limit_value)d文字以上で入力してください（いまは%(show_value)d文字です）。"
    ),
    "min_value": _("「{label}」は%(limit_value)s以上で入力してください。"),
    "max_value": _("「{label}」は%(limit_value)s以下で入力してください。"),
    "step_size": _("「{label}」は%(limit_value)sきざみの数で入力してください。"),
    "max_digits": _("「{label}」は%(max)s桁以内の数で入力してください。"),
    "max_decimal_places": _("「{label}」の小数は%(max)s桁までにしてください。"),
    "max_whole_digits": _("「{label}」の整数の部分は%(max)s桁までにしてください。"),
    "null_characters_not_allowed": _("「{label}」に使えない制御文字が含まれています。"),
    "incomplete": _("「{label}」をすべて入力してください。"),
    "invalid_date": _("「{label}」の日付を確かめてください（ない日付か、形式が違います）。"),
    "invalid_time": _("「{label}」の時刻を確かめてください（ない時刻か、形式が違います）。"),
    "invalid_datetime": _("「{label}」の日時を確かめてください（ない日時か、形式が違います）。"),
    "invalid_nullable": _("「{label}」は一覧から選んでください。"),
    "overflow": _("「{label}」の値が大きすぎます。"),
    "unique": _("「{label}」が同じ%(model_name)sがすでにあります。別の「{label}」にしてください。"),
    "unique_for_date": _("「{label}」が同じ%(model_name)sがすでにあります。別の「{label}」にしてください。"),
    "missing": _("「{label}」のファイルが届きませんでした。もう一度選んでください。"),
    "empty": _("「{label}」のファイルが空です。中身のあるファイルを選んでください。"),
    "contradiction": _(
        "「{label}」は、新しいファイルを選ぶか「クリア」にチェックを入れるか、どちらか1つにしてください。"
    ),
    "invalid_image": _("「{label}」は画像のファイルを選んでください（画像でないか、壊れています）。"),
    "invalid_extension": _(
        "「{label}」のファイルの種類（%(extension)s）は使えません。使える種類：%(allowed_extensions)s"
    ),
}

CHOOSE = _("「{label}」を選んでください。")
TICK = _("「{label}」にチェックを入れてください。")
CHOOSE_FILE = _("「{label}」のファイルを選んでください。")
FILE_NAME_LENGTH = _("「{label}」のファイル名は%(max)d文字以内にしてください（いまは%(length)d文字です）。")

# What "invalid" means for each kind of field, most specific first.
INVALID = (
    (forms.EmailField, _("「{label}」の形が正しくありません。「@」の前と後ろを確かめてください。")),
    (forms.URLField, _("「{label}」は「https://」で始まるURLで入力してください。")),
    (forms.SlugField, _("「{label}」には半角の英数字・ハイフン・アンダースコアだけが使えます。")),
    (forms.IntegerField, _("「{label}」は数字で入力してください。")),
    (forms.DecimalField, _("「{label}」は数字で入力してください。")),
    (forms.FloatField, _("「{label}」は数字で入力してください。")),
    (forms.SplitDateTimeField, _("「{label}」は日付と時刻で入力してください。")),
    (forms.DateTimeField, _("「{label}」は日付と時刻で入力してください。")),
    (forms.DateField, _("「{label}」は日付で入力してください。")),
    (forms.TimeField, _("「{label}」は時刻で入力してください。")),
    (forms.GenericIPAddressField, _("「{label}」はIPアドレスで入力してください。")),
    (forms.JSONField, _("「{label}」はJSONの形式で入力してください。")),
    (forms.FileField, _("「{label}」のファイルを受け取れませんでした。もう一度選んでください。")),
)


# Both tables below are made once per kind of field, label and language: a
# step with 30 addresses × 30 devices builds hundreds of row forms.


@functools.lru_cache(maxsize=256)
def _stock_messages(field_class, language: str) -> dict[str, tuple[object, str]]:
    """The messages Django's classes give this kind of field, each as Django's
    object and its text (a class of ours that writes its own keeps them;
    ``{label}`` in them is the field's label)."""
    stock: dict = {}
    for cls in reversed(field_class.__mro__):
        if cls.__module__.startswith("django."):
            stock.update(getattr(cls, "default_error_messages", {}))
    return {code: (message, str(message)) for code, message in stock.items()}


@functools.lru_cache(maxsize=4096)
def _messages(field_class, widget_class, hidden: bool, label: str, language: str) -> dict[str, str]:
    if hidden or not label:
        return dict.fromkeys(MESSAGES, str(RELOAD))
    choice = issubclass(field_class, forms.ChoiceField | forms.ModelChoiceField) or issubclass(
        widget_class, forms.widgets.ChoiceWidget
    )
    chosen = dict(MESSAGES)
    if issubclass(field_class, forms.BooleanField):
        chosen["required"] = TICK
    elif issubclass(field_class, forms.FileField):
        chosen["required"] = CHOOSE_FILE
        chosen["max_length"] = FILE_NAME_LENGTH
    elif choice:
        chosen["required"] = chosen["blank"] = chosen["null"] = CHOOSE
    invalid = next((text for kind, text in INVALID if issubclass(field_class, kind)), MESSAGES["invalid"])
    chosen["invalid"] = MESSAGES["invalid_choice"] if choice else invalid
    return {code: str(text).replace("{label}", label) for code, text in chosen.items()}


def messages_for(field, label) -> dict[str, str]:
    """Every message this field may give, naming ``label`` (do not change it: it is shared)."""
    widget = getattr(field.widget, "widget", field.widget)  # the admin wraps related widgets
    return _messages(type(field), type(widget), field.widget.is_hidden, str(label or ""), get_language())


def _name(field, label) -> None:
    stock = _stock_messages(type(field), get_language())
    for code, message in messages_for(field, label).items():
        current = field.error_messages.get(code)
        django_own = stock.get(code)
        if current is None or (django_own and current is django_own[0]):
            field.error_messages[code] = message
            continue
        text = str(current)
        if django_own and text == django_own[1]:
            field.error_messages[code] = message
        elif "{label}" in text:
            field.error_messages[code] = text.replace("{label}", str(label or ""))


def _no_null_characters(field, value) -> None:
    """ModelChoiceField's own check, which uses Django's message directly."""
    if "\x00" in str(value):
        code = "null_characters_not_allowed"
        raise forms.ValidationError(field.error_messages[code], code=code)


def name_the_field_in_errors(form) -> None:
    """Give each field of ``form`` the messages that name it, except those the
    form or field wrote itself; the parts of a field made of several (a date
    and a time) name the whole."""
    for field in form.fields.values():
        _name(field, field.label)
        if isinstance(field, forms.MultiValueField):
            for part in field.fields:
                _name(part, field.label if not field.widget.is_hidden else None)
                part.error_messages["incomplete"] = field.error_messages["incomplete"]
        if isinstance(field, forms.ModelChoiceField):
            field.validate_no_null_characters = functools.partial(_no_null_characters, field)


class NamedErrorsMixin:
    """A form whose fields' errors name them (put it before the form class)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        name_the_field_in_errors(self)


# A formset's own errors (rows of a table): a missing management form means
# the page was old or altered; the counts are the rows a table allows.
FORMSET_MESSAGES = {
    "missing_management_form": RELOAD,
    "too_many_forms": _("行が多すぎます。%(num)d行までにしてください。"),
    "too_few_forms": _("%(num)d行以上入力してください。"),
}
