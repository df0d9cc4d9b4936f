"""Where a settings sheet's parts live: behind the staff login
(``StaffSheetUrls``) or behind a customer link's token (``CustomerSheetUrls``).

Each side names its own URL patterns and arguments; a test reverses every
part on both sides, so a pattern renamed on one side fails at once instead
of breaking a page later. QR codes carry full URLs on the site's own address
(``DJANGO_SITE_URL``, never the request's Host); only a customer link has a
URL a phone can open, so QR codes always lead into one: the link being
shown, or on the staff sheet (for its print) the hearing's live link
(``StaffSheetUrls(..., printed=CustomerSheetUrls(token))``).
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from .qr import qr_svg
from .servers import to_ascii

PARTS = ("sheet", "guide", "report", "profile", "autoconfig", "dns")


class SheetUrls:
    """The parts of one hearing's sheet. ``names``: part → URL name (or None
    where this side has no such part)."""

    names: dict[str, str | None]
    customer: bool = False
    printed: SheetUrls | None = None  # whose URLs the QR codes carry (a customer link's)

    def _args(self) -> dict:
        raise NotImplementedError

    def _reverse(self, part: str, **kwargs) -> str:
        name = self.names[part]
        return reverse(name, kwargs={**self._args(), **kwargs}) if name else ""

    def sheet(self) -> str:
        return self._reverse("sheet")

    def guide(self, device_id: int) -> str:
        return self._reverse("guide", device_id=device_id)

    def report(self, device_id: int) -> str:
        """Where the customer reports on a device ("" on the staff side)."""
        return self._reverse("report", device_id=device_id)

    def profile(self, mailbox_id: int) -> str:
        return self._reverse("profile", mailbox_id=mailbox_id)

    def autoconfig(self, domain: str) -> str:
        return self._reverse("autoconfig", domain=to_ascii(domain))

    def dns(self) -> str:
        return self._reverse("dns")

    @property
    def has_qr(self) -> bool:
        return self.printed is not None

    def guide_qr(self, device_id: int, title: str) -> str:
        """The QR code a phone scans to open this device's guide ("" without a link)."""
        if self.printed is None:
            return ""
        return qr_svg(settings.SITE_URL + self.printed.guide(device_id), title=title, quick=True)


class StaffSheetUrls(SheetUrls):
    names = {
        "sheet": "wizard:sheet",
        "guide": "wizard:guide",
        "report": None,  # only a customer reports; staff see the report instead
        "profile": "wizard:profile",
        "autoconfig": "wizard:autoconfig",
        "dns": "wizard:dns",
    }

    def __init__(self, hearing_id, *, printed: CustomerSheetUrls | None = None):
        self.hearing_id = hearing_id
        self.printed = printed  # the live customer link whose QR codes the sheet prints

    def _args(self) -> dict:
        return {"pk": self.hearing_id}


class CustomerSheetUrls(SheetUrls):
    names = {
        "sheet": "customer:sheet",
        "guide": "customer:guide",
        "report": "customer:report",
        "profile": "customer:profile",
        "autoconfig": "customer:autoconfig",
        "dns": "customer:dns",
    }
    customer = True

    def __init__(self, token: str):
        self.token = token
        self.printed = self

    def _args(self) -> dict:
        return {"token": self.token}
