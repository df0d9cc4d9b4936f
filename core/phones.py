"""Phone numbers as people write them: 全角 digits, any dash, brackets, and an
extension (「052-000-0000 内線12」, 「03-1234-5678 ext. 5」). A number is kept
as typed (in half-width characters); ``tel_href`` makes the link a phone can
dial from it."""

from __future__ import annotations

import re
import unicodedata

from django import forms
from django.utils.translation import gettext_lazy as _

# Dashes people type between the groups of a number (NFKC leaves these alone).
DASHES = str.maketrans(dict.fromkeys("‐‑‒–—―−ーｰ", "-"))
EXTENSION = re.compile(r"\s*[(]?\s*(?:内線|ext\.?|x)\s*:?\s*(\d{1,6})\s*[)]?\s*$", re.IGNORECASE)
NUMBER = re.compile(r"^\+?[0-9()\- ]{6,20}$")


def half_width(phone: str) -> str:
    """全角 digits, brackets and ＋, and every kind of dash, as half-width characters."""
    return " ".join(unicodedata.normalize("NFKC", phone or "").translate(DASHES).split())


def split_extension(phone: str) -> tuple[str, str]:
    """("052-000-0000", "12") for 「052-000-0000 内線12」; the extension may be empty."""
    phone = half_width(phone)
    match = EXTENSION.search(phone)
    if match and match.start() > 0:
        return phone[: match.start()].strip(), match.group(1)
    return phone, ""


def is_phone_number(phone: str) -> bool:
    number, _extension = split_extension(phone)
    return bool(NUMBER.match(number)) and sum(c.isdigit() for c in number) >= 6


def tel_href(phone: str) -> str:
    """The ``tel:`` link of a number: its digits, and ``+`` when it starts with
    one (an extension cannot be dialled from a link and is left out)."""
    number, _extension = split_extension(phone)
    digits = "".join(c for c in number if c.isdigit())
    if not digits:
        return ""
    return "tel:" + ("+" if number.startswith("+") else "") + digits


class PhoneField(forms.CharField):
    """A phone number, with an extension if there is one; kept as typed in
    half-width characters."""

    default_error_messages = {
        "invalid": _(
            "「{label}」は数字とハイフンで入力してください（例：「03-1234-5678」「052-000-0000 内線12」）。"
        ),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 30)
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "tel", "autocomplete": "off"})

    def to_python(self, value):
        return half_width(super().to_python(value))

    def validate(self, value):
        super().validate(value)
        if value and not is_phone_number(value):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
