"""A device's personal guide as steps numbered once through the whole guide.

The views give it the client's KB guide already cut to the device's protocol
and filled with its values (``kb.protocol_blocks.only_protocol``,
``kb.slots.fill_slots``); here every numbered list becomes numbered steps
that continue where the previous list stopped, after an Apple device's
profile steps, so 「手順7」 names one place in the whole guide. Each step
has an anchor (``step-7``) and its plain text (what a report quotes). What
the article says before its first steps (which version it shows, what to
have ready) is kept apart (``intro``): on a phone the steps come first.

The article HTML is the sanitised HTML of kb/markdown.py (nh3's output:
well-formed, no comments, no scripts), read with the standard library's
HTML parser; nothing here writes markup of its own but the steps' wrapper,
which the template draws.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape
from html.parser import HTMLParser

from django.utils.translation import gettext as _

from core.i18n import gettext_noop

VOID = frozenset({"br", "hr", "img", "wbr"})
HEADING = re.compile(r"\s*<h[1-6][\s>]")
TABLE = re.compile(
    r"\s*<table>\s*(?P<head><thead>.*?</thead>)\s*<tbody>(?P<rows>.*)</tbody>\s*</table>\s*", re.DOTALL
)

# Installing the Apple configuration profile (the button above the steps downloads it).
PROFILE_STEPS = {
    "pc": (
        gettext_noop("上のボタンをクリックします。ファイルは「ダウンロード」フォルダーに保存されます。"),
        gettext_noop(
            "保存されたファイルをダブルクリックします。「プロファイルを確認するには、システム設定を開いてください」という案内が出たら「閉じる」をクリックします。"
        ),
        gettext_noop(
            "「システム設定」を開き、「一般」→「デバイス管理」をクリックします（見当たらないときは、システム設定の検索欄に「プロファイル」と入力します）。"
        ),
        gettext_noop(
            "ダウンロードしたプロファイルをダブルクリックし、「インストール」をクリックします。Macにログインするときのパスワードを求められたら入力します。"
        ),
        gettext_noop("メールのパスワードを求められたら入力し、「インストール」をクリックします。"),
    ),
    "mobile": (
        gettext_noop(
            "上のボタンをタップし、「許可」をタップします。「プロファイルがダウンロードされました」と出たら「閉じる」をタップします。"
        ),
        gettext_noop(
            "「設定」を開き、いちばん上に出る「プロファイルがダウンロードされました」をタップします（出ていないときは「一般」→「VPNとデバイス管理」を開きます）。"
        ),
        gettext_noop("「インストール」をタップし、この端末のパスコードを入力します。"),
        gettext_noop(
            "もう一度「インストール」をタップします。メールのパスワードを求められたら入力し、「次へ」→「完了」をタップします。"
        ),
    ),
}


@dataclass(frozen=True)
class Step:
    number: int
    html: str  # safe HTML: the article's sanitised markup, or escaped text

    @property
    def anchor(self) -> str:
        return f"step-{self.number}"

    @property
    def text(self) -> str:
        """What the step says, as plain text (a report quotes it)."""
        return plain_text(self.html)


@dataclass(frozen=True)
class Part:
    """A piece of the guide in order: prose (``html``) or a numbered list (``steps``)."""

    html: str = ""
    steps: tuple[Step, ...] = ()

    @property
    def start(self) -> int:
        return self.steps[0].number if self.steps else 0


@dataclass(frozen=True)
class PersonalGuide:
    profile_steps: tuple[Step, ...]  # an Apple device's profile, before the article
    parts: tuple[Part, ...]  # the article from its first steps (the heading above them included)
    intro: tuple[Part, ...] = ()  # what the article says before (its version, what to have ready)

    @property
    def steps(self) -> tuple[Step, ...]:
        return self.profile_steps + tuple(step for part in self.parts for step in part.steps)

    def step(self, number: int | None) -> Step | None:
        return next((step for step in self.steps if step.number == number), None)

    def lists_with(self, slots) -> tuple[Step, ...]:
        """The numbered lists that hold one of these slots (``data-slot``), whole:
        where a changed setting is entered, from the list's first step."""
        marks = tuple(f'data-slot="{slot}"' for slot in slots)
        return tuple(
            step
            for part in self.parts
            if any(mark in step.html for step in part.steps for mark in marks)
            for step in part.steps
        )

    @property
    def last_number(self) -> int:
        steps = self.steps
        return steps[-1].number if steps else 0


