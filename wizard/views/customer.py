"""Everything a customer reaches through a customer link (``/sheet/<token>/…``):
the sheet, the personal guides and the hand-off files. No staff parts.

Every response under the prefix (also a refusal, a 404 or the 503 of an
outage) is kept out of caches, search engines and referrers by
core.security.SecurityHeadersMiddleware. The URLs are in wizard/customer_urls.py.
"""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .. import services
from ..handoff.urls import CustomerSheetUrls
from ..models import DeviceReport, Hearing
from ..page_forms import DeviceReportForm
from .pages import (
    autoconfig_response,
    company_of,
    device_guide,
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


@customer_link(methods=("GET", "POST"))
def report(request: HttpRequest, hearing: Hearing, urls: CustomerSheetUrls, device_id: int) -> HttpResponse:
    """「ここでうまくいかない」 on a step (GET ``?step=7``: the short form) and
    「設定できました」 at the end of a guide (POST): the state, the step, which
    of a ×N row, and optionally what happened. Tapping again updates the same
    record; the director is told by mail (wizard/notices.py)."""
    found = device_guide(hearing, device_id, urls)
    device = found.device.device
    if request.method == "GET":
        step = found.guide.step(_number(request.GET.get("step")))
        form = DeviceReportForm(
            initial={"state": DeviceReport.State.TROUBLE, "step": step.number if step else None},
            quantity=device.quantity,
            name=device.name,
        )
        return _report_page(request, found, form, step)
    form = DeviceReportForm(request.POST, quantity=device.quantity, name=device.name)
    if not form.is_valid():
        if "state" in form.errors or request.POST.get("state") == DeviceReport.State.DONE:
            # From the end of the guide (the browser checks its one choice first).
            messages.error(request, next(iter(form.errors.values()))[0])
            return redirect(urls.guide(device_id) + "#report")
        step = found.guide.step(_number(request.POST.get("step")))
        return _report_page(request, found, form, step, status=400)
    data = form.cleaned_data
    step = found.guide.step(data["step"]) if data["state"] == DeviceReport.State.TROUBLE else None
    services.device_report_save(
        hearing=hearing,
        device_id=device_id,
        state=data["state"],
        step=step.number if step else None,
        unit=data["unit"],
        text=data["text"],
        step_text=step.text if step else "",
    )
    messages.success(request, _("ありがとうございます。担当者に伝わりました。"))
    # The thanks is shown (and focused) where the customer tapped: that step, or the end.
    return redirect(urls.guide(device_id) + (f"?reported={step.number}#{step.anchor}" if step else "#report"))


def _number(value) -> int | None:
    return int(value) if value and str(value).isdigit() and len(str(value)) < 4 else None


def _report_page(request, found, form, step, *, status: int = 200) -> HttpResponse:
    context = {
        "company": company_of(found.hearing, found.record),
        "sheet": found.sheet,
        "d": found.device,
        "step": step,
        "form": form,
        "guide_url": found.device.personal_guide_url,
        "report_url": found.device.report_url,
    }
    return render(request, "wizard/device_report.html", context, status=status)
