"""Parts of a setup guide that apply to one receiving protocol only.

An editor wraps them in ``::: pop`` … ``:::`` or ``::: imap`` … ``:::``
(kb/markdown.py renders the containers). The public article shows both, each
introduced by a visible label (「POPの場合」「IMAPの場合」); a customer's
personal guide keeps only the protocol of that customer's address, without
the label, through ``only_protocol``.

The HTML handled here is the sanitised HTML of kb/markdown.py: the only
``div`` elements in it are the blocks the renderer made, never nested, so
they can be found by their exact opening markup.
"""

from __future__ import annotations

import re

from core.i18n import gettext_noop

PROTOCOLS = ("pop", "imap")
# The visible label that opens a block on the public article page.
LABELS = {"pop": gettext_noop("POPの場合"), "imap": gettext_noop("IMAPの場合")}
BLOCK_CLASS = "protocol-block"
LABEL_CLASS = "protocol-block__label"


def opening_html(protocol: str) -> str:
    """The markup that starts a block: a wrapper and its label."""
    return (
        f'<div class="{BLOCK_CLASS} {BLOCK_CLASS}--{protocol}" data-protocol="{protocol}">\n'
        f'<p class="{LABEL_CLASS}">{LABELS[protocol]}</p>\n'
    )


CLOSING_HTML = "</div>\n"


def _block(protocol: str) -> re.Pattern:
    start = re.escape(f'<div class="{BLOCK_CLASS} {BLOCK_CLASS}--{protocol}" data-protocol="{protocol}">')
    label = re.escape(f'<p class="{LABEL_CLASS}">') + r"[^<]*</p>\n?"
    return re.compile(rf"{start}\n?(?:{label})?(?P<body>.*?)</div>\n?", re.DOTALL)


_BLOCKS = {protocol: _block(protocol) for protocol in PROTOCOLS}


def only_protocol(html: str, protocol: str) -> str:
    """Guide HTML for one protocol: the other protocol's blocks are removed and
    the kept blocks lose their wrapper and label, so the guide reads as if it
    had been written for that protocol alone."""
    if protocol not in PROTOCOLS:
        raise ValueError(f"protocol must be one of {PROTOCOLS}, not {protocol!r}")
    other = next(p for p in PROTOCOLS if p != protocol)
    html = _BLOCKS[other].sub("", html or "")
    return _BLOCKS[protocol].sub(lambda match: match.group("body"), html)


def protocols_in(html: str) -> set[str]:
    """The protocols that have at least one block in rendered guide HTML."""
    return {protocol for protocol in PROTOCOLS if _BLOCKS[protocol].search(html or "")}
