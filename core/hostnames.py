"""Host names as people type them: one check for every form and every file
that carries a server's name."""

from __future__ import annotations

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

HOST_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")


def validate_hostname(value: str) -> str:
    """A server's host name, lower case (an international name stays in its
    own letters). Host names reach files (DNS records, autoconfig XML, Apple
    profiles): no line break, space, control or invisible character passes."""
    host = value.strip().rstrip(".").lower()
    if any(unicodedata.category(char)[0] in "CZ" for char in host):
        raise ValidationError(
            _("サーバー名の形式が正しくありません（例：「mail.example.co.jp」）。"), code="host"
        )
    try:
        ascii_host = host.encode("idna").decode("ascii")
    except UnicodeError as error:
        raise ValidationError(
            _("サーバー名の形式が正しくありません（例：「mail.example.co.jp」）。"), code="host"
        ) from error
    labels = ascii_host.split(".")
    if len(ascii_host) > 253 or len(labels) < 2 or not all(HOST_LABEL.fullmatch(label) for label in labels):
        raise ValidationError(
            _("サーバー名の形式が正しくありません（例：「mail.example.co.jp」）。"), code="host"
        )
    if labels[-1].isdigit():
        raise ValidationError(
            _("IPアドレスではなく、サーバー名を入力してください（例：「mail.example.co.jp」）。"), code="host"
        )
    return host
