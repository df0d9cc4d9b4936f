"""QR codes of our own URLs, as inline SVG, each drawn once per process.

Drawing a code costs a few milliseconds, most of it segno choosing the best
of eight masks, and a sheet of 30 addresses × 30 devices shows 900 of them.
So a drawn code is kept in this process's memory, keyed by a hash of what
it encodes and its title, and the next sheet, guide or print of the same
link and device reads it back. The many codes of the devices' guides are
drawn with one fixed mask (``quick``): each of the eight masks makes a valid
code (ISO/IEC 18004), the best one only avoids patterns that may slow a
reader down, and a fixed one costs a fifth of the time (the first 30 × 30
sheet of a process: ~10 s with the best masks, ~1.5 s with a fixed one).
The single code of a link keeps the best mask.

Kept here rather than in the shared cache: a code encodes a customer
link's token, and anyone who can read a shared Redis could scan it into a
live link. A process keeps at most ``KEPT`` codes (about 3 KB each), the
least recently shown going first.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict

import segno
from django.utils.translation import gettext as _

KEPT = 4096  # ≈ 12 MB per process: four sheets of 30 × 30 devices
QUICK_MASK = 1  # which does not matter; tests decode quick codes of many links with zbarimg


class DrawnCodes:
    """The codes this process has drawn, least recently shown first."""

    def __init__(self, size: int):
        self.size = size
        self._codes: OrderedDict[bytes, str] = OrderedDict()
        self._lock = threading.Lock()  # gunicorn may run threads

    @staticmethod
    def key(url: str, title: str, quick: bool = False) -> bytes:
        return hashlib.blake2b(f"{url}\n{title}\n{quick}".encode(), digest_size=16).digest()

    def get(self, key: bytes) -> str | None:
        with self._lock:
            svg = self._codes.get(key)
            if svg is not None:
                self._codes.move_to_end(key)
            return svg

    def keep(self, key: bytes, svg: str) -> None:
        with self._lock:
            self._codes[key] = svg
            self._codes.move_to_end(key)
            while len(self._codes) > self.size:
                self._codes.popitem(last=False)

    def forget(self) -> None:
        with self._lock:
            self._codes.clear()

    def __len__(self) -> int:
        return len(self._codes)


DRAWN = DrawnCodes(KEPT)


def qr_svg(url: str, *, title: str = "", quick: bool = False) -> str:
    """The link as an inline SVG QR code: a 4-module quiet zone (ISO/IEC 18004),
    a viewBox so CSS can size it for screen and paper, no inline style.
    Drawn the first time this process shows it, then read back; ``quick``
    (for pages that show many) draws it with a fixed mask."""
    title = title or _("お客さま用リンクの QR コード")
    key = DRAWN.key(url, title, quick)
    svg = DRAWN.get(key)
    if svg is None:
        svg = _draw(url, title, QUICK_MASK if quick else None)
        DRAWN.keep(key, svg)
    return svg


def _draw(url: str, title: str, mask: int | None = None) -> str:
    code = segno.make(url, error="m", micro=False, mask=mask)
    return code.svg_inline(
        scale=1,
        border=4,
        omitsize=True,
        svgclass="qr",
        lineclass="qr__modules",
        title=title,
    )
