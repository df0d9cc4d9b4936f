"""Text helpers for searching Japanese articles.

Japanese has no spaces between words, so search works on a normalised copy of
the text (the one rule for it is ``normalize``):

- NFKC folds full-width ASCII (ＰＯＰ) and half-width katakana (ﾒｰﾙ) to their
  usual forms; casefold removes case;
- katakana become hiragana, so ぽっぷ, ポップ and ﾎﾟｯﾌﾟ are one word;
- spaces, 「・」, hyphens and the quote brackets 「」『』 are dropped
  (``compact``), so 「Microsoft365」 finds 「Microsoft 365」, 「新しい Outlook」
  finds 「新しいOutlook」, 「K9」 finds 「K-9」 and 「メールアプリ」 finds
  「「メール」アプリ」.

``highlight_snippet`` finds the normalised words in the original text with a
pattern that allows for each of these differences.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

MAX_QUERY_LENGTH = 200
MAX_TERMS = 8

_KATAKANA_TO_HIRAGANA = {code: code - 0x60 for code in range(0x30A1, 0x30F7)} | {
    0x30FD: 0x309D,
    0x30FE: 0x309E,
}
# Characters that join the parts of one word or name: dropped before matching.
_JOINERS = re.compile(r"[\s・\-「」『』]+")


def fold_kana(text: str) -> str:
    """Katakana → hiragana, one character for one character (ー stays)."""
    return text.translate(_KATAKANA_TO_HIRAGANA)


def normalize(text: str) -> str:
    """What search compares: NFKC, casefolded, katakana folded, joiners dropped."""
    return compact(fold_kana(unicodedata.normalize("NFKC", text or "").casefold()))


def compact(text: str) -> str:
    return _JOINERS.sub("", text)


def clean_query(query: str) -> str:
    """A query as editors should read it in reports: NFKC, casefolded, single spaces."""
    return " ".join(unicodedata.normalize("NFKC", query or "").casefold().split())


def split_terms(query: str) -> list[str]:
    """Distinct terms as typed (NFKC + casefold); spaces, also 全角, separate them."""
    terms: list[str] = []
    for term in clean_query(query).split():
        if term not in terms:
            terms.append(term)
    return terms[:MAX_TERMS]


# Markdown that may survive rendering as literal text: an emphasis CommonMark
# could not open or close next to Japanese punctuation (`この**「設定」**は`), a
# stray code mark, a heading mark typed inside a paragraph. Snippets are plain text.
_MARKDOWN_LEFTOVERS = re.compile(r"\*{2,}|_{2,}|`+|(?:^|(?<=\s))#{1,6}(?=\s)")


def plain_text(text: str) -> str:
    """Text without the Markdown marks that rendering left in it (spacing kept)."""
    return _MARKDOWN_LEFTOVERS.sub("", text)


def _variants(char: str) -> str:
    """A regex class for the characters of the original text that normalise to ``char``."""
    variants = {char}
    if "\u3041" <= char <= "\u3096" or char in "ゝゞ":
        variants.add(chr(ord(char) + 0x60))  # the katakana
    if char.isascii() and char.isalnum():
        variants.add(chr(ord(char) + 0xFEE0))  # the full-width letter or digit
    return "[" + "".join(re.escape(variant) for variant in sorted(variants)) + "]"


@lru_cache(maxsize=256)
def _original_pattern(forms: tuple[str, ...]) -> re.Pattern | None:
    """One pattern that finds any of the normalised ``forms`` in the original text:
    either kana, any case and width, joiners (spaces, 「・」, hyphens, 「」) anywhere
    between the characters. Longest form first, so a match is the longest one
    where several start. (Half-width katakana and other compatibility characters,
    which articles do not use, are left out.)"""
    alternatives = sorted({form for form in forms if form}, key=len, reverse=True)
    if not alternatives:
        return None
    joiners = f"{_JOINERS.pattern[:-1]}*"
    return re.compile("|".join(joiners.join(map(_variants, form)) for form in alternatives), re.IGNORECASE)


def highlight_snippet(text: str, forms: list[str] | tuple[str, ...], width: int = 110) -> SafeString:
    """A short escaped plain-text excerpt around the first match, each match in <mark>.

    ``forms`` are normalised words (``normalize``): a match of any of them,
    synonyms included, is highlighted where it stands in the original text,
    found there by one pattern (no normalising of the article per request).
    """
    text = " ".join((text or "").split())
    if not text:
        return mark_safe("")
    pattern = _original_pattern(tuple(forms))
    match = pattern.search(text) if pattern else None
    first = match.start() if match else None
    begin = 0
    if first is not None:
        begin = max(0, first - width // 3)
        # Start at the beginning of the sentence when it is close enough.
        sentence = text.rfind("。", 0, first) + 1
        if first - sentence <= width // 2:
            begin = sentence
    end = min(len(text), begin + width)
    excerpt = text[begin:end]
    pieces: list[str] = ["…" if begin > 0 else ""]
    cursor = 0
    for start, stop in (m.span() for m in pattern.finditer(excerpt)) if pattern else ():
        if start < cursor:
            continue
        pieces.append(escape(plain_text(excerpt[cursor:start])))
        pieces.append(f"<mark>{escape(excerpt[start:stop])}</mark>")
        cursor = stop
    pieces.append(escape(plain_text(excerpt[cursor:])))
    if end < len(text):
        pieces.append("…")
    return mark_safe("".join(pieces))  # every piece of user text above is escaped
