"""htmx helpers shared by the kb and wizard views."""

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def wants_fragment(request: HtmxHttpRequest) -> bool:
    """An htmx swap wants the fragment; a history restore wants the whole page."""
    return bool(request.htmx) and not request.htmx.history_restore_request
