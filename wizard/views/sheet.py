"""The settings sheet for directors: the sheet, customer links (make, revoke),
the hand-off files and a preview of each personal guide.

The page-building parts (``sheet_context``, ``render_guide``, the file
responses: views/pages.py) are shared with views/customer.py, which serves the
same sheet behind a customer link.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.htmx import HtmxHttpRequest
from core.models import AgencyContact
from core.security import security_log
from core.templatetags.core_tags import person_name

from .. import services
from ..handoff.message import handover_message
from ..handoff.qr import qr_svg
from ..handoff.urls import CustomerSheetUrls, StaffSheetUrls
from ..models import Hearing, LabelConfirmation, ReportNotice
from ..page_forms import CustomerLinkForm
from .access import director_required, leave, require_perm
from .labels import staff_guide
from .pages import (
    autoconfig_response,
    dns_response,
    issued_record,
    profile_response,
    sheet_context,
)

# Staff views ---------------------------------------------------------------------


def _staff_sheet(request, hearing: Hearing, *, new_link=None, link_form=None, status=200) -> HttpResponse:
    reports: dict[int, list] = {}
    notices = Prefetch("notices", queryset=ReportNotice.objects.order_by("-pk"))
    for report in hearing.device_reports.with_unsent_notice().prefetch_related(notices).order_by("unit"):
        reports.setdefault(report.device_id, []).append(report)
    urls = StaffSheetUrls(hearing.pk, printed=_printed_link(hearing))
    context = sheet_context(hearing, urls, reports=reports, seen=LabelConfirmation.objects.current())
    context["prints_qr"] = urls.has_qr
    context.update(_links_context(request, hearing, new_link=new_link, link_form=link_form))
    context["staff_view"] = True
    response = render(request, "wizard/sheet.html", context, status=status)
    response["Cache-Control"] = "no-store"
    return response


def _printed_link(hearing: Hearing) -> CustomerSheetUrls | None:
    """The newest live customer link whose token can be unsealed: the QR codes
    printed from the staff sheet lead into it (None: the sheet prints none)."""
    for link in hearing.customer_links.active().order_by("-created_at")[:5]:
        token = link.printable_token()
        if token:
            return CustomerSheetUrls(token)
    return None


def _links_context(request, hearing: Hearing, *, new_link=None, link_form=None) -> dict:
    context = {
        "links": list(hearing.customer_links.select_related("created_by", "revoked_by")),
        "link_form": link_form or CustomerLinkForm(),
        "can_manage_links": request.user.has_perms(["wizard.add_customerlink", "wizard.change_customerlink"]),
    }
    if new_link is not None:
        link, token = new_link
        url = settings.SITE_URL + reverse("customer:sheet", kwargs={"token": token})
        urls = CustomerSheetUrls(token)
        record = issued_record(hearing)
        devices = [
            {"name": d.name, "client": d.client_label, "address": address.address,
             "qr": urls.guide_qr(d.id, _("%(name)s の設定手順を開く QR コード") % {"name": d.name})}
            for address in (record.addresses if record else ()) for d in address.devices
        ]  # fmt: skip
        message = handover_message(
            hearing=hearing,
            url=url,
            expires_at=link.expires_at,
            sender=person_name(request.user),
            agency=AgencyContact.current(),
        )
        context["new_link"] = {
            "link": link,
            "url": url,
            "qr": qr_svg(url),
            "devices": devices,
            "message": message,
        }
    return context


def _links_response(
    request: HtmxHttpRequest, hearing: Hearing, *, status: int = 200, **kwargs
) -> HttpResponse:
    """The links panel alone (htmx), or the whole sheet (plain POST)."""
    if not request.htmx:
        return _staff_sheet(request, hearing, status=status, **kwargs)
    context = {"hearing": hearing, **_links_context(request, hearing, **kwargs)}
    response = render(request, "wizard/partials/customer_links.html", context, status=status)
    response["Cache-Control"] = "no-store"
    return response


def _issued_hearing(request, pk) -> Hearing | None:
    """A hearing whose sheet has been issued (completed at least once)."""
    hearing = get_object_or_404(Hearing.objects.select_related("director"), pk=pk)
    if not hearing.issues.exists():
        messages.info(request, _("設定シートは、ヒアリングを完了すると表示されます。"))
        return None
    return hearing


@require_GET
@director_required
def hearing_sheet(request: HtmxHttpRequest, pk) -> HttpResponse:
    hearing = _issued_hearing(request, pk)
    if hearing is None:
        return redirect("wizard:resume", pk=pk)
    return _staff_sheet(request, hearing)


@require_POST
@director_required
def customer_link_create(request: HtmxHttpRequest, pk) -> HttpResponse:
    require_perm(request, "wizard.add_customerlink")
    hearing = _issued_hearing(request, pk)
    if hearing is None:
        return leave(request, reverse("wizard:resume", kwargs={"pk": pk}))
    form = CustomerLinkForm(request.POST)
    if not form.is_valid():
        # 200 for htmx, so the panel is swapped and the messages are shown.
        return _links_response(request, hearing, link_form=form, status=200 if request.htmx else 400)
    link, token = services.customer_link_create(
        hearing=hearing, user=request.user, days=form.cleaned_data["days"], note=form.cleaned_data["note"]
    )
    security_log.info(
        "customer link created: hearing=%s link=%s user=%s", hearing.pk, link.pk, request.user.pk
    )
    # Rendered in the POST's own response: the token is shown now and never again.
    return _links_response(request, hearing, new_link=(link, token))


@require_POST
@director_required
def customer_link_revoke(request: HtmxHttpRequest, pk, link_id: int) -> HttpResponse:
    require_perm(request, "wizard.change_customerlink")
    hearing = get_object_or_404(Hearing, pk=pk)
    link = get_object_or_404(hearing.customer_links, pk=link_id)
    if services.customer_link_revoke(link=link, user=request.user):
        security_log.info(
            "customer link revoked: hearing=%s link=%s user=%s", hearing.pk, link.pk, request.user.pk
        )
    issued = hearing.issues.exists()
    if request.htmx and issued:
        return _links_response(request, hearing)
    messages.success(request, _("リンクを無効にしました。このリンクでは、もう設定シートを開けません。"))
    return redirect("wizard:sheet" if issued else "wizard:resume", pk=hearing.pk)


def _issued_or_404(pk) -> Hearing:
    return get_object_or_404(Hearing.objects.filter(issues__isnull=False).distinct(), pk=pk)


@require_GET
@director_required
def hearing_profile(request: HtmxHttpRequest, pk, mailbox_id: int) -> HttpResponse:
    return profile_response(request, _issued_or_404(pk), mailbox_id, staff=True)


@require_GET
@director_required
def hearing_autoconfig(request: HtmxHttpRequest, pk, domain: str) -> HttpResponse:
    return autoconfig_response(request, _issued_or_404(pk), domain, staff=True)


@require_GET
@director_required
def hearing_dns(request: HtmxHttpRequest, pk) -> HttpResponse:
    return dns_response(_issued_or_404(pk))


@require_GET
@director_required
def hearing_guide(request: HtmxHttpRequest, pk, device_id: int) -> HttpResponse:
    """A director's preview of the customer's personal guide for one device,
    with what is known of the vendor labels it quotes (views/labels.py)."""
    return staff_guide(request, _issued_or_404(pk), device_id)
