"""Numbers as a visitor sent them: one parser for every count, id, version and
page number that arrives as text (forms, query strings, headers)."""

from __future__ import annotations

MAX_DIGITS = 18  # fits a 64-bit database integer


def whole_number(value) -> int | None:
    """A count or id as a form sent it (ASCII digits, at most 18 of them), or
    None for anything else. ``int()`` would also take digits such as ``"²"``
    or thousands of them, and then fail."""
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= MAX_DIGITS:
        return int(value)
    return None
