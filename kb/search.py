"""Search helpers that work for Japanese text.

Japanese has no spaces between words, so search is substring matching on a
normalised copy of the text: NFKC folds full-width ASCII (ＰＯＰ) and
half-width katakana (ﾒｰﾙ) to their usual forms, casefold removes case.
"""

from __future__ import annotations

import re
import unicodedata

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

MAX_QUERY_LENGTH = 200
MAX_TERMS = 8


def normalize(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").casefold()


def split_terms(query: str) -> list[str]:
    """Distinct normalised terms; spaces (also 全角) separate them, all must match."""
    terms: list[str] = []
    for term in normalize(query).split():
        if term not in terms:
            terms.append(term)
    return terms[:MAX_TERMS]


def _normalized_with_positions(text: str) -> tuple[str, list[int]]:
    """Normalise char by char, remembering where each output char came from."""
    out: list[str] = []
    origin: list[int] = []
    for position, char in enumerate(text):
        folded = normalize(char)
        out.append(folded)
        origin.extend([position] * len(folded))
    return "".join(out), origin


def highlight_snippet(text: str, terms: list[str], width: int = 110) -> SafeString:
    """A short escaped excerpt around the first match, each match in <mark>."""
    if not text:
        return mark_safe("")
    folded, origin = _normalized_with_positions(text)
    spans: list[tuple[int, int]] = []
    for term in terms:
        for match in re.finditer(re.escape(term), folded):
            start = origin[match.start()]
            end = origin[match.end() - 1] + 1
            spans.append((start, end))
    spans.sort()
    if spans:
        first = spans[0][0]
        begin = max(0, first - width // 3)
    else:
        begin = 0
    end = min(len(text), begin + width)
    pieces: list[str] = ["…" if begin > 0 else ""]
    cursor = begin
    for start, stop in spans:
        if start < cursor or start >= end:
            continue
        stop = min(stop, end)
        pieces.append(escape(text[cursor:start]))
        pieces.append(f"<mark>{escape(text[start:stop])}</mark>")
        cursor = stop
    pieces.append(escape(text[cursor:end]))
    if end < len(text):
        pieces.append("…")
    return mark_safe("".join(pieces))  # every piece of user text above is escaped