class _Splitter(HTMLParser):
    """Top-level pieces of an HTML fragment; a top-level ``<ol>`` is split
    into the inner HTML of its own ``<li>`` items (lists inside an item stay
    in the item)."""

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.pieces: list[str | list[str]] = []
        self.depth = 0  # open elements
        self.in_list = False  # inside a top-level <ol>
        self.item: list[str] | None = None  # the open top-level item's markup
        self.prose: list[str] = []

    def _emit(self, markup: str) -> None:
        if self.item is not None:
            self.item.append(markup)
        elif not self.in_list:
            self.prose.append(markup)
            if self.depth == 0:  # a top-level element ended (or text between them)
                self._flush_prose()

    def _flush_prose(self) -> None:
        text = "".join(self.prose)
        if text.strip():
            self.pieces.append(text)
        self.prose = []

    def handle_starttag(self, tag, attrs):
        if tag == "ol" and self.depth == 0:
            self._flush_prose()
            self.in_list, self.depth = True, 1
            self.pieces.append([])
            return
        if tag == "li" and self.in_list and self.depth == 1:
            self.item, self.depth = [], 2
            return
        markup = self.get_starttag_text()
        if tag not in VOID:
            self.depth += 1
        self._emit(markup)

    def handle_startendtag(self, tag, attrs):
        self._emit(self.get_starttag_text())

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        self.depth -= 1
        if self.in_list and self.depth == 1 and tag == "li":
            self.pieces[-1].append("".join(self.item).strip())
            self.item = None
            return
        if self.in_list and self.depth == 0:
            self.in_list = False
            return
        self._emit(f"</{tag}>")

    def handle_data(self, data):
        self._emit(data)

    def handle_entityref(self, name):
        self._emit(f"&{name};")

    def handle_charref(self, name):
        self._emit(f"&#{name};")

    def close(self):
        super().close()
        self._flush_prose()


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []

    def handle_data(self, data):
        self.text.append(data)


def plain_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    parser.close()
    return " ".join("".join(parser.text).split())


def _numbered(items, first: int) -> tuple[Step, ...]:
    return tuple(Step(first + index, html) for index, html in enumerate(items))


def _joined_table(first: str, second: str) -> str | None:
    """Two tables in a row with the same header, as one (a guide splits a
    table where its rows differ by protocol; one protocol's guide needs one)."""
    a, b = TABLE.fullmatch(first), TABLE.fullmatch(second)
    if not (a and b and a["head"] == b["head"]):
        return None
    return f"<table>\n{a['head']}\n<tbody>{a['rows']}{b['rows']}</tbody>\n</table>\n"


def personal_guide(article_html: str, *, profile: str | None = None) -> PersonalGuide:
    """The guide with its steps numbered through: ``profile`` ("pc" or
    "mobile") puts the Apple profile's steps first."""
    profile_steps = _numbered((escape(_(text)) for text in PROFILE_STEPS[profile]), 1) if profile else ()
    splitter = _Splitter()
    splitter.feed(article_html or "")
    splitter.close()
    parts, number = [], len(profile_steps) + 1
    for piece in splitter.pieces:
        if isinstance(piece, str):
            joined = _joined_table(parts[-1].html, piece) if parts else None
            parts[-1:] = [Part(html=joined)] if joined else [*parts[-1:], Part(html=piece)]
        elif piece:
            steps = _numbered(piece, number)
            number += len(steps)
            parts.append(Part(steps=steps))
    first = next((index for index, part in enumerate(parts) if part.steps), len(parts))
    if 0 < first < len(parts) and HEADING.match(parts[first - 1].html):
        first -= 1  # the first steps' own heading stays with them
    return PersonalGuide(profile_steps=profile_steps, parts=tuple(parts[first:]), intro=tuple(parts[:first]))
