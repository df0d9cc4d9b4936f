"""Directors' hearing list: search and filters, new, resume, delete (one, or
the abandoned drafts), the same-company warning, CSV."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django.views.decorators.vary import vary_on_headers

from core.cache_pages import staff_page_cache
from core.htmx import HtmxHttpRequest, wants_fragment
from core.models import AgencyContact

from .. import services
from ..handoff.export import write_hearings_csv
from ..models import DeviceReport, Hearing, Mailbox, ReportNotice
from ..page_forms import DraftCleanupForm, HearingFilterForm
from ..steps import STEPS, Flow
from .access import director_required, leave, require_perm, step_url

PAGE_SIZE = 20
TROUBLE_LIMIT = 10
DRAFTS_SHOWN = 50


def _filtered(hearings, form: HearingFilterForm, user):
    """The list's search and filters; the CSV export uses the same ones. A
    filter that is not valid (a hand-made or overlong one) finds nothing:
    it never falls back to every hearing."""
    if not form.is_bound:
        return hearings
    if not form.is_valid():
        return hearings.none()
    data = form.cleaned_data
    return hearings.matching(
        query=data["q"], status=data["status"], director=user if data["mine"] else data["director"]
    )


@require_GET
@director_required
@vary_on_headers("HX-Request")
@staff_page_cache(
    # AgencyContact: the warning while the agency's contact is not set
    reads=(Hearing, Mailbox, DeviceReport, ReportNotice, get_user_model(), AgencyContact),
    params=("q", "status", "director", "mine", "page"),
)
def hearing_list(request: HtmxHttpRequest) -> HttpResponse:
    form = HearingFilterForm(request.GET or None)
    hearings = _filtered(Hearing.objects.for_list(), form, request.user)
    page = Paginator(hearings, PAGE_SIZE).get_page(request.GET.get("page"))
    filtered = form.is_bound and (not form.is_valid() or any(form.cleaned_data.values()))
    context = {"form": form, "page": page, "filtered": filtered}
    if not wants_fragment(request):
        # Devices a customer could not set up, whatever page their hearing is on.
        context["troubles"] = (
            DeviceReport.objects.filter(state=DeviceReport.State.TROUBLE)
            .with_unsent_notice()
            .select_related("hearing")
            .order_by("-updated_at")[:TROUBLE_LIMIT]
        )
    template = (
        "wizard/partials/hearing_results.html" if wants_fragment(request) else "wizard/hearing_list.html"
    )
    return render(request, template, context)


@require_GET
@director_required
def hearing_resume(request: HtmxHttpRequest, pk) -> HttpResponse:
    hearing = get_object_or_404(Hearing, pk=pk)
    if hearing.is_completed:
        return redirect("wizard:sheet", pk=hearing.pk)
    step = Flow(hearing).first_incomplete() or STEPS[-1]
    return redirect(step_url(hearing, step.slug))


@require_http_methods(["GET", "POST"])
@director_required
def hearing_delete(request: HtmxHttpRequest, pk) -> HttpResponse:
    hearing = get_object_or_404(Hearing, pk=pk)
    require_perm(request, "wizard.delete_hearing")
    if request.method == "POST":
        name = str(hearing)
        services.hearing_delete(hearing=hearing)
        messages.success(
            request, _("「%(name)s」のヒアリングと、そのすべての情報を削除しました。") % {"name": name}
        )
        return leave(request, reverse("wizard:hearing_list"))
    # What goes with it: a completed hearing takes the customer's sheet and links along.
    context = {
        "hearing": hearing,
        "mailboxes": list(hearing.mailboxes.all()),
        "issues": hearing.issues.count(),
        "live_links": hearing.customer_links.active().count(),
        "reports": hearing.device_reports.count(),
    }
    return render(request, "wizard/hearing_delete.html", context)


@require_http_methods(["GET", "POST"])
@director_required
def drafts_delete(request: HtmxHttpRequest) -> HttpResponse:
    """Delete the drafts nobody has touched for N days, after seeing which. The
    confirmation fixes the moment: a draft saved after it is kept."""
    require_perm(request, "wizard.delete_hearing")
    form = DraftCleanupForm(request.POST if request.method == "POST" else request.GET or None)
    if request.method == "POST" and form.is_valid() and form.cleaned_data["before"]:
        count = services.hearings_delete_drafts(updated_before=form.cleaned_data["before"])
        messages.success(request, _("下書き %(count)d 件を削除しました。") % {"count": count})
        return redirect("wizard:hearing_list")
    days = form.cleaned_data["days"] if form.is_bound and form.is_valid() else form.fields["days"].initial
    before = timezone.now() - timedelta(days=days)
    drafts = Hearing.objects.abandoned_drafts(before).select_related("director").order_by("updated_at")
    context = {"form": form, "days": days, "before": before, "drafts": drafts[:DRAFTS_SHOWN],
               "count": drafts.count()}  # fmt: skip
    return render(request, "wizard/drafts_delete.html", context)


@require_GET
@director_required
def hearing_duplicates(request: HtmxHttpRequest) -> HttpResponse:
    """Hearings of the company being typed in a new hearing (a fragment under the
    company field; a page of its own without JavaScript)."""
    name = (request.GET.get("c-company") or request.GET.get("company") or "").strip()[:100]
    same = (
        Hearing.objects.same_company(name).select_related("director").order_by("-updated_at")[:5]
        if name
        else []
    )
    template = "wizard/partials/duplicates.html" if wants_fragment(request) else "wizard/duplicates.html"
    return render(request, template, {"company": name, "same": same})


@require_GET
@director_required
def hearing_export(request: HtmxHttpRequest) -> HttpResponse:
    form = HearingFilterForm(request.GET or None)
    hearings = _filtered(Hearing.objects.order_by("-updated_at"), form, request.user)
    mailboxes = (
        Mailbox.objects.filter(hearing__in=hearings)
        .select_related("hearing", "hearing__director")
        .with_devices()
        .order_by("-hearing__updated_at", "hearing_id", "position")
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="hearings-{stamp}.csv"'
    write_hearings_csv(response, mailboxes)
    return response
