"""Our own drawings, placed in articles with ``![[diagram:pop-imap]]``.

Each is an SVG file in ``static/diagrams/``, drawn for this site in the
colours of ``static/css/tokens.css``, with a ``<title>`` and a ``<desc>`` that
say in words what it shows (the svg element names them with
``aria-labelledby``/``aria-describedby``). It is put into the page itself
(not an ``<img>``), so its text is real text: it takes the page's font, can
be read aloud and found with the browser's search, and prints sharp.

Only the drawings listed here can be placed; the file is ours, never an
editor's, so it is trusted markup.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from django.contrib.staticfiles import finders
from django.utils.html import format_html, mark_safe

DIAGRAMS = {
    "how-mail-arrives": "diagrams/how-mail-arrives.svg",
    "pop-imap": "diagrams/pop-imap.svg",
    "shared-pop-days": "diagrams/shared-pop-days.svg",
}
_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.DOTALL)


@cache
def _source(key: str) -> str:
    path = finders.find(DIAGRAMS[key])
    text = Path(path).read_text(encoding="utf-8")
    return text[text.index("<svg") :].strip()


def svg(key: str) -> str:
    """The drawing's SVG markup (KeyError: not one of ours)."""
    if key not in DIAGRAMS:
        raise KeyError(key)
    return _source(key)


def figure(key: str, *, occurrence: int = 1) -> str:
    """The drawing as a figure with its title as the visible caption; "" for an unknown key.
    A second copy in the same page gets ids of its own."""
    if key not in DIAGRAMS:
        return ""
    markup = _source(key)
    if occurrence > 1:
        markup = markup.replace(f"dg-{key}-", f"dg-{key}-{occurrence}-")
    title = _TITLE.search(markup)
    caption = format_html("<figcaption>{}</figcaption>", mark_safe(title.group(1))) if title else ""  # noqa: S308  our own file's text
    return format_html('<figure class="kb-diagram">{}{}</figure>', mark_safe(markup), caption)  # noqa: S308
