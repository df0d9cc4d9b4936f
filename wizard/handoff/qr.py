"""QR codes of our own URLs, as inline SVG."""

from __future__ import annotations

import segno
from django.utils.translation import gettext as _


def qr_svg(url: str, *, title: str = "") -> str:
    """The link as an inline SVG QR code: a 4-module quiet zone (ISO/IEC 18004),
    a viewBox so CSS can size it for screen and paper, no inline style."""
    code = segno.make(url, error="m", micro=False)
    return code.svg_inline(
        scale=1,
        border=4,
        omitsize=True,
        svgclass="qr",
        lineclass="qr__modules",
        title=title or _("お客さま用リンクの QR コード"),
    )
