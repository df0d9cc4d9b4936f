import functools

from django.conf import settings
from django.db import DatabaseError
from django.utils.functional import SimpleLazyObject

from .models import AgencyContact


def site(request):
    return {"site_name": settings.SITE_NAME, "site_url": settings.SITE_URL}


def _row():
    try:
        return AgencyContact.row()
    except DatabaseError:  # pages still render when the database cannot be reached
        return None


def agency_contact(request):
    """How customers reach the agency (admin-editable, core.AgencyContact), read
    only by the pages that show it, once per request: ``agency_contact`` is the
    contact customers may see (None until an admin has set it);
    ``agency_contact_unset`` is true while it is missing or still the sample
    (staff pages warn)."""
    read = functools.cache(_row)
    return {
        "agency_contact": SimpleLazyObject(lambda: None if read() is None or read().placeholder else read()),
        "agency_contact_unset": SimpleLazyObject(lambda: read() is None or read().placeholder),
    }
