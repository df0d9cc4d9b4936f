"""Form building blocks of the wizard: every input is normalised (NFKC: 全角
digits, letters and ＠ become their usual forms) before it is validated."""

from __future__ import annotations

import re
import unicodedata

from django import forms
from django.http import QueryDict
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.hostnames import validate_hostname

PHONE = re.compile(r"^\+?[0-9()\- ]{6,20}$")


def nfkc(value):
    if isinstance(value, str):
        return unicodedata.normalize("NFKC", value).strip()
    return value


# Django's stock messages do not say which field is wrong (「このフィールドは必須です。」);
# these name it. Keys a form customised itself are left alone.
NAMED_ERRORS = {
    "required": _("「{label}」を入力してください。"),
    "invalid": _("「{label}」の形式が正しくありません。"),
    "invalid_choice": _("「{label}」は一覧から選んでください。"),
    "max_length": _(
        "「{label}」は %(limit_value)d 文字以内で入力してください (いまは %(show_value)d 文字)。"
    ),
    "min_value": _("「{label}」は %(limit_value)s 以上で入力してください。"),
    "max_value": _("「{label}」は %(limit_value)s 以下で入力してください。"),
    "max_digits": _("「{label}」の桁数が多すぎます。"),
    "max_decimal_places": _("「{label}」の小数は %(max)s 桁までにしてください。"),
}


NUMBER_ERROR = _("「{label}」は数字で入力してください。")


def name_the_field_in_errors(form) -> None:
    # Worked out once per field definition and language, then reused: a devices
    # step at 30 × 30 builds 900 rows of the same form. Kept with the label and
    # messages it was worked out from, which must be the very same objects.
    language = get_language()
    for name, field in form.fields.items():
        given = (field.label, *(field.error_messages.get(key) for key in NAMED_ERRORS))
        key = (type(field), name, language, *map(id, given))
        kept = _NAMED.get(key)
        if kept is None or any(a is not b for a, b in zip(kept[0], given, strict=True)):
            if len(_NAMED) >= 4096:
                _NAMED.clear()
            kept = _NAMED[key] = (given, _named_errors(field, name))
        field.error_messages.update(kept[1])


_NAMED: dict[tuple, tuple[tuple, dict]] = {}


def _named_errors(field, name: str) -> dict:
    stock: dict = {}
    for cls in reversed(type(field).__mro__):
        stock.update(getattr(cls, "default_error_messages", {}))
    label = field.label or name
    numeric = isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField)
    named = {}
    for key, template in NAMED_ERRORS.items():
        if key == "invalid" and numeric:
            template = NUMBER_ERROR
        if key in stock and str(field.error_messages.get(key)) == str(stock[key]):
            named[key] = str(template).replace("{label}", str(label))
    return named


class NormalizingMixin:
    """Normalise this form's submitted strings (NFKC) before its fields see
    them, and name the field in every stock error message."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        name_the_field_in_errors(self)
        if not self.is_bound:
            return
        # Only this form's own keys: copying the whole submission for every row
        # of a big formset would cost rows × fields.
        submitted = self.data
        data = QueryDict(mutable=True) if hasattr(submitted, "getlist") else {}
        for key in (self.add_prefix(name) for name in self.fields):
            if key not in submitted:
                continue
            if hasattr(submitted, "getlist"):
                data.setlist(key, [nfkc(value) for value in submitted.getlist(key)])
            else:
                data[key] = nfkc(submitted[key])
        self.data = data


class HostnameField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 253)
        super().__init__(**kwargs)
        self.widget.attrs.update({"autocomplete": "off", "spellcheck": "false", "inputmode": "url"})

    def clean(self, value):
        value = super().clean(value)
        return validate_hostname(value) if value else value


class NumberInput(forms.TextInput):
    """A text box that accepts 全角 digits (type=number would refuse them)."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})
