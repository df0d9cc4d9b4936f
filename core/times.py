"""Times as staff read them: Japan time (settings.TIME_ZONE), 「12月6日 10:42」,
with the year in front when it is not this year (「2025年12月6日 10:42」).
One function for templates (``{{ value|staff_time }}``, core_tags) and for
messages built in Python."""

from __future__ import annotations

from datetime import UTC, datetime

from django.utils import timezone
from django.utils.formats import date_format


def staff_time(value, *, now: datetime | None = None) -> str:
    """``value``: an aware datetime, or one stored as ISO text (a naive one is
    taken as UTC, as the database keeps it). Empty for no value."""
    if value in (None, ""):
        return ""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return ""
    if timezone.is_naive(value):
        value = timezone.make_aware(value, UTC)
    local = timezone.localtime(value)
    this_year = timezone.localtime(now).year if now else timezone.localdate().year
    return date_format(local, "n月j日 H:i" if local.year == this_year else "Y年n月j日 H:i")
