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

Each of these maps one character to one character or to nothing, which is what
lets ``highlight_snippet`` find a match in the original text again.
"""

from __future__ import annotations

import re
import unicodedata

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

MAX_QUERY_LENGTH = 200
MAX_TERMS = 8
SNIPPET_CHUNK = 400

_KATAKANA_TO_HIRAGANA = {code: code - 0x60 for code in range(0x30A1, 0x30F7)} | {
    0x30FD: 0x309D,
    0x30FE: 0x309E,
}
# Characters that join the parts of one word or name: dropped before matching.
_JOINERS = re.compile(r"[\s・\-「」『』]+")
_WORD_RUNS = re.compile(r"[^\s・\-「」『』]+")


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


def _normalized_with_positions(text: str) -> tuple[str, list[int]]:
    """``normalize(text)``, and for each of its characters where it came from in ``text``."""
    folded = fold_kana(unicodedata.normalize("NFKC", text).casefold())
    if len(folded) == len(text):  # the usual case: one character for one character
        origin: list[int] = []
        for run in _WORD_RUNS.finditer(folded):
            origin.extend(range(run.start(), run.end()))
        return compact(folded), origin
    out: list[str] = []
    origin = []
    for position, char in enumerate(text):
        normalized = normalize(char)
        out.append(normalized)
        origin.extend([position] * len(normalized))
    return "".join(out), origin


# Markdown that may survive rendering as literal text: an emphasis CommonMark
# could not open or close next to Japanese punctuation (`この**「設定」**は`), a
# stray code mark, a heading mark typed inside a paragraph. Snippets are plain text.
_MARKDOWN_LEFTOVERS = re.compile(r"\*{2,}|_{2,}|`+|(?:^|(?<=\s))#{1,6}(?=\s)")


def plain_text(text: str) -> str:
    """Text without the Markdown marks that rendering left in it (spacing kept)."""
    return _MARKDOWN_LEFTOVERS.sub("", text)


def _first_match(text: str, forms) -> int | None:
    """Where in ``text`` the first match of any form begins, reading it in chunks."""
    overlap = max((len(form) for form in forms), default=0) * 2
    for chunk_start in range(0, len(text), SNIPPET_CHUNK):
        folded, origin = _normalized_with_positions(text[chunk_start : chunk_start + SNIPPET_CHUNK + overlap])
        found = [index for index in (folded.find(form) for form in forms if form) if index >= 0]
        if found:
            return chunk_start + origin[min(found)]
    return None


def _spans(text: str, forms) -> list[tuple[int, int]]:
    folded, origin = _normalized_with_positions(text)
    spans = []
    for form in forms:
        if form:
            spans.extend(
                (origin[m.start()], origin[m.end() - 1] + 1) for m in re.finditer(re.escape(form), folded)
            )
    return sorted(spans, key=lambda span: (span[0], -span[1]))  # the longest match where several start


def highlight_snippet(text: str, forms: list[str] | tuple[str, ...], width: int = 110) -> SafeString:
    """A short escaped plain-text excerpt around the first match, each match in <mark>.

    ``forms`` are normalised words (``normalize``): a match of any of them,
    synonyms included, is highlighted where it stands in the original text.
    Only the excerpt is normalised, so a long article costs no more than a short one.
    """
    text = " ".join((text or "").split())
    if not text:
        return mark_safe("")
    first = _first_match(text, forms)
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
    for start, stop in _spans(excerpt, forms):
        if start < cursor:
            continue
        pieces.append(escape(plain_text(excerpt[cursor:start])))
        pieces.append(f"<mark>{escape(excerpt[start:stop])}</mark>")
        cursor = stop
    pieces.append(escape(plain_text(excerpt[cursor:])))
    if end < len(text):
        pieces.append("…")
    return mark_safe("".join(pieces))  # every piece of user text above is escaped
