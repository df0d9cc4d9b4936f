"""Vendor labels confirmed in the field (staff only): the staff preview of a
device's guide with its labels' status and the form to record what the
screen shows, the record itself (a plain POST, then back to the guide), and
the screenshots, which only logged-in staff may fetch.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from core.htmx import HtmxHttpRequest
from core.parsing import whole_number

from ..handoff.labels import client_checks, sheet_quotes
from ..handoff.sheet import build_sheet
from ..handoff.urls import StaffSheetUrls
from ..label_forms import LabelCheckForm
from ..label_services import label_confirmations_record
from ..models import FieldScreenshot, Hearing, LabelConfirmation
from .access import director_required, require_perm
from .pages import DeviceGuide, issued_record, render_guide

RECORD_PERMISSION = "wizard.add_labelconfirmation"
VIEW_PERMISSION = "wizard.view_labelconfirmation"


def issued_hearing(pk) -> Hearing:
    return get_object_or_404(Hearing.objects.filter(issues__isnull=False).distinct(), pk=pk)


def staff_guide(
    request: HtmxHttpRequest, hearing: Hearing, device_id: int, *, form=None, status: int = 200
) -> HttpResponse:
    """A director's preview of the customer's guide for one device, with the
    vendor labels it quotes, what is known of each and the form to record
    what the customer's screen shows."""
    seen = LabelConfirmation.objects.current()
    can_record = request.user.has_perm(RECORD_PERMISSION)

    def label_parts(found: DeviceGuide) -> dict:
        d = found.device
        if not sheet_quotes(d.client, d.setting):
            return {}
        return {
            "label_list": client_checks(d.client, seen),
            "label_form": (form or LabelCheckForm(client=d.client)) if can_record else None,
            "label_record_url": reverse(
                "wizard:label_record", kwargs={"pk": hearing.pk, "device_id": device_id}
            ),
            "labels_recorded": whole_number(request.GET.get("recorded", "")),
            "labels_different": whole_number(request.GET.get("different", "")),
        }

    urls = StaffSheetUrls(hearing.pk)
    response = render_guide(
        request, hearing, device_id, urls, staff=True, seen=seen, staff_parts=label_parts, status=status
    )
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@director_required
def label_record(request: HtmxHttpRequest, pk, device_id: int) -> HttpResponse:
    """「表示を確認しました」: one record per label answered; a label shown
    differently becomes an editor's task (the admin's 表示名の修正依頼)."""
    require_perm(request, RECORD_PERMISSION)
    hearing = issued_hearing(pk)
    record = issued_record(hearing)
    found = build_sheet(record, StaffSheetUrls(hearing.pk)).device(device_id) if record else None
    device = found[1] if found else None
    if device is None or not sheet_quotes(device.client, device.setting):
        raise Http404
    form = LabelCheckForm(request.POST, request.FILES, client=device.client)
    if not form.is_valid():
        return staff_guide(request, hearing, device_id, form=form, status=400)
    rows = label_confirmations_record(
        hearing=hearing,
        client=device.client,
        answers=form.answers(),
        client_version=form.cleaned_data["client_version"],
        os_version=form.cleaned_data["os_version"],
        seen_on=form.cleaned_data["seen_on"],
        user=request.user,
        screenshot=form.processed,
    )
    different = sum(row.different for row in rows)
    url = reverse("wizard:guide", kwargs={"pk": hearing.pk, "device_id": device_id})
    return redirect(f"{url}?recorded={len(rows)}&different={different}#field-labels")


@require_GET
@login_required
def field_screenshot(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """A screenshot from the field: staff who may read the confirmations only,
    never cached anywhere (it may show a customer's screen)."""
    if not (request.user.is_staff and request.user.has_perm(VIEW_PERMISSION)):
        raise PermissionDenied
    screenshot = get_object_or_404(FieldScreenshot.objects.only("data"), pk=pk)
    response = HttpResponse(bytes(screenshot.data), content_type="image/webp")
    response["Cache-Control"] = "private, no-store"
    return response
