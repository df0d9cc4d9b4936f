"""Slots: places in an article that a customer's own settings can fill in.

An editor writes ``{{受信サーバー}}`` in a guide. On the public article page
it reads as a general phrase (「設定シートの受信サーバー名」); on a customer's
personal guide (reached through their private link) it becomes that device's
value (``mail.example.co.jp``). The names are Japanese because editors type
them; unknown names are refused when an article is saved in the admin.
"""

from __future__ import annotations

import re

from django.utils.html import escape

from core.i18n import gettext_noop

# name in the article → (key the wizard fills, text shown on the public page)
SLOTS: dict[str, tuple[str, str]] = {
    "メールアドレス": ("address", gettext_noop("お客さまのメールアドレス")),
    "受信方式": ("protocol", gettext_noop("設定シートの受信方式（POPまたはIMAP）")),
    "受信サーバー": ("incoming_host", gettext_noop("設定シートの受信サーバー名")),
    "受信ポート": ("incoming_port", gettext_noop("POPなら995、IMAPなら993")),
    "送信サーバー": ("outgoing_host", gettext_noop("設定シートの送信サーバー名")),
    "送信ポート": ("outgoing_port", gettext_noop("465（設定シートに587とある場合は587）")),
    "送信の暗号化": ("outgoing_security", gettext_noop("SSL/TLS（ポート587の場合はSTARTTLS）")),
    "日数": ("days", gettext_noop("設定シートの日数")),
    "削除の設定": ("delete_after", gettext_noop("設定シートに書かれた項目")),
}
SLOT_KEYS = frozenset(key for key, _text in SLOTS.values())

_WRITTEN = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")
# Between parsing and sanitising a slot is carried as two private-use
# characters around its key; they are stripped from what editors write (also
# when written as character references), so only text, never an attribute,
# can carry one.
_OPEN, _CLOSE = "\ue000", "\ue001"
_CARRIED = re.compile(f"{_OPEN}([a-z_]+){_CLOSE}")
_MARKED = re.compile(r'<span class="slot" data-slot="([a-z_]+)">[^<]*</span>')


def unknown_slots(source: str) -> list[str]:
    """Slot names in Markdown that are not in SLOTS, in order, once each."""
    seen: dict[str, None] = {}
    for name in _WRITTEN.findall(source or ""):
        if name not in SLOTS:
            seen.setdefault(name)
    return list(seen)


def strip_carriers(source: str) -> str:
    return (source or "").replace(_OPEN, "").replace(_CLOSE, "")


def carry_slots(text: str) -> str:
    """In the text of one Markdown token: known written slots → carriers."""

    def replace(match: re.Match) -> str:
        slot = SLOTS.get(match.group(1))
        return f"{_OPEN}{slot[0]}{_CLOSE}" if slot else match.group(0)

    return _WRITTEN.sub(replace, text)


def general_text(text: str) -> str:
    """Written slots → their general phrase, as plain text (headings' TOC)."""
    return _WRITTEN.sub(lambda m: SLOTS[m.group(1)][1] if m.group(1) in SLOTS else m.group(0), text)


_GENERAL_BY_KEY = dict(SLOTS.values())


def mark_slots(html: str) -> str:
    """Carriers in sanitised HTML → marked general phrases. The markup and the
    phrase are ours, never the editor's."""
    return _CARRIED.sub(
        lambda m: (
            f'<span class="slot" data-slot="{m.group(1)}">{escape(_GENERAL_BY_KEY[m.group(1)])}</span>'
            if m.group(1) in _GENERAL_BY_KEY
            else ""
        ),
        html,
    )


def fill_slots(html: str, values: dict[str, str | None]) -> str:
    """Put a customer's values into marked slots; slots without a value keep
    their general phrase. Values are escaped here."""

    def replace(match: re.Match) -> str:
        value = values.get(match.group(1))
        if value in (None, ""):
            return match.group(0)
        return f'<strong class="slot slot--filled" data-slot="{match.group(1)}">{escape(value)}</strong>'

    return _MARKED.sub(replace, html)
