"""Everything a customer reaches through a customer link (``/sheet/<token>/…``):
the sheet, the personal guides and the hand-off files. No staff parts.

Every response under the prefix (also a refusal, a 404 or the 503 of an
outage) is kept out of caches, search engines and referrers by
core.security.SecurityHeadersMiddleware. The URLs are in wizard/customer_urls.py.
"""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .. import services
from ..handoff.urls import CustomerSheetUrls
from ..models import Hearing
from ..page_forms import DeviceReportForm
from .pages import (
    autoconfig_response,
    dns_response,
    profile_response,
    render_guide,
    sheet_context,
)


def customer_link(view=None, *, methods=("GET",)):
    """Resolve the link's token: 410 for an expired or revoked link, 404 for an
    unknown one; otherwise call ``view`` with the hearing and where its sheet's
    parts live."""
    if view is None:
        return lambda view: customer_link(view, methods=methods)

    @wraps(view)
    def wrapper(request, token: str, **kwargs):
        try:
            link = services.customer_link_open(token)
        except services.LinkUnavailable as unavailable:
            status = 410 if unavailable.gone else 404
            return render(
                request, "wizard/link_unavailable.html", {"reason": unavailable.reason}, status=status
            )
        return view(request, link.hearing, CustomerSheetUrls(token), **kwargs)

    return require_http_methods(list(methods))(wrapper)


@customer_link
def sheet(request: HttpRequest, hearing: Hearing, urls: CustomerSheetUrls) -> HttpResponse:
    return render(request, "wizard/sheet.html", sheet_context(hearing, urls))


@customer_link
def guide(request: HttpRequest, hearing: Hearing, urls: CustomerSheetUrls, device_id: int) -> HttpResponse:
    return render_guide(request, hearing, device_id, urls, staff=False)


@customer_link
def profile(request: HttpRequest, hearing: Hearing, urls: CustomerSheetUrls, mailbox_id: int) -> HttpResponse:
    return profile_response(request, hearing, mailbox_id, staff=False)


@customer_link
def autoconfig(request: HttpRequest, hearing: Hearing, urls: CustomerSheetUrls, domain: str) -> HttpResponse:
    return autoconfig_response(request, hearing, domain, staff=False)


@customer_link
def dns(request: HttpRequest, hearing: Hearing, urls: CustomerSheetUrls) -> HttpResponse:
    return dns_response(hearing)


@customer_link(methods=("POST",))
def report(request: HttpRequest, hearing: Hearing, urls: CustomerSheetUrls, device_id: int) -> HttpResponse:
    """「設定できました」 / 「うまくいかない」 from a device's guide: only the state
    and the step are kept; tapping again updates the same record."""
    form = DeviceReportForm(request.POST)
    if form.is_valid():
        saved = services.device_report_save(
            hearing=hearing,
            device_id=device_id,
            state=form.cleaned_data["state"],
            step=form.cleaned_data["step"],
        )
        if saved is None:
            raise Http404
        messages.success(request, _("ありがとうございます。担当者に伝わりました。"))
    else:
        messages.error(request, _("「設定できました」か「うまくいかない」を選んでください。"))
    if getattr(request, "htmx", False):
        return render_guide(request, hearing, device_id, urls, staff=False)
    return redirect(urls.guide(device_id) + "#report")
