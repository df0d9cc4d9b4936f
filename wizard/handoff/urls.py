"""Where a settings sheet's parts live: behind the staff login
(``StaffSheetUrls``) or behind a customer link's token (``CustomerSheetUrls``).

Each side names its own URL patterns and arguments; a test reverses every
part on both sides, so a pattern renamed on one side fails at once instead
of breaking a page later. QR codes carry full URLs on the site's own address
(``DJANGO_SITE_URL``, never the request's Host); only a customer link has a
URL a phone can open, so only it has QR codes.
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

    def guide_qr(self, device_id: int, title: str) -> str:
        """The QR code a phone scans to open this device's guide ("" without a token)."""
        return qr_svg(settings.SITE_URL + self.guide(device_id), title=title) if self.customer else ""


class StaffSheetUrls(SheetUrls):
    names = {
        "sheet": "wizard:sheet",
        "guide": "wizard:guide",
        "report": None,  # only a customer reports; staff see the report instead
        "profile": "wizard:profile",
        "autoconfig": "wizard:autoconfig",
        "dns": "wizard:dns",
    }

    def __init__(self, hearing_id):
        self.hearing_id = hearing_id

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

    def _args(self) -> dict:
        return {"token": self.token}
