from django.conf import settings
from django.db import DatabaseError
from django.utils.functional import SimpleLazyObject

from .models import AgencyContact


def site(request):
    return {"site_name": settings.SITE_NAME, "site_url": settings.SITE_URL}


def _contact():
    try:
        return AgencyContact.current()
    except DatabaseError:  # pages still render when the database cannot be reached
        return None


def agency_contact(request):
    """How customers reach the agency (admin-editable, core.AgencyContact);
    read only by the pages that show it."""
    return {"agency_contact": SimpleLazyObject(_contact)}
