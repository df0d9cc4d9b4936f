"""Numbers as a visitor sent them (core.parsing.whole_number)."""

import pytest

from core.parsing import whole_number


@pytest.mark.parametrize(
    ("text", "number"), [("0", 0), ("7", 7), ("007", 7), ("9" * 18, 10**18 - 1), (12, 12)]
)
def test_ascii_digits_are_a_whole_number(text, number):
    assert whole_number(text) == number


@pytest.mark.parametrize("text", ["", "²", "٣", "１２", "-1", "+1", " 1", "1.5", "1e3", "9" * 19, None, 1.0])
def test_anything_else_is_none(text):
    assert whole_number(text) is None
