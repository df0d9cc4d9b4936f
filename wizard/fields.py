"""Form building blocks of the wizard: input as people type it, and errors
that name the field (``core.form_errors``).

Machine values (addresses, host names, numbers, choices, login names) are
normalised with NFKC, so 全角 digits, letters, ＠ and ． become their usual
forms. Free text (a company, a person, a device's name, notes) keeps what the
person chose: only its 全角 digits and letters, ＠ and 半角ｶﾀｶﾅ change, so
「（本社）」 stays 「（本社）」. Sizes take units and separators:
「1GB」「1.5GB」「40MB」「1,024」「１０２４」.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from core.form_errors import name_the_field_in_errors
from core.hostnames import validate_hostname
from core.phones import PhoneField

__all__ = [
    "HostnameField",
    "NormalizingMixin",
    "NumberInput",
    "PhoneField",
    "QuotaField",
    "VolumeField",
    "as_typed",
    "nfkc",
]

# 全角 digits and letters, and ＠: what a Japanese keyboard types in 全角 mode.
_FULL_WIDTH = str.maketrans(
    {
        chr(code): chr(code - 0xFEE0)
        for code in [*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B), 0xFF20]
    }
)
_HALF_WIDTH_KANA = re.compile(r"[\uff61-\uff9f]+")


def nfkc(value):
    """A machine value (an address, a host, a number) in its usual form."""
    if isinstance(value, str):
        return unicodedata.normalize("NFKC", value).strip()
    return value


def as_typed(value):
    """Free text as the person wrote it, but with half-width digits and letters,
    @ and full-width katakana: brackets, punctuation and spaces stay as typed."""
    if not isinstance(value, str):
        return value
    value = _HALF_WIDTH_KANA.sub(lambda match: unicodedata.normalize("NFKC", match.group()), value)
    return value.translate(_FULL_WIDTH).strip()


def _is_free_text(form, name: str, field) -> bool:
    return type(field) is forms.CharField and name not in getattr(form, "machine_fields", ())


class NormalizingMixin:
    """Normalise this form's submitted strings before its fields see them, and
    name the field in every error message. ``machine_fields``: plain text
    fields that hold a machine value (a login name), normalised with NFKC."""

    machine_fields: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        name_the_field_in_errors(self)
        if not self.is_bound:
            return
        # Only this form's own keys: copying the whole submission for every row
        # of a big formset would cost rows × fields.
        submitted = self.data
        data = QueryDict(mutable=True) if hasattr(submitted, "getlist") else {}
        for name, field in self.fields.items():
            key = self.add_prefix(name)
            if key not in submitted:
                continue
            clean = as_typed if _is_free_text(self, name, field) else nfkc
            if hasattr(submitted, "getlist"):
                data.setlist(key, [clean(value) for value in submitted.getlist(key)])
            else:
                data[key] = clean(submitted[key])
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
    """A text box that accepts 全角 digits and units (type=number would refuse them)."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})


class SizeInput(forms.TextInput):
    """A size with its unit (「1.5GB」): a plain text box, since a phone's number
    pad has no letters."""

    def __init__(self, attrs=None):
        super().__init__(
            {"autocomplete": "off", "spellcheck": "false", "class": "input-short", **(attrs or {})}
        )


# A size as people write it: 「1.5GB」「40 MB」「1,024」「500KB」「2ギガ」.
SIZE = re.compile(r"^(-?(?:\d+(?:,\d{3})*(?:\.\d+)?|\.\d+))\s*([a-zぁ-んァ-ン]*)$", re.IGNORECASE)
UNITS_MB = {
    "": Decimal(1),
    "m": Decimal(1), "mb": Decimal(1), "メガ": Decimal(1), "メガバイト": Decimal(1),
    "g": Decimal(1024), "gb": Decimal(1024), "ギガ": Decimal(1024), "ギガバイト": Decimal(1024),
    "t": Decimal(1024 * 1024), "tb": Decimal(1024 * 1024), "テラ": Decimal(1024 * 1024),
    "k": Decimal(1) / 1024, "kb": Decimal(1) / 1024, "キロ": Decimal(1) / 1024,
}  # fmt: skip


def megabytes(text: str) -> Decimal | None:
    """「1.5GB」 → 1536, 「1,024」 → 1024, 「500KB」 → 0.48828125; None when it
    is not a size (1GB is 1,024MB, as the hosting firms' control panels count)."""
    match = SIZE.match(" ".join(nfkc(text or "").split()))
    if not match or match.group(2).lower() not in UNITS_MB:
        return None
    try:
        return Decimal(match.group(1).replace(",", "")) * UNITS_MB[match.group(2).lower()]
    except InvalidOperation:
        return None


class _SizeField:
    """A size in MB, typed in KB, MB or GB (``megabytes``): ``_rounded`` keeps it
    as the field stores it; more digits than any box has are left for max_value."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", SizeInput())
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values or (isinstance(value, str) and not value.strip()):
            return None
        size = megabytes(str(value))
        if size is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        try:
            return self._rounded(size)
        except InvalidOperation:  # more digits than a size has: max_value says so
            return self._unrounded(size)


class QuotaField(_SizeField, forms.IntegerField):
    """A mailbox quota in MB, typed in MB or GB (whole MB are stored)."""

    default_error_messages = {
        "invalid": _("「{label}」は数字で入力してください（例：「2048」「2,048MB」「1.5GB」）。"),
    }

    def _rounded(self, size: Decimal) -> int:
        return int(size.quantize(Decimal(1), rounding=ROUND_HALF_UP))

    def _unrounded(self, size: Decimal) -> int:
        return int(size)


class VolumeField(_SizeField, forms.DecimalField):
    """Mail received per day in MB, typed in MB, KB or GB (kept to 0.01MB)."""

    default_error_messages = {
        "invalid": _("「{label}」は数字で入力してください（例：「40」「40MB」「0.5」）。"),
    }

    def _rounded(self, size: Decimal) -> Decimal:
        return size.quantize(Decimal(1).scaleb(-(self.decimal_places or 0)), rounding=ROUND_HALF_UP)

    def _unrounded(self, size: Decimal) -> Decimal:
        return size
