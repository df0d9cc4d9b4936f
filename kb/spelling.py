"""Edit distance for 「もしかして」 (pure Python, no Django).

Damerau–Levenshtein on normalised words (katakana already folded to
hiragana), where the slips a Japanese keyboard makes cost half: a missing or
extra ー, a missing dakuten (ト/ド), a small kana for a big one (ツ/ッ).
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from functools import cache

_SMALL_KANA = str.maketrans("ぁぃぅぇぉっゃゅょゎゕゖ", "あいうえおつやゆよわかけ")
HALF = 0.5


@cache
def _kana_base(char: str) -> str:
    return unicodedata.normalize("NFD", char)[0].translate(_SMALL_KANA)


def _substitution(a: str, b: str) -> float:
    if a == b:
        return 0
    return HALF if _kana_base(a) == _kana_base(b) else 1


def _indel(char: str) -> float:
    return HALF if char == "ー" else 1


def distance(a: str, b: str) -> float:
    """Damerau–Levenshtein distance on normalised words, with the kana half-costs above."""
    previous2: list[float] = []
    previous = [0.0]
    for char in b:
        previous.append(previous[-1] + _indel(char))
    for i, ca in enumerate(a, 1):
        current = [previous[0] + _indel(ca)]
        for j, cb in enumerate(b, 1):
            cost = min(
                previous[j] + _indel(ca),
                current[j - 1] + _indel(cb),
                previous[j - 1] + _substitution(ca, cb),
            )
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cost = min(cost, previous2[j - 2] + 1)
            current.append(cost)
        previous2, previous = previous, current
    return previous[-1]


def allowed_distance(length: int) -> float:
    if length <= 2:
        return HALF
    return 1 if length <= 5 else 2


def could_be_within(letters: Counter, other: Counter, longest: int, limit: float) -> bool:
    """A cheap bound: every character the two words do not share costs at least half."""
    common = sum(min(count, other[char]) for char, count in letters.items())
    return (longest - common) * HALF <= limit
