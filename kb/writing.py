"""The mechanical rules of docs/writing-guide.md, for any text a customer reads.

``tests/kb/test_content.py`` runs them over every article; the same functions
take any other string (engine explanations, catalogue labels, sheet
templates, messages) so one voice can be checked everywhere:

    from kb.writing import findings
    assert findings("PC で受信します (POP)") == [...]

A vendor's own on-screen wording is quoted in 「」 and is left as the vendor
writes it (Apple's 「サーバ」), so text inside 「」, code, URLs and slots is
masked before the rules run (``prose``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

JAPANESE = r"[\u3040-\u30ff\u3400-\u9fff々〆]"

# rule → the pattern that breaks it. The writing guide's table says what to write instead.
FORBIDDEN_FORMS: dict[str, str] = {
    "サーバ": r"サーバ(?!ー)",
    "フォルダ": r"フォルダ(?!ー)",
    "ユーザ": r"ユーザ(?!ー)",
    "ブラウザ": r"ブラウザ(?!ー)",
    "プロバイダ": r"プロバイダ(?!ー)",
    "コンピュータ": r"コンピュータ(?!ー)",
    "受信箱": r"受信箱",
    "受信ボックス": r"受信ボックス",
    "ゴミ箱": r"ゴミ箱",
    "お客様": r"お客様",
    "あなた": r"あなた",
    "パソコン": r"パソコン",
    "一人": r"一人",
    "時々": r"時々",
    "下さい": r"下さい",
    "出来る": r"出来",
    "full-width letters or digits": r"[０-９Ａ-Ｚａ-ｚ]",
    "a full-width space": "\u3000",
    "a full-width tilde instead of 〜": "\uff5e",
    # A time after its date keeps its space: 「12月6日 10:42」.
    "a space between Japanese and Latin text": rf"(?!日 \d{{1,2}}:\d{{2}}){JAPANESE} [A-Za-z0-9]|[A-Za-z0-9] {JAPANESE}",
    "half-width brackets in Japanese text": r"[()]",
    "a half-width colon, question or exclamation mark after Japanese": rf"{JAPANESE}[:?!]",
    "a half-width comma or period after Japanese": rf"{JAPANESE}(?:,|\.(?![A-Za-z]))",  # .pst, お名前.com are names
    "a date with slashes or hyphens instead of 2026年11月27日": r"(?<!\d)\d{4}[/-]\d{1,2}[/-]\d{1,2}(?!\d)",
    "a number of four or more digits without a comma (2,000MB)": r"(?<![\d,.])\d{4,}(?=\s?(?:MB|GB|KB|円|件|通))",
    "a link that only says こちら": r"\[こちら\]",
}
_COMPILED = {rule: re.compile(pattern) for rule, pattern in FORBIDDEN_FORMS.items()}


@dataclass(frozen=True)
class Finding:
    rule: str
    line: str  # the offending line, masked as the rules saw it, shortened

    def __str__(self) -> str:
        return f"{self.rule}: {self.line}"


def prose(text: str) -> str:
    """What the reader reads as running text: no code, URLs, slots or 「labels」."""
    text = re.sub(r"```.*?```", " ", text, flags=re.DOTALL)
    text = re.sub(r"`[^`\n]*`", "CODE", text)
    text = re.sub(r"\]\([^)\s]*\)", "]", text)  # a link's target
    text = re.sub(r"https?://\S+", "URL", text)
    text = re.sub(r"\{\{[^{}]*\}\}", "SLOT", text)
    text = re.sub(r"^:::.*$", "", text, flags=re.MULTILINE)  # a protocol block's fence
    previous = None
    while previous != text:  # innermost 「…」 first, so nested quotes go too
        previous = text
        text = re.sub(r"「[^「」\n]*」", "「LABEL」", text)
    return text


def findings(text: str, rules: tuple[str, ...] | None = None) -> list[Finding]:
    """Every line of ``text`` that breaks a rule, once per rule and line."""
    found = []
    for line in prose(text or "").splitlines():
        for rule, pattern in _COMPILED.items():
            if (rules is None or rule in rules) and pattern.search(line):
                found.append(Finding(rule=rule, line=line.strip()[:80]))
    return found
