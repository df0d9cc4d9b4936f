"""Japanese spellings of the same word, for search: ひらがな, カタカナ and 半角ｶﾀｶﾅ
(「とうかい」「トウカイ」「ﾄｳｶｲ」), and the company-name key that finds the same
company written another way (「株式会社 東海精工」 and 「東海精工(株)」). Pure Python."""

from __future__ import annotations

import re
import unicodedata

HIRAGANA = (0x3041, 0x3096)  # ぁ … ゖ
KATAKANA_SHIFT = 0x60  # ァ is ぁ + 0x60
# 半角ｶﾀｶﾅ (and their voiced forms, ｶﾞ = カ + ﾞ) by the full-width letter NFKC makes of them.
HALFWIDTH = {
    unicodedata.normalize("NFKC", half): half
    for half in [chr(code) for code in range(0xFF61, 0xFFA0)]
    + [chr(code) + mark for code in range(0xFF66, 0xFF9E) for mark in ("\uff9e", "\uff9f")]
    if len(unicodedata.normalize("NFKC", half)) == 1
}
DESIGNATORS = re.compile(
    r"株式会社|有限会社|合同会社|合資会社|合名会社|一般社団法人|一般財団法人|\((?:株|有|同)\)"
)


def katakana(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    return "".join(chr(ord(c) + KATAKANA_SHIFT) if HIRAGANA[0] <= ord(c) <= HIRAGANA[1] else c for c in text)


def hiragana(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    low, high = HIRAGANA[0] + KATAKANA_SHIFT, HIRAGANA[1] + KATAKANA_SHIFT
    return "".join(chr(ord(c) - KATAKANA_SHIFT) if low <= ord(c) <= high else c for c in text)


def halfwidth(text: str) -> str:
    return "".join(HALFWIDTH.get(c, c) for c in katakana(text))


def spellings(text: str) -> list[str]:
    """``text`` and its other kana spellings, each once, ``text`` first."""
    return list(dict.fromkeys([text, katakana(text), hiragana(text), halfwidth(text)]))


def company_key(name: str) -> str:
    """What two spellings of one company name share: NFKC, no corporate
    designator, no spaces, katakana, lower case."""
    name = DESIGNATORS.sub("", unicodedata.normalize("NFKC", name or ""))
    return katakana(re.sub(r"\s+", "", name)).casefold()
